"""Two reports answering one question differently, and look-alikes that are not versions of one fact.

Made-up articles on topics other than the bundled ones (floods, football, elections, companies, science):
versions of a date, a count, a quote and a name (qa/conflicts.py), another article's own answer shown beside
the lead's in the evidence answer (qa/extractive.py), and wordings asked with "phrased" (qa/question.py).
"""

from __future__ import annotations

import pytest

from qa.answer import Evidence
from qa.conflicts import find_versions
from qa.extractive import extractive_sentences
from qa.question import analyse
from qa.text import TermStats


def ev(text: str, score: float = 0.8, doc: str = "a.txt", start: int = 0) -> Evidence:
    return Evidence(doc_id=doc, title=doc, start=start, end=start + len(text), text=text, score=score)


def _versions(question: str, *sentences: tuple[str, str, float]) -> list[str]:
    """The articles whose sentences ``find_versions`` gives, for (article, sentence, score) triples."""
    stats = TermStats([s for _, s, _ in sentences])
    evidence = [ev(text, score, doc, start=i * 100) for i, (doc, text, score) in enumerate(sentences)]
    return [v.doc_id for v in find_versions(analyse(question), evidence, stats)]


def _answer(question: str, evidence: list[Evidence], answering: list[Evidence], max_sentences: int = 3) -> list[str]:
    return [s.text for s in extractive_sentences(analyse(question), evidence, max_sentences, None, answering)]


# ----- versions of a date, a count, a quote ---------------------------------------------------------------
def test_two_reports_giving_different_days_for_one_opening_are_versions() -> None:
    found = _versions(
        "When did the Lindqvist Bridge open to traffic?",
        ("a.txt", "The Lindqvist Bridge opened to traffic on March 3, 2021, after four years of work.", 0.82),
        ("b.txt", "The Lindqvist Bridge opened to traffic on March 5, 2021, two days late.", 0.8),
    )
    assert found == ["a.txt", "b.txt"]


def test_a_weekday_and_the_same_calendar_day_are_one_version() -> None:
    found = _versions(
        "When did the Lindqvist Bridge open to traffic?",
        ("a.txt", "The Lindqvist Bridge opened to traffic on Wednesday, March 3, 2021.", 0.82),
        ("b.txt", "The Lindqvist Bridge opened to traffic on March 3, 2021, officials said.", 0.8),
    )
    assert found == []


def test_two_reports_counting_the_evacuated_differently_are_versions() -> None:
    found = _versions(
        "How many residents were evacuated from Varnholm during the flood?",
        ("a.txt", "About 4,000 residents were evacuated from Varnholm during the flood.", 0.84),
        ("b.txt", "Officials said 6,500 residents were evacuated from Varnholm during the flood.", 0.8),
    )
    assert found == ["a.txt", "b.txt"]


def test_an_arrival_and_a_departure_are_not_versions_of_one_date() -> None:
    found = _versions(
        "When did the Brazilian squad arrive in Lisbon?",
        ("a.txt", "The Brazilian squad arrived in Lisbon on Monday for the friendly.", 0.82),
        ("b.txt", "The Brazilian squad left Lisbon on Thursday after the friendly.", 0.8),
    )
    assert found == []


def test_the_same_count_in_two_reports_is_no_conflict() -> None:
    found = _versions(
        "How many seats did the Green Party win in Tallinn?",
        ("a.txt", "The Green Party won 14 seats in Tallinn, its best result.", 0.84),
        ("b.txt", "In Tallinn the Green Party won 14 seats, up from nine.", 0.8),
    )
    assert found == []


def test_a_quote_rendered_two_ways_by_two_reports_is_a_conflict() -> None:
    found = _versions(
        "How did Elena Marsh describe the merger?",
        ("a.txt", "Elena Marsh described the merger as “a new chapter for the company”.", 0.82),
        ("b.txt", "Elena Marsh called the merger “a new dawn for the company”, according to staff.", 0.8),
    )
    assert found == ["a.txt", "b.txt"]


