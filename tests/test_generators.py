"""The OpenAI-compatible generator against a small real HTTP server on loopback."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fakes import HashingEmbedder
from servers import sse_chunk

from qa.composition import build_assistant, build_generator
from qa.errors import GeneratorUnavailable, SettingsError
from qa.generators import LOCAL_PLACEHOLDER_KEY, OpenAIChatGenerator, make_openai_client
from qa.settings import Settings

MESSAGES = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Say hello."}]


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeOpenAI:
    """What the server does next, and what it was sent. ``mode``: ok, hang, error, stall, garbage."""

    url: str = ""
    mode: str = "ok"
    pieces: list[str] = field(default_factory=lambda: ["Hello", ", ", "world", "."])
    requests: list[Recorded] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)


def _handler(state: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # the body ends when the connection closes: simple SSE

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state.requests.append(Recorded(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            if self.path != "/v1/chat/completions":
                self._json(404, {"error": {"message": "not found"}})
            elif state.mode == "hang":
                state.release.wait(30)
            elif state.mode == "error":
                self._json(500, {"error": {"message": "model crashed", "type": "server_error"}})
            elif body.get("stream"):
                self._stream()
            else:
                message = {"role": "assistant", "content": "".join(state.pieces)}
                self._json(
                    200,
                    {
                        "id": "chatcmpl-test",
                        "object": "chat.completion",
                        "created": 0,
                        "model": "fake-model",
                        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    },
                )

        def _stream(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            self.wfile.write(sse_chunk(None))  # role-only first event, as real servers send
            for i, piece in enumerate(state.pieces):
                self.wfile.write(sse_chunk(piece))
                self.wfile.flush()
                if state.mode == "stall" and i == 0:
                    state.release.wait(30)
                    return
                if state.mode == "garbage" and i == 0:
                    self.wfile.write(b"data: {not json\n\n")
                    return
            self.wfile.write(sse_chunk(None, finish="stop"))
            self.wfile.write(b"data: [DONE]\n\n")

        def _json(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    state = FakeOpenAI()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield state
    state.release.set()
    server.shutdown()
    server.server_close()
    thread.join(5)


def quick(**overrides: Any) -> Settings:
    """Settings that give up fast: no retries, a short timeout."""
    values: dict[str, Any] = {"request_timeout": 1.0, "max_retries": 0, "model": "fake-model", "max_tokens": 64}
    values.update(overrides)
    return Settings(**values)


def generator_for(settings: Settings) -> OpenAIChatGenerator:
    return OpenAIChatGenerator(make_openai_client(settings), settings.model, settings.max_tokens)


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def timed(call: Callable[[], object]) -> tuple[BaseException, float]:
    started = time.perf_counter()
    with pytest.raises(GeneratorUnavailable) as caught:
        call()
    return caught.value, time.perf_counter() - started


def test_streamed_pieces_arrive_in_order(fake_openai: FakeOpenAI) -> None:
    generator = generator_for(quick(openai_base_url=fake_openai.url))

    pieces = list(generator.stream(MESSAGES))

    assert pieces == ["Hello", ", ", "world", "."]
    assert generator.complete(MESSAGES) == "Hello, world."
    assert (generator.backend, generator.model) == ("openai", "fake-model")


def test_request_carries_model_messages_and_limits(fake_openai: FakeOpenAI) -> None:
    generator = generator_for(quick(openai_base_url=fake_openai.url, model="my-model", max_tokens=42))

    generator.complete(MESSAGES)

    [request] = fake_openai.requests
    assert request.path == "/v1/chat/completions"
    assert request.body["model"] == "my-model"
    assert request.body["messages"] == MESSAGES
    assert request.body["max_tokens"] == 42
    assert request.body["temperature"] == 0.0
    assert request.body["stream"] is True


def test_a_call_sends_its_stop_strings_and_a_lower_token_cap(fake_openai: FakeOpenAI) -> None:
    generator = generator_for(quick(openai_base_url=fake_openai.url, max_tokens=42))

    "".join(generator.stream(MESSAGES, stop=["\n\n", "Question:"], max_tokens=20))
    "".join(generator.stream(MESSAGES, max_tokens=500))

    first, second = fake_openai.requests
    assert first.body["stop"] == ["\n\n", "Question:"] and first.body["max_tokens"] == 20
    assert "stop" not in second.body, "no stop strings: no field"
    assert second.body["max_tokens"] == 42, "a call may lower the generator's cap, never raise it"


def test_local_server_needs_no_key_and_gets_a_placeholder(fake_openai: FakeOpenAI) -> None:
    generator_for(quick(openai_base_url=fake_openai.url)).complete(MESSAGES)

    assert fake_openai.requests[0].headers["authorization"] == f"Bearer {LOCAL_PLACEHOLDER_KEY}"


def test_a_given_key_is_sent(fake_openai: FakeOpenAI) -> None:
    generator_for(quick(openai_base_url=fake_openai.url, openai_api_key="sk-test-123")).complete(MESSAGES)

    assert fake_openai.requests[0].headers["authorization"] == "Bearer sk-test-123"


def test_client_is_configured_from_settings(fake_openai: FakeOpenAI) -> None:
    client = make_openai_client(quick(openai_base_url=fake_openai.url, request_timeout=7.5, max_retries=3))

    assert str(client.base_url).rstrip("/") == fake_openai.url
    assert client.timeout == 7.5
    assert client.max_retries == 3
    reply = client.chat.completions.create(model="fake-model", messages=MESSAGES)
    assert reply.choices[0].message.content == "Hello, world."
    assert fake_openai.requests[0].body.get("stream") in (None, False)


def test_explicit_base_url_wins_over_settings(fake_openai: FakeOpenAI) -> None:
    client = make_openai_client(quick(openai_base_url=closed_port_url()), base_url=fake_openai.url)

    assert str(client.base_url).rstrip("/") == fake_openai.url


def test_plain_openai_variables_reach_the_client(fake_openai: FakeOpenAI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")

    generator_for(quick()).complete(MESSAGES)

    assert fake_openai.requests[0].headers["authorization"] == "Bearer sk-from-env"


def test_dead_endpoint_fails_fast_and_names_the_url() -> None:
    url = closed_port_url()
    generator = generator_for(quick(openai_base_url=url))

    error, elapsed = timed(lambda: list(generator.stream(MESSAGES)))

    assert url in str(error)
    assert "cannot connect" in str(error)
    assert elapsed < 20  # far below the fake server's 30 s hang: the timeout cut it short


def test_a_hanging_endpoint_times_out(fake_openai: FakeOpenAI) -> None:
    fake_openai.mode = "hang"
    generator = generator_for(quick(openai_base_url=fake_openai.url, request_timeout=0.5))

    error, elapsed = timed(lambda: generator.complete(MESSAGES))

    assert "timed out" in str(error)
    assert fake_openai.url in str(error)
    assert elapsed < 20  # far below the fake server's 30 s hang: the timeout cut it short


def test_server_error_is_generator_unavailable(fake_openai: FakeOpenAI) -> None:
    fake_openai.mode = "error"
    generator = generator_for(quick(openai_base_url=fake_openai.url))

    error, _ = timed(lambda: generator.complete(MESSAGES))

    assert "HTTP 500" in str(error)
    assert "model crashed" in str(error)
    assert len(fake_openai.requests) == 1, "max_retries=0 means one request"


def test_retries_follow_settings(fake_openai: FakeOpenAI) -> None:
    fake_openai.mode = "error"
    generator = generator_for(quick(openai_base_url=fake_openai.url, max_retries=1))

    timed(lambda: generator.complete(MESSAGES))

    assert len(fake_openai.requests) == 2


def test_a_stream_that_stalls_midway_times_out(fake_openai: FakeOpenAI) -> None:
    fake_openai.mode = "stall"
    generator = generator_for(quick(openai_base_url=fake_openai.url, request_timeout=0.5))
    received: list[str] = []

    def consume() -> None:
        for piece in generator.stream(MESSAGES):
            received.append(piece)

    error, elapsed = timed(consume)

    assert received == ["Hello"]
    assert "timed out" in str(error)
    assert elapsed < 20  # far below the fake server's 30 s hang: the timeout cut it short


def test_a_garbled_stream_is_generator_unavailable(fake_openai: FakeOpenAI) -> None:
    fake_openai.mode = "garbage"
    generator = generator_for(quick(openai_base_url=fake_openai.url))

    error, _ = timed(lambda: generator.complete(MESSAGES))

    assert fake_openai.url in str(error)
    assert "malformed reply" in str(error)


def test_missing_key_without_base_url_names_the_variable() -> None:
    with pytest.raises(SettingsError, match="QA_OPENAI_API_KEY"):
        make_openai_client(Settings())


def test_openai_backend_without_key_fails_when_built() -> None:
    with pytest.raises(SettingsError, match="QA_OPENAI_API_KEY"):
        build_generator(Settings(backend="openai"))


def test_extractive_backend_has_no_generator() -> None:
    assert build_generator(Settings(backend="extractive")) is None


def test_close_closes_the_client(fake_openai: FakeOpenAI) -> None:
    client = make_openai_client(quick(openai_base_url=fake_openai.url))
    generator = OpenAIChatGenerator(client, "fake-model", 16)

    generator.close()

    assert client.is_closed()


def test_assistant_over_a_dead_endpoint_raises_generator_unavailable(settings_factory: Callable[..., Settings]) -> None:
    url = closed_port_url()
    settings = settings_factory(backend="openai", openai_base_url=url, request_timeout=1.0, max_retries=0)
    assistant = build_assistant(settings, embedder=HashingEmbedder())
    assert assistant.backend == "openai"

    with pytest.raises(GeneratorUnavailable, match="cannot connect"):
        assistant.ask("What did Putin say about military cooperation with North Korea?")


def test_assistant_streams_through_the_openai_backend(
    fake_openai: FakeOpenAI, settings_factory: Callable[..., Settings]
) -> None:
    fake_openai.pieces = ["Putin said he saw ", "opportunities for military ", "cooperation with North Korea [1]."]
    # Without the evidence complement: the model's own sentence alone (tests/test_carries.py covers what follows it).
    settings = settings_factory(
        backend="openai", openai_base_url=fake_openai.url, request_timeout=5.0, max_retries=0, evidence_complement=False
    )
    assistant = build_assistant(settings, embedder=HashingEmbedder())

    answer = assistant.ask("What did Putin say about military cooperation with North Korea?")

    [request] = fake_openai.requests
    assert request.body["messages"][0]["role"] == "system"
    assert answer.backend == "openai"
    assert not answer.abstained
    assert answer.text == "Putin said he saw opportunities for military cooperation with North Korea. [1]"
    [citation] = answer.citations
    assert assistant.document_text(citation.doc_id)[citation.start : citation.end] == citation.quote
    assert "“opportunities” for military cooperation" in citation.quote


def test_missing_key_is_reported_before_any_indexing(settings_factory: Callable[..., Settings]) -> None:
    settings = settings_factory(backend="openai")

    with pytest.raises(SettingsError, match="QA_OPENAI_API_KEY"):
        build_assistant(settings, embedder=HashingEmbedder())

    assert not settings.data_dir.exists(), "the store was opened (and filled) before the settings were checked"
