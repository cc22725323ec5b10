"""Start the real Gradio app in-process on a free loopback port, as ``python app.py`` would."""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # app.py is a script at the project root, not part of the installed package

from app import build_app, launch_options  # noqa: E402
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
    """``build_app`` over ``assistant``, launched as ``main()`` does but on a free port; yields its URL."""
    demo = build_app(assistant, settings)
    port = free_port()
    demo.launch(
        prevent_thread_lock=True,
        server_name="127.0.0.1",
        server_port=port,
        quiet=True,
        **launch_options(settings),
    )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        demo.close()


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
