"""A lead before the question about the asker or the exchange, or a greeting or tag, names nothing asked;
a lead that sets the scene or states something does (examples on other topics)."""

from __future__ import annotations

import pytest
from builders import ev

from qa.answerability import unknown_names
from qa.question import analyse
from qa.text import TermStats

ARTICLE = "The Harriers beat Millbrook 2-1 on Saturday; Dana Oyelaran scored the winner in the 88th minute."


@pytest.mark.parametrize(
    "question",
    [
        "Hey, Quick Question: who scored the winner for the Harriers?",
        "FYI I'm writing for the Parish Gazette - who scored the winner for the Harriers?",
        "As a Football Coach I wonder: who scored the winner for the Harriers?",
        "Q: who scored the winner for the Harriers?",
        "ELI5: who scored the winner for the Harriers?",
        "TL;DR please: who scored the winner for the Harriers?",
        "For My Newsletter: who scored the winner for the Harriers?",
        "Dear Club Historian, who scored the winner for the Harriers?",
    ],
)
def test_a_lead_about_the_asker_names_nothing_asked(question: str) -> None:
    asked = analyse(question)
    bare = analyse("who scored the winner for the Harriers?")
    assert asked.names == bare.names
    assert (asked.kind, asked.entity) == (bare.kind, bare.entity)
    assert unknown_names(asked, TermStats([ARTICLE]), [ev(ARTICLE, 0.8, "a.txt")]) == []


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("In the Cup Final at Wembley, who scored the winner?", "Wembley"),
        ("After the Geneva talks, what did the minister promise?", "Geneva"),
        ("Lyon, where the team played next, also hosted the final - who won it?", "Lyon"),
    ],
)
def test_a_lead_that_sets_the_scene_names_what_is_asked(question: str, name: str) -> None:
    asked = analyse(question)
    assert any(name in n for n in asked.names)
    assert asked.aside_names == ()


def test_a_scene_the_articles_never_mention_is_still_unknown() -> None:
    asked = analyse("In the Cup Final at Wembley, who scored the winner?")
    assert any("Wembley" in n for n in unknown_names(asked, TermStats([ARTICLE]), [ev(ARTICLE, 0.8, "a.txt")]))


def test_a_name_the_asking_clause_holds_is_still_looked_for() -> None:
    asked = analyse("Hey, Quick Question: who scored for Lisbon Rovers?")
    assert unknown_names(asked, TermStats([ARTICLE]), [ev(ARTICLE, 0.8, "a.txt")]) == ["Lisbon Rovers"]
