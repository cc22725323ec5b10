"""Sentence-level evidence: split retrieved chunks into sentences and score each against the query."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from index.embedders import Embedder
from index.poison import mentions_machinery
from qa.answer import Evidence
from qa.asked import asked_kind, holds
from qa.retrieval import RetrievedChunk
from qa.text import TermStats, content_terms, sentence_spans

DENSE_WEIGHT = 0.55
# A sentence holding the kind of value asked for (a date for "when") is more likely the answer.
KIND_BONUS = 0.08
# A follow-up's own words matter more than the context words added to it.
FOCUS_WEIGHT = 0.7
# Cosine similarity the embedder gives a question and an unrelated passage ("chance"), measured on the
# bundled articles: e5 scores unrelated pairs about 0.72 (its similarities are bunched, README). A question
# in another language than the articles shares no word with them, so word overlap cannot speak for it; then
# the similarity above chance, rescaled to 0..1, takes the place of the overlap. Russian and Korean
# questions the articles answer scored 0.82-0.83, an unrelated Russian one 0.73. MiniLM is English-only.
DENSE_CHANCE = {"multilingual-e5-small-q4": 0.72}
# Sentence vectors kept between questions, least recently used first out (50k x 384 floats is about 77 MB).
CACHE_LIMIT = 50_000


class EvidenceSelector:
    """Scores the sentences of retrieved chunks by meaning (embeddings) and by words (IDF coverage)."""

    def __init__(
        self,
        embedder: Embedder,
        document_text: Callable[[str], str],
        titles: Callable[[str], str],
        cache_limit: int = CACHE_LIMIT,
        flagged: Callable[[str], Sequence[tuple[int, int]]] | None = None,
    ) -> None:
        self._embedder = embedder
        self._flagged = flagged
        self._document_text = document_text
        self._titles = titles
        self._cache_limit = cache_limit
        self._sentence_vectors: OrderedDict[tuple[str, int, int], np.ndarray] = OrderedDict()
        self._spans: dict[str, list[tuple[int, int]]] = {}
        self._lock = threading.Lock()

    def forget(self, doc_ids: Iterable[str] | None = None) -> None:
        """Drop cached sentences of these documents (changed or deleted ones); None drops everything."""
        with self._lock:
            if doc_ids is None:
                self._sentence_vectors.clear()
                self._spans.clear()
                return
            doomed = set(doc_ids)
            for key in [k for k in self._sentence_vectors if k[0] in doomed]:
                del self._sentence_vectors[key]
            for doc_id in doomed:
                self._spans.pop(doc_id, None)

    def select(
        self,
        query: str,
        query_vector: np.ndarray,
        chunks: list[RetrievedChunk],
        stats: TermStats,
        limit: int,
        focus: str | None = None,
    ) -> list[Evidence]:
        """Best sentences for ``query``; words of ``focus`` (the user's own question) weigh most."""
        # Passages flagged at ingest as instructions to the reader are no evidence, unless the question
        # itself is about answers, instructions or models ("What does the article say the answer is?").
        candidates = self._candidate_sentences(chunks, keep_flagged=mentions_machinery(focus or query))
        if not candidates:
            return []
        query_terms = set(content_terms(query))
        focus_terms = set(content_terms(focus)) if focus else query_terms
        kind = asked_kind(query)
        chance = DENSE_CHANCE.get(self._embedder.name)
        # No word of the question occurs in any article: most likely another language than the articles'.
        foreign = chance is not None and bool(query_terms) and not any(stats.known(t) for t in query_terms)
        vectors = self._vectors(candidates)
        scored = []
        for (doc_id, start, end, text), vector in zip(candidates, vectors, strict=True):
            dense = float(np.dot(query_vector, vector))
            terms = set(content_terms(text))
            lexical = FOCUS_WEIGHT * _coverage(focus_terms, terms, stats) + (1 - FOCUS_WEIGHT) * _coverage(
                query_terms, terms, stats
            )
            if foreign and chance is not None:
                lexical = max(0.0, dense - chance) / (1 - chance)
            score = DENSE_WEIGHT * dense + (1 - DENSE_WEIGHT) * lexical
            if kind is not None and holds(kind, text, query):
                score += KIND_BONUS
            scored.append(
                Evidence(
                    doc_id=doc_id, title=self._titles(doc_id), start=start, end=end, text=text, score=round(score, 4)
                )
            )
        scored.sort(key=lambda e: e.score, reverse=True)
        return scored[:limit]

    def _candidate_sentences(
        self, chunks: list[RetrievedChunk], keep_flagged: bool = False
    ) -> list[tuple[str, int, int, str]]:
        seen: set[tuple[str, int]] = set()
        candidates = []
        for retrieved in chunks:
            chunk = retrieved.chunk
            text = self._document_text(chunk.doc_id)
            flagged = () if keep_flagged or self._flagged is None else self._flagged(chunk.doc_id)
            for start, end in self._document_spans(chunk.doc_id, text):
                if end <= chunk.start or start >= chunk.end or (chunk.doc_id, start) in seen:
                    continue
                if any(s < end and e > start for s, e in flagged):
                    continue
                seen.add((chunk.doc_id, start))
                candidates.append((chunk.doc_id, start, end, text[start:end]))
        return candidates

    def _document_spans(self, doc_id: str, text: str) -> list[tuple[int, int]]:
        with self._lock:
            if doc_id not in self._spans:
                self._spans[doc_id] = sentence_spans(text)
            return self._spans[doc_id]

    def _vectors(self, candidates: list[tuple[str, int, int, str]]) -> list[np.ndarray]:
        keys = [(doc_id, start, end) for doc_id, start, end, _ in candidates]
        with self._lock:
            known = {key: self._sentence_vectors[key] for key in keys if key in self._sentence_vectors}
            for key in known:
                self._sentence_vectors.move_to_end(key)
        missing = [i for i, key in enumerate(keys) if key not in known]
        if missing:
            fresh = self._embedder.embed_passages([candidates[i][3] for i in missing])
            computed = {keys[i]: vector for i, vector in zip(missing, fresh, strict=True)}
            known.update(computed)
            with self._lock:
                self._sentence_vectors.update(computed)
                while len(self._sentence_vectors) > self._cache_limit:
                    self._sentence_vectors.popitem(last=False)
        # Built from this call's own copy: a concurrent ``forget`` cannot pull vectors out from under it.
        return [known[key] for key in keys]


def _coverage(query_terms: set[str], sentence_terms: set[str], stats: TermStats) -> float:
    if not query_terms:
        return 0.0
    total = sum(stats.idf(t) for t in query_terms)
    return sum(stats.idf(t) for t in query_terms & sentence_terms) / total
