"""Sentence-level evidence: split retrieved chunks into sentences and score each against the query."""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from index.embedders import Embedder
from index.poison import mentions_machinery
from qa.answer import Evidence
from qa.asked import holds
from qa.question import Question
from qa.retrieval import RetrievedChunk
from qa.sentence_scores import (
    CACHE_LIMIT,
    Candidate,
    RerankingScorer,
    SentenceScorer,
    StoredVectors,
    StoredVectorScorer,
)
from qa.text import TermStats, content_terms, sentence_spans, words

DENSE_WEIGHT = 0.55
# A sentence holding the kind of value asked for (a date for "when") is more likely the answer.
KIND_BONUS = 0.08
# A follow-up's own words matter more than the context words added to it.
FOCUS_WEIGHT = 0.7
# For a question with several parts, the weight of the question terms a sentence adds to those already
# covered, against its own score (maximal marginal coverage).
COVERAGE_WEIGHT = 0.3
# A reranking scorer's second opinion moves a contender by this much per standard deviation it stands
# above (or below) the mean of the contenders, at most ``RERANK_SPREAD`` deviations either way. Sentence
# cosines are bunched and their spread differs from question to question (e5: 0.80-0.92 in one, 0.75-0.80
# in another), so the weight applies to the standing among the contenders, not to the raw cosine.
RERANK_WEIGHT = 0.06
RERANK_SPREAD = 2.0
# Openers that point back at the sentence before: a pronoun or demonstrative.
_ANAPHORS = frozenset(
    [
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "they",
        "their",
        "them",
        "he",
        "his",
        "she",
        "her",
        "such",
        "both",
        "there",
    ]
)
# Cosine similarity the embedder gives a question and an unrelated passage ("chance"), measured on the
# bundled articles: e5 scores unrelated pairs about 0.72 (its similarities are bunched, README). A question
# in another language than the articles shares no word with them, so word overlap cannot speak for it; then
# the similarity above chance, rescaled to 0..1, takes the place of the overlap. Russian and Korean
# questions the articles answer scored 0.82-0.83, an unrelated Russian one 0.73. MiniLM is English-only.
DENSE_CHANCE = {"multilingual-e5-small-q4": 0.72}


