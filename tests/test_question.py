"""The one question analysis, on questions that are NOT about the bundled articles.

``tests/data/offtopic_questions.jsonl`` holds 180 questions on other news topics, labelled by hand by
an author who did not write the rules (fields: kind, measure, several, years, names, entity,
attribute). The rules are general grammar; they are not tuned line by line, so the file is checked
per field against an accuracy floor (set a little under what the rules measure today, so that a
regression fails), and a set of clear-cut items is checked exactly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qa.question import KINDS, Question, analyse
from qa.text import content_terms

DATA = Path(__file__).parent / "data" / "offtopic_questions.jsonl"
ROWS: list[dict[str, Any]] = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]

# Measured agreement when these floors were set (180 items): kind 0.99, measure 0.99, several 0.97,
# years 0.99, names 0.91, entity 0.80, attribute 0.37 (the labels name attributes as nouns, "winner",
# "death toll", where the analysis keeps the question's own verb, "won", "died").
FLOORS = {
    "kind": 0.95,
    "measure": 0.95,
    "several": 0.92,
    "years": 0.95,
    "names": 0.85,
    "entity": 0.72,
    "attribute": 0.3,
}


def _terms(text: str | None) -> set[str]:
    return set(content_terms(text or ""))


def agrees(field: str, label: Any, q: Question) -> bool:
    """Does the analysis agree with the label? Free-text fields agree when they share a content word."""
    if field == "years":
        return sorted(int(y) for y in q.years) == sorted(label)
    if field == "names":
        return {n.lower() for n in q.names} == {n.lower() for n in label}
    if field in ("entity", "attribute"):
        got, want = _terms(getattr(q, field)), _terms(label)
        return got == want if not got or not want else bool(got & want)
    return bool(getattr(q, field) == label)


def test_the_file_is_large_and_well_formed() -> None:
    assert len(ROWS) >= 150
    for row in ROWS:
        assert row["kind"] in KINDS, row
        assert set(FLOORS) <= set(row), row


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_agreement_per_field_stays_above_its_floor(field: str) -> None:
    analysed = [(row, analyse(row["question"])) for row in ROWS]
    misses = [row["question"] for row, q in analysed if not agrees(field, row[field], q)]
    accuracy = 1 - len(misses) / len(ROWS)
    assert accuracy >= FLOORS[field], f"{field}: {accuracy:.3f} < {FLOORS[field]}; e.g. {misses[:5]}"


CLEAR_CUT = [
    # (question, kind, measure, several)
    ("How long is the new suspension bridge over the Tagus?", "number", True, False),
    ("How many passengers were on the ferry that sank off Bali?", "number", False, False),
    ("What is the population of Reykjavik?", "number", False, False),
    ("When did the museum in Bilbao reopen?", "date", False, False),
    ("Who scored the only goal in the cup final?", "person", False, False),
    ("Which airline ordered forty new jets?", "organization", False, False),
    ("Where will the next climate summit be held?", "place", False, False),
    ("Why did the central bank raise rates?", "reason", False, False),
    ("Did the senate pass the budget?", "yesno", False, False),
    ("What exactly did the coach say after the match?", "quote", False, False),
    ("Which countries signed the fishing accord?", "place", False, True),
    ("When did the strike start, and how long did it last?", "date", False, True),
    ("What happened at the harbour last night?", "other", False, False),
]


@pytest.mark.parametrize(("question", "kind", "measure", "several"), CLEAR_CUT)
def test_clear_cut_questions(question: str, kind: str, measure: bool, several: bool) -> None:
    q = analyse(question)
    assert (q.kind, q.measure, q.several) == (kind, measure, several)


def test_focus_entity_and_attribute() -> None:
    q = analyse("What is the population of Reykjavik?")
    assert (q.entity, q.attribute) == ("Reykjavik", "population")
    q = analyse("How long is the new suspension bridge?")
    assert (q.entity, q.attribute) == ("new suspension bridge", "length")
    q = analyse("How many passengers were on the ferry?")
    assert q.attribute == "passengers"
    q = analyse("When did the Pope arrive in Lisbon?")
    assert q.attribute == "arrive" and "Lisbon" in q.names


def test_names_years_and_terms() -> None:
    q = analyse("Who won the 2019 and 2023 elections in Nigeria?")
    assert q.years == ("2019", "2023")
    assert q.names == ("Nigeria",)
    assert q.several
    assert "nigeria" in q.terms


def test_a_follow_up_keeps_the_users_words_and_the_searched_query() -> None:
    q = analyse("How long did it last? (strike Renault plant)", "How long did it last?")
    assert q.original == "How long did it last?"
    assert q.text.endswith("(strike Renault plant)")
    assert q.kind == "number" and q.attribute == "duration"
    assert "strike" in q.query_terms and "strike" not in q.terms


def test_a_model_rewrite_is_analysed_as_the_question() -> None:
    q = analyse("When did the strike at the Renault plant end?", "And when did it end?")
    assert q.original == "And when did it end?"
    assert q.kind == "date" and "Renault" in q.names


def test_the_question_is_frozen() -> None:
    q = analyse("Who won?")
    with pytest.raises(AttributeError):
        q.kind = "date"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("question", "kind", "attribute"),
    [
        ("The Champions League final - how many goals did the winners score?", "number", "goals"),
        ("Last season's derby: who refereed the match?", "person", "refereed"),
        ("If the merger goes through, what market share would the new airline hold?", "number", "share"),
        ("Although turnout fell, which party won the most seats?", "organization", "party"),
    ],
)
def test_an_introductory_clause_before_a_dash_colon_or_comma_is_set_aside(
    question: str, kind: str, attribute: str
) -> None:
    q = analyse(question)
    assert (q.kind, q.attribute) == (kind, attribute)


@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("What did the striker's transfer from the Dutch club cost?", "price"),
        ("What is the chipmaker's new factory worth?", "value"),
        ("What does the recovered meteorite weigh?", "weight"),
    ],
)
def test_a_closing_verb_of_value_asks_for_an_amount(question: str, attribute: str) -> None:
    q = analyse(question)
    assert (q.kind, q.attribute, q.measure) == ("number", attribute, True)


def test_a_clause_that_is_the_question_itself_is_kept() -> None:
    q = analyse("Did the senator vote, and when was the bill passed?")
    assert q.kind == "yesno"


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("Who is the Brazilian head coach of the national team?", "coach"),
        ("Who is the newly appointed finance minister?", "minister"),
        ("Who currently holds the office of mayor in Lyon?", "mayor"),
        ("Who held the post of chief judge at the tribunal?", "judge"),
        ("Who runs the state railway company?", "runs"),
        ("Who chairs the central bank's rate committee?", "chairs"),
    ],
)
def test_a_role_described_by_adjectives_an_office_or_a_verb_of_leading_asks_for_a_person(
    question: str, role: str
) -> None:
    q = analyse(question)
    assert (q.kind, q.attribute) == ("person", role)


def test_who_is_a_named_one_still_asks_for_a_description() -> None:
    assert analyse("Who is Maria Lopez?").kind == "other"


def test_a_noun_that_could_be_a_verb_is_the_asked_noun_after_an_adjective() -> None:
    q = analyse("In which particular place did the two teams train last winter?")
    assert (q.kind, q.attribute) == ("place", "place")


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("Did the ministry put a number on the flood victims?", "flood victims"),
        ("Is there any estimate of the migrating birds lost to the storm?", "migrating birds"),
    ],
)
def test_a_yes_no_question_for_a_figure_asks_for_the_count(question: str, counted: str) -> None:
    q = analyse(question)
    assert (q.kind, q.attribute) == ("number", counted)


@pytest.mark.parametrize(
    ("question", "kind", "attribute"),
    [
        ("The club last won the league in 1998; how many seasons passed before its next title?", "number", "seasons"),
        ("The dam burst in March; which villages were flooded first?", "place", "villages"),
        ("The vote was held on Sunday; who counted the ballots?", "person", "counted"),
    ],
)
def test_a_statement_before_a_semicolon_is_set_aside(question: str, kind: str, attribute: str) -> None:
    q = analyse(question)
    assert (q.kind, q.attribute) == (kind, attribute)


def test_a_semicolon_inside_the_question_itself_is_kept() -> None:
    # The clause before the semicolon asks (it opens with a question word): nothing is set aside.
    q = analyse("Which team won the cup; was it the holders?")
    assert (q.kind, q.attribute) == ("organization", "team")


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("At what time did the ferry dock, and on which island did the passengers land?", ["date", "place"]),
        ("Who opened the bridge, and in what year was it first planned?", ["person", "date"]),
        ("How much did the stadium cost, and from which bank did the club borrow?", ["number", "organization"]),
    ],
)
def test_a_preposition_may_lead_the_second_joined_question(question: str, kinds: list[str]) -> None:
    assert [p.kind for p in analyse(question).parts] == kinds


def test_and_before_a_preposition_without_a_question_word_joins_nothing() -> None:
    assert analyse("When did the ferry dock in Oslo and on the island?").parts == ()


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("In 2019, which club won the cup?", ("2019",)),  # a phrase before the question constrains it
        ("Which club won the cup in 2019?", ("2019",)),
        ("The dam opened in 1998; how many villages has it flooded since?", ()),  # background, not a constraint
        ("The club won the league in 2004 - who coached it in 2010?", ("2010",)),
    ],
)
def test_years_that_constrain_the_answer(question: str, years: tuple[str, ...]) -> None:
    assert analyse(question).years == years
