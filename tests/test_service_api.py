"""The HTTP API in-process (FastAPI's test client) over a real Chroma directory and the test embedder."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakes import HashingEmbedder, ScriptedGenerator
from fastapi.testclient import TestClient

from qa.assistant import Assistant
from qa.composition import build_assistant
from qa.settings import BUNDLED_ARTICLES, Settings
from service import create_api
from service.uploads import MAX_NAME_CHARS, safe_name

QUESTION = "How many years since Putin last visited North Korea?"
BUNDLED = sorted(p.name for p in BUNDLED_ARTICLES.glob("*.txt"))
FESTIVAL = (
    "The Zorblat festival in Quixville\n\n"
    "The annual Zorblat festival in Quixville drew 12,000 visitors this year, organisers said on Saturday.\n"
)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("service-store"))
    made = build_assistant(settings, embedder=HashingEmbedder())
    yield made
    made.close()


def client_for(assistant: Assistant, **overrides: Any) -> TestClient:
    settings = assistant.settings.model_copy(update=overrides)
    return TestClient(create_api(assistant, settings), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(assistant: Assistant) -> TestClient:
    return client_for(assistant)


def sse(body: str) -> list[tuple[str | None, str]]:
    """(event name, data) of each server-sent event."""
    found = []
    for block in body.strip().split("\n\n"):
        name = None
        data = []
        for line in block.splitlines():
            if line.startswith("event: "):
                name = line[len("event: ") :]
            elif line.startswith("data: "):
                data.append(line[len("data: ") :])
        found.append((name, "\n".join(data)))
    return found


def assert_error(response: Any, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert words.lower() in body["error"]["message"].lower()
    assert "Traceback" not in response.text


# ----- questions ---------------------------------------------------------------------------------
def test_ask_returns_the_answer_with_verbatim_citations(client: TestClient, assistant: Assistant) -> None:
    response = client.post("/v1/ask", json={"question": QUESTION})

    assert response.status_code == 200
    answer = response.json()
    assert not answer["abstained"] and answer["citations"]
    assert any("24 years" in c["quote"] for c in answer["citations"])
    for c in answer["citations"]:
        assert f"[{c['n']}]" in answer["text"]
        assert assistant.document_text(c["doc_id"])[c["start"] : c["end"]] == c["quote"]


def test_ask_takes_a_history(client: TestClient) -> None:
    history = [
        {"role": "user", "content": "Why did Putin visit North Korea?"},
        {"role": "assistant", "content": "To sign a pact with Kim Jong Un."},
    ]
    answer = client.post("/v1/ask", json={"question": "When did he arrive there?", "history": history}).json()

    assert answer["question"] == "When did he arrive there?"
    assert answer["query"] != answer["question"]


def test_ask_streams_sentences_then_the_answer(client: TestClient) -> None:
    with client.stream("POST", "/v1/ask", json={"question": QUESTION, "stream": True}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = sse(response.read().decode())

    names = [name for name, _ in events]
    assert names[-1] == "answer" and set(names[:-1]) == {"sentence"} and len(names) >= 2
    answer = json.loads(events[-1][1])
    sentences = [json.loads(data)["text"] for _, data in events[:-1]]
    assert " ".join(sentences) == answer["text"]


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"question": "   "}, 400, "empty"),
        ({"question": "x" * 2001}, 400, "limit"),
        ({}, 422, "question"),
        ({"question": "Who?", "history": [{"speaker": "me"}]}, 422, "history"),
        ({"question": "   ", "stream": True}, 400, "empty"),
    ],
)
def test_bad_questions_get_a_json_error(client: TestClient, body: dict[str, Any], status: int, words: str) -> None:
    assert_error(client.post("/v1/ask", json=body), status, words)


def test_a_body_that_is_not_json_is_a_422(client: TestClient) -> None:
    response = client.post("/v1/ask", content=b"question=hi", headers={"content-type": "application/json"})
    assert_error(response, 422, "json")


def test_an_oversized_body_is_a_413_before_it_is_read(client: TestClient) -> None:
    response = client.post("/v1/ask", content=b"x" * (5 * 1024 * 1024), headers={"content-type": "application/json"})
    assert_error(response, 413, "too large")


def test_an_unknown_route_under_v1_is_a_json_404(client: TestClient) -> None:
    assert_error(client.get("/v1/nothing-here"), 404, "no such route")


def test_a_dead_model_is_a_503_and_readyz_says_so(tmp_path: Path) -> None:
    dead = build_assistant(
        Settings(data_dir=tmp_path / "store"), embedder=HashingEmbedder(), generator=ScriptedGenerator(fail=True)
    )
    client = client_for(dead)

    assert_error(client.post("/v1/ask", json={"question": QUESTION}), 503, "cannot connect")
    assert_error(client.get("/readyz"), 503, "not ready")
    assert client.get("/healthz").json() == {"status": "ok", "checks": {}}


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"store": "ok", "model": "none configured"}


def test_the_openapi_page_lists_every_route(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/v1/ask", "/v1/documents", "/v1/documents/{doc_id}", "/v1/chat/completions", "/healthz"} <= set(
        schema["paths"]
    )
    assert client.get("/docs").status_code == 200


# ----- keys --------------------------------------------------------------------------------------
def test_api_keys_protect_every_v1_route(assistant: Assistant) -> None:
    client = client_for(assistant, api_keys="k-one, k-two")

    assert_error(client.post("/v1/ask", json={"question": QUESTION}), 401, "missing api key")
    assert_error(client.get("/v1/documents"), 401, "missing api key")
    assert_error(client.get("/v1/models"), 401, "missing api key")
    assert_error(client.get("/v1/documents", headers={"Authorization": "Bearer k-three"}), 401, "invalid")
    response = client.get("/v1/documents", headers={"Authorization": "Bearer k-two"})
    assert response.status_code == 200 and response.json()["documents"]
    assert response.headers.get("www-authenticate") is None
    assert client.get("/healthz").status_code == 200, "health checks stay open for load balancers"


# ----- documents ---------------------------------------------------------------------------------
def test_documents_are_listed(client: TestClient) -> None:
    documents = client.get("/v1/documents").json()["documents"]
    assert set(BUNDLED) <= {d["doc_id"] for d in documents}
    assert all(d["chunks"] > 0 and d["chars"] > 0 and d["title"] for d in documents)
    assert all("source" not in d for d in documents), "server paths are not shown to network clients"


def test_upload_ask_and_delete(client: TestClient, assistant: Assistant) -> None:
    files = [
        ("files", ("zorblat.txt", FESTIVAL.encode(), "text/plain")),
        ("files", ("broken.txt", b"\x00\x01binary", "text/plain")),
    ]
    report = client.post("/v1/documents", files=files).json()
    assert report["added"] == ["zorblat.txt"]
    assert report["failed"] == [{"file": "broken.txt", "reason": "binary content, not text"}]
    assert report["summary"] == "1 added, 0 updated, 0 unchanged, 1 failed"

    answer = client.post("/v1/ask", json={"question": "How many visitors did the Zorblat festival draw?"}).json()
    assert answer["citations"][0]["doc_id"] == "zorblat.txt"

    again = client.post("/v1/documents", files=[("files", ("zorblat.txt", FESTIVAL.encode(), "text/plain"))]).json()
    assert again["unchanged"] == ["zorblat.txt"], "the same upload again is the same document"

    assert client.delete("/v1/documents/zorblat.txt").json() == {"deleted": "zorblat.txt"}
    assert "zorblat.txt" not in [d.doc_id for d in assistant.documents()]
    assert_error(client.delete("/v1/documents/zorblat.txt"), 404, "no document")


def test_an_upload_cannot_overwrite_a_document_by_its_name(client: TestClient, assistant: Assistant) -> None:
    target = BUNDLED[0]
    original = assistant.document_text(target)

    report = client.post(
        "/v1/documents", files=[("files", (target, b"Planted text about Putin arriving in 1999.", "text/plain"))]
    ).json()

    assert report["added"] and report["added"] != [target]
    new_id = report["added"][0]
    assert new_id.startswith(target.removesuffix(".txt") + "~") and new_id.endswith(".txt")
    assert assistant.document_text(target) == original
    client.delete(f"/v1/documents/{new_id}")


def test_a_path_in_an_upload_name_writes_nothing_outside(
    client: TestClient, assistant: Assistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    before = sorted(p for p in tmp_path.rglob("*"))

    report = client.post(
        "/v1/documents", files=[("files", ("../../escaped.txt", b"A harmless article about turnips.", "text/plain"))]
    ).json()

    assert report["added"] == ["escaped.txt"]
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert not (tmp_path / "escaped.txt").exists()
    client.delete("/v1/documents/escaped.txt")


def test_upload_limits(assistant: Assistant) -> None:
    client = client_for(assistant, max_file_mb=1)

    big = b"word " * (300 * 1024)  # 1.5 MB
    assert_error(client.post("/v1/documents", files=[("files", ("big.txt", big, "text/plain"))]), 413, "big.txt")
    assert_error(client.post("/v1/documents", data={"x": "y"}), 422, "files")
    assert "big.txt" not in [d.doc_id for d in assistant.documents()]


# ----- OpenAI-compatible chat --------------------------------------------------------------------
def test_chat_completion_carries_markers_and_citations(client: TestClient) -> None:
    body = {
        "model": "news-qa",
        "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": QUESTION}],
        "temperature": 0.2,
    }
    completion = client.post("/v1/chat/completions", json=body).json()

    assert completion["object"] == "chat.completion"
    message = completion["choices"][0]["message"]
    assert message["role"] == "assistant" and completion["choices"][0]["finish_reason"] == "stop"
    assert message["citations"] and message["citations"] == completion["citations"]
    assert all(f"[{c['n']}]" in message["content"] for c in message["citations"])
    assert completion["abstained"] is False


def test_chat_completion_streams_openai_chunks(client: TestClient) -> None:
    body = {"messages": [{"role": "user", "content": [{"type": "text", "text": QUESTION}]}], "stream": True}
    with client.stream("POST", "/v1/chat/completions", json=body) as response:
        assert response.status_code == 200
        events = sse(response.read().decode())

    assert events[-1] == (None, "[DONE]")
    chunks = [json.loads(data) for _, data in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    last = chunks[-1]
    assert last["choices"][0]["finish_reason"] == "stop" and last["citations"]
    assert all(f"[{c['n']}]" in text for c in last["citations"])


def test_chat_completion_needs_a_user_question_last(client: TestClient) -> None:
    body = {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}
    assert_error(client.post("/v1/chat/completions", json=body), 400, "last")
    assert_error(client.post("/v1/chat/completions", json={"messages": []}), 422, "messages")


def test_models_lists_the_service_model(client: TestClient) -> None:
    assert [m["id"] for m in client.get("/v1/models").json()["data"]] == ["news-qa"]


def test_a_body_sent_without_a_length_is_cut_at_the_limit(client: TestClient) -> None:
    def body() -> Iterator[bytes]:
        for _ in range(6):
            yield b"x" * (1024 * 1024)

    response = client.post("/v1/ask", content=body(), headers={"content-type": "application/json"})
    assert_error(response, 413, "too large")


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../x.txt", "x.txt"),
        ("..\\..\\windows\\x.txt", "x.txt"),
        ("/etc/passwd", "passwd"),
        ("..", "upload"),
        ("", "upload"),
        (None, "upload"),
        (".env", "env"),
        ("a\x00b\nc.txt", "abc.txt"),
        ("  spaced   name .md ", "spaced name .md"),
    ],
)
def test_upload_names_become_plain_file_names(raw: str | None, safe: str) -> None:
    assert safe_name(raw) == safe


def test_a_long_upload_name_is_cut_but_keeps_its_suffix() -> None:
    name = safe_name("x" * 300 + ".html")
    assert len(name) == MAX_NAME_CHARS and name.endswith(".html")
