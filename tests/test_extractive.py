"""The evidence answer's sentence choice, on examples written for these tests (sports, weather, companies)."""

from __future__ import annotations

from qa.answer import Evidence
from qa.extractive import SECOND_SENTENCE_RATIO, extractive_sentences
from qa.question import analyse


def ev(text: str, score: float, doc: str = "a.txt", start: int = 0, before: str | None = None) -> Evidence:
    previous = (
        Evidence(doc_id=doc, title=doc, start=max(0, start - len(before) - 1), end=start - 1, text=before, score=0.0)
        if before
        else None
    )
    return Evidence(doc_id=doc, title=doc, start=start, end=start + len(text), text=text, score=score, before=previous)


def _texts(question: str, evidence: list[Evidence], max_sentences: int = 3) -> list[str]:
    return [s.text for s in extractive_sentences(analyse(question), evidence, max_sentences)]


def test_the_best_scoring_sentence_follows_the_lead_when_it_scores_above_it() -> None:
    # The lead comes first (the answerability rules found a tied value in it); the sentence the evidence
    # score prefers, further down the list, is the other likeliest answer and is shown after it.
    lead = ev("The Harriers signed the striker in 2019 after a long chase.", 0.62, start=0)
    filler = ev("The Harriers play their home games at Millbrook Park.", 0.60, start=100)
    best = ev("Coach Dana Oyelaran praised the striker's pace in training.", 0.70, doc="b.txt")
    texts = _texts("Which coach praised the Harriers striker?", [lead, filler, best])
    assert texts[:2] == [lead.text, best.text]


def test_a_sentence_far_below_the_best_is_left_out() -> None:
    best = ev("Heavy rain closed the coastal road at Penmarch on Friday.", 0.80, start=0)
    weak = ev("Penmarch has a small fishing harbour and a lighthouse.", 0.80 * SECOND_SENTENCE_RATIO - 0.05, start=80)
    assert _texts("Why was the coastal road at Penmarch closed?", [best, weak]) == [best.text]


def test_a_close_second_sentence_is_kept() -> None:
    best = ev("Heavy rain closed the coastal road at Penmarch on Friday.", 0.80, start=0)
    close = ev("Landslides blocked the coastal road in two places.", 0.78, start=80)
    assert _texts("Why was the coastal road at Penmarch closed?", [best, close]) == [best.text, close.text]


def test_when_the_lead_is_the_best_nothing_is_forced_in() -> None:
    lead = ev("Tidewell Foods reported revenue of 3.2 billion dollars for the year.", 0.75, start=0)
    weak = ev("Tidewell Foods was founded by two brothers in a garage.", 0.55, start=90)
    assert _texts("What revenue did Tidewell Foods report?", [lead, weak]) == [lead.text]


def test_each_part_of_a_joined_question_gets_its_sentence_even_below_the_ratio() -> None:
    q = analyse("When did the Ostbay marathon start, and which runner set the course record?")
    assert len(q.parts) == 2
    start = ev("The Ostbay marathon started at 8 a.m. on Sunday under clear skies.", 0.80, start=0)
    weather = ev("Clear skies and a light wind greeted the Ostbay field on Sunday.", 0.74, start=70)
    record = ev("Kenyan runner Amos Keter set a new course record of 2:06:11.", 0.50, doc="b.txt")
    texts = [s.text for s in extractive_sentences(q, [start, weather, record], max_sentences=3)]
    assert start.text in texts and record.text in texts


def test_a_part_of_one_own_word_is_not_looked_for_by_its_words() -> None:
    # "what came of it?" has one word of its own: a sentence that merely says "came" answers nothing.
    q = analyse("When did the storm reach Vallen, and what came of it?")
    reach = ev("The storm reached Vallen on Tuesday night, flooding the harbour.", 0.80, start=0)
    chance = ev("A second band of rain came later in the week.", 0.40, start=70)
    texts = [s.text for s in extractive_sentences(q, [reach, chance], max_sentences=3)]
    assert chance.text not in texts


def test_a_sentence_going_on_from_a_shown_one_is_kept_below_the_ratio() -> None:
    # "It" points back at the shown sentence: it finishes it, whatever its score.
    shown = "The council approved the new flood barrier on Monday."
    going_on = ev("It will cost 40 million pounds.", 0.80 * SECOND_SENTENCE_RATIO - 0.05, start=54, before=shown)
    first = ev(shown, 0.80, start=0)
    assert _texts("What did the council decide about the flood barrier?", [first, going_on]) == [shown, going_on.text]


