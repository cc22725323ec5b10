"""A pointer at the text the answer should come from ("according to the coverage of the storm") is not part of
what is asked; a pointer at a speaker ("according to the mayor") is. Questions on other topics than the
bundled articles."""

from __future__ import annotations

import pytest

from qa.question import analyse

# (question with a pointer at a text, the same question without it)
POINTED = [
    (
        "In which year did the dam burst, according to the coverage of the flood inquiry in Porto?",
        "In which year did the dam burst?",
    ),
    (
        "Which club signed the striker, according to the piece about the summer transfer window?",
        "Which club signed the striker?",
    ),
    (
        "Going by the regional broadcaster's account, how many homes lost power?",
        "how many homes lost power?",
    ),
    ("What did the chancellor promise, going by the reports?", "What did the chancellor promise?"),
    ("How tall is the new tower, per the article on Lisbon's skyline?", "How tall is the new tower?"),
    ("According to the story, who founded the bakery?", "who founded the bakery?"),
    (
        "How many seats did the Greens win, judging by the dispatch from the election night in Graz?",
        "How many seats did the Greens win?",
    ),
    (
        "When was the vaccine approved, as per the wire's summary of the trial?",
        "When was the vaccine approved?",
    ),
    (
        "Which striker scored twice, according to the match report from Saturday's derby?",
        "Which striker scored twice?",
    ),
    (
        "How much did the bridge cost, according to the comparison in the piece on transport budgets?",
        "How much did the bridge cost?",
    ),
]


@pytest.mark.parametrize(("pointed", "bare"), POINTED)
def test_a_pointer_at_a_text_is_not_asked(pointed: str, bare: str) -> None:
    with_pointer, without = analyse(pointed), analyse(bare)
    assert (with_pointer.kind, with_pointer.attribute, with_pointer.entity) == (
        without.kind,
        without.attribute,
        without.entity,
    )
    assert with_pointer.terms == without.terms
    assert with_pointer.names == without.names


def test_the_pointer_stays_in_the_searched_words() -> None:
    question = analyse("In which year did the dam burst, according to the coverage of the flood inquiry in Porto?")
    assert "inquiri" in question.query_terms or "inquiry" in question.query_terms
    assert "inquiri" not in question.terms and "inquiry" not in question.terms


# A pointer at a speaker says whose words are asked for: it stays.
SPEAKERS = [
    "According to the mayor, how many houses flooded?",
    "How many houses flooded, according to the fire brigade?",
    "According to Maria Santos, what caused the outage?",
    "What caused the outage, according to the utility's chief engineer?",
    "Per the coach, why was the match postponed?",
]


@pytest.mark.parametrize("question", SPEAKERS)
def test_a_pointer_at_a_speaker_stays(question: str) -> None:
    speaker_words = {"mayor", "brigad", "santo", "engin", "coach"}
    assert speaker_words & set(analyse(question).terms)


# "per" as a rate and "based on" as what something rests on are no pointers.
@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("How many deaths per day were recorded during the heatwave?", "day"),
        ("Which novel is the film based on?", "novel"),
        ("What is the ticket price per the new tariff for students?", "tariff"),
    ],
)
def test_other_uses_of_the_words_stay(question: str, kept: str) -> None:
    assert any(t.startswith(kept[:4]) for t in analyse(question).terms)
