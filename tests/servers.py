"""Misbehaving OpenAI-compatible servers on loopback: they hang, drip keep-alives, or talk nonsense."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# How often the dripping server sends an SSE comment: well inside any socket read timeout.
DRIP_EVERY_S = 2.0


@dataclass
class Misbehaving:
    """``mode``: hang (reads the request, never answers), drip (headers, then a comment every 2 s
    forever), or nonsense (a well-formed 200 stream of ``reply``)."""

    mode: str
    reply: str = ""
    url: str = ""
    requests: int = 0
    release: threading.Event = field(default_factory=threading.Event)


def sse_chunk(content: str | None, finish: str | None = None, model: str = "odd-model") -> bytes:
    """One OpenAI chat-completion stream event carrying ``content`` (None: a role-only or closing event)."""
    delta = {"content": content} if content is not None else {}
    chunk = {
        "id": "chatcmpl-x",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(chunk)}\n\n".encode()


def _handler(state: Misbehaving) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            state.requests += 1
            if state.mode == "hang":
                state.release.wait(600)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            try:
                if state.mode == "drip":
                    self.wfile.write(sse_chunk(None))
                    self.wfile.flush()
                    while not state.release.wait(DRIP_EVERY_S):
                        self.wfile.write(b": keep-alive\n\n")
                        self.wfile.flush()
                    return
                for word in state.reply.split(" "):
                    self.wfile.write(sse_chunk(word + " "))
                self.wfile.write(sse_chunk(None, finish="stop") + b"data: [DONE]\n\n")
            except OSError:  # the client gave up and closed the connection
                return

    return Handler


@contextmanager
def misbehaving(mode: str, reply: str = "") -> Iterator[Misbehaving]:
    state = Misbehaving(mode=mode, reply=reply)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
