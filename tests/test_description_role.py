"""A person asked for by a description ("the senior fellow quoted on the deal - who?"): the description's head
noun is the role asked, whether or not it is a known role noun (examples on other topics)."""

from __future__ import annotations

import pytest

from qa.question import analyse


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("harbour master interviewed by the inquiry - who?", "master"),
        ("coach sacked after the derby defeat - who?", "coach"),
        ("senior fellow quoted on the merger - who?", "fellow"),
        ("Who is the senior fellow quoted on the merger?", "fellow"),
        ("Who is the curator interviewed about the stolen painting?", "curator"),
        ("museum curator describing the theft as a tragedy - who?", "curator"),
        ("Who is the ferry skipper praised by the coastguard?", "skipper"),
        ("shipping magnate buying the island - who?", "magnate"),
        ("Who was the Reading spokesman quoted on the transfer?", "spokesman"),
        ("Beijing spokesman dismissing the report - who?", "spokesman"),
    ],
)
def test_the_head_of_a_description_is_the_role_asked(question: str, role: str) -> None:
    asked = analyse(question)
    assert asked.kind == "person"
    assert asked.role == role


@pytest.mark.parametrize(
    "question",
    [
        "Who is the guy that said the bridge would close?",
        "Who is the guy quoted on the ferry strike?",
    ],
)
def test_a_plain_word_for_a_person_is_no_role(question: str) -> None:
    """ "The guy that said ...": the act says who is meant, not the word "guy"."""
    asked = analyse(question)
    assert asked.kind == "person"
    assert asked.role != "guy"


def test_a_topic_opening_with_a_verb_is_asked_as_written() -> None:
    """ "leading the talks for the union - who?" is an act, not a description: no "who is the ..."."""
    asked = analyse("leading the talks for the union - who?")
    assert asked.kind == "person"
    assert asked.role != "leading"
