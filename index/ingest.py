"""Incremental ingestion: hash each document, skip unchanged ones, replace changed ones safely.

Document ids. A document is identified by its *source*: the resolved path of a local file, or
``upload:<hash of the bytes>/<name>`` for a file that arrived over the network. Its id is the file
name when no other source holds that name (so the bundled articles keep their file names), else the
name with a short hash of the source before the suffix (``index~3f2a9c1b.txt``). Ingesting the same
source again finds its existing id and updates that document; a file of the same name from another
folder, or an upload that picks an existing name, becomes a document of its own.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from index.chunking import Chunker
from index.embedders import Embedder
from index.loaders import MAX_FILE_BYTES, LinkOutsideFolder, UnreadableFile, discover, load_document
from index.poison import instruction_spans
from index.store import ChunkStore

log = logging.getLogger(__name__)

ProgressCallback = Callable[[float, int, str], None]
# Chunks embedded per call: progress is reported after each batch, so a big file shows it moving.
EMBED_BATCH = 32
# Hex digits of the source hash that tell same-named documents apart: 8 make a clash between two
# sources of the same name a one-in-four-billion event, and the ids stay short enough to read.
SOURCE_HASH_CHARS = 8


@dataclass(frozen=True)
class Upload:
    """A file that arrived over the network: saved at ``path``; ``name`` is what the sender called it."""

    path: Path
    name: str

    def source(self) -> str:
        digest = hashlib.sha256(self.path.read_bytes()).hexdigest()[:16]
        return f"upload:{digest}/{self.name}"


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

    def to_dict(self) -> dict[str, Any]:
        """Ids by result, failures by file name (never a server path), and the one-line summary."""
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": [{"file": Path(f.path).name, "reason": f.reason} for f in self.failed],
            "summary": self.summary().splitlines()[0],
        }


class Ingestor:
    """Turns files into committed chunks in a ``ChunkStore``."""

    def __init__(
        self,
        store: ChunkStore,
        chunker: Chunker,
        embedder: Embedder,
        sentences: SentenceSplitter | None = None,
        max_file_bytes: int = MAX_FILE_BYTES,
    ) -> None:
        """With ``sentences``, every sentence is embedded here too, so questions embed only the query."""
        self._store = store
        self._chunker = chunker
        self._embedder = embedder
        self._sentences = sentences
        self._max_file_bytes = max_file_bytes

    def ingest(
        self,
        paths: Iterable[str | Path | Upload],
        on_progress: ProgressCallback | None = None,
        *,
        follow_symlinks: bool = False,
    ) -> IngestReport:
        """Each file succeeds or fails on its own; a failure is one line in the report, never a stop."""
        report = IngestReport()
        items = list(paths)
        uploads = [item for item in items if isinstance(item, Upload)]
        named = (item for item in items if not isinstance(item, Upload))
        files: list[Path | Upload | LinkOutsideFolder] = [*discover(named, follow_symlinks=follow_symlinks), *uploads]
        bar = tqdm(files, desc="ingesting", unit="file", disable=len(files) < 5 or None)
        for done, item in enumerate(bar):
            name = Path(str(item)).name if isinstance(item, LinkOutsideFolder) else item.name

            def progress(fraction: float, done: int = done, name: str = name) -> None:
                if on_progress is not None:
                    on_progress(done + fraction, len(files), name)

            if isinstance(item, LinkOutsideFolder):
                report.failed.append(FailedFile(str(item), "a symlink leading out of the folder; not followed"))
            else:
                self._ingest_one(item, report, progress)
            progress(1.0)
        return report

    def _ingest_one(self, item: Path | Upload, report: IngestReport, progress: Callable[[float], None]) -> None:
        path = item.path if isinstance(item, Upload) else item
        label = item.name if isinstance(item, Upload) else str(path)  # a temporary path means nothing to the sender
        try:
            loaded = load_document(path, self._max_file_bytes)
            source = item.source() if isinstance(item, Upload) else str(path.resolve())
        except UnreadableFile as e:
            report.failed.append(FailedFile(label, str(e)))
            return
        except OSError as e:
            report.failed.append(FailedFile(label, f"cannot read: {e.strerror or e}"))
            return
        document = dataclasses.replace(loaded, doc_id=self._document_id(loaded.doc_id, source), source_path=source)
        known = self._store.current_hashes().get(document.doc_id)
        if known == document.content_hash:
            # An ingest that died after its commit left the old version's chunks; finish its cleanup.
            self._store.remove_stale_chunks(document.doc_id)
            self._store.remove_stale_sentences(document.doc_id)
            report.unchanged.append(document.doc_id)
            return
        try:
            chunks = self._chunker.split(document)
            spans = self._sentences(document.text) if self._sentences is not None and chunks else []
            # One run for chunks and sentences: the embedder batches them by length together.
            texts = [c.text for c in chunks] + [document.text[start:end] for start, end in spans]
            embeddings = self._embedded(texts, progress) if chunks else None
        except Exception as e:  # a failure of this file's text (splitter, embedder): the next file still goes in
            log.exception("ingesting %s failed", label)
            report.failed.append(FailedFile(label, _one_line(e)))
            return
        if embeddings is None:
            report.failed.append(FailedFile(label, "no text could be chunked"))
            return
        flagged = instruction_spans(document.text)
        if flagged:
            log.warning("%s: %d passage(s) address the reader or a model; kept out of evidence", label, len(flagged))
        # Order matters for crash safety: new chunks and sentences, then the record, then old ones go.
        self._store.write_chunks(document.content_hash, chunks, embeddings[: len(chunks)], flagged=flagged)
        if spans:
            self._store.write_sentences(document.doc_id, document.content_hash, spans, embeddings[len(chunks) :])
        self._store.commit_document(document, len(chunks), flagged)
        self._store.remove_stale_chunks(document.doc_id)
        self._store.remove_stale_sentences(document.doc_id)
        (report.updated if known else report.added).append(document.doc_id)

    def _embedded(self, texts: list[str], progress: Callable[[float], None]) -> np.ndarray:
        parts = []
        for i in range(0, len(texts), EMBED_BATCH):
            parts.append(self._embedder.embed_passages(texts[i : i + EMBED_BATCH]))
            progress(min(i + EMBED_BATCH, len(texts)) / len(texts) * 0.99)
        return np.vstack(parts)

    def _document_id(self, name: str, source: str) -> str:
        """This source's id if it has one; else its name, unless another source holds it (see module doc)."""
        existing = self._store.document_for_source(source)
        if existing is not None:
            return existing
        holder = self._store.document(name)
        if holder is None or _same_source(holder.source_path, source):
            return name
        stem, dot, suffix = name.rpartition(".")
        tag = hashlib.sha256(source.encode("utf-8")).hexdigest()[:SOURCE_HASH_CHARS]
        return f"{stem}~{tag}.{suffix}" if dot and stem else f"{name}~{tag}"


def _same_source(stored: str, source: str) -> bool:
    """Stores written before sources were resolved hold the path as it was typed."""
    if stored == source:
        return True
    if not stored or stored.startswith("upload:") or source.startswith("upload:"):
        return False
    try:
        return str(Path(stored).resolve()) == source
    except OSError:
        return False


def _one_line(error: Exception) -> str:
    """An unexpected failure as one line: its type and the first line of its message."""
    message = str(error).strip().splitlines()
    return f"could not be ingested ({type(error).__name__}: {message[0] if message else 'no details'})"
