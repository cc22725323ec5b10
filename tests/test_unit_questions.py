"""A unit named for the answer makes a number question, wherever it stands (examples on other topics)."""

from __future__ import annotations

import pytest

from qa.question import analyse


@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("What output, in megawatts, will the new wind farm have?", "output"),
        ("what capacity in gigawatts is the dam expected to reach", "capacity"),
        ("Lake Arden surface in sq km?", "size"),
        ("the estate's grounds in square kilometres?", "size"),
        ("what was the yacht's speed in knots", "speed"),
        ("the cable car climb in metres?", "length"),
        ("How far is the lighthouse in miles from the harbour?", "distance"),
        ("what % of members backed the strike", "members"),
        ("What percentage of households lost power?", "percentage"),
        ("What did the season tickets cost in euros?", "cost"),
    ],
)
def test_a_unit_named_for_the_answer_asks_a_number(question: str, attribute: str) -> None:
    asked = analyse(question)
    assert asked.kind == "number" and asked.measure
    assert asked.attribute == attribute


@pytest.mark.parametrize(
    "question",
    [
        # A unit of time after "in" says when or how soon, not in what unit.
        "What changed in years since the merger?",
        "what happened in minutes after the blast",
        # "in" before a place, a work or a date names no unit.
        "Who won in Paris?",
        "What role did she play in the film?",
        "What did the mayor say in March?",
        # A number before the percent sign states a value; it asks none.
        "What is the 2% rule?",
        "What happened to the 15 percent tariff?",
    ],
)
def test_in_before_no_unit_of_measure_changes_nothing(question: str) -> None:
    assert analyse(question).kind != "number"


def test_a_unit_does_not_override_another_kind() -> None:
    # A date or a quote question naming a unit still asks a date or a quote.
    assert analyse("When did the plant first reach 500 megawatts, in what year?").kind == "date"
    assert analyse("What did the minister say in percent terms about growth?").kind == "quote"


@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("Lake Arden surface, sq km?", "size"),
        ("the estate grounds - square kilometres?", "size"),
        ("the cable car climb - metres?", "length"),
    ],
)
def test_a_unit_alone_closing_a_terse_question_asks_a_number(question: str, attribute: str) -> None:
    asked = analyse(question)
    assert asked.kind == "number" and asked.measure
    assert asked.attribute == attribute


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("town population - how many?", "population"),
        ("Oslo ferry passengers - how many?", "passengers"),
        ("the floods this spring: how many?", "floods"),
        ("the goals she scored this season - how many?", "goals"),
    ],
)
def test_a_bare_how_many_counts_the_head_of_the_phrase_before_it(question: str, counted: str) -> None:
    asked = analyse(question)
    assert asked.kind == "number"
    assert asked.attribute == counted
