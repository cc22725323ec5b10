"""Near misses that answered, and asked words that blocked paraphrases, on topics other than the bundled articles.

Rules covered, each with a near miss (abstain) and an answerable case:
- a time said relative to now ("last year") constrains the value like a year does;
- a body asked by its kind ("which company") is named beside that kind and does the asked act;
- an act is said by its object in another verb ("tests rockets" for "fire its rockets");
- a giving asked ("what did Ann give Bo") is said in its direction, not reversed nor as the exchange alone;
- a role owned by a party ("ministers from Lee's cabinet") is not filled by another nation's holder;
- a headline or title is said only by a sentence giving the title;
- a nationality word is said by its country or short form when coverage is weighed.
"""

from __future__ import annotations

import pytest
from builders import ev, verdict

from qa.answerability import _nationality_terms
from qa.asked import tied, transfer_said
from qa.question import analyse, relative_times
from qa.roles import learn, of_another_party


# ----- a time said relative to now -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("What was Chile's inflation rate last year?", ("last year",)),
        ("How many goals did the club score in the previous season?", ("last season",)),
        ("What will the budget be next year?", ("next year",)),
        ("What is the upcoming month's rainfall forecast?", ("next month",)),
        ("How many tourists came this summer?", ("this summer",)),
        ("How many tourists came in 2019?", ()),
        ("What happened the previous day?", ()),
    ],
)
def test_relative_times_are_read_with_their_qualifier(text: str, found: tuple[str, ...]) -> None:
    assert relative_times(text) == found


def test_a_relative_time_after_the_asked_noun_is_no_asked_noun() -> None:
    asked = analyse("what was peru's export growth rate last year")
    assert asked.kind == "number"
    assert asked.attribute == "rate"
    assert asked.relative_times == ("last year",)


GROWTH = "What was Chile's economic growth rate last year?"


def test_a_value_of_another_relative_time_is_a_near_miss() -> None:
    assert not verdict(GROWTH, "Chile's economy is forecast to grow at a rate of about 3% this year.")


def test_a_value_of_the_asked_relative_time_answers() -> None:
    assert verdict(GROWTH, "Chile's economy grew at a rate of 2.4% last year, the central bank said.")


def test_a_value_without_a_relative_time_is_left_to_the_other_rules() -> None:
    assert verdict(GROWTH, "Chile's economy grew at a rate of 2.4% in 2023, the central bank said.")


def test_a_question_without_a_relative_time_takes_any() -> None:
    assert verdict("What is Chile's economic growth rate?", "Chile's economy will grow at a rate of 3% next year.")


# ----- a body asked by its kind is named beside it, and does the asked act --------------------------------
DRILLER = "Which Brazilian company is drilling for gas off Angola's coast?"


def test_unnamed_firms_with_a_place_named_later_are_a_near_miss() -> None:
    assert not verdict(DRILLER, "Brazilian companies are drilling for gas in Angolan waters in the Gulf of Guinea.")


@pytest.mark.parametrize(
    "sentence",
    [
        "Brazilian companies such as Petrovia are drilling for gas in Angolan waters.",
        "The Brazilian company Petrovia is drilling for gas off the Angolan coast.",
        "Petrovia, the Brazilian energy company, is drilling for gas off the Angolan coast.",
    ],
)
def test_a_firm_named_beside_its_kind_answers(sentence: str) -> None:
    assert verdict(DRILLER, sentence)


def test_a_firm_named_for_another_act_is_a_near_miss() -> None:
    assert not verdict(
        DRILLER,
        "Angola also wants a new dam, and the Brazilian company Hidrovale may be hired to build it off the coast.",
    )


def test_the_act_after_a_copula_and_its_object_are_read() -> None:
    asked = analyse("Which firm is pumping water out of the flooded mine?")
    assert asked.act == "pumping"
    assert asked.act_object == "water"


def test_the_object_of_the_act_says_it_in_another_verb() -> None:
    question = "Into which body of water does the navy now and then fire its test rockets?"
    asked = analyse(question)
    assert (asked.kind, asked.act, asked.act_object) == ("place", "fire", "test rockets")
    assert tied(asked, "The navy regularly launches test rockets into the Baltic Sea from its base.")
    assert not tied(asked, "The navy regularly holds parades beside the Baltic Sea.")


def test_a_light_verb_act_is_not_looked_for() -> None:
    asked = analyse("Which Kenyan premier took part in the water summit in Nairobi?")
    roles_text = "Kenyan Prime Minister Ann Wanjiru participated in the water summit in Nairobi."
    assert tied(asked, roles_text)


# ----- a giving asked is said in its direction ----------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "parties"),
    [
        ("What present did Ana hand Bruno at the ceremony?", ("ana", "bruno")),
        ("What did the mayor give to the winning team?", ("mayor", "winning team")),
        ("What did the striker receive from the club after the final?", ("club", "striker")),
        ("What does the bakery send its customers each winter?", ("bakery", "customers")),
        ("What did the club sign last year?", ()),
        ("What nickname did the coach give his goalkeeper?", ()),
    ],
)
def test_the_giver_and_receiver_are_read(question: str, parties: tuple[str, ...]) -> None:
    assert analyse(question).transfer == parties


