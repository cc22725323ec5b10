"""Questions never wait behind an ingest: the real app, an upload in flight, a question answered meanwhile.

Before, the e5 embedder (one call at a time, behind a lock) was shared by ingest and questions: a
question sent during a 317 KB upload waited 215 s, until the whole file was embedded. Figures:
``python -m eval.ingest_contention``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.served_app import ServedApp, served_app
from gradio_client import Client, handle_file

from eval.ingest_contention import large_article

pytestmark = pytest.mark.integration

QUESTION = "Where in Pyongyang was the welcome ceremony for Putin held?"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedApp]:
    with served_app(tmp_path_factory.mktemp("contention") / "store") as served:  # default e5 embedder
        yield served


def test_a_question_during_an_upload_is_answered_before_the_upload_ends(app: ServedApp, tmp_path: Path) -> None:
    client = Client(app.url, verbose=False, analytics_enabled=False)
    client.predict(QUESTION, api_name="/ask")  # warm: keyword index and sentence vectors
    big = large_article(tmp_path / "archive.txt", kilobytes=40)
    uploader = Client(app.url, verbose=False, analytics_enabled=False)
    finished: dict[str, float] = {}

    def upload() -> None:
        finished["report"] = len(uploader.predict([handle_file(str(big))], api_name="/ingest")["added"])
        finished["upload"] = time.monotonic()

    thread = threading.Thread(target=upload)
    thread.start()
    time.sleep(3.0)  # the upload is being embedded now
    assert thread.is_alive(), "the upload ended too soon to test anything; make the file bigger"
    answer = client.predict(QUESTION, api_name="/ask")
    finished["question"] = time.monotonic()
    thread.join(timeout=1200)

    assert "Kim Il Sung Square" in answer["text"]
    assert finished["report"] == 1
    assert finished["question"] < finished["upload"], "the question waited for the upload"


def test_ingest_reports_progress_within_a_big_file(app: ServedApp, tmp_path: Path) -> None:
    big = large_article(tmp_path / "archive-two.txt", kilobytes=30)
    progress: list[float] = []
    report = app.assistant.ingest([big], on_progress=lambda done, total, name: progress.append(done / total))
    assert report.added == ["archive-two.txt"]
    assert len(progress) > 2 and 0 < progress[0] < 1 and progress[-1] == 1.0
