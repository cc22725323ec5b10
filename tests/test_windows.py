"""What the model reads of an evidence sentence: long ones clipped around the question's words."""

from __future__ import annotations

from qa.answer import Evidence
from qa.assistant import LEAD_GAP, _passage_count
from qa.question import analyse
from qa.settings import Settings
from qa.windows import PASSAGE_WORDS, clipped, single

LONG = (
    "After a season in which the club changed its coach twice, sold its stadium naming rights and moved its "
    "training ground across the river, the board confirmed on Friday that striker Amadou Diallo had signed a "
    "four-year contract worth 12 million pounds, ending weeks of talks with his former team in Lyon."
)


def sentence(text: str, score: float = 0.8, start: int = 0) -> Evidence:
    return Evidence(doc_id="sport.txt", title="Sport", start=start, end=start + len(text), text=text, score=score)


def test_a_long_sentence_is_clipped_around_the_question_words() -> None:
    question = analyse("How long is the contract Diallo signed?")

    passage = clipped(single(sentence(LONG)), question.terms)

    assert len(passage.text.split()) == PASSAGE_WORDS
    assert "four-year contract" in passage.text and "Diallo" in passage.text
    assert "changed its coach" not in passage.text
    assert passage.whole.text == LONG, "citations keep the whole sentence"


def test_a_short_sentence_is_shown_whole() -> None:
    short = "Heavy rain closed three mountain roads overnight, the weather service said."

    passage = clipped(single(sentence(short)), analyse("Which roads did the rain close?").terms)

    assert passage.text == short


def test_a_long_sentence_without_question_words_keeps_its_start() -> None:
    passage = clipped(single(sentence(LONG)), analyse("What did the probe find on the comet?").terms)

    assert passage.text == " ".join(LONG.split()[:PASSAGE_WORDS])


def test_one_passage_when_the_best_sentence_leads_clearly() -> None:
    settings = Settings()
    first = sentence("The election turnout was 71 percent, the commission said.", score=0.9)
    close = sentence("Turnout was higher in the cities than in the countryside.", score=0.9 - LEAD_GAP / 2, start=80)
    far = sentence("Turnout was higher in the cities than in the countryside.", score=0.9 - 2 * LEAD_GAP, start=80)

    assert _passage_count([first, far], settings) == 1
    assert _passage_count([first, close], settings) == settings.model_passages
    assert _passage_count([first], settings) == settings.model_passages