def test_a_pointing_sentence_after_an_unshown_one_still_needs_the_ratio() -> None:
    # The sentence it points back at is not in the answer: it is an ordinary weak sentence.
    first = ev("The council approved the new flood barrier on Monday.", 0.80, start=0)
    elsewhere = ev(
        "It opened in 1998.", 0.80 * SECOND_SENTENCE_RATIO - 0.05, doc="b.txt", start=40, before="The pier was rebuilt."
    )
    assert _texts("What did the council decide about the flood barrier?", [first, elsewhere]) == [first.text]


def test_later_sentences_follow_their_scores_not_the_order_given() -> None:
    # The answering sentences come first in the list, some only because a common word of the question sits
    # near a value; a higher-scoring sentence further down holds the answer and is shown before them.
    lead = ev("The cup final will be played on a Saturday evening this season.", 0.70, start=0)
    early = ev("The stadium was last renovated in 2019 at a cost of 30 million pounds.", 0.62, start=70)
    better = ev("Organisers chose Harrow Park to stage the cup final.", 0.68, doc="b.txt")
    texts = _texts("Which stadium will host the cup final?", [lead, early, better], max_sentences=2)
    assert texts == [lead.text, better.text]


def test_a_sentence_holding_a_value_of_the_asked_kind_goes_ahead_of_a_higher_scoring_one() -> None:
    # A date question: the sentence with a date stays ahead of a higher-scoring one that holds none.
    q = analyse("When will the cup final be played?")
    assert q.kind == "date"
    lead = ev("The cup final will be played at Harrow Park.", 0.70, start=0)
    dated = ev("The final was moved to 14 May because of the league schedule.", 0.62, start=50)
    undated = ev("Fans were asked to buy their tickets for the final early.", 0.66, doc="b.txt")
    texts = [s.text for s in extractive_sentences(q, [lead, undated, dated], max_sentences=2)]
    assert texts == [lead.text, dated.text]


def test_the_score_order_does_not_let_a_weak_sentence_past_the_ratio() -> None:
    # Negative: reordering by score admits no sentence below the ratio of the best.
    lead = ev("The cup final will be played on a Saturday evening this season.", 0.70, start=0)
    weak = ev("Organisers met in the town hall to discuss parking.", 0.70 * SECOND_SENTENCE_RATIO - 0.05, doc="b.txt")
    assert _texts("Which stadium will host the cup final?", [lead, weak]) == [lead.text]


def test_a_part_is_found_by_a_synonym_and_a_value_of_its_kind() -> None:
    # The first part asks "at what hour ... land"; its sentence says "arrived" and gives a time, sharing only
    # the ferry's name with the part. The lead answers the second part.
    q = analyse("At what hour did the Nordlys ferry land, and which captain steered it through the storm?")
    lead = ev("Captain Ines Aalto steered the Nordlys ferry through the storm.", 0.80, start=0)
    decoy = ev("The Nordlys ferry service was founded by a fishing cooperative.", 0.70, start=80)
    arrival = ev("The Nordlys arrived in the harbour at 4.15 in the morning.", 0.55, doc="b.txt")
    texts = [s.text for s in extractive_sentences(q, [lead, decoy, arrival], max_sentences=3)]
    assert texts[:2] == [lead.text, arrival.text]


def test_a_part_sentence_needs_more_than_the_value_alone() -> None:
    # A time with none of the part's own words or their synonyms answers nothing of it.
    q = analyse("At what hour did the Nordlys ferry land, and which captain steered it through the storm?")
    lead = ev("Captain Ines Aalto steered the Nordlys ferry through the storm.", 0.80, start=0)
    other = ev("The town council met at 7.30 to discuss parking.", 0.40, doc="b.txt")
    texts = [s.text for s in extractive_sentences(q, [lead, other], max_sentences=3)]
    assert texts == [lead.text]


def test_a_heading_never_follows_the_lead() -> None:
    lead = ev("The ferry service to Inishmore resumed on Monday after the storm.", 0.70, start=0)
    heading = ev("Storm Season On The Islands", 0.72, start=80)
    prose = ev("Ferries had been cancelled for four days while gales battered the coast.", 0.66, start=120)
    texts = _texts("When did the ferry service to Inishmore resume?", [lead, heading, prose])
    assert heading.text not in texts
    assert texts[0] == lead.text


def test_a_heading_the_rules_chose_may_still_lead() -> None:
    heading = ev("Record Turnout In Graz Council Vote", 0.70, start=0)
    assert _texts("What was said about turnout in the Graz council vote?", [heading]) == [heading.text]
