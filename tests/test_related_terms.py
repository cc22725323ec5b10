"""Partial word match in evidence scoring: a related word covers part of a question term, a name never does."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from index.store import StoredChunk
from qa.evidence import SOFT_BAR, SOFT_WEIGHT, EvidenceSelector, _coverage
from qa.question import analyse
from qa.related_terms import TermVectors
from qa.retrieval import RetrievedChunk
from qa.sentence_scores import Candidate, load_wordllama
from qa.text import TermStats, content_terms, term_words
from tests.fakes import HashingEmbedder


class _Even:
    """Every sentence gets the same meaning score, so only the words decide the order."""

    needs_sentence_vectors = False

    def scores(self, query_text: str, query_vector: np.ndarray, candidates: Sequence[Candidate]) -> list[float]:
        return [0.8 for _ in candidates]


def _scores(text: str, question_text: str) -> dict[str, float]:
    embedder = HashingEmbedder()
    docs = {"d.txt": text}
    selector = EvidenceSelector(embedder, docs.__getitem__, lambda d: d, scorer=_Even())
    chunk = RetrievedChunk(StoredChunk("d.txt::0", "d.txt", 0, len(text), text), fused=1.0, dense=0.8)
    question = analyse(question_text)
    found = selector.select(question, embedder.embed_query(question.text), [chunk], TermStats(docs.values()), 10)
    return {e.text: e.score for e in found}


def test_a_sentence_with_a_related_word_outranks_one_without() -> None:
    scores = _scores(
        "The firm laid the new bridge in May. Volunteers laid the new bridge in May.",
        "Which company laid the new bridge?",
    )
    assert scores["The firm laid the new bridge in May."] > scores["Volunteers laid the new bridge in May."]


def test_an_unrelated_word_earns_nothing() -> None:
    scores = _scores(
        "The river rose past the new bridge. The crowd gathered past the new bridge.",
        "Which company rebuilt the new bridge?",
    )
    assert scores["The river rose past the new bridge."] == scores["The crowd gathered past the new bridge."]


def test_another_name_does_not_stand_in_for_the_asked_name() -> None:
    # Static vectors put some unrelated names close ("nike"/"yankees" 0.41, above the bar): a name counts
    # only by itself.
    scores = _scores(
        "The Yankees paid for the stadium roof. Volunteers paid for the stadium roof.",
        "How much did Nike pay for the stadium roof?",
    )
    assert scores["The Yankees paid for the stadium roof."] == scores["Volunteers paid for the stadium roof."]


def test_coverage_counts_a_related_term_as_part_of_itself() -> None:
    stats = TermStats(["vote count", "flood warning", "the election"])
    asked = {"vote", "flood"}
    exact = _coverage(asked, {"vote"}, stats)
    assert _coverage(asked, {"vote"}, stats, {"flood": SOFT_BAR}) > exact
    assert _coverage(asked, {"vote"}, stats, {"flood": SOFT_BAR - 0.01}) == exact
    # A related word never counts for more than its share of the term.
    full = _coverage(asked, {"vote", "flood"}, stats)
    assert _coverage(asked, {"vote"}, stats, {"flood": 1.0}) < full
    assert SOFT_WEIGHT < 1


def test_related_words_pass_the_bar_and_unrelated_ones_do_not() -> None:
    vectors = TermVectors()
    near = vectors.nearest(["company", "election"], [{"firm", "river"}, {"vote"}, {"banana"}, {"company"}])
    assert near[0]["company"] >= SOFT_BAR  # firm
    assert near[1]["election"] >= SOFT_BAR  # vote
    assert near[2]["company"] < SOFT_BAR and near[2]["election"] < SOFT_BAR
    assert near[3]["company"] == 1.0


class _CountingModel:
    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed(self, texts: list[str]) -> Any:
        self.embedded.extend(texts)
        return load_wordllama().embed(texts)


def test_word_vectors_are_made_once_per_word() -> None:
    model = _CountingModel()
    vectors = TermVectors(model=lambda: model)
    vectors.nearest(["goal"], [{"match", "striker"}])
    vectors.nearest(["goal", "keeper"], [{"match"}])
    assert sorted(model.embedded) == ["goal", "keeper", "match", "striker"]


def test_the_cache_stays_within_its_limit() -> None:
    model = _CountingModel()
    vectors = TermVectors(model=lambda: model, limit=3)
    vectors.matrix(["rain", "storm"])
    vectors.matrix(["flood", "river"])  # past the limit: the cache starts again
    vectors.matrix(["rain"])
    assert model.embedded == ["rain", "storm", "flood", "river", "rain"]


def test_term_words_give_the_word_each_term_comes_from() -> None:
    found = term_words("The striker flew home after scoring goals")
    assert list(found) == content_terms("The striker flew home after scoring goals")
    assert found[content_terms("flew")[0]] == "flew"
    assert found[content_terms("scoring")[0]] == "scoring"


def test_question_words_line_up_with_query_terms() -> None:
    question = analyse("When did the flooded companies reopen their factories?")
    assert len(question.query_words) == len(question.query_terms)
    assert [content_terms(w)[0] for w in question.query_words] == list(question.query_terms)
