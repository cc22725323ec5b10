"""Incremental ingestion: hash each document, skip unchanged ones, replace changed ones safely."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from index.chunking import Chunker
from index.embedders import Embedder
from index.loaders import LinkOutsideFolder, UnreadableFile, discover, load_document
from index.store import ChunkStore

ProgressCallback = Callable[[int, int, str], None]


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

    def __init__(self, store: ChunkStore, chunker: Chunker, embedder: Embedder) -> None:
        self._store = store
        self._chunker = chunker
        self._embedder = embedder

    def ingest(
        self,
        paths: Iterable[str | Path],
        on_progress: ProgressCallback | None = None,
        *,
        follow_symlinks: bool = False,
    ) -> IngestReport:
        report = IngestReport()
        files = list(discover(paths, follow_symlinks=follow_symlinks))
        bar = tqdm(files, desc="ingesting", unit="file", disable=len(files) < 5 or None)
        for done, found in enumerate(bar, start=1):
            if isinstance(found, LinkOutsideFolder):
                report.failed.append(FailedFile(str(found), "a symlink leading out of the folder; not followed"))
                name = Path(str(found)).name
            else:
                self._ingest_one(found, report)
                name = found.name
            if on_progress is not None:
                on_progress(done, len(files), name)
        return report

    def _ingest_one(self, path: Path, report: IngestReport) -> None:
        try:
            document = load_document(path)
        except UnreadableFile as e:
            report.failed.append(FailedFile(str(path), str(e)))
            return
        known = self._store.current_hashes().get(document.doc_id)
        if known == document.content_hash:
            # An ingest that died after its commit left the old version's chunks; finish its cleanup.
            self._store.remove_stale_chunks(document.doc_id)
            report.unchanged.append(document.doc_id)
            return
        chunks = self._chunker.split(document)
        if not chunks:
            report.failed.append(FailedFile(str(path), "no text could be chunked"))
            return
        embeddings = self._embedder.embed_passages([c.text for c in chunks])
        # Order matters for crash safety: new chunks, then the record, then old chunks go.
        self._store.write_chunks(document.content_hash, chunks, embeddings)
        self._store.commit_document(document, len(chunks))
        self._store.remove_stale_chunks(document.doc_id)
        (report.updated if known else report.added).append(document.doc_id)
