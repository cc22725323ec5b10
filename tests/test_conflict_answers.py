"""Through the one road: two fresh reports disagreeing on a coach's words, and what the user sees."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import article_store
from fakes import HashingEmbedder, ScriptedGenerator

from qa.answer import Answer
from qa.composition import build_assistant
from qa.settings import Settings

GAZETTE = (
    "Cup final in Porto\n\n"
    "The Porto cup final ended with a late winner for the home side on Saturday. "
    "After the Porto cup final, coach Marta Silva said, “We played with courage and unshakable belief to the end.” "
    "The team flew home to Lisbon on Sunday morning.\n"
)
HERALD = (
    "Silva's side lifts the cup\n\n"
    "Thousands of fans filled the stadium for the Porto cup final. "
    "“We played with heart and unshakable belief to the end,” Silva said after the Porto cup final. "
    "The players arrived in Porto on Thursday evening.\n"
)
QUESTION = "What exactly did Silva say after the Porto cup final?"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cup")
    return article_store(root, {"gazette.txt": GAZETTE, "herald.txt": HERALD})


def ask(store: Path, question: str, *replies: str) -> tuple[Answer, ScriptedGenerator | None]:
    generator = ScriptedGenerator(replies) if replies else None
    settings = Settings(data_dir=store, auto_ingest_bundled=False)
    return build_assistant(settings, embedder=HashingEmbedder(), generator=generator).ask(question), generator


def test_without_a_model_each_version_is_quoted_with_its_own_citation(store: Path) -> None:
    answer, _ = ask(store, QUESTION)
    assert answer.conflicting and answer.written_by == "evidence"
    assert {c.doc_id for c in answer.citations} == {"gazette.txt", "herald.txt"}
    assert "courage" in answer.text and "heart" in answer.text
    # One sentence per version, each carrying its own citation only.
    assert [len(s.citations) for s in answer.sentences] == [1, 1]
    assert len({s.citations[0] for s in answer.sentences}) == 2


def test_with_a_model_the_versions_go_to_it_with_the_versions_prompt(store: Path) -> None:
    plain, _ = ask(store, QUESTION)
    first, second = (c.quote for c in plain.citations[:2])
    answer, generator = ask(store, QUESTION, f"{first} [1] {second} [2]")
    assert generator is not None
    assert "each version" in generator.requests[0][1]["content"]
    assert answer.conflicting and answer.written_by == "model"
    assert [c.quote for c in answer.citations] == [first, second]


def test_an_arrival_and_a_departure_are_not_sources_disagreeing(store: Path) -> None:
    answer, _ = ask(store, "When did the team fly home to Lisbon?")
    assert not answer.abstained and "Sunday" in answer.text
    assert not answer.conflicting
