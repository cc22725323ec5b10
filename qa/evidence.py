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
from qa.related_terms import TermVectors
from qa.retrieval import RetrievedChunk
from qa.sentence_scores import (
    CACHE_LIMIT,
    Candidate,
    RerankingScorer,
    SentenceScorer,
    StoredVectors,
    StoredVectorScorer,
)
from qa.text import TermStats, content_terms, sentence_spans, term_words, words

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
# A question term the sentence lacks counts as ``SOFT_WEIGHT`` of itself when a word of the sentence is near
# it in meaning: WordLlama word cosine at least ``SOFT_BAR`` ("company"/"firm" 0.47, "election"/"vote" 0.49,
# "scientist"/"researcher" 0.44, "telescope"/"observatory" 0.36; unrelated pairs near 0, and chance pairs
# over a sentence's many words reach about 0.3, qa/lexicon.py). Names are left out (two people or two cities
# sit close). Measured on dev (eval/results/recall-issue8.md): bars 0.25-0.4 and shares 0.2-0.5 all put the
# fact-holding sentence among the 12 evidence sentences more often (126 -> 127-131 of 153 items); bar 0.35
# with share 0.3 gave the most facts with no item lost.
SOFT_BAR = 0.35
SOFT_WEIGHT = 0.3
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
# Sentences of each part's own ranking that join the evidence of a question joined from several parts: the
# part's best and the next (its answer may sit in the sentence after one that merely names its topic).
PART_SENTENCES = 2
# A part of a joined question is looked for by its own words (those no other part has) only when it has
# at least this many: a single word ("what came of it?") matches sentences by chance.
MIN_PART_TERMS = 2


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
        term_vectors: TermVectors | None = None,
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
        self._term_vectors = term_vectors or TermVectors()

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
        return choose(question, self.rank(question, query_vector, chunks, stats), stats, limit)

    def rank(
        self, question: Question, query_vector: np.ndarray, chunks: list[RetrievedChunk], stats: TermStats
    ) -> list[Evidence]:
        """Every candidate sentence of the chunks, scored, best first: ``choose`` takes the evidence from it, and
        a caller wanting a longer list from the same chunks takes it again without scoring twice."""
        # Passages flagged at ingest as instructions to the reader are no evidence, unless the question
        # itself is about answers, instructions or models ("What does the article say the answer is?").
        candidates = self._candidate_sentences(
            chunks, keep_flagged=mentions_machinery(question.asking or question.original)
        )
        if not candidates:
            return []
        query_terms = set(question.query_terms)
        focus_terms = set(question.terms) or query_terms
        chance = DENSE_CHANCE.get(self._embedder.name)
        # No word of the question occurs in any article: most likely another language than the articles'.
        foreign = chance is not None and bool(query_terms) and not any(stats.known(t) for t in query_terms)
        dense_scores = self._scorer.scores(question.searched or question.text, query_vector, candidates)
        sentence_words = [term_words(c.text) for c in candidates]
        sentence_terms = [set(found) for found in sentence_words]
        near = self._near(question, query_terms | focus_terms, sentence_words)
        scored = []
        for candidate, dense, terms, closest in zip(candidates, dense_scores, sentence_terms, near, strict=True):
            doc_id, start, end, text = candidate.doc_id, candidate.start, candidate.end, candidate.text
            lexical = FOCUS_WEIGHT * _coverage(focus_terms, terms, stats, closest) + (1 - FOCUS_WEIGHT) * _coverage(
                query_terms, terms, stats, closest
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
        return scored

    def _near(
        self, question: Question, asked: set[str], sentence_words: list[dict[str, str]]
    ) -> list[dict[str, float]]:
        """For each candidate, each asked term's best word-vector cosine to a word of the sentence.

        Names are left out: they are matched by themselves only (static vectors put two people, or two
        cities, close together)."""
        if SOFT_WEIGHT <= 0:
            return [{} for _ in sentence_words]
        word_of = dict(zip(question.query_terms, question.query_words, strict=False))
        terms = sorted(asked - question.name_terms)
        wanted = [word_of.get(t, t) for t in terms]
        found = self._term_vectors.nearest(wanted, [set(words.values()) for words in sentence_words])
        return [{t: best[w] for t, w in zip(terms, wanted, strict=True)} for best in found]

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
        second = np.asarray(
            scorer.second.scores(question.searched or question.text, query_vector, candidates), dtype=np.float64
        )
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


def choose(
    question: Question,
    ranked: list[Evidence],
    stats: TermStats,
    limit: int,
    by_part: Sequence[list[Evidence]] = (),
) -> list[Evidence]:
    """The evidence from ranked sentences: the best ``limit``, or for a question with several parts those
    covering the most of its words (maximal marginal coverage).

    ``by_part``: for a question joined from several (``Question.parts``), each part's own ranking; its best
    ``PART_SENTENCES`` join the evidence, scored as answers to their part, and all is ordered by score.
    """
    if question.several:
        chosen = _cover(ranked, set(question.terms) or set(question.query_terms), stats, limit)
    else:
        chosen = ranked[:limit]
    if not by_part:
        return chosen
    # A part's sentence scores against the part alone, a shorter query it may match better than any sentence
    # matches the whole; it ranks at most level with the whole question's best, so that the windows measured
    # from the best (``qa.answerability.WINDOW``, the answer's ``SECOND_SENTENCE_RATIO``) keep their meaning.
    ceiling = chosen[0].score if chosen else 0.0
    picks = [
        e if e.score <= ceiling else e.model_copy(update={"score": ceiling})
        for p in by_part
        for e in p[:PART_SENTENCES]
    ]
    best: dict[tuple[str, int], Evidence] = {}
    for item in [*chosen, *picks]:
        key = (item.doc_id, item.start)
        seen = best.get(key)
        if seen is None:
            best[key] = item
        elif item.score > seen.score or item.closeness > seen.closeness:
            # A sentence found for the whole question and for a part: its better score and closeness of the two.
            update = {"score": max(item.score, seen.score), "closeness": max(item.closeness, seen.closeness)}
            best[key] = seen.model_copy(update=update)
    return sorted(best.values(), key=lambda e: e.score, reverse=True)


def own_terms(question: Question, part: Question) -> set[str]:
    """The words of one part of a joined question that no other part has."""
    return set(part.terms) - {t for other in question.parts if other is not part for t in other.terms}


def searched_parts(question: Question) -> tuple[Question, ...]:
    """The parts of a joined question searched on their own: those with ``MIN_PART_TERMS`` own words."""
    return tuple(p for p in question.parts if len(own_terms(question, p)) >= MIN_PART_TERMS)


def _coverage(
    query_terms: set[str], sentence_terms: set[str], stats: TermStats, closest: dict[str, float] | None = None
) -> float:
    """Share of the question terms' IDF the sentence holds; a term it lacks counts in part when a word of
    the sentence is near it in meaning (``closest``: each term's best cosine to the sentence's terms)."""
    if not query_terms:
        return 0.0
    total = sum(stats.idf(t) for t in query_terms)
    held = sum(stats.idf(t) for t in query_terms & sentence_terms)
    if closest:
        held += sum(stats.idf(t) * _partial(closest.get(t, 0.0)) for t in query_terms - sentence_terms)
    return held / total


def _partial(cosine: float) -> float:
    """The share of a lacking term that the sentence's nearest word covers."""
    return SOFT_WEIGHT if cosine >= SOFT_BAR else 0.0


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
