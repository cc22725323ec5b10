"""Another article's version of an asked number, found in an article the retrieved chunks left out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fakes import HashingEmbedder

from index.store import StoredChunk
from qa.answer import Answer
from qa.composition import build_assistant
from qa.retrieval import MAX_OTHER_DOCUMENTS, HybridRetriever, RetrievedChunk
from qa.settings import Settings

QUESTION = "How many homes did the flood in Valencia destroy?"
REGIONAL = (
    "Flood in Valencia\n\n"
    "The flood in Valencia destroyed 1,200 homes, the regional government said on Monday. "
    "Rescue teams worked through the night along the river.\n"
)
COASTAL = (
    "Storm on the coast\n\n"
    "Heavy rain hit the coast on Sunday and the river burst its banks. "
    "Officials said the flood in Valencia destroyed some 2,000 homes. "
    "Schools in the region stayed closed.\n"
)
AGREEING = (
    "Storm on the coast\n\n"
    "Heavy rain hit the coast on Sunday and the river burst its banks. "
    "Officials said the flood in Valencia destroyed 1,200 homes. "
    "Schools in the region stayed closed.\n"
)


def _store(root: Path, second: str) -> Path:
    (root / "articles").mkdir()
    (root / "articles" / "regional.txt").write_text(REGIONAL, encoding="utf-8")
    (root / "articles" / "coastal.txt").write_text(second, encoding="utf-8")
    assistant = build_assistant(_settings(root / "store"), embedder=HashingEmbedder(), generator=None)
    assistant.ingest([root / "articles"])
    return root / "store"


def _settings(store: Path) -> Settings:
    # One retrieved chunk: the other article is left out of retrieval and has to be searched on its own.
    return Settings(data_dir=store, auto_ingest_bundled=False, top_k=1)


def _ask(store: Path, question: str) -> Answer:
    return build_assistant(_settings(store), embedder=HashingEmbedder(), generator=None).ask(question)


@pytest.fixture(scope="module")
def disagreeing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _store(tmp_path_factory.mktemp("disagreeing"), COASTAL)


@pytest.fixture(scope="module")
def agreeing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _store(tmp_path_factory.mktemp("agreeing"), AGREEING)


def test_the_left_out_articles_count_is_shown_as_a_version(disagreeing: Path) -> None:
    answer = _ask(disagreeing, QUESTION)
    assert len({d for d in answer.retrieved_doc_ids}) == 1
    assert answer.conflicting
    assert {c.doc_id for c in answer.citations} == {"regional.txt", "coastal.txt"}
    assert "1,200" in answer.text and "2,000" in answer.text


def test_a_left_out_article_giving_the_same_count_is_no_conflict(agreeing: Path) -> None:
    answer = _ask(agreeing, QUESTION)
    assert not answer.abstained and "1,200" in answer.text
    assert not answer.conflicting


def test_a_question_on_another_fact_is_no_conflict(disagreeing: Path) -> None:
    answer = _ask(disagreeing, "On which day did heavy rain hit the coast?")
    assert not answer.abstained and "Sunday" in answer.text
    assert not answer.conflicting


# ----- when the left-out articles are searched (qa/retrieval.py) -------------------------------------------
class _Store:
    """Documents by id, and a record of the filtered searches asked of it."""

    def __init__(self, n_documents: int) -> None:
        self.hashes = {f"doc{i}.txt": "h" for i in range(n_documents)}
        self.excluded: list[list[str]] = []

    def current_hashes(self) -> dict[str, str]:
        return self.hashes

    def search(self, embedding: np.ndarray, k: int, excluded: Any = ()) -> list[tuple[StoredChunk, float]]:
        self.excluded.append(list(excluded))
        return []


def _retrieved(*doc_ids: str) -> list[RetrievedChunk]:
    return [RetrievedChunk(StoredChunk(f"{d}#0", d, 0, 4, "text"), 0.1, 0.5) for d in doc_ids]


def _searched(n_documents: int, *covered: str) -> list[list[str]]:
    store = _Store(n_documents)
    retriever = HybridRetriever(store, HashingEmbedder(), 8, None)  # type: ignore[arg-type]
    retriever.from_other_documents(np.zeros(4), _retrieved(*covered))
    return store.excluded


def test_a_few_left_out_articles_are_searched_once_without_the_covered_ones() -> None:
    assert _searched(5, "doc0.txt", "doc1.txt") == [["doc0.txt", "doc1.txt"]]


def test_no_search_when_every_article_has_a_retrieved_chunk() -> None:
    assert _searched(2, "doc0.txt", "doc1.txt") == []


def test_no_search_in_a_large_collection_when_several_articles_are_retrieved() -> None:
    assert _searched(MAX_OTHER_DOCUMENTS + 3, "doc0.txt", "doc1.txt") == []


def test_a_large_collection_is_searched_when_one_article_holds_every_retrieved_chunk() -> None:
    assert _searched(MAX_OTHER_DOCUMENTS + 3, "doc0.txt") == [["doc0.txt"]]
