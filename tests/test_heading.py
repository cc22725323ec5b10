"""Which lines are headings: page titles and section heads, not sentences (examples on other topics)."""

from __future__ import annotations

import pytest

from qa.text import heading


@pytest.mark.parametrize(
    "line",
    [
        "A Historic Visit",
        "Storm Season On The Islands",
        "Mayor Seeks Allies in the Valley to Balance the Budget",
        "Background",
        "Record Turnout In Graz Council Vote",
        "The 2026 Budget: Winners And Losers",
    ],
)
def test_headings(line: str) -> None:
    assert heading(line)


@pytest.mark.parametrize(
    "line",
    [
        "The ferry service resumed on Monday.",
        "Ferries had been cancelled for four days while gales battered the coast",
        "Record turnout in Graz",
        "“We will rebuild,” the Mayor Said.",
        "",
        "Why Did The Bridge Close?",
    ],
)
def test_not_headings(line: str) -> None:
    assert not heading(line)
