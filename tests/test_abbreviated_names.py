"""Names a question writes as an abbreviation ("UK", "EU", "GER") that the articles write in full ("United
Kingdom", "European Union", "Germany"): the articles do mention them (examples on other topics than the
bundled articles)."""

from __future__ import annotations

import pytest
from builders import ev, verdict

from qa.answerability import abbreviates, unknown_names
from qa.question import analyse
from qa.text import TermStats


def _unknown(question: str, *sentences: str) -> list[str]:
    return unknown_names(
        analyse(question), TermStats(sentences), [ev(s, 0.8, f"{i}.txt") for i, s in enumerate(sentences)]
    )


@pytest.mark.parametrize(
    ("token", "text"),
    [
        ("UK", "The United Kingdom pledged flood aid on Monday."),
        ("EU", "Ministers of the European Union met in Brussels."),
        ("DPRK", "The Democratic People's Republic of Korea held a parade."),
        ("USA", "The team beat the United States of America 2-1."),
        ("NYC", "Flooding closed subway lines in New York City."),
        ("GER", "The final was won by Germany after extra time."),
        ("RU", "Voters in Russia went to the polls."),
        ("UKR", "Voters in Ukraine went to the polls."),
        ("NK", "Officials of NORTH KOREA did not comment."),
    ],
)
def test_an_abbreviation_of_a_name_the_text_writes(token: str, text: str) -> None:
    assert abbreviates(token, [text])


@pytest.mark.parametrize(
    ("token", "text"),
    [
        ("XQZ", "The United Kingdom pledged flood aid on Monday."),
        # A sentence's first word is capitalised by position: "Unlike", "Using" name nothing.
        ("UN", "Unlike last year, the river stayed within its banks."),
        ("US", "Using sandbags, residents held back the water."),
        # Four letters and more are initials, not the start of a word.
        ("GERM", "The final was won by Germany after extra time."),
        # Initials of capitalised words, not of any words.
        ("EU", "every unit of the brigade was deployed"),
    ],
)
def test_no_abbreviation_without_the_name(token: str, text: str) -> None:
    assert not abbreviates(token, [text])


def test_a_sentence_opener_is_a_name_where_another_sentence_writes_it_inside() -> None:
    texts = ["Germany scored twice.", "The coach of Germany was pleased."]
    assert abbreviates("GER", texts)
    assert not abbreviates("GER", texts[:1])


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("What did the UK say about the flood barriers?", "The United Kingdom said the flood barriers held."),
        (
            "How much did the EU pledge for the flood victims?",
            "The European Union pledged 40 million euros for flood victims.",
        ),
        ("Who scored for GER in the final?", "Muller scored for Germany in the final on Sunday."),
        ("What did the N.Y.C. mayor announce?", "The mayor of New York City announced a new flood plan."),
    ],
)
def test_an_abbreviated_name_is_mentioned(question: str, sentence: str) -> None:
    assert _unknown(question, sentence) == []


def test_an_abbreviation_with_no_match_is_still_unknown() -> None:
    assert _unknown(
        "What did XQZ say about the flood barriers?", "The United Kingdom said the flood barriers held."
    ) == ["XQZ"]


def test_a_lone_capitalised_word_opening_a_later_sentence_is_still_no_name() -> None:
    names = analyse("The merger went ahead. Which company bought the brewery?").names
    assert names == ()


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("What did the UK say about the flood barriers?", "The United Kingdom said the flood barriers held."),
        ("Who scored for GER in the final?", "Muller scored for Germany in the final on Sunday."),
        ("Who won the election in the USA?", "Jane Doe won the election in the United States of America."),
        # The focus of a date question, named by its abbreviation.
        ("When did the FA ban the club?", "The club was banned by the Football Association in 2019."),
        ("When did UKR hold the election?", "The election in Ukraine was held in March."),
    ],
)
def test_a_question_naming_an_abbreviation_is_answered(question: str, sentence: str) -> None:
    assert verdict(question, sentence)


def test_a_question_naming_an_unmatched_abbreviation_abstains() -> None:
    assert not verdict("Who scored for XQZ in the final?", "Muller scored for Germany in the final on Sunday.")


def test_a_date_question_about_an_unmatched_abbreviation_abstains() -> None:
    assert not verdict("When did the FQX ban the club?", "The club was banned by the Football Association in 2019.")


def test_abbreviations_joined_by_a_hyphen_are_each_read() -> None:
    sentences = ("Talks between Germany and France resumed in Paris.",)
    assert _unknown("What came of the GER-FR talks?", *sentences) == []
    assert _unknown("What came of the GER-XQ talks?", *sentences) != []
