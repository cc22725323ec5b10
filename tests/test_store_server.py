"""The assistant against a real ``chroma run`` server process on loopback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fakes import HashingEmbedder

from qa.assistant import Assistant
from qa.composition import build_assistant
from qa.errors import StoreError
from qa.settings import BUNDLED_ARTICLES, Settings

pytestmark = pytest.mark.integration

CHROMA = Path(sys.executable).parent / "chroma"
QUESTION = "How many years since Putin last visited North Korea?"


@dataclass
class ChromaServer:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_heartbeat(server: ChromaServer, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{server.port}/api/v2/heartbeat"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"chroma exited with {server.process.returncode}: {server.log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"chroma did not answer {url} within {timeout}s: {server.log.read_text()[-2000:]}")


def start_chroma(path: Path) -> ChromaServer:
    assert CHROMA.is_file(), f"{CHROMA} is missing (it comes with the chromadb package)"
    port = free_port()
    log = path.parent / f"chroma-{port}.log"
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    server = ChromaServer(process, port, log)
    try:
        wait_for_heartbeat(server)
    except Exception:
        server.stop()
        raise
    return server


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[ChromaServer]:
    server = start_chroma(tmp_path / "chroma-data")
    yield server
    server.stop()


@pytest.fixture
def server_settings(chroma_server: ChromaServer, settings_factory: Callable[..., Settings]) -> Settings:
    return settings_factory(chroma_host="127.0.0.1", chroma_port=chroma_server.port)


def assert_verbatim(assistant: Assistant) -> None:
    answer = assistant.ask(QUESTION)
    assert not answer.abstained
    assert answer.citations
    for citation in answer.citations:
        assert assistant.document_text(citation.doc_id)[citation.start : citation.end] == citation.quote
        file_text = (BUNDLED_ARTICLES / citation.doc_id).read_text(encoding="utf-8")
        assert file_text[citation.start : citation.end] == citation.quote
    assert any("24 years" in c.quote for c in answer.citations)


def test_assistant_over_a_chroma_server(server_settings: Settings) -> None:
    assistant = build_assistant(server_settings, embedder=HashingEmbedder())

    assert [d.doc_id for d in assistant.documents()] == sorted(p.name for p in BUNDLED_ARTICLES.glob("*.txt"))
    assert_verbatim(assistant)
    assert not (Path(server_settings.data_dir) / "chroma.sqlite3").exists(), "the local directory must not be used"


def test_the_server_keeps_the_store_across_clients(server_settings: Settings) -> None:
    first = build_assistant(server_settings, embedder=HashingEmbedder())
    first.delete(first.documents()[0].doc_id)

    second = build_assistant(server_settings, embedder=HashingEmbedder())

    assert len(second.documents()) == 4, "a non-empty store is not filled again"
    assert_verbatim(second)


def test_server_going_away_is_a_store_error(chroma_server: ChromaServer, server_settings: Settings) -> None:
    assistant = build_assistant(server_settings, embedder=HashingEmbedder())
    assert assistant.documents()

    chroma_server.stop()

    with pytest.raises(StoreError, match="Chroma store failed"):
        assistant.documents()
    with pytest.raises(StoreError):
        assistant.ask("Who welcomed Putin in Pyongyang?")
    with pytest.raises(StoreError, match=f"Chroma server at 127.0.0.1:{chroma_server.port}"):
        build_assistant(server_settings, embedder=HashingEmbedder())


def test_no_server_at_all_is_a_store_error(settings_factory: Callable[..., Settings]) -> None:
    port = free_port()
    started = time.monotonic()

    with pytest.raises(StoreError, match=f"127.0.0.1:{port}"):
        build_assistant(settings_factory(chroma_host="127.0.0.1", chroma_port=port), embedder=HashingEmbedder())

    assert time.monotonic() - started < 30
