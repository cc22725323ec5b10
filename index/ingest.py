"""Incremental ingestion: hash each document, skip unchanged ones, replace changed ones safely."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from index.chunking import Chunker
from index.embedders import Embedder
from index.loaders import UnreadableFile, discover, load_document
from index.store import ChunkStore

ProgressCallback = Callable[[int, int, str], None]
# Splits a document text into sentence spans; handed in by the composition root (index never imports qa).
SentenceSplitter = Callable[[str], list[tuple[int, int]]]


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
        self, store: ChunkStore, chunker: Chunker, embedder: Embedder, sentences: SentenceSplitter | None = None
    ) -> None:
        """With ``sentences``, every sentence is embedded here too, so questions embed only the query."""
        self._store = store
        self._chunker = chunker
        self._embedder = embedder
        self._sentences = sentences

    def ingest(self, paths: Iterable[str | Path], on_progress: ProgressCallback | None = None) -> IngestReport:
        report = IngestReport()
        files = list(discover(paths))
        bar = tqdm(files, desc="ingesting", unit="file", disable=len(files) < 5 or None)
        for done, path in enumerate(bar, start=1):
            self._ingest_one(path, report)
            if on_progress is not None:
                on_progress(done, len(files), path.name)
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
            self._store.remove_stale_sentences(document.doc_id)
            report.unchanged.append(document.doc_id)
            return
        chunks = self._chunker.split(document)
        if not chunks:
            report.failed.append(FailedFile(str(path), "no text could be chunked"))
            return
        spans = self._sentences(document.text) if self._sentences is not None else []
        # One call for chunks and sentences: the embedder batches them by length together.
        embeddings = self._embedder.embed_passages(
            [c.text for c in chunks] + [document.text[start:end] for start, end in spans]
        )
        # Order matters for crash safety: new chunks and sentences, then the record, then old ones go.
        self._store.write_chunks(document.content_hash, chunks, embeddings[: len(chunks)])
        if spans:
            self._store.write_sentences(document.doc_id, document.content_hash, spans, embeddings[len(chunks) :])
        self._store.commit_document(document, len(chunks))
        self._store.remove_stale_chunks(document.doc_id)
        self._store.remove_stale_sentences(document.doc_id)
        (report.updated if known else report.added).append(document.doc_id)
