"""Sentence vectors are made at ingest, read at question time, and follow document versions."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from fakes import HashingEmbedder

from index.chunking import Chunker
from index.ingest import Ingestor
from index.store import ChunkStore, make_chroma_client
from qa.composition import build_assistant
from qa.errors import StoreError
from qa.settings import Settings
from qa.text import sentence_spans

ARTICLE = (
    "Harbour bridge reopens\n\n"
    "The harbour bridge in Eastport reopened on Monday. Engineers replaced the steel cables. "
    "The repair cost 12 million euros, the council said. Cyclists get their own lane.\n"
)


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.passages = 0

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.passages += len(texts)
        return super().embed_passages(texts)


def _store(path: Path) -> ChunkStore:
    return ChunkStore(make_chroma_client(str(path), None, 8000), "test")


def test_ingest_stores_a_vector_for_every_sentence(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "bridge.txt").write_text(ARTICLE)
    store = _store(tmp_path / "store")
    Ingestor(store, Chunker(40, 8), HashingEmbedder(), sentences=sentence_spans).ingest([tmp_path / "docs"])
    spans = sentence_spans(ARTICLE)
    vectors = store.sentence_vectors([("bridge.txt", s, e) for s, e in spans])
    assert len(vectors) == len(spans) >= 4
    start, end = spans[2]
    expected = HashingEmbedder().embed_passages([ARTICLE[start:end]])[0]
    assert np.allclose(vectors[("bridge.txt", start, end)], expected)


def test_a_new_version_replaces_the_old_sentence_vectors(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    store = _store(tmp_path / "store")
    ingestor = Ingestor(store, Chunker(40, 8), HashingEmbedder(), sentences=sentence_spans)
    (docs / "bridge.txt").write_text(ARTICLE)
    ingestor.ingest([docs])
    changed = ARTICLE.replace("12 million", "15 million")
    (docs / "bridge.txt").write_text(changed)
    ingestor.ingest([docs])
    records = store._sentences.get(where={"doc_id": "bridge.txt"}, include=["metadatas"])
    assert {m["content_hash"] for m in records["metadatas"]} == {store.current_hashes()["bridge.txt"]}
    assert len(records["ids"]) == len(sentence_spans(changed))
    store.delete_document("bridge.txt")
    assert store._sentences.get(where={"doc_id": "bridge.txt"})["ids"] == []


def test_questions_embed_only_the_query(settings_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "bridge.txt").write_text(ARTICLE)
    embedder = CountingEmbedder()
    assistant = build_assistant(settings_factory(auto_ingest_bundled=False), embedder=embedder)
    assistant.ingest([tmp_path / "docs"])
    before = embedder.passages
    answer = assistant.ask("How much did the repair of the bridge cost?")
    assert "12 million" in answer.text
    assert embedder.passages == before


def test_the_store_refuses_vectors_of_another_embedder(settings_factory) -> None:  # type: ignore[no-untyped-def]
    settings: Settings = settings_factory(auto_ingest_bundled=False)
    build_assistant(settings, embedder=HashingEmbedder())
    other = HashingEmbedder()
    other.name = "another-model"
    with pytest.raises(StoreError, match="built with embedder 'hashing-test-embedder', not 'another-model'"):
        build_assistant(settings, embedder=other)
