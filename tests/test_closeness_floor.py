"""The closeness floor of the answerability judge, on topics written for these tests (floods, football,
elections, companies): a sentence the word rules pass but far in meaning from the question does not answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from builders import FIRST_SCORE, THRESHOLD, article_store, ev
from fakes import HashingEmbedder

from qa import answerability
from qa import assistant as assistant_module
from qa.answer import Evidence
from qa.answerability import (
    CLOSENESS_FLOOR,
    REASON_CHARS,
    Verdict,
    above_floor,
    closeness_floor,
    judge,
)
from qa.composition import build_assistant
from qa.evidence import DENSE_CHANCE
from qa.question import analyse
from qa.settings import Settings
from qa.text import TermStats

FLOOR = 0.21
FLOOD = "Some 3,000 residents of Riverton were evacuated when the Aller burst its banks in March."
FINAL = "The stadium hosted the cup final, a fan festival and a parade through the old town."
FINAL_ACT = "The Riverside Brass Band performed at the cup final before the kick-off."


def judged(question: str, sentences: list[tuple[str, float]], floor: float = FLOOR) -> Verdict:
    """The verdict on these sentences (text, closeness), best first, each from its own document."""
    stats = TermStats([text for text, _ in sentences])
    evidence = [
        ev(text, FIRST_SCORE - i * 0.01, f"{i}.txt", closeness) for i, (text, closeness) in enumerate(sentences)
    ]
    return judge(analyse(question), evidence, stats, THRESHOLD, floor)


def test_an_answer_far_in_meaning_from_the_question_is_refused() -> None:
    question = "How many residents of Riverton were evacuated?"
    assert judged(question, [(FLOOD, 0.45)]).answerable
    refused = judged(question, [(FLOOD, 0.1)])
    assert not refused.answerable
    assert refused.reason == f"the closest passage, “{FLOOD}”, is not about what is asked"


def test_a_sentence_merely_listing_the_event_does_not_say_who_played_at_it() -> None:
    question = "Which band played at the cup final?"
    # The word rules pass it (it names the event, and a party); in meaning it is about the venue's events.
    assert judged(question, [(FINAL, 0.1)], floor=0.0).answerable
    refused = judged(question, [(FINAL, 0.1)])
    assert not refused.answerable and "is not about what is asked" in refused.reason
    assert judged(question, [(FINAL, 0.1), (FINAL_ACT, 0.45)]).answering[0].text == FINAL_ACT


def test_without_a_floor_the_word_rules_alone_decide() -> None:
    assert judged("How many residents of Riverton were evacuated?", [(FLOOD, 0.1)], floor=0.0).answerable


def test_a_lead_below_the_floor_gives_way_to_an_answering_sentence_above_it() -> None:
    question = "Who performed at the cup final?"
    far = "The Riverside Brass Band performed at the cup final, the mayor said."
    assert judged(question, [(far, 0.12), (FINAL_ACT, 0.4)], floor=0.0).answering[0].text == far
    verdict = judged(question, [(far, 0.12), (FINAL_ACT, 0.4)])
    assert verdict.answerable
    assert [e.text for e in verdict.answering] == [FINAL_ACT]


def test_every_answering_sentence_below_the_floor_is_dropped() -> None:
    question = "How many votes did Maria Lind win in the Eastfield election?"
    first = "Maria Lind won 12,400 votes in the Eastfield election."
    second = "In the Eastfield election Maria Lind won 12,400 votes, ahead of two rivals."
    unfloored = judged(question, [(first, 0.15), (second, 0.18)], floor=0.0)
    assert unfloored.answerable and len(unfloored.answering) == 2
    refused = judged(question, [(first, 0.15), (second, 0.18)])
    assert not refused.answerable
    assert first in refused.reason  # the lead is quoted


def test_a_sentence_at_the_floor_answers() -> None:
    assert judged("How many residents of Riverton were evacuated?", [(FLOOD, FLOOR)]).answerable


def test_an_abstention_keeps_its_own_reason() -> None:
    # A question naming a company no article mentions: the word rules refuse it before any floor.
    sentence = "Norfield Foods reported revenue of 2.1 billion euros for the year."
    verdict = judged("What revenue did Quillmark Industries report?", [(sentence, 0.05)])
    assert not verdict.answerable
    assert "never mention" in verdict.reason


def test_the_floors_reason_cuts_a_long_lead() -> None:
    long = "The Aller burst its banks and 3,000 residents of Riverton were evacuated " + "along the river " * 20 + "."
    item = ev(long, FIRST_SCORE, "a.txt", 0.05)
    verdict = above_floor(Verdict(True, "", (item,)), FLOOR)
    assert not verdict.answerable
    quoted = verdict.reason.split("“")[1].split("”")[0]
    assert len(quoted) <= REASON_CHARS and quoted.endswith("…")


def test_an_answerable_verdict_without_answering_sentences_is_left_alone() -> None:
    verdict = Verdict(True, "")
    assert above_floor(verdict, FLOOR) is verdict


def test_the_floor_applies_only_to_an_embedder_whose_closeness_is_measured(monkeypatch: pytest.MonkeyPatch) -> None:
    assert all(name in DENSE_CHANCE for name in CLOSENESS_FLOOR)
    for name, floor in CLOSENESS_FLOOR.items():
        assert closeness_floor(name) == floor > 0.0
    # Closeness is 0 for every sentence of an embedder not measured: no floor, or nothing would be answered.
    assert closeness_floor(HashingEmbedder.name) == 0.0
    # A floor set for an embedder whose chance level is not measured has no closeness to apply to.
    monkeypatch.setitem(answerability.CLOSENESS_FLOOR, "unmeasured-embedder", 0.3)
    assert closeness_floor("unmeasured-embedder") == 0.0


def test_the_assistant_hands_the_judge_its_embedders_floor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = article_store(tmp_path, {"flood.txt": f"Floods in the north.\n\n{FLOOD}\n"})
    floors: list[float] = []

    def spy(question: Any, evidence: list[Evidence], stats: TermStats, threshold: float, floor: float = 0.0) -> Verdict:
        floors.append(floor)
        return judge(question, evidence, stats, threshold, floor)

    monkeypatch.setattr(assistant_module, "judge", spy)
    settings = Settings(data_dir=store, auto_ingest_bundled=False)
    assistant = build_assistant(settings, embedder=HashingEmbedder(), generator=None)
    try:
        answer = assistant.ask("How many residents of Riverton were evacuated when the Aller burst its banks?")
    finally:
        assistant.close()
    assert floors == [0.0]
    assert not answer.abstained and "3,000" in answer.text
