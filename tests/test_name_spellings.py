"""Names written another way than the articles write them: dotted initials and a name split in two words
(examples on other topics than the bundled articles)."""

from __future__ import annotations

import pytest
from builders import ev

from qa.answerability import unknown_names
from qa.question import analyse
from qa.text import TermStats, undotted


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the U.S. delegation", "the US delegation"),
        ("talks in the U.K. ended", "talks in the UK ended"),
        ("the E.U.'s budget", "the EU's budget"),
        ("Mr. Smith and Dr. Jones", "Mr. Smith and Dr. Jones"),
        ("at 9 a.m. sharp", "at 9 a.m. sharp"),
        ("J. R. R. Tolkien", "J. R. R. Tolkien"),
    ],
)
def test_undotted(text: str, expected: str) -> None:
    assert undotted(text) == expected


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("What did the U.K. pledge at the climate summit?", "UK"),
        ("When did the E.U. approve the fishing quota?", "EU"),
        ("How many troops did the U.S.A. send to the exercise?", "USA"),
    ],
)
def test_dotted_initials_are_one_name(question: str, name: str) -> None:
    names = analyse(question).names
    assert name in names
    assert not any(len(n) == 1 for n in names)


def test_dotted_initials_in_the_question_match_the_undotted_acronym_in_the_articles() -> None:
    text = "The EU approved the new fishing quota on Tuesday after long talks."
    q = analyse("When did the E.U. approve the fishing quota?")
    assert unknown_names(q, TermStats([text]), [ev(text, 0.8, "a.txt")]) == []


def test_an_acronym_matches_the_dotted_one_in_the_articles() -> None:
    text = "The U.K. pledged 2 billion pounds at the climate summit."
    q = analyse("What did the UK pledge at the climate summit?")
    assert unknown_names(q, TermStats([text]), [ev(text, 0.8, "a.txt")]) == []


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("When did Pyeong Chang host the games?", "Pyeongchang hosted the winter games in 2018."),
        ("Why did the minister fly to Sri Lanka?", "The minister flew to Srilanka to open a port."),
    ],
)
def test_a_name_split_in_two_words_is_the_one_word_name(question: str, text: str) -> None:
    q = analyse(question)
    assert unknown_names(q, TermStats([text]), [ev(text, 0.8, "a.txt")]) == []


def test_a_two_word_name_whose_joined_form_is_unknown_is_still_unknown() -> None:
    text = "Pyeongchang hosted the winter games in 2018."
    q = analyse("When did Lake Placid host the games?")
    assert unknown_names(q, TermStats([text]), [ev(text, 0.8, "a.txt")]) == ["Lake Placid"]
