"""``python app.py`` as a real process on a free loopback port, as ``make run`` starts it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# MiniLM indexes the bundled articles about four times faster than the default e5.
FAST_ENV = {"QA_EMBEDDER": "minilm", "QA_BACKEND": "extractive"}


@dataclass
class AppProcess:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def post(self, path: str, body: dict[str, Any], key: str | None = None) -> Any:
        request = urllib.request.Request(
            self.url + path.lstrip("/"),
            data=json.dumps(body).encode(),
            headers={"content-type": "application/json", **({"Authorization": f"Bearer {key}"} if key else {})},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def ask(self, question: str, key: str | None = None) -> Any:
        return self.post("/v1/ask", {"question": question}, key)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def process_env(**overrides: str) -> dict[str, str]:
    """The test's environment (no developer QA_* variables) with this checkout first on the path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.update(FAST_ENV)
    env.update(overrides)
    return env


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qa.cli", *args], env=env, capture_output=True, text=True, timeout=300, cwd=ROOT
    )


@contextmanager
def app_process(log_dir: Path, timeout: float = 240, **env: str) -> Iterator[AppProcess]:
    """Start ``app.py`` with ``env`` (QA_* values) and wait until ``/healthz`` answers."""
    port = free_port()
    log = log_dir / f"app-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py")],
            env=process_env(QA_HOST="127.0.0.1", QA_PORT=str(port), **env),
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    served = AppProcess(f"http://127.0.0.1:{port}/", process, log)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"app.py exited with {process.returncode}: {log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(served.url + "healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"app.py did not answer within {timeout}s: {log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
