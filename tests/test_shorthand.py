"""Shorthand of notes and chat written out before a question is read (examples on other topics)."""

from __future__ import annotations

import pytest

from qa.question import analyse, written_out


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("yrs since the bridge last closed - no.?", "years since the bridge last closed - number?"),
        ("stadium stands - seats no.?", "stadium stands - number of seats?"),
        ("flood victims, approx no.?", "flood victims, approximately number?"),
        ("# of lanes on the new motorway?", "number of lanes on the new motorway?"),
        ("french FM reaction to the ruling?", "french foreign minister reaction to the ruling?"),
        ("club spox comment re: the transfer?", "club spokesperson comment about the transfer?"),
        ("mayor's talks w/ the unions - outcome?", "mayor's talks with the unions - outcome?"),
        ("budget excl. defence - total in bn?", "budget excluding defence - total in billion?"),
        ("govt econ forecast this yr?", "government economy forecast this year?"),
        ("coach + captain named in the report - who?", "coach and captain named in the report - who?"),
        ("delay in hrs for the night train?", "delay in hours for the night train?"),
    ],
)
def test_shorthand_is_written_out(typed: str, written: str) -> None:
    assert written_out(typed) == written


@pytest.mark.parametrize(
    "text",
    [
        "He said no.",  # "no." that asks no number
        "No. Which team won the cup?",
        "What did the minister say in the debate?",  # "min" words are left alone
        "Who scored first, Kane or Son?",
        "Where did the FMCG group open its plant?",  # a longer word holding a short form
    ],
)
def test_ordinary_words_are_left_alone(text: str) -> None:
    assert written_out(text) == text


def test_written_out_questions_ask_what_the_full_words_ask() -> None:
    assert analyse("stadium stands - seats no.?").kind == "number"
    assert analyse("stadium stands - seats no.?").attribute == "seats"
    # An abbreviated title is no name the articles would have to mention.
    assert "FM" not in analyse("french FM reaction to the ruling?").names
    assert analyse("delay in hrs for the night train?").terms == analyse("delay in hours for the night train?").terms


def test_an_optional_plural_is_read_as_the_noun() -> None:
    """ "date(s)?", "name(s)": the noun asked, as a question writes it without the brackets."""
    assert written_out("ferry sinking - date(s)?") == "ferry sinking - date?"
    assert analyse("ferry sinking - date(s)?").kind == "date"
