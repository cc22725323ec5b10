"""Incremental ingestion: hash each document, skip unchanged ones, replace changed ones safely."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from tqdm import tqdm

from index.chunking import Chunker
from index.documents import Chunk
from index.embedders import Embedder
from index.loaders import MAX_FILE_BYTES, UnreadableFile, discover, load_document
from index.poison import instruction_spans
from index.store import ChunkStore

log = logging.getLogger(__name__)

ProgressCallback = Callable[[float, int, str], None]
# Chunks embedded per call: progress is reported after each batch, so a big file shows it moving.
EMBED_BATCH = 32


@dataclass(frozen=True)
class FailedFile:
    path: str
    reason: str


@dataclass(frozen=True)
class IngestReport:
    """What one ingest did, by document id (failures by path, with the reason)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[FailedFile] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.failed)} failed"
        )
        return text + "".join(f"\n  failed: {f.path}: {f.reason}" for f in self.failed)


class Ingestor:
    """Turns files into committed chunks in a ``ChunkStore``."""

    def __init__(
        self, store: ChunkStore, chunker: Chunker, embedder: Embedder, max_file_bytes: int = MAX_FILE_BYTES
    ) -> None:
        self._store = store
        self._chunker = chunker
        self._embedder = embedder
        self._max_file_bytes = max_file_bytes

    def ingest(self, paths: Iterable[str | Path], on_progress: ProgressCallback | None = None) -> IngestReport:
        """Each file succeeds or fails on its own; a failure is one line in the report, never a stop."""
        report = IngestReport()
        files = list(discover(paths))
        bar = tqdm(files, desc="ingesting", unit="file", disable=len(files) < 5 or None)
        for done, path in enumerate(bar):

            def progress(fraction: float, done: int = done, path: Path = path) -> None:
                if on_progress is not None:
                    on_progress(done + fraction, len(files), path.name)

            self._ingest_one(path, report, progress)
            progress(1.0)
        return report

    def _ingest_one(self, path: Path, report: IngestReport, progress: Callable[[float], None]) -> None:
        try:
            document = load_document(path, self._max_file_bytes)
        except UnreadableFile as e:
            report.failed.append(FailedFile(str(path), str(e)))
            return
        known = self._store.current_hashes().get(document.doc_id)
        if known == document.content_hash:
            # An ingest that died after its commit left the old version's chunks; finish its cleanup.
            self._store.remove_stale_chunks(document.doc_id)
            report.unchanged.append(document.doc_id)
            return
        try:
            chunks = self._chunker.split(document)
            embeddings = self._embedded(chunks, progress) if chunks else None
        except Exception as e:  # a failure of this file's text (splitter, embedder): the next file still goes in
            log.exception("ingesting %s failed", path)
            report.failed.append(FailedFile(str(path), _one_line(e)))
            return
        if embeddings is None:
            report.failed.append(FailedFile(str(path), "no text could be chunked"))
            return
        flagged = instruction_spans(document.text)
        if flagged:
            log.warning("%s: %d passage(s) address the reader or a model; kept out of evidence", path, len(flagged))
        # Order matters for crash safety: new chunks, then the record, then old chunks go.
        self._store.write_chunks(document.content_hash, chunks, embeddings, flagged=flagged)
        self._store.commit_document(document, len(chunks), flagged)
        self._store.remove_stale_chunks(document.doc_id)
        (report.updated if known else report.added).append(document.doc_id)

    def _embedded(self, chunks: list[Chunk], progress: Callable[[float], None]) -> np.ndarray:
        texts = [c.text for c in chunks]
        parts = []
        for i in range(0, len(texts), EMBED_BATCH):
            parts.append(self._embedder.embed_passages(texts[i : i + EMBED_BATCH]))
            progress(min(i + EMBED_BATCH, len(texts)) / len(texts) * 0.99)
        return np.vstack(parts)


def _one_line(error: Exception) -> str:
    """An unexpected failure as one line: its type and the first line of its message."""
    message = str(error).strip().splitlines()
    return f"could not be ingested ({type(error).__name__}: {message[0] if message else 'no details'})"
