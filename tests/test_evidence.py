"""Sentence evidence: the best sentence wins, and the sentence-vector cache stays within its limit."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from index.store import StoredChunk
from qa.evidence import EvidenceSelector
from qa.question import analyse
from qa.retrieval import RetrievedChunk
from qa.sentence_scores import Candidate, RerankingScorer
from qa.text import TermStats
from tests.fakes import HashingEmbedder

TEXTS = {
    "a.txt": "The summit opened in Pyongyang. Kim greeted the guests at the airport. The talks lasted two days.",
    "b.txt": "Rosatom signed a reactor deal. The deal covers fuel supply. Engineers arrive next spring.",
}


class CountingEmbedder(HashingEmbedder):
    """Counts the passages it embeds, not just the calls."""

    def __init__(self) -> None:
        super().__init__()
        self.passages = 0

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.passages += len(texts)
        return super().embed_passages(texts)


def _whole(doc_id: str) -> RetrievedChunk:
    text = TEXTS[doc_id]
    return RetrievedChunk(StoredChunk(f"{doc_id}::0", doc_id, 0, len(text), text), fused=1.0, dense=None)


def _select(selector: EvidenceSelector, embedder: HashingEmbedder, query: str, doc_ids: list[str]) -> list[str]:
    stats = TermStats(TEXTS.values())
    chunks = [_whole(d) for d in doc_ids]
    return [e.text for e in selector.select(analyse(query), embedder.embed_query(query), chunks, stats, limit=2)]


def test_the_sentence_that_answers_ranks_first() -> None:
    embedder = CountingEmbedder()
    selector = EvidenceSelector(embedder, TEXTS.__getitem__, lambda d: d)
    best = _select(selector, embedder, "Who greeted the guests at the airport?", ["a.txt", "b.txt"])
    assert best[0] == "Kim greeted the guests at the airport."


def test_cached_sentences_are_not_embedded_again() -> None:
    embedder = CountingEmbedder()
    selector = EvidenceSelector(embedder, TEXTS.__getitem__, lambda d: d)
    _select(selector, embedder, "reactor deal", ["b.txt"])
    _select(selector, embedder, "fuel supply", ["b.txt"])
    assert embedder.passages == 3


def test_cache_keeps_only_the_most_recently_used_sentences() -> None:
    embedder = CountingEmbedder()
    selector = EvidenceSelector(embedder, TEXTS.__getitem__, lambda d: d, cache_limit=3)
    _select(selector, embedder, "summit", ["a.txt"])  # 3 sentences embedded, cache full
    _select(selector, embedder, "reactor", ["b.txt"])  # 3 more; a.txt's are evicted
    assert embedder.passages == 6
    _select(selector, embedder, "reactor", ["b.txt"])  # still cached
    assert embedder.passages == 6
    _select(selector, embedder, "summit", ["a.txt"])  # evicted, so embedded again
    assert embedder.passages == 9


class _Fixed:
    """A sentence scorer with set scores by sentence text (the real interface), counting what it scores."""

    needs_sentence_vectors = False

    def __init__(self, by_text: dict[str, float], default: float = 0.8) -> None:
        self.by_text = by_text
        self.default = default
        self.scored: list[str] = []

    def scores(self, query_text: str, query_vector: np.ndarray, candidates: Sequence[Candidate]) -> list[float]:
        self.scored.extend(c.text for c in candidates)
        return [self.by_text.get(c.text, self.default) for c in candidates]


MATCH = {
    "m.txt": "Ferrow United won the cup final 3-1 on Sunday. The final drew 40,000 fans to Ashgate. "
    "The cup final was decided by a late Ferrow United goal. Ferrow United had lost the final in 2019.",
}


def _reranked(second: _Fixed, depth: int) -> list[str]:
    embedder = HashingEmbedder()
    scorer = RerankingScorer(_Fixed({}), second, depth=depth)
    selector = EvidenceSelector(embedder, MATCH.__getitem__, lambda d: d, scorer=scorer)
    text = MATCH["m.txt"]
    chunk = RetrievedChunk(StoredChunk("m.txt::0", "m.txt", 0, len(text), text), fused=1.0, dense=0.8)
    question = analyse("How did Ferrow United win the cup final?")
    evidence = selector.select(question, embedder.embed_query(question.text), [chunk], TermStats(MATCH.values()), 4)
    return [e.text for e in evidence]


def test_the_second_scorer_reorders_the_best_sentences_by_their_standing() -> None:
    late_goal = "The cup final was decided by a late Ferrow United goal."
    before = _reranked(_Fixed({}), depth=4)
    assert before[0] != late_goal
    second = _Fixed({late_goal: 0.95}, default=0.80)
    after = _reranked(second, depth=4)
    assert after[0] == late_goal


def test_the_second_scorer_reads_only_the_best_few_sentences() -> None:
    second = _Fixed({})
    _reranked(second, depth=2)
    assert len(second.scored) == 2
