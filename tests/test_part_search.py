"""Questions joined from several parts: each part searched on its own, and each part's answer shown.

Examples written for these tests (a harbour town, a football club, a bakery chain), not about the articles.
"""

from __future__ import annotations

from pathlib import Path

from fakes import HashingEmbedder

from qa.answer import Evidence
from qa.composition import build_assistant
from qa.evidence import PART_SENTENCES, choose, searched_parts
from qa.extractive import extractive_sentences
from qa.question import analyse
from qa.settings import Settings
from qa.text import TermStats

TEXTS = [
    "The harbour festival was held on the north pier of Lowmoor.",
    "The ferry from Ardley arrived at 6.10 in the morning.",
    "Crowds gathered early along the quay.",
    "The mayor opened the festival with a short speech.",
]


def ev(text: str, score: float, start: int, closeness: float = 0.5, doc: str = "a.txt") -> Evidence:
    return Evidence(
        doc_id=doc, title=doc, start=start, end=start + len(text), text=text, score=score, closeness=closeness
    )


def test_only_parts_with_words_of_their_own_are_searched_alone() -> None:
    both = analyse("Where was the harbour festival held, and when did the Ardley ferry arrive?")
    assert len(both.parts) == 2
    assert searched_parts(both) == both.parts
    # "what came of it?" has one word of its own: searched alone it would match sentences by chance.
    one = analyse("When did the bakery chain open its first shop in Leeds, and what came of it?")
    assert len(one.parts) == 2
    assert searched_parts(one) == one.parts[:1]
    assert searched_parts(analyse("Where was the harbour festival held?")) == ()


def test_each_parts_best_sentences_join_the_evidence_no_higher_than_the_whole_questions_best() -> None:
    question = analyse("Where was the harbour festival held, and when did the Ardley ferry arrive?")
    whole = [ev(TEXTS[0], 0.70, 0), ev(TEXTS[2], 0.60, 200), ev(TEXTS[3], 0.55, 300)]
    ferry_part = [
        ev(TEXTS[1], 0.90, 100, closeness=0.7),
        ev(TEXTS[2], 0.50, 200, closeness=0.8),
        ev(TEXTS[3], 0.4, 300),
    ]
    chosen = choose(question, whole, TermStats(TEXTS), 3, [ferry_part])
    starts = [e.start for e in chosen]
    # The ferry sentence joins (capped at the best whole-question score, 0.70); only the part's first
    # PART_SENTENCES are taken, so the part's third sentence adds nothing the whole list lacks.
    assert PART_SENTENCES == 2
    assert sorted(starts) == [0, 100, 200, 300]
    ferry = next(e for e in chosen if e.start == 100)
    assert ferry.score == 0.70
    assert chosen[0].score == 0.70
    # A sentence in both lists keeps the better score and the better closeness of the two.
    quay = next(e for e in chosen if e.start == 200)
    assert (quay.score, quay.closeness) == (0.60, 0.8)


def test_without_parts_the_evidence_is_the_whole_questions_best() -> None:
    question = analyse("Where was the harbour festival held?")
    whole = [ev(TEXTS[0], 0.70, 0), ev(TEXTS[2], 0.60, 200), ev(TEXTS[3], 0.55, 300)]
    assert choose(question, whole, TermStats(TEXTS), 2) == whole[:2]


def test_every_parts_lead_is_shown_after_the_answer_lead() -> None:
    question = analyse("Who scored for Carrow United, and how many fans attended the final?")
    scorer = ev("Mia Okafor scored twice for Carrow United in the final.", 0.80, 0, doc="match.txt")
    also = ev("Carrow United won the final after extra time.", 0.78, 100, doc="match.txt")
    other = ev("Carrow United last won the cup in 1998.", 0.77, 200, doc="match.txt")
    crowd = ev("A crowd of 41,200 watched the final at Redfield.", 0.50, 300, doc="crowd.txt")
    shown = [s.text for s in extractive_sentences(question, [scorer, also, other, crowd], 2, part_leads=[crowd])]
    # Without the part's lead the crowd sentence scores too low to be shown; with it, it follows the lead,
    # and the answer holds one sentence per part even beyond the usual two.
    assert shown[:2] == [scorer.text, crowd.text]
    without = [s.text for s in extractive_sentences(question, [scorer, also, other, crowd], 2)]
    assert crowd.text not in without


HARBOUR = """Lowmoor harbour festival

The Lowmoor harbour festival was held on the north pier this year, organisers said. Thousands of visitors
came for the boat parade. The mayor opened the festival with a short speech about the town's fishing past.
"""
FERRY = """Ardley ferry returns

The Ardley ferry returned to service after a winter of repairs. The ferry arrived at 6.10 in the morning,
an hour late because of fog. Its owners said the new engines would cut the crossing time.
"""


def test_the_assistant_answers_each_part_of_a_joined_question_from_its_own_article(tmp_path: Path) -> None:
    assistant = build_assistant(Settings(data_dir=tmp_path / "store"), embedder=HashingEmbedder())
    try:
        paths = []
        for name, text in (("harbour.txt", HARBOUR), ("ferry.txt", FERRY)):
            path = tmp_path / name
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        assistant.ingest(paths)
        answer = assistant.ask("Where was the Lowmoor harbour festival held, and when did the Ardley ferry arrive?")
        assert not answer.abstained
        assert "north pier" in answer.text and "6.10" in answer.text
        assert {c.doc_id for c in answer.citations} >= {"harbour.txt", "ferry.txt"}
    finally:
        assistant.close()
