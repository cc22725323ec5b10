"""Sentence windows: an evidence sentence with its neighbours, so a model sees the context.

A window is shown to the model as one numbered passage; a claim is then cited to the single
sentence of the window that backs it, or to the whole window (one contiguous span of the document).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace

from qa.answer import Evidence
from qa.text import content_terms, sentence_spans

# Neighbours on each side of the evidence sentence: enough for "he" or "the deal" to be resolved,
# few enough that six passages stay a short prompt for a small model.
WINDOW_RADIUS = 1
# Words of a passage the model reads. Evidence sentences of the bundled articles run 8-54 words (median
# about 24); prefill is most of the wait on a 2-core CPU (about 8 ms a token), so a longer passage is cut
# to this many words around the question's own words in it. What the model writes is still checked
# against the whole sentence.
PASSAGE_WORDS = 30


@dataclass(frozen=True)
class Passage:
    """One numbered passage of a prompt: ``sentences`` in document order, ``center`` the evidence."""

    center: Evidence
    sentences: tuple[Evidence, ...]
    whole: Evidence  # the window as one span of the document
    shown: str = ""  # what the model reads when not the whole window (``clipped``)

    @property
    def text(self) -> str:
        return self.shown or self.whole.text


def clipped(passage: Passage, terms: Collection[str], most: int = PASSAGE_WORDS) -> Passage:
    """``passage`` as the model reads it: at most ``most`` words, those around the most of ``terms``
    (stemmed question words) it holds; its start when it holds none. Citations keep the whole span."""
    tokens = passage.text.split()
    if len(tokens) <= most:
        return passage
    hits = [i for i, token in enumerate(tokens) if set(content_terms(token)) & set(terms)]
    middle = sum(hits) / len(hits) if hits else 0.0

    def rank(start: int) -> tuple[int, float]:  # most question words, then centred on them
        return sum(start <= h < start + most for h in hits), -abs(start + most / 2 - middle)

    start = max(range(len(tokens) - most + 1), key=rank)
    return replace(passage, shown=" ".join(tokens[start : start + most]))


def single(evidence: Evidence) -> Passage:
    """A passage of just the evidence sentence (no document text at hand)."""
    return Passage(center=evidence, sentences=(evidence,), whole=evidence)


class WindowMaker:
    """Builds windows from document texts; sentence spans are kept per document until ``forget``."""

    def __init__(self, document_text: Callable[[str], str], radius: int = WINDOW_RADIUS) -> None:
        self._document_text = document_text
        self._radius = radius
        self._spans: dict[str, list[tuple[int, int]]] = {}
        self._lock = threading.Lock()

    def forget(self) -> None:
        with self._lock:
            self._spans.clear()

    def passages(self, evidence: list[Evidence]) -> list[Passage]:
        """One window per evidence sentence; a sentence already shown inside an earlier window is skipped."""
        shown: set[tuple[str, int]] = set()
        out: list[Passage] = []
        for item in evidence:
            if (item.doc_id, item.start) in shown:
                continue
            passage = self.window(item)
            shown.update((s.doc_id, s.start) for s in passage.sentences)
            out.append(passage)
        return out

    def window(self, item: Evidence) -> Passage:
        text = self._document_text(item.doc_id)
        spans = self._doc_spans(item.doc_id, text)
        at = next((i for i, (s, e) in enumerate(spans) if s <= item.start < e), None)
        if at is None:
            return single(item)
        chosen = spans[max(0, at - self._radius) : at + self._radius + 1]
        sentences = tuple(
            item
            if (s, e) == (item.start, item.end)
            else item.model_copy(update={"start": s, "end": e, "text": text[s:e]})
            for s, e in chosen
        )
        start, end = chosen[0][0], chosen[-1][1]
        whole = item.model_copy(update={"start": start, "end": end, "text": text[start:end]})
        return Passage(center=item, sentences=sentences, whole=whole)

    def _doc_spans(self, doc_id: str, text: str) -> list[tuple[int, int]]:
        with self._lock:
            if doc_id not in self._spans:
                self._spans[doc_id] = sentence_spans(text)
            return self._spans[doc_id]
