"""The evidence step's sentence scorers, and ingest storing sentence vectors only for the one that reads them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from fakes import HashingEmbedder

from qa.composition import build_assistant
from qa.errors import SettingsError
from qa.sentence_scores import E5_CHANCE, Candidate, ChunkScorer, StoredVectorScorer, WordLlamaScorer

ARTICLE = (
    "Harbour bridge reopens\n\n"
    "The harbour bridge in Eastport reopened on Monday. Engineers replaced the steel cables. "
    "The repair cost 12 million euros, the council said. Cyclists get their own lane.\n"
)


def _candidate(text: str, *chunks: tuple[str, float | None]) -> Candidate:
    return Candidate("doc.txt", 0, len(text), text, tuple(chunks))


def test_chunk_scorer_gives_a_sentence_its_best_holding_chunks_score() -> None:
    asked: list[Sequence[str]] = []

    def vectors(ids: Sequence[str]) -> dict[str, np.ndarray]:
        asked.append(list(ids))
        return {"c3": np.array([0.6, 0.8], dtype=np.float32)} if "c3" in ids else {}

    scorer = ChunkScorer(vectors)
    query = np.array([1.0, 0.0], dtype=np.float32)
    candidates = [
        _candidate("in two chunks", ("c1", 0.4), ("c2", 0.7)),
        _candidate("keyword-only chunk", ("c3", None)),
        _candidate("chunk gone from the store", ("c4", None)),
    ]
    assert scorer.scores("q", query, candidates) == pytest.approx([0.7, 0.6, 0.0])
    assert asked == [["c3", "c4"]]  # only chunks without a dense score are read, once
    assert not scorer.needs_sentence_vectors


def test_stored_vector_scorer_embeds_only_sentences_the_store_lacks() -> None:
    embedder = HashingEmbedder()
    stored_text = "The repair cost 12 million euros."
    stored = {("doc.txt", 0, len(stored_text)): embedder.embed_passages([stored_text])[0]}
    scorer = StoredVectorScorer(embedder, lambda keys: {k: stored[k] for k in keys if k in stored})
    query = embedder.embed_query("What did the repair cost?")
    calls = embedder.calls
    scores = scorer.scores("q", query, [_candidate(stored_text), _candidate("Cyclists get their own lane.")])
    assert embedder.calls == calls + 1  # one call, for the one missing sentence
    assert scores[0] > scores[1]
    scorer.scores("q", query, [_candidate("Cyclists get their own lane.")])
    assert embedder.calls == calls + 1  # kept from the last question


class _TwoWordModel:
    """A stand-in for WordLlama: a sentence's vector says whether it mentions a bridge."""

    def embed(self, texts: Sequence[str], norm: bool = True) -> np.ndarray:
        return np.array([[1.0, 0.0] if "bridge" in t else [0.0, 1.0] for t in texts], dtype=np.float32)


def test_wordllama_scorer_maps_cosines_onto_the_embedders_range() -> None:
    scorer = WordLlamaScorer(_TwoWordModel())
    scores = scorer.scores(
        "Which bridge reopened?", np.zeros(2), [_candidate("The bridge reopened."), _candidate("Rain.")]
    )
    assert scores == pytest.approx([1.0, E5_CHANCE])


def test_real_wordllama_prefers_the_related_sentence() -> None:
    pytest.importorskip("wordllama")
    scorer = WordLlamaScorer()
    scores = scorer.scores(
        "How much did the repair of the bridge cost?",
        np.zeros(2),
        [
            _candidate("The repair of the harbour bridge cost 12 million euros."),
            _candidate("Cyclists like the weather."),
        ],
    )
    assert scores[0] > scores[1]


@pytest.mark.parametrize(
    ("scorer", "stored"), [("chunk", False), ("wordllama", False), ("stored", True), ("rerank", False)]
)
def test_ingest_stores_sentence_vectors_only_for_the_stored_scorer(
    settings_factory, tmp_path: Path, scorer: str, stored: bool
) -> None:  # type: ignore[no-untyped-def]
    if scorer == "wordllama":
        pytest.importorskip("wordllama")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "bridge.txt").write_text(ARTICLE)
    assistant = build_assistant(
        settings_factory(auto_ingest_bundled=False, sentence_scorer=scorer), embedder=HashingEmbedder()
    )
    assistant.ingest([tmp_path / "docs"])
    assert (assistant._store.count_sentences() > 0) is stored
    answer = assistant.ask("How much did the repair of the bridge cost?")
    assert "12 million" in answer.text


def test_wordllama_scorer_without_the_package_is_one_clear_error(settings_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    monkeypatch.setitem(sys.modules, "wordllama", None)  # import fails as if not installed
    with pytest.raises(SettingsError, match="pip install wordllama"):
        build_assistant(
            settings_factory(auto_ingest_bundled=False, sentence_scorer="wordllama"), embedder=HashingEmbedder()
        )
