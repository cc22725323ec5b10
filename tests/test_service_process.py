"""One running ``app.py``: curl, the ``openai`` client and ``gradio_client`` each get a cited answer.

Also the embedded directory store shared with the CLI: a ``qa delete`` or ``qa ingest`` from another
process is seen by the running app at its next question.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_process import AppProcess, app_process, process_env, run_cli
from gradio_client import Client
from openai import OpenAI

pytestmark = pytest.mark.integration

KEY = "test-key-1"
QUESTION = "How many years since Putin's last visit to North Korea?"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("service-process") / "store"


@pytest.fixture(scope="module")
def app(store: Path) -> Iterator[AppProcess]:
    with app_process(store.parent, QA_DATA_DIR=str(store), QA_API_KEYS=KEY) as served:
        yield served


def assert_cited(text: str, citations: list[dict[str, object]]) -> None:
    assert citations, text
    assert "24" in text
    for c in citations:
        assert f"[{c['n']}]" in text
        assert isinstance(c["quote"], str) and c["quote"]


def test_curl_gets_a_cited_answer(app: AppProcess) -> None:
    body = json.dumps({"question": QUESTION})
    command = ["curl", "-sS", "-H", f"Authorization: Bearer {KEY}", "-H", "Content-Type: application/json"]
    result = subprocess.run([*command, "-d", body, app.url + "v1/ask"], capture_output=True, text=True, timeout=60)
    answer = json.loads(result.stdout)
    assert_cited(answer["text"], answer["citations"])

    streamed = subprocess.run(
        [*command, "-N", "-d", json.dumps({"question": QUESTION, "stream": True}), app.url + "v1/ask"],
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert streamed.startswith("event: sentence") and "event: answer" in streamed

    refused = subprocess.run(
        ["curl", "-sS", "-w", "%{http_code}", "-H", "Content-Type: application/json", "-d", body, app.url + "v1/ask"],
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert refused.endswith("401") and '"error"' in refused


def test_the_openai_client_gets_a_cited_answer(app: AppProcess) -> None:
    client = OpenAI(base_url=app.url + "v1", api_key=KEY, max_retries=0)

    completion = client.chat.completions.create(model="news-qa", messages=[{"role": "user", "content": QUESTION}])
    message = completion.choices[0].message
    assert_cited(message.content or "", message.model_extra["citations"])  # type: ignore[index]

    text, last = "", None
    for chunk in client.chat.completions.create(
        model="news-qa", messages=[{"role": "user", "content": QUESTION}], stream=True
    ):
        text += chunk.choices[0].delta.content or ""
        last = chunk
    assert last is not None and last.choices[0].finish_reason == "stop"
    assert_cited(text, last.model_extra["citations"])  # type: ignore[union-attr,index]


def test_gradio_client_gets_a_cited_answer(app: AppProcess) -> None:
    answer = Client(app.url, verbose=False, analytics_enabled=False).predict(QUESTION, api_name="/ask")
    assert_cited(answer["text"], answer["citations"])


def test_the_app_follows_cli_writes_to_the_embedded_store(app: AppProcess, store: Path, tmp_path: Path) -> None:
    env = process_env(QA_DATA_DIR=str(store))
    assert app.ask(QUESTION, KEY)["citations"]  # the app has its indexes in memory
    cited = {c["doc_id"] for c in app.ask(QUESTION, KEY)["citations"]}

    for doc_id in cited:
        deleted = run_cli("delete", doc_id, env=env)
        assert deleted.returncode == 0, deleted.stderr

    after = app.ask(QUESTION, KEY)
    assert not cited & {c["doc_id"] for c in after["citations"]}

    article = tmp_path / "quixville.txt"
    article.write_text(
        "Quixville turnip fair\n\nThe Quixville turnip fair drew 12,000 visitors, the organisers said on Saturday.\n",
        encoding="utf-8",
    )
    added = run_cli("ingest", str(article), env=env)
    assert added.returncode == 0 and "1 added" in added.stdout, added.stderr
    answer = app.ask("How many visitors did the Quixville turnip fair draw?", KEY)
    assert [c["doc_id"] for c in answer["citations"]][:1] == ["quixville.txt"]
    assert "Traceback" not in app.log.read_text()


def test_health_readiness_and_the_openapi_page_beside_the_ui(app: AppProcess) -> None:
    import urllib.request

    def get(path: str) -> tuple[int, str]:
        with urllib.request.urlopen(app.url + path, timeout=30) as response:
            return response.status, response.read().decode()

    assert get("healthz") == (200, '{"status":"ok","checks":{}}')
    status, ready = get("readyz")
    assert status == 200 and '"store":"ok"' in ready
    status, schema = get("openapi.json")
    assert status == 200 and '"/v1/chat/completions"' in schema and '"/v1/ask"' in schema
    assert get("docs")[0] == 200
    status, page = get("")
    assert status == 200 and "gradio" in page.lower(), "the UI is still at /"