GIFT = "What present did Ana hand Bruno during the gift exchange in Lisbon?"


@pytest.mark.parametrize(
    "sentence",
    [
        "Ana handed Bruno a silver compass.",
        "Bruno received a silver compass from Ana.",
        "Bruno was given a silver compass by Ana.",
        "Ana's gift to Bruno was a silver compass.",
        "Ana welcomed Bruno and gave him a silver compass.",
    ],
)
def test_a_giving_in_the_asked_direction_is_said(sentence: str) -> None:
    assert transfer_said(analyse(GIFT), sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "In March, Bruno gifted Ana a vintage bicycle.",
        "The visit, which included gift exchanges, showed how close the two mayors are.",
        "Ana shook hands with Bruno and embraced him.",
    ],
)
def test_a_reversed_giving_or_the_exchange_alone_is_not(sentence: str) -> None:
    assert not transfer_said(analyse(GIFT), sentence)


def test_a_reversed_giving_is_a_near_miss() -> None:
    assert not verdict(
        GIFT,
        "In March, Bruno gifted Ana a vintage bicycle, despite the council's rules.",
        "The visit to Lisbon, which included gift exchanges, showed the rapport between the two mayors.",
    )


def test_the_asked_giving_answers() -> None:
    assert verdict(GIFT, "During the gift exchange in Lisbon, Ana handed Bruno a silver compass.")


def test_a_joined_part_asking_no_giving_may_be_answered() -> None:
    assert verdict(
        "What does Norway give Chile, and what does it hold back from selling?",
        "While Norway helps Chile with research money, it holds back from selling its salmon licences.",
    )


# ----- a role owned by a party ----------------------------------------------------------------------------
OWNED = "Which ministers from Lee's cabinet travelled with him to Lima?"


def test_the_owner_of_the_role_is_read() -> None:
    assert analyse(OWNED).role_owner == "Lee"
    assert analyse("Who is the coach of the Porto team?").role_owner == "Porto"
    assert analyse("Which company bought the stadium?").role_owner == ""


def test_another_nations_minister_is_another_party() -> None:
    texts = ["Korean President Min-ho Lee landed in Lima.", "Peruvian Foreign Minister Rosa Vargas mocked the visit."]
    roles = learn(texts)
    asked = analyse(OWNED)
    assert of_another_party(asked, texts[1], roles)
    assert not of_another_party(asked, "Korean Trade Minister Ji-woo Park travelled with Lee to Lima.", roles)


def test_another_nations_minister_is_a_near_miss() -> None:
    assert not verdict(
        OWNED,
        "Korean President Min-ho Lee landed in Lima on Tuesday.",
        "Peruvian Foreign Minister Rosa Vargas mocked the visit of Lee to Lima.",
    )


def test_the_owners_own_minister_answers() -> None:
    assert verdict(
        OWNED,
        "Korean President Min-ho Lee landed in Lima on Tuesday.",
        "Korean Trade Minister Ji-woo Park travelled with Lee to Lima.",
    )


# ----- a headline or title ----------------------------------------------------------------------------------
COLUMN = "Tell me the headline of the column Mayor Silva wrote for the city's evening paper."


def test_a_request_for_a_headline_asks_a_title() -> None:
    asked = analyse(COLUMN)
    assert (asked.kind, asked.attribute) == ("quote", "headline")


def test_the_column_without_its_headline_is_a_near_miss() -> None:
    assert not verdict(
        COLUMN,
        "In a front-page column in the city's evening paper, Mayor Silva vowed to “rebuild every flooded street”.",
    )


def test_the_headline_given_answers() -> None:
    assert verdict(
        COLUMN,
        "Mayor Silva's column in the city's evening paper was headlined “Our Streets, Our Future”.",
    )


# ----- a nationality word said by its country ----------------------------------------------------------------
def test_a_nationality_is_said_by_the_countrys_short_form() -> None:
    asked = analyse("Under which earlier British prime minister did London try to settle the fishing row?")
    said = _nationality_terms(asked, ev("The era of Ann Lee, the former UK prime minister, is over.", 0.8, "a"))
    assert "british" in said
    assert not _nationality_terms(asked, ev("The fishing row began in Norway.", 0.8, "b"))


def test_a_body_does_not_hold_a_persons_role_by_a_related_word() -> None:
    asked = analyse("Which ministers travelled with the president to Lima?")
    assert not tied(asked, "The official news agency Andina reported the president's arrival in Lima.")
    assert tied(asked, "Trade Minister Ji-woo Park travelled with the president to Lima.")


@pytest.mark.parametrize(
    ("question", "entity"),
    [
        ("What was the headline of the column Ann Lee wrote for the paper?", "column Ann Lee"),
        ("What is the seating capacity of the arena that the city sold?", "arena"),
    ],
)
def test_a_clause_after_the_owned_thing_ends_it(question: str, entity: str) -> None:
    assert analyse(question).entity == entity
