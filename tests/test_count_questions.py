"""Count and measure questions in colloquial wording, on topics written for these tests.

A bare "how many?" after the clause naming what is counted, words that are counts ("tripartite", "a
pair of", "a dozen"), nouns of quantity ("the head count of X", "the tally of X") and "since when"
asked of a state that lasts. Football, floods, elections, companies, science: nothing here is about the
bundled articles. Each answerable case has a near miss beside it that must still abstain.
"""

from __future__ import annotations

import pytest

from qa.answer import Evidence
from qa.answerability import judge
from qa.asked import counted_number, measured_number
from qa.question import analyse
from qa.text import TermStats


def ev(text: str, score: float = 0.8, doc: str = "a.txt", before: str | None = None) -> Evidence:
    previous = Evidence(doc_id=doc, title=doc, start=0, end=len(before), text=before, score=0.0) if before else None
    return Evidence(doc_id=doc, title=doc, start=0, end=len(text), text=text, score=score, before=previous)


def answerable(question: str, *sentences: str) -> bool:
    stats = TermStats(sentences)
    evidence = [ev(s, 0.8 - i * 0.01, f"{i}.txt") for i, s in enumerate(sentences)]
    return judge(analyse(question), evidence, stats, threshold=0.5).answerable


# ----- a bare "how many?" after the clause that names the counted thing ----------------------------
@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("Count the goals Ann Lee scored for Porto - how many?", "goals"),
        ("Tally Maria's medals at the Paris games: how many?", "medals"),
        ("The bridges the spring flood destroyed - how many?", "bridges"),
        ("Count the seats the Greens won in the Senate - how many?", "seats"),
    ],
)
def test_a_bare_how_many_counts_the_noun_of_the_clause_before(question: str, counted: str) -> None:
    q = analyse(question)
    assert q.kind == "number"
    assert q.attribute == counted


def test_a_possessive_name_before_the_counted_noun_is_its_owner() -> None:
    q = analyse("Tally Maria's medals at the Paris games: how many?")
    assert q.entity == "Maria"


def test_how_many_with_its_noun_is_unchanged() -> None:
    q = analyse("How many goals did Ann Lee score for Porto?")
    assert (q.kind, q.attribute) == ("number", "goals")


def test_a_bare_how_many_is_answered_by_a_count_of_the_lead_noun() -> None:
    assert answerable(
        "Count Maria's goals for Benfica this season - how many?",
        "Maria scored a dozen goals for Benfica this season.",
    )


def test_a_bare_how_many_without_a_count_of_the_lead_noun_abstains() -> None:
    assert not answerable(
        "Count Maria's goals for Benfica this season - how many?",
        "Maria joined Benfica this season after a two-year loan spell at Braga.",
    )


# ----- words that are counts ----------------------------------------------------------------------
def test_a_tripartite_deal_counts_the_parties() -> None:
    assert answerable(
        "How many parties signed the coalition deal in Berlin?",
        "The tripartite coalition deal was signed in Berlin on Monday.",
    )


def test_trilateral_talks_count_the_countries() -> None:
    assert answerable(
        "how many countries took part in the Geneva water talks",
        "Egypt hosted the trilateral water talks in Geneva on the Nile dam.",
    )


def test_talks_without_a_count_of_countries_abstain() -> None:
    assert not answerable(
        "how many countries took part in the Geneva water talks",
        "The water talks in Geneva on the Nile dam ended without agreement.",
    )


def test_a_party_count_word_does_not_count_people() -> None:
    assert not answerable(
        "How many people attended the coalition signing in Berlin?",
        "The bilateral coalition deal was signed in Berlin before the press.",
    )


def test_counted_number_reads_party_count_words_only_for_parties() -> None:
    text = "The trilateral summit on fishing rights ended on Friday."
    assert counted_number(analyse("How many nations attended the fishing summit?"), text)
    assert not counted_number(analyse("How many journalists attended the fishing summit?"), text)


def test_a_pair_counts_the_noun_it_is_of() -> None:
    assert answerable(
        "How many pandas arrived at the Madrid zoo?",
        "A pair of giant pandas arrived at the Madrid zoo on Tuesday.",
    )


def test_a_trio_counts_the_noun_it_is_of() -> None:
    assert answerable(
        "How many astronauts flew on the Orion mission?",
        "A trio of astronauts flew on the Orion mission last spring.",
    )


def test_a_pair_of_another_thing_is_no_count_of_the_asked_one() -> None:
    assert not answerable(
        "How many keepers work at the Madrid zoo?",
        "A pair of giant pandas arrived at the Madrid zoo on Tuesday.",
    )


# ----- nouns of quantity: the thing they are of is the attribute ---------------------------------
@pytest.mark.parametrize(
    ("question", "attribute", "entity"),
    [
        ("What's the head count of Norway's workforce?", "workforce", "Norway"),
        ("What is the headcount of the Madrid office?", "people", "Madrid"),
        ("What is the number of people living in Lagos?", "people", "Lagos"),
        ("What was the tally of votes for Ann Lee?", "votes", "Ann Lee"),
        ("Approximately what's the head count of Chile's population?", "population", "Chile"),
    ],
)
def test_a_noun_of_quantity_asks_for_what_it_is_of(question: str, attribute: str, entity: str) -> None:
    q = analyse(question)
    assert (q.kind, q.attribute, q.entity) == ("number", attribute, entity)


def test_the_total_of_a_measure_is_a_measure() -> None:
    q = analyse("What was the total of the club's transfer fees?")
    assert (q.kind, q.attribute, q.measure) == ("number", "transfer fees", True)


def test_the_size_of_a_crowd_counts_the_crowd() -> None:
    q = analyse("What is the size of the crowd at the cup final?")
    assert (q.kind, q.attribute) == ("number", "crowd")


