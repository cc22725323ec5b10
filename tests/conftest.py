"""Shared fixtures. The network guard fails any test that connects beyond loopback."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
# Settings come from the environment: keep a developer's own QA_* variables out of the tests.
for _name in [n for n in os.environ if n.startswith("QA_") or n.startswith("OPENAI_")]:
    del os.environ[_name]

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


class NetworkBlocked(RuntimeError):
    pass


def _is_local(address: object) -> bool:
    if not isinstance(address, tuple):
        return True  # AF_UNIX paths
    host = str(address[0])
    if host in {"localhost", ""}:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _is_local(address):
        raise NetworkBlocked(f"test tried to reach {address!r}; only loopback is allowed")
    _real_connect(self, address)  # type: ignore[arg-type]


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if not _is_local(address):
        raise NetworkBlocked(f"test tried to reach {address!r}; only loopback is allowed")
    return _real_connect_ex(self, address)  # type: ignore[arg-type]


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "data" / "articles"
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture
def settings_factory(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Settings pointing at a fresh store directory under tmp_path."""
    from qa.settings import Settings

    def make(**overrides: object) -> Settings:
        values: dict[str, object] = {"data_dir": tmp_path / "store"}
        values.update(overrides)
        return Settings(**values)  # type: ignore[arg-type]

    return make


@pytest.fixture(scope="session")
def real_assistant_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the bundled articles indexed by the real embedder, shared by read-only tests."""
    return tmp_path_factory.mktemp("bundled-store")


@pytest.fixture(scope="session")
def real_assistant(real_assistant_dir: Path) -> Iterator[object]:
    """The offline default assistant over the bundled articles (real embedder, real Chroma directory)."""
    from qa import Assistant, Settings

    assistant = Assistant.from_settings(Settings(data_dir=real_assistant_dir))
    yield assistant
    assistant.close()
