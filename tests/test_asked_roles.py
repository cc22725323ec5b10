"""Values tied to an asked role or act, on questions and sentences about other topics."""

from __future__ import annotations

from qa.asked import tied
from qa.question import analyse


def test_a_verb_of_leading_is_not_said_by_a_noun_of_electricity() -> None:
    q = analyse("Who runs the regional water utility?")
    assert not tied(q, "The regional water utility will build a power plant near Dayton, Ohio.")
    assert tied(q, "Maria Gomez, who has run the regional water utility since 2020, resigned.")


def test_a_described_role_needs_a_name_by_its_noun() -> None:
    q = analyse("Who is the Canadian head coach of the hockey team?")
    assert q.attribute == "coach"
    assert not tied(q, "The hockey team flew to Toronto on Monday for the final.")
    assert tied(q, "The Canadian head coach Luc Martin said the hockey team was ready.")


def test_a_noun_of_quantity_counts_the_thing_it_is_of() -> None:
    from qa.asked import counted_number

    q = analyse("What is the rough head count of the island's population?")
    assert counted_number(q, "The island, with about 80,000 inhabitants, relies on tourism.")
    assert not counted_number(q, "The island received 80,000 tonnes of grain last year.")


def test_a_kind_of_place_said_in_the_sentence_needs_a_name_by_it() -> None:
    q = analyse("At which Texas stadium did the band open its tour?")
    assert not tied(q, "Mayor Diaz said the band loved the welcome at the stadium.")
    assert tied(q, "The band opened its tour at the Lone Star stadium in Dallas.")


def test_a_place_after_a_preposition_does_not_fill_a_persons_role() -> None:
    q = analyse("Who is the current French prime minister?")
    assert not tied(q, "An aide in Paris to the French prime minister spoke to reporters.")
    assert tied(q, "The French prime minister, Claire Dubois, spoke to reporters.")
