"""Near misses answered anyway, and quotes of someone described, on topics other than the bundled articles.

Each rule has a near-miss case (must abstain, or must not mark a conflict) and an answerable one.
"""

from __future__ import annotations

import pytest
from builders import verdict

from qa.answer import Evidence
from qa.answerability import asked_sort, statement
from qa.conflicts import find_versions
from qa.question import analyse
from qa.text import TermStats

# ----- a measure is tied to the named thing, whose name may hold a possessive ---------------------------
HALL = "What's the floor area of the Great Farmers' Market Hall that hosted the flood relief fair?"
MUSEUM = "What's the floor area of the Royal Miner's Heritage Museum in Porto?"


@pytest.mark.parametrize(
    ("question", "sentences"),
    [
        (
            MUSEUM,
            [
                "Crowds filled the Royal Miner’s Heritage Museum in Porto for its opening on Saturday.",
                "Portugal, whose royal miners left a rich heritage, has a land area of 92,000 square kilometres.",
            ],
        ),
        (
            "What's the seating area of St Anne's Football Ground that the club sold?",
            [
                "The club sold St Anne’s Football Ground to a developer last year.",
                "The football club's ground in Braga, where Saint Anne was born, seats 7,000 on its area.",
            ],
        ),
    ],
)
def test_a_measure_of_another_thing_beside_the_named_one_is_a_near_miss(question: str, sentences: list[str]) -> None:
    assert not verdict(question, *sentences)


def test_a_measure_of_the_named_thing_with_a_possessive_answers() -> None:
    assert verdict(
        MUSEUM,
        "The Royal Miner’s Heritage Museum covers a floor area of 4,200 square metres.",
        "Portugal covers 92,000 square kilometres.",
    )


# ----- a line that is no sentence states nothing ---------------------------------------------------------
@pytest.mark.parametrize("line", ["Ana Ferreira WhatsApp Channel", "Read More", "Marta Silva Newsletter Archive"])
def test_page_furniture_is_no_statement(line: str) -> None:
    assert not statement(line)


@pytest.mark.parametrize(
    "line",
    [
        "Mayor Seeks Allies in the North to Rebuild Flood Defences",
        "Striker Signs for Porto",
        "Ana Ferreira is a flood engineer",
        "The club won the cup.",
    ],
)
def test_headlines_and_sentences_are_statements(line: str) -> None:
    assert statement(line)


def test_a_name_in_page_furniture_does_not_answer_what_the_person_does() -> None:
    assert not verdict(
        "What does Ana Ferreira do for a living?",
        "Ana Ferreira WhatsApp Channel",
        "The flood barrier in Porto was finished in March.",
    )


def test_a_sentence_about_the_person_answers_what_she_does() -> None:
    assert verdict(
        "What does Ana Ferreira do for a living?",
        "Ana Ferreira WhatsApp Channel",
        "Ana Ferreira works as a flood engineer for the city of Porto.",
    )


# ----- "which type of X": a sort is named with its class --------------------------------------------------
def test_the_sorted_class_is_read_from_the_question() -> None:
    assert asked_sort(analyse("Which type of engine does the team use in its new car?")) == "engine"
    assert asked_sort(analyse("What kind of trees did the council plant along the river?")) == "trees"
    assert asked_sort(analyse("What did the council plant along the river?")) == ""


FERTILISER = "Which type of fertiliser did the farmers spread on the flooded fields?"


def test_sentences_naming_no_sort_of_the_class_are_a_near_miss() -> None:
    assert not verdict(
        FERTILISER,
        "The farmers replanted the flooded fields in May after the water receded.",
        "Volunteers helped the farmers clear mud from the flooded fields.",
    )


def test_a_sentence_naming_the_class_answers_the_sort() -> None:
    assert verdict(
        FERTILISER,
        "The farmers spread an organic fertiliser made from seaweed on the flooded fields.",
        "The farmers replanted the flooded fields in May after the water receded.",
    )


def test_a_question_asking_no_sort_is_not_held_to_a_class_word() -> None:
    assert verdict(
        "What did the council plant along the river?",
        "The council planted 300 oak trees along the river this spring.",
    )


# ----- words of someone described, not named ----------------------------------------------------------------
def _versions(question: str, *sentences: tuple[str, str]) -> list[str]:
    stats = TermStats([s for _, s in sentences])
    evidence = [
        Evidence(doc_id=doc, title=doc, start=i * 100, end=i * 100 + len(text), text=text, score=0.8 - i * 0.01)
        for i, (doc, text) in enumerate(sentences)
    ]
    return [v.doc_id for v in find_versions(analyse(question), evidence, stats)]


LOWER = "the league spokesman - how did he describe the referee's decision in the final?"


def test_another_persons_words_are_no_versions_of_the_described_ones() -> None:
    found = _versions(
        LOWER,
        ("a.txt", "He told the players the referee's decision in the final was “a shameful and unfair call”."),
        ("b.txt", "“A shameful and unjust call,” the club's coach said of the referee's decision in the final."),
    )
    assert found == []


def test_renderings_by_the_described_person_are_versions() -> None:
    found = _versions(
        LOWER,
        ("a.txt", "League spokesman Rui Costa called the referee's decision in the final “a fair and brave call”."),
        ("b.txt", "Costa said the decision in the final was “a brave and correct call”, the league's statement read."),
    )
    assert found == ["a.txt", "b.txt"]


def test_one_undescribed_persons_renderings_are_no_versions_of_the_described_ones() -> None:
    found = _versions(
        LOWER,
        ("a.txt", "Silva said the referee's decision in the final was “a shameful and unfair call”."),
        ("b.txt", "Silva called the referee's decision in the final “a shameful and unjust call”."),
    )
    assert found == []


def test_anyone_described_generally_is_not_held_to_a_role_word() -> None:
    found = _versions(
        "what did the officials say about the referee's decision in the final?",
        ("a.txt", "Silva said the referee's decision in the final was “a shameful and unfair call”."),
        ("b.txt", "Silva called the referee's decision in the final “a shameful and unjust call”."),
    )
    assert found == ["a.txt", "b.txt"]
