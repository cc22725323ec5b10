"""The keyword (BM25) index: saved on disk in segments, memory-mapped, and brought up to date, not rebuilt.

The index is a cache of the store, checked against it: every segment lists the document versions
(doc id + content hash) it holds. ``sync`` compares that with the store's committed documents; a new
or changed document becomes a new small segment (its chunks read from Chroma), a removed or replaced
one is masked out of the segment that holds it. So the index is correct after any change to the
store, made by this process or another, as soon as ``sync`` runs (the retriever runs it on its first
search and after every ``refresh``). Segments are merged when there are too many, or rebuilt when
too much of them is masked. Term statistics (document frequencies) are kept per segment beside it;
masked chunks still count in them until their segment is merged: IDF weights, not results, lag.

Several processes may share one directory: changes happen under an exclusive file lock, segments are
never changed once written, and the manifest naming them is replaced atomically.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.store import ChunkStore, StoredChunk
from qa.text import Casing, TermStats, content_terms

# 2: each segment keeps how its texts write each word (``casing.json``).
FORMAT = 2
# More segments than this and all but the largest are merged into one (each search visits every segment).
MAX_SEGMENTS = 8
# A segment whose chunks are more than this share masked (removed or replaced documents) is rebuilt.
MAX_MASKED_SHARE = 0.25
# Documents read from Chroma per request while a segment is built.
READ_BATCH = 200

Tokenizer = Callable[[str], list[str]]


@dataclass
class _Segment:
    name: str
    versions: dict[str, str]  # doc id -> content hash held in this segment
    chunk_ids: np.ndarray  # str, one per indexed chunk
    doc_ids: np.ndarray  # str, one per indexed chunk
    bm25: Any
    df: Counter[str]
    casing: Casing

    @property
    def size(self) -> int:
        return len(self.chunk_ids)


class KeywordIndex:
    """BM25 over the committed chunks of a ``ChunkStore``, persisted under ``directory``."""

    def __init__(self, store: ChunkStore, directory: Path, tokenize: Tokenizer = content_terms) -> None:
        self._store = store
        self._dir = directory
        self._tokenize = tokenize
        self._segments: list[_Segment] = []
        self._loaded_manifest: str | None = None
        self._masked: dict[str, np.ndarray] = {}  # segment name -> bool mask of chunks no longer committed
        self._stats = TermStats([])
        self._casing = Casing.of_texts([])
        self._lock = threading.Lock()
        self._synced = False

    # ----- reading ---------------------------------------------------------------------------
    def search(self, query: str, depth: int) -> list[str]:
        """Chunk ids of the best keyword matches, best first."""
        self._ensure_synced()
        terms = self._tokenize(query)
        if not terms:
            return []
        ids: list[np.ndarray] = []
        scores: list[np.ndarray] = []
        for segment in self._segments:
            if segment.size == 0:
                continue
            values = np.asarray(segment.bm25.get_scores(terms), dtype=np.float32)
            masked = self._masked.get(segment.name)
            if masked is not None:
                values = np.where(masked, 0.0, values)
            take = min(depth, len(values))
            best = np.argpartition(-values, take - 1)[:take]
            best = best[values[best] > 0]
            ids.append(segment.chunk_ids[best])
            scores.append(values[best])
        if not ids:
            return []
        all_ids, all_scores = np.concatenate(ids), np.concatenate(scores)
        order = np.argsort(-all_scores, kind="stable")[:depth]
        return [str(all_ids[i]) for i in order]

    def term_stats(self) -> TermStats:
        self._ensure_synced()
        return self._stats

    def casing(self) -> Casing:
        """How the indexed chunks write each word (capitals of names), kept with the keyword index."""
        self._ensure_synced()
        return self._casing

    def refresh(self) -> None:
        """The store may have changed: look at the disk and the store again before the next search."""
        with self._lock:
            self._synced = False

    # ----- keeping up with the store ---------------------------------------------------------
    def _ensure_synced(self) -> None:
        with self._lock:
            if self._synced:
                return
            self._dir.mkdir(parents=True, exist_ok=True)
            committed = {d.doc_id: d.content_hash for d in self._store.documents()}
            self._load()
            if self._covers(committed) and not self._needs_compaction(committed):
                self._apply_masks(committed)
            else:
                with self._file_lock():
                    self._load()  # another process may have synced while this one waited for the lock
                    self._update(committed)
                    self._load()
                self._apply_masks(committed)
            self._synced = True

    def _covers(self, committed: dict[str, str]) -> bool:
        held = {doc_id: h for s in self._segments for doc_id, h in s.versions.items() if committed.get(doc_id) == h}
        return held == committed

    def _needs_compaction(self, committed: dict[str, str]) -> bool:
        if len(self._segments) > MAX_SEGMENTS:
            return True
        return any(self._masked_share(s, committed) > MAX_MASKED_SHARE for s in self._segments)

    @staticmethod
    def _masked_share(segment: _Segment, committed: dict[str, str]) -> float:
        dead = {d for d, h in segment.versions.items() if committed.get(d) != h}
        if not dead or segment.size == 0:
            return 0.0
        return float(np.isin(segment.doc_ids, list(dead)).mean())

    def _update(self, committed: dict[str, str]) -> None:
        """Under the file lock: add a segment for new versions, then merge or rebuild where needed."""
        names = {s.name for s in self._segments}
        keep = [s for s in self._segments if self._masked_share(s, committed) <= MAX_MASKED_SHARE]
        held = {d for s in keep for d, h in s.versions.items() if committed.get(d) == h}
        missing = {d: h for d, h in committed.items() if d not in held}
        new_names = [s.name for s in keep]
        if missing:
            new_names.append(self._write_segment(missing))
        if len(new_names) > MAX_SEGMENTS:
            sizes = {s.name: s.size for s in self._segments}
            largest = max(new_names, key=lambda n: sizes.get(n, 0))
            merged = {
                d: h
                for s in self._segments
                if s.name in new_names and s.name != largest
                for d, h in s.versions.items()
                if committed.get(d) == h
            }
            fresh = [n for n in new_names if n not in sizes]  # written just now
            merged.update({d: h for n in fresh for d, h in self._read_versions(n).items()})
            names.update(fresh)
            new_names = [largest] + ([self._write_segment(merged)] if merged else [])
        self._write_manifest(new_names)
        for name in names - set(new_names):
            shutil.rmtree(self._dir / name, ignore_errors=True)  # readers that mapped it keep their mapping

    def _write_segment(self, versions: dict[str, str]) -> str:
        import bm25s

        chunk_ids: list[str] = []
        doc_ids: list[str] = []
        tokens: list[list[str]] = []
        df: Counter[str] = Counter()
        written: dict[str, str] = {}
        texts: list[str] = []
        for chunk in self._chunks_of(versions):
            texts.append(chunk.text)
            terms = self._tokenize(chunk.text)
            chunk_ids.append(chunk.chunk_id)
            doc_ids.append(chunk.doc_id)
            tokens.append(terms)
            df.update(set(terms))
            written[chunk.doc_id] = versions[chunk.doc_id]
        name = f"seg-{uuid.uuid4().hex[:12]}"
        tmp = self._dir / f".{name}.tmp"
        tmp.mkdir()
        if tokens:
            model = bm25s.BM25()
            model.index(tokens, show_progress=False)
            model.save(str(tmp / "bm25"))
        np.save(tmp / "chunk_ids.npy", np.asarray(chunk_ids, dtype=str))
        np.save(tmp / "doc_ids.npy", np.asarray(doc_ids, dtype=str))
        # Versions without chunks are recorded too, so they are not looked for again.
        (tmp / "versions.json").write_text(json.dumps(versions))
        (tmp / "df.json").write_text(json.dumps({"n": len(tokens), "df": df}))
        (tmp / "casing.json").write_text(json.dumps(Casing.of_texts(texts).to_json()))
        os.replace(tmp, self._dir / name)
        return name

    def _chunks_of(self, versions: dict[str, str]) -> Iterator[StoredChunk]:
        for doc_id, content_hash in versions.items():
            yield from self._store.chunks_of_version(doc_id, content_hash)

    def _read_versions(self, name: str) -> dict[str, str]:
        return dict(json.loads((self._dir / name / "versions.json").read_text()))

    def _write_manifest(self, names: list[str]) -> None:
        tmp = self._dir / "manifest.json.tmp"
        tmp.write_text(json.dumps({"format": FORMAT, "segments": names}))
        os.replace(tmp, self._dir / "manifest.json")

    # ----- loading ---------------------------------------------------------------------------
    def _load(self) -> None:
        """Map the segments the manifest names; unchanged segments already mapped are kept."""
        path = self._dir / "manifest.json"
        text = path.read_text() if path.exists() else json.dumps({"format": FORMAT, "segments": []})
        if text == self._loaded_manifest:
            return
        manifest = json.loads(text)
        if manifest.get("format") != FORMAT:
            manifest = {"segments": []}  # written by another version of this code: rebuilt on sync
        loaded = {s.name: s for s in self._segments}
        segments = [loaded.get(name) or self._load_segment(name) for name in manifest["segments"]]
        self._segments = segments
        self._loaded_manifest = text
        df: Counter[str] = Counter()
        n = 0
        for segment in segments:
            df.update(segment.df)
            n += segment.size
        self._stats = TermStats.from_counts(df, n)
        self._casing = Casing.merged(segment.casing for segment in segments)

    def _load_segment(self, name: str) -> _Segment:
        import bm25s

        where = self._dir / name
        counts = json.loads((where / "df.json").read_text())
        # Mapped, not read: a search touches only the ids of its best hits.
        chunk_ids = np.load(where / "chunk_ids.npy", mmap_mode="r")
        bm25 = bm25s.BM25.load(str(where / "bm25"), mmap=True) if len(chunk_ids) else _Empty()
        return _Segment(
            name=name,
            versions=self._read_versions(name),
            chunk_ids=chunk_ids,
            doc_ids=np.load(where / "doc_ids.npy", mmap_mode="r"),
            bm25=bm25,
            df=Counter(counts["df"]),
            casing=Casing.from_json(json.loads((where / "casing.json").read_text())),
        )

    def _apply_masks(self, committed: dict[str, str]) -> None:
        masks = {}
        for segment in self._segments:
            dead = [d for d, h in segment.versions.items() if committed.get(d) != h]
            if dead:
                masks[segment.name] = np.isin(segment.doc_ids, dead)
        self._masked = masks

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        with open(self._dir / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


class _Empty:
    """A segment of documents that have no chunks."""

    @staticmethod
    def get_scores(terms: list[str]) -> np.ndarray:
        return np.zeros(0, dtype=np.float32)
