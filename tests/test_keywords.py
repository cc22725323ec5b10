"""The keyword index: saved on disk, updated by segments, and right after another process changes the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import HashingEmbedder

import qa.keywords as keywords
from index.chunking import Chunker
from index.ingest import Ingestor
from index.store import ChunkStore, make_chroma_client
from qa.keywords import KeywordIndex

TOPICS = {
    "bridge": "The harbour bridge in Eastport reopened after engineers replaced its steel cables.",
    "storm": "A storm brought record rainfall to the river valley and closed several roads.",
    "reactor": "Rosatom signed a deal to build a nuclear reactor with fuel supplied for ten years.",
    "festival": "The lantern festival drew thousands of visitors to the old town square.",
}


class CountingStore(ChunkStore):
    """Counts the document versions whose chunks are read, i.e. indexed."""

    versions_read = 0

    def chunks_of_version(self, doc_id: str, content_hash: str):  # type: ignore[no-untyped-def]
        CountingStore.versions_read += 1
        return super().chunks_of_version(doc_id, content_hash)


def _store(root: Path) -> CountingStore:
    return CountingStore(make_chroma_client(str(root / "store"), None, 8000), "kw")


def _write(docs: Path, name: str) -> None:
    docs.mkdir(exist_ok=True)
    (docs / f"{name}.txt").write_text(f"{name.title()} news\n\n{TOPICS[name]}\n")


def _ingest(store: ChunkStore, docs: Path) -> None:
    Ingestor(store, Chunker(40, 8), HashingEmbedder()).ingest([docs])


def _segments(directory: Path) -> list[str]:
    return list(json.loads((directory / "manifest.json").read_text())["segments"])


def _top_doc(index: KeywordIndex, query: str) -> str | None:
    hits = index.search(query, 5)
    return hits[0].split("::")[0] if hits else None


def test_the_index_is_saved_and_reloaded_without_reindexing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for name in ("bridge", "storm"):
        _write(docs, name)
    store = _store(tmp_path)
    _ingest(store, docs)
    first = KeywordIndex(store, tmp_path / "kw")
    assert _top_doc(first, "steel cables of the bridge") == "bridge.txt"
    CountingStore.versions_read = 0
    restarted = KeywordIndex(_store(tmp_path), tmp_path / "kw")  # a new process on the same directory
    assert _top_doc(restarted, "record rainfall") == "storm.txt"
    assert CountingStore.versions_read == 0
    assert restarted.term_stats().known("rainfal") or restarted.term_stats().known("rainfall")


def test_an_added_document_is_indexed_alone_in_a_new_segment(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    _write(docs, "bridge")
    store = _store(tmp_path)
    _ingest(store, docs)
    index = KeywordIndex(store, tmp_path / "kw")
    index.search("bridge", 5)
    before = _segments(tmp_path / "kw")
    _write(docs, "reactor")
    _ingest(store, docs)
    CountingStore.versions_read = 0
    index.refresh()
    assert _top_doc(index, "nuclear reactor fuel") == "reactor.txt"
    assert CountingStore.versions_read == 1
    after = _segments(tmp_path / "kw")
    assert after[: len(before)] == before and len(after) == len(before) + 1


def test_changes_by_another_process_are_seen_after_refresh(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for name in ("bridge", "storm", "reactor", "festival"):
        _write(docs, name)
    store = _store(tmp_path)
    _ingest(store, docs)
    here = KeywordIndex(store, tmp_path / "kw")
    assert _top_doc(here, "lantern festival visitors") == "festival.txt"
    # Another process deletes one document and changes another.
    other = _store(tmp_path)
    other.delete_document("festival.txt")
    (docs / "storm.txt").write_text("Storm news\n\nA heatwave, not a storm, emptied the lantern market.\n")
    (docs / "festival.txt").unlink()
    _ingest(other, docs)
    here.refresh()
    found = {hit.split("::")[0] for hit in here.search("lantern festival visitors", 10)}
    assert "festival.txt" not in found
    assert _top_doc(here, "heatwave lantern market") == "storm.txt"
    assert _top_doc(here, "record rainfall river valley") != "storm.txt"  # the old version is masked


def test_too_many_segments_are_merged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keywords, "MAX_SEGMENTS", 2)
    docs = tmp_path / "docs"
    store = _store(tmp_path)
    index = KeywordIndex(store, tmp_path / "kw")
    for name in TOPICS:
        _write(docs, name)
        _ingest(store, docs)
        index.refresh()
        index.search("news", 5)
    assert len(_segments(tmp_path / "kw")) <= 2
    for name, text in TOPICS.items():
        assert _top_doc(index, text) == f"{name}.txt"
    on_disk = {p.name for p in (tmp_path / "kw").iterdir() if p.name.startswith("seg-")}
    assert on_disk == set(_segments(tmp_path / "kw"))
