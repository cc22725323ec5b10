"""The typed objects an answer is made of. Front ends read fields; nobody parses strings."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Turn(Frozen):
    """One earlier message of a conversation."""

    role: Literal["user", "assistant"]
    content: str


class Evidence(Frozen):
    """A sentence of a document judged relevant; ``start``/``end`` are offsets into its text."""

    doc_id: str
    title: str
    start: int
    end: int
    text: str
    score: float
    # The sentence just before, in the same paragraph: a sentence often leans on it ("It is 84 metres long").
    before: Evidence | None = None
    # Closeness of meaning of the sentence and the question: their cosine similarity above the embedder's
    # chance level, rescaled to 0..1 (``DENSE_CHANCE`` in qa/evidence.py); 0 for an embedder not measured.
    closeness: float = 0.0


class Sentence(Frozen):
    """One sentence of the answer, without markers, and the citation numbers it carries."""

    text: str
    citations: list[int]


class Citation(Frozen):
    """What ``[n]`` in the answer points at: ``document_text(doc_id)[start:end] == quote``."""

    n: int
    doc_id: str
    title: str
    quote: str
    start: int
    end: int
    score: float


class DroppedSentence(Frozen):
    """A sentence the model wrote that the answer does not show, and why."""

    text: str
    reason: str


class Answer(Frozen):
    """A cited answer, or an abstention (``abstained=True``) when the articles don't say."""

    question: str
    query: str
    text: str
    citations: list[Citation]
    abstained: bool
    conflicting: bool
    evidence: list[Evidence]
    retrieved_doc_ids: list[str]
    backend: str
    model: str
    timings: dict[str, float]
    abstain_reason: str = ""
    dropped_sentences: list[DroppedSentence] = []
    # The answer sentence by sentence, each with the numbers of the citations it carries; ``text``
    # is these joined, with ``[n]`` markers, for readers that want one string.
    sentences: list[Sentence] = []
    # Who wrote the shown text: the language model, or the evidence sentences verbatim. When a model was
    # configured but its text was set aside (missed the answer deadline, degenerate output, nothing it
    # wrote backed by the passages), ``written_by_reason`` says why; it also says so when evidence sentences
    # follow a model answer that does not restate them (QA_EVIDENCE_COMPLEMENT).
    written_by: Literal["model", "evidence"] = "evidence"
    written_by_reason: str = ""

    def cited_doc_ids(self) -> list[str]:
        return list(dict.fromkeys(c.doc_id for c in self.citations))
