"""The Chroma store: one collection of chunks (with embeddings), one of whole documents.

A document's record in the documents collection is the commit point of an ingest: chunks whose
hash differs from the record's are stale and ignored, so a crash between writing new chunks and
removing old ones never leaves a document unanswerable.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from index.documents import Chunk, SourceDocument

if TYPE_CHECKING:
    from qa.errors import StoreError

# The embedded store's database file inside the data directory.
CHROMA_DATABASE = "chroma.sqlite3"
# Chroma wants an embedding for every record; whole documents are never searched by vector.
_PLACEHOLDER_EMBEDDING = [1.0]


@dataclass(frozen=True)
class StoredDocument:
    doc_id: str
    title: str
    content_hash: str
    source_path: str
    n_chunks: int
    chars: int
    # Sentences that address the reader or a model with instructions (index/poison.py), kept out of evidence.
    flagged: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class StoredChunk:
    chunk_id: str
    doc_id: str
    start: int
    end: int
    text: str


def make_chroma_client(data_dir: str, host: str | None, port: int) -> Any:
    """An embedded persistent client, or an HTTP client when a server host is given."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    database = Path(data_dir) / CHROMA_DATABASE
    if not host and database.is_file() and database.stat().st_size == 0:
        # SQLite would open an empty file as a new database: the store would silently start over.
        raise _store_error(
            f"the store file {database} is empty (0 bytes): it was truncated or emptied. Restore it from a "
            f"backup, or delete the directory {data_dir} to start a new store"
        )
    try:
        if host:
            return chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
        return chromadb.PersistentClient(path=data_dir, settings=chroma_settings)
    except Exception as e:  # chromadb raises many types for a dead server or a broken directory
        where = f"Chroma server at {host}:{port}" if host else f"Chroma directory {data_dir}"
        raise _store_error(f"cannot open the {where}: {e}") from e


