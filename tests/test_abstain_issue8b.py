"""Answerability rules on questions written for these tests (floods, football, elections, companies, science).

Each rule has answerable cases (the sentence states the focus and a value of the asked kind tied to it) and
near misses (the focus without the asked attribute, or the attribute of another thing), so that a rule is
held to what it means, not to any one question.
"""

from __future__ import annotations

import pytest

from qa.answer import Evidence
from qa.answerability import judge
from qa.question import analyse
from qa.text import TermStats


def ev(text: str, score: float, doc: str, closeness: float) -> Evidence:
    return Evidence(doc_id=doc, title=doc, start=0, end=len(text), text=text, score=score, closeness=closeness)


def verdict(question: str, *sentences: str, closeness: float = 0.4) -> bool:
    stats = TermStats(sentences)
    evidence = [ev(s, 0.8 - i * 0.01, f"{i}.txt", closeness) for i, s in enumerate(sentences)]
    return judge(analyse(question), evidence, stats, threshold=0.5).answerable


# ----- "what <property> was the <thing> ...": the thing owns the property -------------------------------
@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("What colour was the lifeboat the council bought?", "lifeboat"),
        ("What colour is the new stadium roof?", "new stadium roof"),
        ("What size was the trophy Arsenal lifted?", "trophy"),
        ("What rank was the officer who led the flood rescue?", "officer"),
        ("What shape is the comet Ana Silva discovered?", "comet"),
        ("What colour were the ballots in the Lisbon vote?", "ballots"),
    ],
)
def test_the_thing_after_the_copula_owns_the_asked_property(question: str, focus: str) -> None:
    assert analyse(question).entity == focus


@pytest.mark.parametrize(
    "question",
    [
        "What colour is the flood barrier?",  # no property asked of a thing named after the copula: unchanged
        "What colour was it?",
    ],
)
def test_a_pronoun_or_plain_thing_is_left_as_before(question: str) -> None:
    entity = analyse(question).entity
    assert entity in ("", "flood barrier")


@pytest.mark.parametrize(
    ("question", "sentences"),
    [
        (
            "What colour was the lifeboat the council bought?",
            [
                "In March the council bought a new lifeboat for the harbour.",
                "The volunteers arrived in their bright orange jackets.",
            ],
        ),
        (
            "What colour is the new stadium roof?",
            ["The new stadium roof cost the club 40 million euros.", "The home shirts are red and white."],
        ),
        (
            "What colour was the van the thieves used?",
            ["Police said the thieves used a rented van.", "A green car was seen near the bank."],
        ),
        (
            "What shape is the comet the observatory found?",
            ["The observatory found the comet in January.", "The telescope has a round mirror."],
        ),
    ],
)
def test_the_property_of_another_thing_is_a_near_miss(question: str, sentences: list[str]) -> None:
    assert not verdict(question, *sentences)


@pytest.mark.parametrize(
    ("question", "sentences"),
    [
        (
            "What colour was the lifeboat the council bought?",
            ["The council bought a bright orange lifeboat in March."],
        ),
        ("What colour is the new stadium roof?", ["The new stadium roof is painted blue, the club said."]),
        ("What colour was the van the thieves used?", ["Police said the thieves used a white van."]),
        ("What colour were the ballots in the city vote?", ["Voters in the city vote received green ballots."]),
    ],
)
def test_the_property_said_of_the_thing_answers(question: str, sentences: list[str]) -> None:
    assert verdict(question, *sentences)