class EvidenceSelector:
    """Scores the sentences of retrieved chunks by meaning (a ``SentenceScorer``) and by words (IDF coverage)."""

    def __init__(
        self,
        embedder: Embedder,
        document_text: Callable[[str], str],
        titles: Callable[[str], str],
        cache_limit: int = CACHE_LIMIT,
        stored_vectors: StoredVectors | None = None,
        flagged: Callable[[str], Sequence[tuple[int, int]]] | None = None,
        scorer: SentenceScorer | None = None,
    ) -> None:
        """Without a ``scorer``, sentences are scored by their vectors made at ingest (``stored_vectors``);
        only sentences it lacks are embedded here."""
        self._embedder = embedder
        self._scorer = scorer or StoredVectorScorer(embedder, stored_vectors, cache_limit)
        self._flagged = flagged
        self._document_text = document_text
        self._titles = titles
        self._spans: dict[str, list[tuple[int, int]]] = {}
        self._lock = threading.Lock()

    def forget(self, doc_ids: Iterable[str] | None = None) -> None:
        """Drop cached sentence spans of these documents (changed or deleted ones); None drops all.

        Sentence vectors are keyed by their text, so they stay valid whatever document changed.
        """
        with self._lock:
            if doc_ids is None:
                self._spans.clear()
                return
            for doc_id in set(doc_ids):
                self._spans.pop(doc_id, None)

    def select(
        self,
        question: Question,
        query_vector: np.ndarray,
        chunks: list[RetrievedChunk],
        stats: TermStats,
        limit: int,
    ) -> list[Evidence]:
        """Best sentences for the question; its own words weigh more than context words added to it."""
        # Passages flagged at ingest as instructions to the reader are no evidence, unless the question
        # itself is about answers, instructions or models ("What does the article say the answer is?").
        candidates = self._candidate_sentences(chunks, keep_flagged=mentions_machinery(question.original))
        if not candidates:
            return []
        query_terms = set(question.query_terms)
        focus_terms = set(question.terms) or query_terms
        chance = DENSE_CHANCE.get(self._embedder.name)
        # No word of the question occurs in any article: most likely another language than the articles'.
        foreign = chance is not None and bool(query_terms) and not any(stats.known(t) for t in query_terms)
        dense_scores = self._scorer.scores(question.text, query_vector, candidates)
        scored = []
        for candidate, dense in zip(candidates, dense_scores, strict=True):
            doc_id, start, end, text = candidate.doc_id, candidate.start, candidate.end, candidate.text
            terms = set(content_terms(text))
            lexical = FOCUS_WEIGHT * _coverage(focus_terms, terms, stats) + (1 - FOCUS_WEIGHT) * _coverage(
                query_terms, terms, stats
            )
            if foreign and chance is not None:
                lexical = max(0.0, dense - chance) / (1 - chance)
            score = DENSE_WEIGHT * dense + (1 - DENSE_WEIGHT) * lexical
            if question.asks_value and holds(question, text):
                score += KIND_BONUS
            scored.append(
                Evidence(
                    doc_id=doc_id,
                    title=self._titles(doc_id),
                    start=start,
                    end=end,
                    text=text,
                    score=round(score, 4),
                    before=self._before(doc_id, start),
                    closeness=round(max(0.0, dense - chance) / (1 - chance), 4) if chance is not None else 0.0,
                )
            )
        scored.sort(key=lambda e: e.score, reverse=True)
        if isinstance(self._scorer, RerankingScorer):
            scored = self._rerank(self._scorer, question, query_vector, scored)
        if question.several:
            return _cover(scored, focus_terms, stats, limit)
        return scored[:limit]

    def _rerank(
        self, scorer: RerankingScorer, question: Question, query_vector: np.ndarray, scored: list[Evidence]
    ) -> list[Evidence]:
        """The best ``scorer.depth`` sentences reordered by their score plus the second scorer's standing of
        each among them. Only the order changes: the scores themselves are handed out again in the new order,
        so the abstention threshold reads the same values (moving the scores too answered fewer answerable
        questions on dev: eval/results/rank-issue8.md)."""
        contenders = scored[: scorer.depth]
        if len(contenders) < 2:
            return scored
        candidates = [Candidate(e.doc_id, e.start, e.end, e.text, ()) for e in contenders]
        second = np.asarray(scorer.second.scores(question.text, query_vector, candidates), dtype=np.float64)
        spread = float(second.std())
        if spread <= 0.0:
            return scored
        standing = np.clip((second - second.mean()) / spread, -RERANK_SPREAD, RERANK_SPREAD)
        moved = [
            e.model_copy(update={"score": round(e.score + RERANK_WEIGHT * float(z), 4)})
            for e, z in zip(contenders, standing, strict=True)
        ]
        # Order only: the contenders keep the scores they had, handed out in their new order.
        order = sorted(range(len(moved)), key=lambda i: moved[i].score, reverse=True)
        values = [e.score for e in contenders]
        kept = [contenders[i].model_copy(update={"score": v}) for i, v in zip(order, values, strict=True)]
        return kept + scored[scorer.depth :]

    def _before(self, doc_id: str, start: int) -> Evidence | None:
        """The previous sentence of the same paragraph (no line break between), if any."""
        text = self._document_text(doc_id)
        spans = self._document_spans(doc_id, text)
        at = bisect.bisect_left(spans, (start, start)) - 1
        if at < 0:
            return None
        s, e = spans[at]
        if "\n" in text[e:start]:
            return None
        return Evidence(doc_id=doc_id, title=self._titles(doc_id), start=s, end=e, text=text[s:e], score=0.0)

    def _candidate_sentences(self, chunks: list[RetrievedChunk], keep_flagged: bool = False) -> list[Candidate]:
        """Sentences overlapping the retrieved chunks, in retrieval order, each with the chunks holding it."""
        found: dict[tuple[str, int], tuple[int, str]] = {}
        holders: dict[tuple[str, int], list[tuple[str, float | None]]] = {}
        for retrieved in chunks:
            chunk = retrieved.chunk
            text = self._document_text(chunk.doc_id)
            flagged = () if keep_flagged or self._flagged is None else self._flagged(chunk.doc_id)
            for start, end in self._document_spans(chunk.doc_id, text):
                if end <= chunk.start or start >= chunk.end:
                    continue
                if any(s < end and e > start for s, e in flagged):
                    continue
                key = (chunk.doc_id, start)
                found.setdefault(key, (end, text[start:end]))
                holders.setdefault(key, []).append((chunk.chunk_id, retrieved.dense))
        return [
            Candidate(doc_id, start, end, sentence, tuple(holders[(doc_id, start)]))
            for (doc_id, start), (end, sentence) in found.items()
        ]

    def _document_spans(self, doc_id: str, text: str) -> list[tuple[int, int]]:
        with self._lock:
            if doc_id not in self._spans:
                self._spans[doc_id] = sentence_spans(text)
            return self._spans[doc_id]


def _coverage(query_terms: set[str], sentence_terms: set[str], stats: TermStats) -> float:
    if not query_terms:
        return 0.0
    total = sum(stats.idf(t) for t in query_terms)
    return sum(stats.idf(t) for t in query_terms & sentence_terms) / total


def _cover(scored: list[Evidence], asked: set[str], stats: TermStats, limit: int) -> list[Evidence]:
    """Greedy maximal marginal coverage: each pick adds the most question terms not yet covered."""
    pool = scored[: limit * 3]
    chosen: list[Evidence] = []
    covered: set[str] = set()
    while pool and len(chosen) < limit:
        best = max(pool, key=lambda e: e.score + COVERAGE_WEIGHT * _coverage(asked - covered, _terms(e), stats))
        pool.remove(best)
        chosen.append(best)
        covered |= _terms(best) & asked
    return chosen


def _terms(item: Evidence) -> set[str]:
    return set(content_terms(item.text))


def leans_on_previous(item: Evidence) -> bool:
    """Does the sentence open by pointing back ("It is...", "This agreement...", "The treaty...")?

    A pronoun or demonstrative opener always does; "The X" does when the sentence before names X.
    """
    if item.before is None:
        return False
    opening = words(item.text)[:2]
    if not opening:
        return False
    if opening[0] in _ANAPHORS:
        return True
    if opening[0] == "the" and len(opening) > 1:
        second = item.text.split()[1] if len(item.text.split()) > 1 else ""
        return second[:1].islower() and bool(set(content_terms(second)) & set(content_terms(item.before.text)))
    return False