def test_two_people_quoted_on_one_merger_are_not_versions() -> None:
    found = _versions(
        "How did Elena Marsh describe the merger?",
        ("a.txt", "Elena Marsh described the merger as “a new chapter for the company”.", 0.82),
        ("b.txt", "Union leader Tom Reyes called the merger “a new threat for the company”.", 0.8),
    )
    assert found == []


# ----- the asked person speaking under a shortened name states the focus (qa/conflicts.py _on_focus) ------
PARK = "In one phrase, how did Park Ji Sung hail this turning point in his club's fortunes?"


def test_a_speaker_named_by_one_word_of_a_longer_name_still_speaks_for_the_focus() -> None:
    # "Park" for "Park Ji Sung": the focus rule wants half the name's words, the speaker rule one.
    found = _versions(
        PARK,
        ("a.txt", "And Park declared that the team would now enter “a golden year”.", 0.8),
        ("b.txt", "These results led Park Ji-sung to speak of “a golden era” for the team.", 0.79),
    )
    assert found == ["a.txt", "b.txt"]


def test_a_shortened_name_that_is_only_mentioned_does_not_speak() -> None:
    found = _versions(
        PARK,
        ("a.txt", "And Park declared that the team would now enter “a golden year”.", 0.8),
        ("b.txt", "Fans chanted “a golden era” for the team as Park left the pitch.", 0.79),
    )
    assert found == []


def test_someone_else_sharing_the_shortened_name_is_not_the_asked_speaker() -> None:
    found = _versions(
        PARK,
        ("a.txt", "And Park declared that the team would now enter “a golden year”.", 0.8),
        ("b.txt", "These results led coach Lee Young-pyo to speak of “a golden era” for the team.", 0.79),
    )
    assert found == []


# ----- a name given two ways --------------------------------------------------------------------------------
def test_two_names_of_one_treaty_are_versions() -> None:
    found = _versions(
        "What is the new fisheries treaty called?",
        ("a.txt", "The two states signed the Northern Waters fisheries treaty on Monday.", 0.82),
        ("b.txt", "Ministers signed the Barents Sea fisheries treaty in Bergen.", 0.8),
    )
    assert found == ["a.txt", "b.txt"]


def test_a_name_said_shorter_within_the_fuller_one_is_the_same_name() -> None:
    found = _versions(
        "What is the new fisheries treaty called?",
        ("a.txt", "The two states signed the Northern Waters fisheries treaty on Monday.", 0.82),
        ("b.txt", "Ministers signed the Arctic Northern Waters fisheries treaty in Bergen.", 0.8),
    )
    assert found == []


# ----- "phrased" and "worded" ask for the wording (qa/question.py) -------------------------------------------
@pytest.mark.parametrize(
    "question",
    [
        "In the minister's apology to the farmers, how was the drought part phrased?",
        "How was the flood warning phrased by the weather agency?",
        "How did the mayor phrase her apology?",
        "How was the referee's report worded?",
    ],
)
def test_phrased_and_worded_ask_for_a_quote(question: str) -> None:
    assert analyse(question).kind == "quote"


@pytest.mark.parametrize(
    "question",
    [
        "How was the new stadium built?",
        "How was the election result counted?",
        "How did the company finance the takeover?",
    ],
)
def test_other_how_questions_do_not_ask_for_a_quote(question: str) -> None:
    assert analyse(question).kind != "quote"


# ----- another article's own answer beside the lead's (qa/extractive.py) ------------------------------------
# A question asking for grounds (several) shows a later sentence only if it adds a word of the question: the
# second report's ground, in a sentence saying no question word the lead does not, is shown as its answer.
GROUNDS = "On what grounds did the league suspend the Rovers goalkeeper?"
LEAD = ev("In a statement, the league suspended the Rovers goalkeeper for doping after the derby.", 0.80, "a.txt")
OTHER = ev(
    "It is not the first time the league has acted: it suspended the Rovers goalkeeper over match fixing.",
    0.78,
    "b.txt",
)


