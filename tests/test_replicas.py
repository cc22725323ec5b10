"""Replicas that agree: two ``app.py`` processes over one ``chroma run`` server, written to by the CLI.

A file ingested by a third process is answered by both apps at once: the very first question after
the CLI returns already cites it (each question checks the store version and reloads), with no wait
or retry. Once it is deleted neither cites it any more. The time those first answers took is written
to ``tests/artifacts/replicas.json`` (a measurement, not a timed assertion).
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from app_process import AppProcess, app_process, process_env, run_cli
from conftest import ARTIFACTS
from test_store_server import ChromaServer, start_chroma

pytestmark = pytest.mark.integration

ARTICLE = """Quixville turnip fair

The Quixville turnip fair drew 12,000 visitors this year, the organisers said on Saturday.
Mayor Ottoline Brask opened the fair by ringing the old copper bell in the market square.
"""
QUESTION = "How many visitors did the Quixville turnip fair draw?"


@pytest.fixture(scope="module")
def chroma(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    server = start_chroma(tmp_path_factory.mktemp("replicas") / "chroma-data")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def replicas(chroma: ChromaServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[AppProcess]]:
    logs = tmp_path_factory.mktemp("replica-logs")
    server = {"QA_CHROMA_HOST": "127.0.0.1", "QA_CHROMA_PORT": str(chroma.port), "QA_DATA_DIR": str(logs / "unused")}
    # One after the other: the first fills the empty store with the bundled articles, the second finds them.
    with app_process(logs, **server) as first, app_process(logs, **server) as second:
        yield [first, second]


def cited(app: AppProcess, question: str) -> list[str]:
    return [c["doc_id"] for c in app.ask(question)["citations"]]


def test_replicas_see_what_another_process_ingests_and_deletes(
    replicas: list[AppProcess], chroma: ChromaServer, tmp_path: Path
) -> None:
    env = process_env(QA_CHROMA_HOST="127.0.0.1", QA_CHROMA_PORT=str(chroma.port), QA_DATA_DIR=str(tmp_path / "x"))
    for app in replicas:  # both have built their keyword indexes and caches
        assert "quixville.txt" not in cited(app, QUESTION)
    article = tmp_path / "quixville.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    added = run_cli("ingest", str(article), env=env)
    started = time.monotonic()
    with ThreadPoolExecutor(len(replicas)) as pool:  # both asked at once, the moment the CLI is done
        answers = list(pool.map(lambda app: timed_ask(app, started), replicas))

    assert added.returncode == 0 and "1 added" in added.stdout, added.stderr
    for answer, _ in answers:
        assert answer["citations"][0]["doc_id"] == "quixville.txt", answer
        assert "12,000" in answer["text"]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "replicas.json").write_text(
        json.dumps({"seconds_from_cli_exit_to_cited_answer": [round(s, 3) for _, s in answers]}) + "\n"
    )

    deleted = run_cli("delete", "quixville.txt", env=env)
    assert deleted.returncode == 0, deleted.stderr
    for app in replicas:
        assert "quixville.txt" not in cited(app, QUESTION)
        assert "quixville.txt" not in [d["doc_id"] for d in app_documents(app)]


def timed_ask(app: AppProcess, started: float) -> tuple[dict[str, object], float]:
    answer = app.ask(QUESTION)
    return answer, time.monotonic() - started


def app_documents(app: AppProcess) -> list[dict[str, str]]:
    with urllib.request.urlopen(app.url + "v1/documents", timeout=30) as response:
        return list(json.loads(response.read())["documents"])