def test_the_size_of_a_thing_stays_a_size() -> None:
    q = analyse("What is the size of the stadium?")
    assert (q.kind, q.attribute, q.measure) == ("number", "size", True)


def test_the_population_of_a_city_is_unchanged() -> None:
    q = analyse("What is the population of Lagos?")
    assert (q.kind, q.attribute, q.entity) == ("number", "population", "Lagos")


def test_a_head_count_is_answered_by_a_count_of_what_it_is_of() -> None:
    assert answerable("What's the head count of Norway's workforce?", "Norway has a workforce of 2.9 million.")


def test_a_head_count_of_another_place_abstains() -> None:
    assert not answerable(
        "What's the head count of Oslo's workforce?",
        "Norway has a workforce of 2.9 million.",
        "Oslo is the seat of the government.",
    )


# ----- "since when" of a state that lasts ------------------------------------------------------------
@pytest.mark.parametrize(
    "question",
    [
        "Since when have the Lisbon dockers been on strike?",
        "Since when, exactly, has the airline been flying to Lima?",
        "Since when has the Porto bridge been closed?",
    ],
)
def test_since_when_with_a_perfect_asks_a_duration(question: str) -> None:
    q = analyse(question)
    assert (q.kind, q.attribute, q.measure) == ("number", "duration", True)


def test_since_when_with_a_past_tense_asks_a_date() -> None:
    assert analyse("Since when did the mayor hold office?").kind == "date"


def test_since_when_is_answered_by_a_span() -> None:
    assert answerable(
        "Since when have residents of Dhaka been without power?",
        "Residents of Dhaka have been without power for nearly a week after the floods.",
    )


def test_since_when_is_answered_by_a_start() -> None:
    assert answerable(
        "Since when has the Porto bridge been closed?",
        "The Porto bridge has been closed since March 2021 for repairs.",
    )


def test_since_when_without_a_span_or_a_start_abstains() -> None:
    assert not answerable(
        "Since when has the Porto bridge been closed?",
        "The Porto bridge was closed by the city council for repairs.",
    )


def test_how_long_is_answered_by_a_start() -> None:
    q = analyse("How long has the Porto bridge been closed?")
    assert measured_number(q, "The Porto bridge has been closed since March 2021 for repairs.")
    assert not measured_number(q, "The Porto bridge has been closed for repairs.")


# ----- the focus said another way -------------------------------------------------------------------
def test_a_nationality_in_the_focus_is_said_by_its_country() -> None:
    assert answerable(
        "Duration-wise, how long was the Portuguese leg of the European tour?",
        "The band played a ten-day tour of Portugal in May.",
    )


def test_another_country_does_not_say_the_nationality() -> None:
    assert not answerable(
        "Duration-wise, how long was the Portuguese leg of the European tour?",
        "The band played a ten-day tour of Spain in May.",
    )


def _judge_leaning(question: str, before: str, text: str, *others: str) -> bool:
    stats = TermStats([before, text, *others])
    evidence = [ev(text, 0.8, "0.txt", before=before), *(ev(o, 0.7, f"{i}.txt") for i, o in enumerate(others, 1))]
    return judge(analyse(question), evidence, stats, threshold=0.5).answerable


def test_a_sentence_pointing_back_and_naming_the_focus_gives_it_the_value_before() -> None:
    assert _judge_leaning(
        "What is the population of Ghana?",
        "Some countries have just over 33 million people.",
        "This is the case with Ghana, according to the census office.",
    )


def test_a_capital_standing_for_the_country_does_not_take_its_value() -> None:
    assert not _judge_leaning(
        "What is the population of Accra?",
        "Some countries have just over 33 million people.",
        "This is the case with Ghana, according to the census office.",
        "Accra hosted the census office launch.",
    )


def test_a_sentence_pointing_back_without_the_focus_gives_it_nothing() -> None:
    assert not _judge_leaning(
        "What is the population of Ghana?",
        "Some countries have just over 33 million people.",
        "This figure comes from the census office.",
        "Ghana held a census last year.",
    )


# ----- a noun of measure later in the clause is not what a "kind of" question asks ----------------------
@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("What kind of fuel drives the region's growth?", "fuel"),
        ("What sort of crop lifted the farm's revenue last year?", "crop"),
    ],
)
def test_the_noun_after_kind_of_is_asked_not_a_measure_after_it(question: str, noun: str) -> None:
    q = analyse(question)
    assert (q.kind, q.attribute) == ("other", noun)


def test_a_kind_of_a_class_noun_keeps_its_class() -> None:
    q = analyse("What kind of company makes the chips?")
    assert (q.kind, q.attribute) == ("organization", "company")


# ----- a period named relative to now is a constraint ----------------------------------------------
def test_a_period_after_the_measure_noun_is_no_part_of_it() -> None:
    q = analyse("What was the club's revenue growth last season?")
    assert (q.kind, q.attribute, q.measure) == ("number", "growth", True)
    assert q.relative_times == ("last season",)


def test_periods_name_the_same_side_of_now_alike() -> None:
    assert analyse("Chile growth forecast for the current year, in percent?").relative_times == ("this year",)


def test_a_value_of_another_period_of_the_asked_unit_is_a_near_miss() -> None:
    assert not answerable(
        "what was the club's revenue growth last season",
        "The club's revenue growth is projected at around 8% this season.",
    )


def test_a_value_of_the_asked_period_answers() -> None:
    assert answerable(
        "what was the club's revenue growth last season",
        "The club's revenue growth reached 8% last season, its best in a decade.",
    )


def test_a_value_without_any_period_is_not_set_aside() -> None:
    assert answerable(
        "what was the club's revenue growth last season",
        "The club's revenue growth of 8% was its best in a decade.",
    )
