"""Names the articles do not write that stand for ones they do, read from the gazetteer: a city for its
country ("Tokyo" for "Japan") and a country's ISO code ("RU"); a name whose word vector only looks like
another's ("Zelensky" / "Jens") is not one of them. Examples on topics other than the bundled articles."""

from __future__ import annotations

import pytest
from test_abbreviated_names import _unknown

from qa.answerability import abbreviates
from qa.places import countries_of, country_of_code


def test_the_gazetteer_places_cities_and_reads_codes() -> None:
    assert countries_of("Tokyo") == {"Japan"}
    assert "Nigeria" in countries_of("lagos")
    assert countries_of("Zelensky") == frozenset()
    assert (country_of_code("BR"), country_of_code("bra"), country_of_code("UK")) == ("Brazil", "Brazil", "")


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("What did Tokyo say about the flood aid?", "Japan pledged flood aid on Monday."),
        ("How did Brasilia react to the vote?", "Brazil condemned the vote in a statement."),
        ("What did Nairobi announce about the election?", "Kenya announced a date for the election."),
    ],
)
def test_a_city_standing_for_a_country_the_articles_name_is_mentioned(question: str, sentence: str) -> None:
    assert _unknown(question, sentence) == []


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        # Word vectors put these names close; neither is a place, and the articles never name the asked one.
        ("What did Zelensky say about the talks?", "Jens Stoltenberg said the talks were useful."),
        ("What did Macron say about the match?", "Mr Rossi said the match was a disgrace."),
        # A city of a country the articles do not name.
        ("What did Tokyo say about the flood aid?", "Kenya pledged flood aid on Monday."),
    ],
)
def test_a_name_only_alike_in_vectors_is_not_mentioned(question: str, sentence: str) -> None:
    assert _unknown(question, sentence) != []


def test_a_two_letter_code_is_read_as_an_iso_code_not_as_a_word_start() -> None:
    assert abbreviates("BR", ["Brazil condemned the vote."])
    assert not abbreviates("UK", ["Voters in Ukraine went to the polls."])
    assert abbreviates("UKR", ["Voters in Ukraine went to the polls."])


def test_a_city_stands_for_its_country_as_the_actor_of_a_count_not_as_its_owner() -> None:
    from test_count_questions import answerable

    # The city does something counted: its country doing it answers.
    assert answerable("How many drones is Tehran accused of supplying?", "Iran is accused of supplying 2,000 drones.")
    # The city owns what is counted: its country's figure is another place's.
    assert not answerable("What is the population of Tehran?", "Iran has a population of 89 million.")
