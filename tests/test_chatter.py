"""The talk around a question is no part of it: greetings, thanks, apologies, tags asking for help, hedges about
the asker's memory, remarks about the asker. Examples on topics other than the bundled articles."""

from __future__ import annotations

import pytest

from qa.question import analyse


@pytest.mark.parametrize(
    ("text", "asking", "kind"),
    [
        (
            "Sorry if this is obvious, but how long did the strike last (just curious)?",
            "how long did the strike last?",
            "number",
        ),
        (
            "hey, quick question - Which club signed the striker if I remember right?",
            "Which club signed the striker?",
            "organization",
        ),
        (
            "Hi! I'm writing a school report on this. which minister resigned - any idea?",
            "which minister resigned?",
            "person",
        ),
        (
            "my friend and I were arguing about this. Who won the 2019 final? thanks!",
            "Who won the 2019 final?",
            "person",
        ),
        ("ok so when did the bridge reopen thanks!?", "when did the bridge reopen?", "date"),
        (
            "I was reading about the floods and got curious: how many homes were lost?",
            "how many homes were lost?",
            "number",
        ),
        (
            "Hello. in what year was the dam built (just curious)",
            "in what year was the dam built",
            "date",
        ),
    ],
)
def test_talk_around_the_question_is_set_aside(text: str, asking: str, kind: str) -> None:
    question = analyse(text)
    assert question.asking == asking
    assert question.searched == asking
    assert question.kind == kind
    assert not {"Sorry", "Hi", "Hello"} & set(question.names)


@pytest.mark.parametrize(
    "text",
    [
        "What happens if the vote fails?",  # "if" opens a clause of the question
        "Who won, and by how much?",
        "Well-known fact: who won?",  # "Well" of "Well-known" is no filler
        "Is the new stadium right next to the river?",  # "right" asks about the place
    ],
)
def test_words_of_the_question_are_not_taken_for_talk(text: str) -> None:
    assert analyse(text).asking == text


def test_a_remark_naming_what_is_asked_about_stays() -> None:
    # The question leans on the remark: "that" is what the remark says of Lyon.
    assert "Lyon" in analyse("I read that Lyon sold its striker to Porto, is that right?").searched
    # Too few words of its own: the remark says what "it" is.
    assert "floods" in analyse("I read about the floods. when did it start?").searched


def test_lower_case_sentences_are_sentences() -> None:
    question = analyse("I'm writing an essay. which party won the most seats?")
    assert question.asking == "which party won the most seats?"
    # A short abbreviation does not end a sentence (the sentence is kept whole, its shorthand written out).
    assert (
        "was approximately ten thousand strong"
        in analyse("The crowd was approx. ten thousand strong. who counted it?").searched
    )


@pytest.mark.parametrize(
    "text",
    [
        "Who won the 2019 final, I need to know before my meeting in ten minutes, so quick please!",
        "Who won the 2019 final? Just want the basics, nothing too detailed.",
        "Random thought, who won the 2019 final?",
        "yo who won the 2019 final",
        "Good morning! who won the 2019 final?",
    ],
)
def test_remarks_after_the_question_and_greetings_before_it_are_set_aside(text: str) -> None:
    assert analyse(text).asking.lower().rstrip("?") == "who won the 2019 final"


def test_a_short_quoted_reply_is_no_remark_about_the_asker() -> None:
    assert '"me"' in analyse('Kane asked: "who is ready?" and Lee said: "me". Who answered first?').asking


@pytest.mark.parametrize(
    ("text", "aside"),
    [
        ("Timeline question again: which day did the mayor open the bridge?", "Timeline"),
        ("History essay context: under which coach did Lyon win the cup?", "History"),
        ("Quick economics question for my Baltic module: how fast did Latvia's economy grow?", "Baltic"),
    ],
)
def test_a_label_of_the_askers_own_names_nothing_asked(text: str, aside: str) -> None:
    question = analyse(text)
    assert aside in question.aside_names
    assert aside not in question.names


def test_a_lead_naming_the_topic_keeps_its_words() -> None:
    # "floods" is what the count is of: the lead stays in the search, only its capitalised label word is aside.
    assert "floods" in analyse("Research on the floods: how many homes were lost?").searched