def test_a_second_reports_ground_is_shown_beside_the_lead() -> None:
    assert analyse(GROUNDS).several
    assert _answer(GROUNDS, [LEAD, OTHER], answering=[LEAD, OTHER]) == [LEAD.text, OTHER.text]


def test_without_the_answering_sentences_the_second_ground_adds_nothing() -> None:
    assert _answer(GROUNDS, [LEAD, OTHER], answering=[]) == [LEAD.text]


def test_a_sentence_the_answerability_rules_did_not_pass_is_not_another_reports_answer() -> None:
    assert _answer(GROUNDS, [LEAD, OTHER], answering=[LEAD]) == [LEAD.text]


def test_a_second_sentence_of_the_same_article_is_not_another_reports_answer() -> None:
    same = OTHER.model_copy(update={"doc_id": "a.txt", "start": 300, "end": 300 + len(OTHER.text)})
    assert _answer(GROUNDS, [LEAD, same], answering=[LEAD, same]) == [LEAD.text]


def test_another_report_far_below_the_best_score_is_not_forced_in() -> None:
    weak = OTHER.model_copy(update={"score": 0.4})
    assert _answer(GROUNDS, [LEAD, weak], answering=[LEAD, weak]) == [LEAD.text]


def test_another_reports_answer_takes_only_room_left() -> None:
    assert _answer(GROUNDS, [LEAD, OTHER], answering=[LEAD, OTHER], max_sentences=1) == [LEAD.text]


def test_a_report_saying_little_of_the_question_is_not_another_answer() -> None:
    # The lead says "league", "suspend", "Rovers", "goalkeeper"; this sentence only "Rovers".
    aside = ev("The Rovers also sold their reserve striker over the weekend for a record fee.", 0.78, "b.txt")
    assert _answer(GROUNDS, [LEAD, aside], answering=[LEAD, aside]) == [LEAD.text]


def test_a_near_copy_in_another_report_is_not_shown_twice() -> None:
    copy = ev("The league suspended the Rovers goalkeeper for doping after the derby.", 0.79, "b.txt")
    assert _answer(GROUNDS, [LEAD, copy], answering=[LEAD, copy]) == [LEAD.text]


def test_a_question_joined_from_two_gets_no_other_report_for_its_lead() -> None:
    question = "Why did the Varnholm dam burst, and who ordered the evacuations?"
    assert analyse(question).parts
    lead = ev("The Varnholm dam burst after days of rain, and the mayor ordered the evacuations.", 0.80, "a.txt")
    other = ev("It is the second time the Varnholm dam has burst: its walls were weak, engineers say.", 0.78, "b.txt")
    texts = _answer(question, [lead, other], answering=[lead, other])
    assert other.text not in texts


def test_a_follow_up_with_few_words_of_its_own_gets_no_other_report() -> None:
    question = "On what grounds was he banned?"  # one word of its own the lead says: "banned"
    assert analyse(question).several
    lead = ev("The league banned him for doping, the statement said.", 0.80, "a.txt")
    other = ev("It is the second time: he was banned over match fixing in 2019, it is said.", 0.78, "b.txt")
    assert _answer(question, [lead, other], answering=[lead, other]) == [lead.text]


def test_versions_found_are_shown_each_with_its_own_article() -> None:
    a = ev("The comet passed closest to Earth on 12 May, the observatory said.", 0.82, "a.txt")
    b = ev("The comet passed closest to Earth on 14 May, astronomers said.", 0.8, "b.txt")
    sentences = extractive_sentences(analyse("When did the comet pass closest to Earth?"), [a, b], 3, [a, b])
    assert [s.sources[0].doc_id for s in sentences] == ["a.txt", "b.txt"]
