"""The chat shows who wrote an answer: a small note under it when a model was involved."""

from __future__ import annotations

from app import answer_html
from qa.answer import Answer, Citation

CITATION = Citation(n=1, doc_id="a.txt", title="A", quote="The bridge reopened.", start=0, end=20, score=0.9)


def answer(**fields: object) -> Answer:
    base: dict[str, object] = {
        "question": "What happened?",
        "query": "What happened?",
        "text": "The bridge reopened. [1]",
        "citations": [CITATION],
        "abstained": False,
        "conflicting": False,
        "evidence": [],
        "retrieved_doc_ids": ["a.txt"],
        "backend": "local",
        "model": "m",
        "timings": {},
    }
    return Answer(**{**base, **fields})  # type: ignore[arg-type]


def test_an_answer_the_model_wrote_says_so() -> None:
    assert "Written by the model" in answer_html(answer(written_by="model"), 0)


def test_an_answer_whose_model_text_was_set_aside_says_why() -> None:
    html = answer_html(
        answer(written_by="evidence", written_by_reason="the model replied with passage numbers only"), 0
    )

    assert "Written from the evidence, not by the model" in html and "passage numbers only" in html


def test_no_note_without_a_model() -> None:
    html = answer_html(answer(backend="extractive"), 0)

    assert "written-by" not in html
