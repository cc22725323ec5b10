"""The Python API: one road from a question to a cited answer."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.embedders import Embedder
from index.ingest import Ingestor, IngestReport
from index.store import ChunkStore, StoredDocument
from qa import model_answerability
from qa.answer import Answer, DroppedSentence, Evidence, Turn
from qa.answerability import judge
from qa.asked import asked_kind, holds
from qa.citations import AnswerSentence, CitationBook
from qa.errors import InvalidQuestion, UnknownDocument
from qa.evidence import EvidenceSelector
from qa.extractive import extractive_sentences
from qa.generators import Generator
from qa.grounding import GroundedWriter
from qa.retrieval import HybridRetriever
from qa.rewrite import QueryRewriter
from qa.settings import Settings
from qa.similarity import EmbeddingSimilarity
from qa.windows import WindowMaker

ABSTAIN_TEXT = "The articles don't say."
# Sentences a model may write: short answers verify better, and one or two carry the asked fact.
MODEL_SENTENCES = 3
# Asked kinds a model's answer must state (a fluent answer without the asked date is set aside);
# a quote may fairly be paraphrased, so "quote" questions are not held to it.
VALUE_KINDS = ("time", "number", "name", "place")
HistoryLike = Sequence[Turn | dict[str, str] | Sequence[str]] | None


class Assistant:
    """Answers questions from the indexed articles; build one with ``Assistant.from_settings()``."""

    def __init__(
        self,
        *,
        settings: Settings,
        store: ChunkStore,
        ingestor: Ingestor,
        retriever: HybridRetriever,
        embedder: Embedder,
        generator: Generator | None,
    ) -> None:
        self.settings = settings
        self._store = store
        self._ingestor = ingestor
        self._retriever = retriever
        self._generator = generator
        self._rewriter = QueryRewriter(generator)
        self._embedder = embedder
        self._selector = EvidenceSelector(embedder, self.document_text, self._title)
        self._windows = WindowMaker(self.document_text)
        self._texts: dict[str, str] = {}
        self._titles: dict[str, str] = {}
        self._write_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **overrides: Any) -> Assistant:
        """Settings from ``QA_*`` variables (and keyword overrides) → a ready assistant."""
        from qa.composition import build_assistant

        base = settings or Settings()
        return build_assistant(base.model_copy(update=overrides) if overrides else base)

    @property
    def backend(self) -> str:
        return self._generator.backend if self._generator else "extractive"

    @property
    def model(self) -> str:
        return self._generator.model if self._generator else self._embedder.name

    # ----- questions -------------------------------------------------------------------------
    def ask(self, question: str, history: HistoryLike = None) -> Answer:
        """Answer one question; ``history`` holds the earlier turns of a conversation."""
        answer = None
        for item in self.stream(question, history):
            if isinstance(item, Answer):
                answer = item
        assert answer is not None
        return answer

    def stream(self, question: str, history: HistoryLike = None) -> Iterator[str | Answer]:
        """Yield verified answer text as it is written, then the final ``Answer``."""
        started = time.perf_counter()
        question = self._validated(question)
        turns = _turns(history)
        timings: dict[str, float] = {}

        query = self._rewriter.rewrite(question, turns)
        timings["rewrite_s"] = time.perf_counter() - started
        mark = time.perf_counter()
        query_vector = self._embedder.embed_query(query)
        chunks = self._retriever.retrieve(query, query_vector)
        timings["retrieve_s"] = time.perf_counter() - mark
        mark = time.perf_counter()
        evidence = self._selector.select(
            query,
            query_vector,
            chunks,
            self._retriever.term_stats(),
            self.settings.evidence_sentences * 2,
            # Without a model the query is the question plus context words: the question's own words lead.
            focus=question if self._generator is None else query,
        )
        timings["evidence_s"] = time.perf_counter() - mark
        verdict = judge(query, evidence, self._retriever.term_stats(), self.settings.evidence_threshold())

        book = CitationBook()
        parts: list[str] = []
        conflicting = False
        writing = _Writing()
        mark = time.perf_counter()
        if verdict.answerable:
            sentences, conflicting = self._sentences(query, evidence[: self.settings.evidence_sentences], writing)
            for sentence in sentences:
                piece = book.render(sentence)
                if not parts:
                    timings["first_sentence_s"] = time.perf_counter() - started
                parts.append(piece)
                yield piece + " "
        timings["generate_s"] = time.perf_counter() - mark
        abstained = not parts
        if abstained:
            yield ABSTAIN_TEXT
        timings["total_s"] = time.perf_counter() - started
        yield Answer(
            question=question,
            query=query,
            text=ABSTAIN_TEXT if abstained else " ".join(parts),
            citations=book.citations(),
            abstained=abstained,
            conflicting=conflicting and not abstained,
            evidence=evidence,
            retrieved_doc_ids=[c.chunk.doc_id for c in chunks],
            backend=self.backend,
            model=self.model,
            timings={k: round(v, 4) for k, v in timings.items()},
            abstain_reason=(
                verdict.reason or writing.abstain_reason or "the language model found no answer in the passages"
            )
            if abstained
            else "",
            dropped_sentences=writing.dropped,
            written_by="model" if writing.by_model and not abstained else "evidence",
            fallback_reason="" if abstained else writing.fallback_reason,
        )

    def _sentences(
        self, query: str, evidence: list[Evidence], writing: _Writing
    ) -> tuple[Iterable[AnswerSentence], bool]:
        extractive, conflicting = extractive_sentences(query, evidence, self.settings.answer_sentences)
        if self._generator is None:
            return extractive, conflicting
        kind = asked_kind(query)
        writer = GroundedWriter(
            self._generator,
            max_sentences=MODEL_SENTENCES,
            dropped=writing.dropped,
            similarity=EmbeddingSimilarity(self._embedder),
            prompt=self.settings.answer_prompt,
            gives_asked_value=(lambda text: holds(kind, text, query)) if kind in VALUE_KINDS else None,
        )
        if conflicting:
            return self._conflict(query, extractive, writer, writing), True
        passages = self._windows.passages(evidence)
        top = evidence[0].score if evidence else 0.0
        return self._with_fallback(writer.sentences(query, passages), extractive, writer, writing, top), False

    def _conflict(
        self, query: str, versions: list[AnswerSentence], writer: GroundedWriter, writing: _Writing
    ) -> list[AnswerSentence]:
        """The model words the versions; it must cite every one of them, else they are given verbatim."""
        sources = [v.sources[0] for v in versions]
        kept, reason = writer.verified_all(query, sources, prompt="answer_conflict")
        cited = {(s.doc_id, s.start) for sentence in kept for s in sentence.sources}
        missing = [v for v in sources if (v.doc_id, v.start) not in cited]
        if kept and not missing:
            writing.by_model = True
            return kept
        writing.fallback_reason = reason or (
            f"the model's answer left out {len(missing)} of the {len(sources)} versions: the sources are quoted"
        )
        return versions

    def _with_fallback(
        self,
        generated: Iterator[AnswerSentence],
        extractive: list[AnswerSentence],
        writer: GroundedWriter,
        writing: _Writing,
        top_score: float,
    ) -> Iterator[AnswerSentence]:
        """Generated sentences; if none survives, the evidence, unless the model's "no" stands."""
        for sentence in generated:
            writing.by_model = True
            yield sentence
        if writer.written:
            return
        threshold = self.settings.evidence_threshold()
        if writer.abstained_by_model and model_answerability.model_no_stands(top_score, threshold):
            writing.abstain_reason = model_answerability.upheld_reason(top_score, threshold)
            return
        if writer.abstained_by_model:
            writing.fallback_reason = model_answerability.overruled_reason(top_score, threshold)
        else:
            writing.fallback_reason = writer.fallback_reason or "the model wrote no verifiable sentence"
        yield from extractive

    def _validated(self, question: str) -> str:
        if not isinstance(question, str) or not question.strip():
            raise InvalidQuestion("The question is empty.")
        question = question.strip()
        if len(question) > self.settings.max_question_chars:
            raise InvalidQuestion(
                f"The question is {len(question)} characters long; the limit is {self.settings.max_question_chars}."
            )
        return question

    # ----- documents -------------------------------------------------------------------------
    def ingest(
        self, paths: Iterable[str | Path], on_progress: Callable[[int, int, str], None] | None = None
    ) -> IngestReport:
        """Add or update files and folders; unchanged files are skipped, bad ones reported."""
        with self._write_lock:
            try:
                return self._ingestor.ingest(paths, on_progress)
            finally:  # even a failed ingest may have committed documents
                self._forget()

    def documents(self) -> list[StoredDocument]:
        return self._store.documents()

    def delete(self, doc_id: str) -> None:
        with self._write_lock:
            if self._store.document(doc_id) is None:
                raise UnknownDocument(f"No document with id {doc_id!r}.")
            try:
                self._store.delete_document(doc_id)
            finally:
                self._forget()

    def document_text(self, doc_id: str) -> str:
        """The stored text of a document; citation offsets point into it."""
        if doc_id not in self._texts:
            text = self._store.document_text(doc_id)
            if text is None:
                raise UnknownDocument(f"No document with id {doc_id!r}.")
            self._texts[doc_id] = text
        return self._texts[doc_id]

    def close(self) -> None:
        if self._generator is not None:
            self._generator.close()

    def _title(self, doc_id: str) -> str:
        if doc_id not in self._titles:
            document = self._store.document(doc_id)
            self._titles[doc_id] = document.title if document else doc_id
        return self._titles[doc_id]

    def _forget(self) -> None:
        self._texts.clear()
        self._titles.clear()
        self._retriever.refresh()
        self._selector.forget()
        self._windows.forget()


@dataclass
class _Writing:
    """What happened while the answer was written (filled in as its sentences are drawn)."""

    by_model: bool = False
    fallback_reason: str = ""
    abstain_reason: str = ""
    dropped: list[DroppedSentence] = field(default_factory=list)


def _turns(history: HistoryLike) -> list[Turn]:
    turns: list[Turn] = []
    for item in history or []:
        if isinstance(item, Turn):
            turns.append(item)
        elif isinstance(item, dict):
            turns.append(Turn(role=item["role"], content=str(item["content"])))  # type: ignore[arg-type]
        else:  # (user, assistant) pairs, as older chat widgets send them
            user, assistant = item[0], item[1]
            turns.append(Turn(role="user", content=str(user)))
            if assistant:
                turns.append(Turn(role="assistant", content=str(assistant)))
    return turns
