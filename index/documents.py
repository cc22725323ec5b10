"""Plain data carried between loading, chunking and storing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class SourceDocument:
    """One article as read from disk: ``text`` is what offsets point into."""

    doc_id: str
    title: str
    text: str
    source_path: str

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Chunk:
    """A span of a document: ``document.text[start:end] == text``."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str

    def chunk_id(self, content_hash: str) -> str:
        # The hash is part of the id so a new version's chunks never overwrite the old ones.
        return f"{self.doc_id}::{content_hash[:16]}::{self.index}"
