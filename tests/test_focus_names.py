"""A focus named by a capital standing for its country, on topics written for these tests."""

from __future__ import annotations

from qa.answer import Evidence
from qa.answerability import judge
from qa.question import analyse
from qa.text import TermStats


def verdict(question: str, *sentences: str) -> bool:
    stats = TermStats(sentences)
    evidence = [
        Evidence(doc_id=f"{i}.txt", title="t", start=0, end=len(s), text=s, score=0.8 - i * 0.01, closeness=0.4)
        for i, s in enumerate(sentences)
    ]
    return judge(analyse(question), evidence, stats, threshold=0.5).answerable


def test_a_capital_stands_for_its_country_as_the_focus() -> None:
    assert verdict(
        "How many wine bottles is Paris said to have exported to Canada?",
        "Customs data show France exported nearly four million wine bottles to Canada.",
    )


def test_another_country_does_not_stand_for_the_capital() -> None:
    assert not verdict(
        "How many wine bottles is Paris said to have exported to Canada?",
        "Customs data show Germany exported nearly four million wine bottles to Canada.",
    )
