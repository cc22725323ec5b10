"""The Chroma store: one collection of chunks (with embeddings), one of whole documents.

Two more collections sit beside them: ``_sentences`` holds a vector per sentence of each document
version (computed at ingest so that no sentence is embedded at question time), and ``_info`` records
which embedder built the store, so vectors of two models are never mixed.

A document's record in the documents collection is the commit point of an ingest: chunks whose
hash differs from the record's are stale and ignored, so a crash between writing new chunks and
removing old ones never leaves a document unanswerable.

Every write (commit or delete) also stamps a new random *version* in a third, one-record collection.
Any process sharing the store (app replicas, a CLI run) compares that stamp before a question and
reloads what it keeps in memory when it changed; see ``ChunkStore.version`` and ``ChunkStore.reload``.
"""

from __future__ import annotations

import json
import time
import uuid
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
_VERSION_ID = "version"
# Digits a chunk's cosine similarity is rounded to: float noise lies far below, real differences far above.
SIMILARITY_DIGITS = 6
_EMBEDDER_KEY = "embedder"


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
    """Documents and their chunks in two Chroma collections, plus the store's version stamp."""

    def __init__(self, client: Any, prefix: str) -> None:
        self._client = client
        self._prefix = prefix
        self._open_collections(client)
        self._hashes: dict[str, str] | None = None
        self._own_version: str | None = None  # the last stamp this object wrote

    def _open_collections(self, client: Any) -> None:
        try:
            self._chunks = client.get_or_create_collection(
                f"{self._prefix}_chunks", embedding_function=None, metadata={"hnsw:space": "cosine"}
            )
            self._documents = client.get_or_create_collection(f"{self._prefix}_documents", embedding_function=None)
            self._state = client.get_or_create_collection(f"{self._prefix}_state", embedding_function=None)
            self._sentences = client.get_or_create_collection(
                f"{self._prefix}_sentences", embedding_function=None, metadata={"hnsw:space": "cosine"}
            )
            self._info = client.get_or_create_collection(f"{self._prefix}_info", embedding_function=None)
        except Exception as e:
            raise _store_error(f"the Chroma store cannot be opened (corrupt or unreachable): {e}") from e

    # ----- the version stamp -----------------------------------------------------------------
    def version(self) -> str:
        """The stamp of the last write by any process ("" for a store written before stamps existed)."""
        records = self._guard(lambda: self._state.get(ids=[_VERSION_ID], include=["metadatas"]))
        return str(records["metadatas"][0].get("stamp", "")) if records["ids"] else ""

    def wrote_last(self, version: str) -> bool:
        """True when ``version`` is the stamp this very object wrote (its in-memory view is current)."""
        return bool(version) and version == self._own_version

    def reload(self) -> None:
        """Drop what this object caches about another process's writes.

        Over a Chroma server that is only the hash cache. The embedded directory store also keeps its
        vector index in memory and never sees another process's writes to it (deleted chunks come
        back as empty records, new ones are never found), so the client is opened afresh.
        """
        self._hashes = None
        if not _is_embedded(self._client):
            return
        fresh = _reopened(self._client)
        self._open_collections(fresh)
        self._client = fresh

    def _stamp(self) -> None:
        stamp = uuid.uuid4().hex
        self._guard(
            lambda: self._state.upsert(
                ids=[_VERSION_ID], embeddings=[_PLACEHOLDER_EMBEDDING], metadatas=[{"stamp": stamp, "at": time.time()}]
            )
        )
        self._own_version = stamp

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

    def document_for_source(self, source_path: str) -> str | None:
        """The id of the committed document read from ``source_path``, if any."""
        records = self._guard(lambda: self._documents.get(where={"source_path": source_path}, include=[]))
        return str(records["ids"][0]) if records["ids"] else None

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
        self._stamp()

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
        self._stamp()
        self._guard(lambda: self._chunks.delete(where={"doc_id": doc_id}))
        self._guard(lambda: self._sentences.delete(where={"doc_id": doc_id}))

    # ----- sentence vectors (their own collection) --------------------------------------------
    def write_sentences(
        self,
        doc_id: str,
        content_hash: str,
        spans: Sequence[tuple[int, int]],
        embeddings: np.ndarray,
        batch: int = 2000,
    ) -> None:
        """Store one vector per sentence span of a document version, before its ``commit_document``."""
        for i in range(0, len(spans), batch):
            part = spans[i : i + batch]
            self._guard(
                lambda part=part, i=i: self._sentences.upsert(
                    ids=[_sentence_id(doc_id, content_hash, start, end) for start, end in part],
                    embeddings=embeddings[i : i + len(part)].tolist(),
                    metadatas=[
                        {"doc_id": doc_id, "start": start, "end": end, "content_hash": content_hash}
                        for start, end in part
                    ],
                )
            )

    def sentence_vectors(self, keys: Sequence[tuple[str, int, int]]) -> dict[tuple[str, int, int], np.ndarray]:
        """Stored vectors of the committed version's sentences ``(doc_id, start, end)``; missing keys are absent."""
        hashes = self.current_hashes()
        ids = {
            _sentence_id(doc_id, hashes[doc_id], start, end): (doc_id, start, end)
            for doc_id, start, end in keys
            if doc_id in hashes
        }
        if not ids:
            return {}
        records = self._guard(lambda: self._sentences.get(ids=list(ids), include=["embeddings"]))
        return {
            ids[sid]: np.asarray(vector, dtype=np.float32)
            for sid, vector in zip(records["ids"], records["embeddings"], strict=True)
        }

    def chunk_vectors(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored vectors of these chunks, by id; unknown ids are absent."""
        if not chunk_ids:
            return {}
        records = self._guard(lambda: self._chunks.get(ids=list(chunk_ids), include=["embeddings"]))
        return {
            cid: np.asarray(vector, dtype=np.float32)
            for cid, vector in zip(records["ids"], records["embeddings"], strict=True)
        }

    def count_sentences(self) -> int:
        return int(self._guard(self._sentences.count))

    def remove_stale_sentences(self, doc_id: str) -> int:
        """Delete sentence vectors of ``doc_id`` that belong to no committed version."""
        keep = self.current_hashes().get(doc_id)
        records = self._guard(lambda: self._sentences.get(where={"doc_id": doc_id}, include=["metadatas"]))
        stale = [
            sid for sid, meta in zip(records["ids"], records["metadatas"], strict=True) if meta["content_hash"] != keep
        ]
        if stale:
            self._guard(lambda: self._sentences.delete(ids=stale))
        return len(stale)

    # ----- which embedder built the store ------------------------------------------------------
    def claim_embedder(self, name: str, where: str) -> None:
        """Record ``name`` as the store's embedder, or refuse if vectors of another one are stored."""
        records = self._guard(lambda: self._info.get(ids=[_EMBEDDER_KEY], include=["documents"]))
        recorded = records["documents"][0] if records["ids"] else None
        if recorded == name:
            return
        if recorded is not None:
            raise _store_error(
                f"the store at {where} was built with embedder {recorded!r}, not {name!r}: use that embedder, "
                "or another QA_COLLECTION / QA_DATA_DIR for this one"
            )
        # A store from before embedders were recorded is taken to be this embedder's: its vectors cannot tell.
        self._guard(
            lambda: self._info.upsert(ids=[_EMBEDDER_KEY], embeddings=[_PLACEHOLDER_EMBEDDING], documents=[name])
        )

    # ----- reading chunks --------------------------------------------------------------------
    def search(self, embedding: np.ndarray, k: int, excluded: Sequence[str] = ()) -> list[tuple[StoredChunk, float]]:
        """Nearest committed chunks by cosine similarity, best first; none of the documents ``excluded``."""
        total = self.count_chunks()
        if total == 0:
            return []
        where = {"doc_id": {"$nin": sorted(excluded)}} if excluded else None
        result = self._guard(
            lambda: self._chunks.query(
                query_embeddings=[embedding.tolist()],
                n_results=min(total, k * 2),
                where=where,
                include=["documents", "metadatas", "embeddings"],
            )
        )
        hashes = self.current_hashes()
        query = embedding / max(float(np.linalg.norm(embedding)), 1e-12)
        hits = []
        for cid, text, meta, vector in zip(
            result["ids"][0], result["documents"][0], result["metadatas"][0], result["embeddings"][0], strict=True
        ):
            if meta is not None and hashes.get(meta["doc_id"]) == meta["content_hash"]:
                stored = np.asarray(vector, dtype=np.float64)
                similarity = float(np.dot(query, stored) / max(float(np.linalg.norm(stored)), 1e-12))
                hits.append((_chunk_from(cid, text, meta), round(similarity, SIMILARITY_DIGITS)))
        # Two builds of the same articles were seen to order near-equal hits differently (a question's answer
        # then changed from one eval run to the next): the cosine is computed here from the stored vectors,
        # rounded, and ties go by chunk id, so that the same vectors always give the same order.
        hits.sort(key=lambda hit: (-hit[1], hit[0].chunk_id))
        return hits[:k]

    def chunks_by_id(self, chunk_ids: Sequence[str]) -> list[StoredChunk]:
        """The committed chunks among ``chunk_ids``, in the order asked (unknown or stale ids are left out)."""
        if not chunk_ids:
            return []
        records = self._guard(lambda: self._chunks.get(ids=list(chunk_ids), include=["documents", "metadatas"]))
        hashes = self.current_hashes()
        found = {
            cid: _chunk_from(cid, text, meta)
            for cid, text, meta in zip(records["ids"], records["documents"], records["metadatas"], strict=True)
            if hashes.get(meta["doc_id"]) == meta["content_hash"]
        }
        return [found[cid] for cid in chunk_ids if cid in found]

    def chunks_of_version(self, doc_id: str, content_hash: str) -> list[StoredChunk]:
        """The chunks of one document version, in text order."""
        records = self._guard(
            lambda: self._chunks.get(
                where={"$and": [{"doc_id": doc_id}, {"content_hash": content_hash}]}, include=["documents", "metadatas"]
            )
        )
        chunks = [
            _chunk_from(cid, text, meta)
            for cid, text, meta in zip(records["ids"], records["documents"], records["metadatas"], strict=True)
        ]
        return sorted(chunks, key=lambda c: c.start)

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


def _is_embedded(client: Any) -> bool:
    return bool(client.get_settings().is_persistent)


def _reopened(client: Any) -> Any:
    """A new embedded client on the same directory, reading it afresh."""
    import chromadb
    from chromadb.api.shared_system_client import SharedSystemClient

    # chromadb shares one system per directory within a process; taking it out of the registry is the
    # only way to get a client that reads the directory again (there is no public call for it). The
    # old system is not stopped: other objects in this process (or a question still running) may use
    # it; it is released with the last of them.
    SharedSystemClient._identifier_to_system.pop(client._identifier, None)
    settings = client.get_settings()
    try:
        return chromadb.PersistentClient(path=settings.persist_directory, settings=settings)
    except Exception as e:
        raise _store_error(f"cannot reopen the Chroma directory {settings.persist_directory}: {e}") from e


def _sentence_id(doc_id: str, content_hash: str, start: int, end: int) -> str:
    return f"{doc_id}::{content_hash[:16]}::{start}:{end}"


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
