"""A title or a kind word inside a name ("Chairman Mao", "the Paris Climate Treaty") is not needed when the
name's own word is in the articles; the name's own word still is (examples on other topics)."""

from __future__ import annotations

import pytest
from builders import ev

from qa.answerability import unknown_names
from qa.question import analyse
from qa.text import TermStats

ARTICLE = (
    "Mayor Ines Duarte of Porto signed the climate agreement in Paris on Monday, and the Porto council "
    "leader praised the deal during the summit."
)


def _unknown(question: str) -> list[str]:
    return unknown_names(analyse(question), TermStats([ARTICLE]), [ev(ARTICLE, 0.8, "a.txt")])


@pytest.mark.parametrize(
    "question",
    [
        "What did Chairwoman Duarte sign?",
        "What did the Supreme Leader of Porto praise?",
        "When was the Paris Climate Treaty signed?",
        "What did Deputy Mayor Duarte sign in Paris?",
        "What happened at the Paris Summit?",
        "What did Senior Councillor Duarte sign?",
    ],
)
def test_a_title_or_kind_word_beside_a_known_name_is_not_needed(question: str) -> None:
    assert _unknown(question) == []


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("What did President Macron sign in Paris?", "President Macron"),
        ("When was the Lisbon Treaty signed?", "Lisbon Treaty"),
        ("What did Chairman Silva praise?", "Chairman Silva"),
        ("What did the Supreme Court rule?", "Supreme Court"),
    ],
)
def test_the_names_own_word_is_still_needed(question: str, name: str) -> None:
    assert _unknown(question) == [name]
