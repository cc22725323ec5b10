"""The store version: stamped by every write, and what a process does when another process wrote."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
from fakes import HashingEmbedder

from index.chunking import Chunker
from index.ingest import Ingestor
from index.store import ChunkStore, make_chroma_client
from qa.composition import build_assistant
from qa.settings import Settings

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
ARTICLE = "Quixville turnip fair\n\nThe Quixville turnip fair drew 12,000 visitors this year, organisers said.\n"


def open_store(path: Path) -> ChunkStore:
    return ChunkStore(make_chroma_client(str(path), None, 8000), "test")


def test_every_write_stamps_a_new_version(tmp_path: Path) -> None:
    store = open_store(tmp_path / "store")
    ingestor = Ingestor(store, Chunker(220, 40), HashingEmbedder())
    article = tmp_path / "fair.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    seen = [store.version()]

    ingestor.ingest([article])
    seen.append(store.version())
    ingestor.ingest([article])  # unchanged: nothing written, same version
    seen.append(store.version())
    store.delete_document("fair.txt")
    seen.append(store.version())

    assert seen[0] == "" and seen[1] and seen[1] == seen[2] and seen[3] not in seen[:3]
    assert store.wrote_last(seen[3]) and not store.wrote_last(seen[1])
    assert not open_store(tmp_path / "store").wrote_last(seen[3]), "another object did not write it"


def write_from_another_process(store_dir: Path, article: Path, delete: str) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        sys.path[:0] = [{str(ROOT)!r}, {str(TESTS)!r}]
        from fakes import HashingEmbedder
        from qa.composition import build_assistant
        from qa.settings import Settings
        assistant = build_assistant(Settings(data_dir={str(store_dir)!r}), embedder=HashingEmbedder())
        assistant.delete({delete!r})
        print(assistant.ingest([{str(article)!r}]).summary())
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "1 added" in done.stdout, done.stderr


def test_an_embedded_store_written_by_another_process_is_read_afresh(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "store")
    embedder = HashingEmbedder()
    assistant = build_assistant(settings, embedder=embedder)
    question = "How many years since Putin last visited North Korea?"
    cited = assistant.ask(question).citations[0].doc_id  # indexes and caches are now in memory
    article = tmp_path / "fair.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    write_from_another_process(settings.data_dir, article, delete=cited)

    assert assistant.refresh_if_changed()
    assert not assistant.refresh_if_changed(), "nothing changed since"
    store = assistant._store
    dense = [chunk.doc_id for chunk, _ in store.search(embedder.embed_query("Quixville turnip fair visitors"), 3)]
    assert dense[0] == "fair.txt", "the vector index holds the chunks the other process wrote"
    hits = store.search(embedder.embed_query(question), 50)
    assert cited not in {chunk.doc_id for chunk, _ in hits}
    assert cited not in {c.doc_id for c in assistant.ask(question).citations}


def test_own_writes_refresh_without_reopening(tmp_path: Path) -> None:
    assistant = build_assistant(Settings(data_dir=tmp_path / "store"), embedder=HashingEmbedder())
    client = assistant._store._client
    article = tmp_path / "fair.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    assistant.ingest([article])

    assert assistant.refresh_if_changed()
    assert assistant._store._client is client, "this process's own write needs no second look at the directory"
    assert assistant.ask("How many visitors did the Quixville turnip fair draw?").citations[0].doc_id == "fair.txt"


def test_equal_hits_come_in_chunk_id_order_with_the_cosine_computed_from_the_stored_vectors(tmp_path: Path) -> None:
    # Two reports with the same text have the same vectors: their order must not depend on the index's internals.
    store = open_store(tmp_path / "store")
    embedder = HashingEmbedder()
    ingestor = Ingestor(store, Chunker(220, 40), embedder)
    paths = []
    for name in ("b-fair.txt", "a-fair.txt", "c-other.txt"):
        path = tmp_path / name
        text = ARTICLE if name != "c-other.txt" else "Harbour news\n\nThe Lowmoor ferry left at dawn for Ardley.\n"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    ingestor.ingest(paths)
    query = embedder.embed_query("Quixville turnip fair visitors")
    hits = store.search(query, 3)
    twins = [(chunk.chunk_id, score) for chunk, score in hits if chunk.doc_id.endswith("fair.txt")]
    assert len(twins) == 2 and twins[0][1] == twins[1][1]
    assert twins[0][0] < twins[1][0]
    assert [score for _, score in hits] == sorted((score for _, score in hits), reverse=True)
    stored = embedder.embed_passages([hits[0][0].text])[0]
    expected = float(np.dot(query, stored) / (np.linalg.norm(query) * np.linalg.norm(stored)))
    assert hits[0][1] == round(expected, 6)
