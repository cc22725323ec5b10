"""Failure modes over the real wire: a scripted OpenAI-compatible HTTP server on loopback.

The ``openai`` backend talks to this server through the real ``openai`` client (HTTP, server-sent
events), so a markers-only reply, a stream whose connection drops mid-reply, and an endpoint that
answers 500 on its second call reach the assistant exactly as they would from a real server.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fakes import HashingEmbedder

from qa import degenerate
from qa.composition import build_assistant, build_generator
from qa.settings import Settings

QUESTION = "What was Putin's first visit to North Korea in 24 years marked by?"


class Script:
    """What the server does on each call: ("reply", text), ("cut", text) or ("error", status)."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, Any]] = []
        self.bodies: list[dict[str, Any]] = []


def _handler(script: Script) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            script.bodies.append(body)
            kind, value = script.steps.pop(0) if script.steps else ("error", 500)
            if kind == "error":
                payload = json.dumps({"error": {"message": "scripted failure", "type": "server_error"}}).encode()
                self.send_response(value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for word in value.split(" "):
                self._chunk(_event(word + " "))
            if kind == "cut":
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(2)  # drop mid-stream: no [DONE], no final chunk
                return
            self._chunk(b"data: [DONE]\n\n")
            self.wfile.write(b"0\r\n\r\n")

        def _chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

    return Handler


def _event(content: str) -> bytes:
    chunk = {
        "id": "scripted",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "scripted",
        "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": None}],
    }
    return f"data: {json.dumps(chunk)}\n\n".encode()


@pytest.fixture()
def server() -> Iterator[tuple[str, Script]]:
    script = Script()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(script))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", script
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("wire-store")


def ask(store_dir: Path, url: str) -> Any:
    settings = Settings(data_dir=store_dir, backend="openai", openai_base_url=url, model="scripted", max_retries=0)
    assistant = build_assistant(settings, embedder=HashingEmbedder(), generator=build_generator(settings))
    try:
        return assistant.ask(QUESTION)
    finally:
        assistant.close()


def test_markers_only_over_http_falls_back_to_the_evidence(store_dir: Path, server: tuple[str, Script]) -> None:
    url, script = server
    script.steps = [("reply", "[1] [2] [3] [4] [5] [6]"), ("reply", "[1] [2]")]

    answer = ask(store_dir, url)

    assert len(script.bodies) == 2 and all(b["stream"] for b in script.bodies)
    assert answer.written_by == "evidence"
    assert degenerate.MARKERS_ONLY in answer.written_by_reason
    assert answer.citations and answer.text.startswith(answer.citations[0].quote)


def test_a_connection_dropped_mid_stream_keeps_the_finished_sentence(
    store_dir: Path, server: tuple[str, Script]
) -> None:
    url, script = server
    script.steps = [("cut", "It was marked by an elaborate display of unity [1]. Then Putin told Kim that the")]

    answer = ask(store_dir, url)

    assert answer.text.startswith("It was marked by an elaborate display of unity.")
    assert answer.written_by == "model"
    assert answer.dropped_sentences[-1].reason == degenerate.CUT


def test_an_endpoint_failing_on_the_second_call_still_answers(store_dir: Path, server: tuple[str, Script]) -> None:
    url, script = server
    script.steps = [("reply", "[1] [2] [3]"), ("error", 500)]

    answer = ask(store_dir, url)

    assert len(script.bodies) == 2
    assert answer.written_by == "evidence"
    assert "HTTP 500" in answer.written_by_reason