class ChunkStore:
    """Documents and their chunks in two Chroma collections."""

    def __init__(self, client: Any, prefix: str) -> None:
        try:
            self._chunks = client.get_or_create_collection(
                f"{prefix}_chunks", embedding_function=None, metadata={"hnsw:space": "cosine"}
            )
            self._documents = client.get_or_create_collection(f"{prefix}_documents", embedding_function=None)
        except Exception as e:
            raise _store_error(f"the Chroma store cannot be opened (corrupt or unreachable): {e}") from e
        self._hashes: dict[str, str] | None = None

    # ----- documents -------------------------------------------------------------------------
    def documents(self) -> list[StoredDocument]:
        records = self._guard(lambda: self._documents.get(include=["metadatas"]))
        docs = [_document_from(doc_id, meta) for doc_id, meta in zip(records["ids"], records["metadatas"], strict=True)]
        return sorted(docs, key=lambda d: d.doc_id)

    def document(self, doc_id: str) -> StoredDocument | None:
        records = self._guard(lambda: self._documents.get(ids=[doc_id], include=["metadatas"]))
        if not records["ids"]:
            return None
        return _document_from(doc_id, records["metadatas"][0])

    def document_text(self, doc_id: str) -> str | None:
        records = self._guard(lambda: self._documents.get(ids=[doc_id], include=["documents"]))
        return records["documents"][0] if records["ids"] else None

    def current_hashes(self) -> dict[str, str]:
        if self._hashes is None:
            self._hashes = {d.doc_id: d.content_hash for d in self.documents()}
        return self._hashes

    def count_chunks(self) -> int:
        return int(self._guard(self._chunks.count))

    # ----- writing ---------------------------------------------------------------------------
    def write_chunks(
        self,
        content_hash: str,
        chunks: Sequence[Chunk],
        embeddings: np.ndarray,
        batch: int = 2000,
        flagged: Sequence[tuple[int, int]] = (),
    ) -> None:
        """Store chunks of one document version; they stay invisible until ``commit_document``."""
        for i in range(0, len(chunks), batch):
            part = chunks[i : i + batch]
            self._guard(
                lambda part=part, i=i: self._chunks.upsert(
                    ids=[c.chunk_id(content_hash) for c in part],
                    embeddings=embeddings[i : i + len(part)].tolist(),
                    documents=[c.text for c in part],
                    metadatas=[
                        {
                            "doc_id": c.doc_id,
                            "start": c.start,
                            "end": c.end,
                            "index": c.index,
                            "content_hash": content_hash,
                            "flagged": any(s < c.end and e > c.start for s, e in flagged),
                        }
                        for c in part
                    ],
                )
            )

    def commit_document(self, document: SourceDocument, n_chunks: int, flagged: Sequence[tuple[int, int]] = ()) -> None:
        """Make this version the one answered from (one upsert: text, hash and title together)."""
        self._guard(
            lambda: self._documents.upsert(
                ids=[document.doc_id],
                embeddings=[_PLACEHOLDER_EMBEDDING],
                documents=[document.text],
                metadatas=[
                    {
                        "title": document.title,
                        "content_hash": document.content_hash,
                        "source_path": document.source_path,
                        "n_chunks": n_chunks,
                        "chars": len(document.text),
                        "ingested_at": time.time(),
                        "flagged": json.dumps([list(span) for span in flagged]),
                    }
                ],
            )
        )
        if self._hashes is not None:  # kept up to date in place: re-listing every document per file is quadratic
            self._hashes[document.doc_id] = document.content_hash

    def remove_stale_chunks(self, doc_id: str) -> int:
        """Delete chunks of ``doc_id`` that belong to no committed version."""
        keep = self.current_hashes().get(doc_id)
        records = self._guard(lambda: self._chunks.get(where={"doc_id": doc_id}, include=["metadatas"]))
        stale = [
            cid for cid, meta in zip(records["ids"], records["metadatas"], strict=True) if meta["content_hash"] != keep
        ]
        if stale:
            self._guard(lambda: self._chunks.delete(ids=stale))
        return len(stale)

    def delete_document(self, doc_id: str) -> None:
        # Record first: once it is gone the chunks are invisible even if their delete fails.
        self._guard(lambda: self._documents.delete(ids=[doc_id]))
        if self._hashes is not None:
            self._hashes.pop(doc_id, None)
        self._guard(lambda: self._chunks.delete(where={"doc_id": doc_id}))

    # ----- reading chunks --------------------------------------------------------------------
    def search(self, embedding: np.ndarray, k: int) -> list[tuple[StoredChunk, float]]:
        """Nearest committed chunks by cosine similarity, best first."""
        total = self.count_chunks()
        if total == 0:
            return []
        result = self._guard(
            lambda: self._chunks.query(
                query_embeddings=[embedding.tolist()],
                n_results=min(total, k * 2),
                include=["documents", "metadatas", "distances"],
            )
        )
        hashes = self.current_hashes()
        hits = []
        for cid, text, meta, dist in zip(
            result["ids"][0], result["documents"][0], result["metadatas"][0], result["distances"][0], strict=True
        ):
            if hashes.get(meta["doc_id"]) == meta["content_hash"]:
                hits.append((_chunk_from(cid, text, meta), 1.0 - float(dist)))
        return hits[:k]

    def all_chunks(self, page: int = 5000) -> list[StoredChunk]:
        """Every committed chunk, for the keyword index."""
        hashes = self.current_hashes()
        chunks: list[StoredChunk] = []
        offset = 0
        while True:
            records = self._guard(
                lambda offset=offset: self._chunks.get(include=["documents", "metadatas"], limit=page, offset=offset)
            )
            for cid, text, meta in zip(records["ids"], records["documents"], records["metadatas"], strict=True):
                if hashes.get(meta["doc_id"]) == meta["content_hash"]:
                    chunks.append(_chunk_from(cid, text, meta))
            if len(records["ids"]) < page:
                break
            offset += page
        return sorted(chunks, key=lambda c: (c.doc_id, c.start))

    @staticmethod
    def _guard(call: Any) -> Any:
        try:
            return call()
        except Exception as e:
            if isinstance(e, _store_error_class()):
                raise
            raise _store_error(f"the Chroma store failed: {e}") from e


def _store_error_class() -> type[StoreError]:
    # Imported when needed: importing qa runs qa/__init__, which imports this module.
    from qa.errors import StoreError

    return StoreError


def _store_error(message: str) -> StoreError:
    return _store_error_class()(message)


def _document_from(doc_id: str, meta: dict[str, Any]) -> StoredDocument:
    return StoredDocument(
        doc_id=doc_id,
        title=str(meta.get("title", doc_id)),
        content_hash=str(meta["content_hash"]),
        source_path=str(meta.get("source_path", "")),
        n_chunks=int(meta.get("n_chunks", 0)),
        chars=int(meta.get("chars", 0)),
        flagged=tuple((int(a), int(b)) for a, b in json.loads(str(meta.get("flagged") or "[]"))),
    )


def _chunk_from(chunk_id: str, text: str, meta: dict[str, Any]) -> StoredChunk:
    return StoredChunk(
        chunk_id=chunk_id, doc_id=str(meta["doc_id"]), start=int(meta["start"]), end=int(meta["end"]), text=text
    )
