"""Start the real server (UI mounted on the HTTP API) in-process on a free loopback port, as ``python app.py`` would."""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # app.py is a script at the project root, not part of the installed package

import uvicorn  # noqa: E402

from app import build_server  # noqa: E402
from qa import Assistant, Settings  # noqa: E402

ARTIFACTS = ROOT / "tests" / "artifacts"


@dataclass(frozen=True)
class ServedApp:
    url: str
    assistant: Assistant
    settings: Settings


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(assistant: Assistant, settings: Settings) -> Iterator[str]:
    """``build_server`` over ``assistant``, served by uvicorn as ``main()`` does but on a free port; yields its URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(build_server(assistant, settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the app server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(30)


@contextmanager
def served_app(data_dir: Path) -> Iterator[ServedApp]:
    """The default offline assistant over the bundled articles, behind the app, until the block ends."""
    settings = Settings(data_dir=data_dir)
    assistant = Assistant.from_settings(settings)
    try:
        with serving(assistant, settings) as url:
            yield ServedApp(url=url, assistant=assistant, settings=settings)
    finally:
        assistant.close()
