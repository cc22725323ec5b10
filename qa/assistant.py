"""The Python API: one road from a question to a cited answer."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.embedders import Embedder
from index.ingest import Ingestor, IngestReport, Upload
from index.store import ChunkStore, StoredDocument
from qa import model_answerability
from qa.answer import Answer, DroppedSentence, Evidence, Turn
from qa.answerability import Verdict, closeness_floor, judge
from qa.asked import asks_label
from qa.carries import carried_by, lost, unsaid
from qa.citations import AnswerSentence, CitationBook
from qa.conflicts import find_versions, seeks_versions
from qa.errors import AnswerDeadlineExceeded, InvalidQuestion, UnknownDocument
from qa.evidence import EvidenceSelector, choose, searched_parts
from qa.extractive import extractive_sentences
from qa.generators import Generator, WithDeadline
from qa.grounding import GroundedWriter
from qa.question import Question, analyse
from qa.retrieval import HybridRetriever
from qa.rewrite import QueryRewriter
from qa.sentence_scores import SentenceScorer
from qa.settings import Settings
from qa.similarity import EmbeddingSimilarity
from qa.text import TermStats
from qa.windows import WindowMaker, clipped

ABSTAIN_TEXT = "The articles don't say."
# Share of a question's model deadline a follow-up rewrite may use; the answer gets the rest.
REWRITE_SHARE = 0.5
# Sentences a model may write: short answers verify better, and one or two carry the asked fact.
MODEL_SENTENCES = 2
# A second, stricter model call when the first reply yields no verified sentence. On eval/dev.jsonl it
# doubled the share of answers the model wrote (0.19 -> 0.38) at the same fact accuracy (0.644 / 0.637),
# and put the first verified sentence p50 at 2.5 s instead of 1.4 s (eval/results/prompts.md, round 3).
RETRY = True
# Score lead of the best evidence sentence over the next one past which the model reads it alone. On
# eval/dev.jsonl (single-answer questions), where the lead was 0.1 or more the best sentence held the
# gold fact in 33 of 36 questions; below it, in about half. One passage is half the prompt of three.
LEAD_GAP = 0.1
# Candidate sentences searched beyond the evidence for another article's name of an asked thing ("what is
# the deal called") or its version of an asked date, number or quote: all sentences of the retrieved chunks
# (48-74 per dev question, median 64).
LABEL_POOL = 100
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
        scorer: SentenceScorer | None = None,
    ) -> None:
        """Without a ``scorer``, evidence sentences are scored by the vectors stored at ingest."""
        self.settings = settings
        self._store = store
        self._ingestor = ingestor
        self._retriever = retriever
        self._generator = generator
        self._rewriter = QueryRewriter(generator)
        self._embedder = embedder
        self._selector = EvidenceSelector(
            embedder,
            self.document_text,
            self._title,
            stored_vectors=store.sentence_vectors,
            flagged=self._flagged,
            scorer=scorer,
        )
        self._windows = WindowMaker(self.document_text, radius=settings.window_radius)
        self._texts: dict[str, str] = {}
        self._titles: dict[str, str] = {}
        self._flags: dict[str, tuple[tuple[int, int], ...]] = {}
        self._write_lock = threading.Lock()
        self._sync_lock = threading.Lock()
        self._seen_version = store.version()  # the store version this process's caches reflect

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
        self.refresh_if_changed()
        turns = _turns(history)
        # A question typed in lower case gets back the capitals the articles write its names with ("what did
        # putin say" -> "Putin"): the analysis and the follow-up rewrite find names by their capitals.
        cased = self._retriever.casing().restore(question)
        timings: dict[str, float] = {}
        # One budget for all waiting on the model in this question: the rewrite's wait comes off the answer's.
        budget = self.settings.answer_deadline
        if self._generator is not None and turns:
            rewrite_started = time.monotonic()
            rewriter = QueryRewriter(WithDeadline(self._generator, rewrite_started + REWRITE_SHARE * budget))
            query = rewriter.rewrite(cased, turns)
            budget -= time.monotonic() - rewrite_started
        else:
            query = self._rewriter.rewrite(cased, turns)
        # The one analysis of the question; every later stage reads it instead of the raw string.
        asked = analyse(query, cased)
        timings["rewrite_s"] = time.perf_counter() - started
        mark = time.perf_counter()
        # Retrieval searches what is asked, not the instructions wrapped around it (``asked.searched``).
        query_vector = self._embedder.embed_query(asked.searched)
        chunks = self._retriever.retrieve(asked.searched, query_vector)
        timings["retrieve_s"] = time.perf_counter() - mark
        mark = time.perf_counter()
        stats = self._retriever.term_stats()
        ranked = self._selector.rank(asked, query_vector, chunks, stats)
        limit, threshold = self.settings.evidence_sentences * 2, self.settings.evidence_threshold()
        floor = closeness_floor(self._embedder.name)
        by_part, part_answers = self._parts(asked, stats, limit, threshold, floor)
        evidence = choose(asked, ranked, stats, limit, by_part)
        timings["evidence_s"] = time.perf_counter() - mark
        verdict = judge(asked, evidence, stats, threshold, floor)
        if part_answers and (not verdict.answerable or len(part_answers) == len(by_part)):
            # A joined question is answered by its parts' answers; the whole question's own lead, when every
            # part has its answer, would only take the place of one of them.
            verdict = Verdict(True, "", tuple(part_answers))

        book = CitationBook()
        parts: list[str] = []
        versions: list[Evidence] = []
        writing = _Writing()
        mark = time.perf_counter()
        generator = WithDeadline(self._generator, time.monotonic() + budget) if self._generator is not None else None
        if verdict.answerable:
            # The sentences that answer lead; the rest keep their order behind them.
            ordered = [*verdict.answering, *(e for e in evidence if e not in verdict.answering)]
            # Other names of an asked thing are looked for among more of the candidate sentences.
            pool = choose(asked, ranked, stats, LABEL_POOL) if asks_label(asked) else []
            # Versions are of one fact: a question joined from several asks more than one, and one part's
            # versions would take the place of the other parts' answers.
            versions = [] if asked.parts else find_versions(asked, ordered, stats, pool)
            if not versions and not pool and not asked.parts and seeks_versions(asked):
                # Another article's version of the fact may score below the evidence: each article's own
                # best sentence on it is looked for among all candidate sentences of the retrieved chunks.
                # Articles without a retrieved chunk get one search of their own (qa/retrieval.py says when).
                others = self._retriever.from_other_documents(query_vector, chunks)
                if others:
                    ranked = self._selector.rank(asked, query_vector, [*chunks, *others], stats)
                pool = choose(asked, ranked, stats, LABEL_POOL)
                versions = find_versions(asked, ordered, stats, pool)
            sentences = self._sentences(asked, ordered, versions, generator, writing, verdict.answering, part_answers)
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
            conflicting=bool(versions) and not abstained,
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
            sentences=[] if abstained else book.sentences(),
            written_by="model" if writing.by_model and not abstained else "evidence",
            written_by_reason="" if abstained else writing.written_by_reason,
        )

    def _parts(
        self, asked: Question, stats: TermStats, limit: int, threshold: float, floor: float
    ) -> tuple[list[list[Evidence]], list[Evidence]]:
        """For a joined question ("where was X held, and when did Y arrive"), each part searched on its own (the
        whole question's closest sentences may all answer one part): the parts' rankings, and the answer of
        each part judged as the question it is, on its own evidence, for the parts that have one."""
        rankings: list[list[Evidence]] = []
        answers: list[Evidence] = []
        for part in searched_parts(asked):
            vector = self._embedder.embed_query(part.searched)
            ranked = self._selector.rank(part, vector, self._retriever.retrieve(part.searched, vector), stats)
            rankings.append(ranked)
            verdict = judge(part, choose(part, ranked, stats, limit), stats, threshold, floor)
            if verdict.answerable and verdict.answering[0] not in answers:
                answers.append(verdict.answering[0])
        return rankings, answers

    def _sentences(
        self,
        question: Question,
        evidence: list[Evidence],
        versions: list[Evidence],
        generator: Generator | None,
        writing: _Writing,
        answering: Sequence[Evidence] = (),
        part_answers: Sequence[Evidence] = (),
    ) -> Iterable[AnswerSentence]:
        extractive = extractive_sentences(
            question, evidence, self.settings.answer_sentences, versions, answering, part_answers
        )
        if generator is None:
            # Without a model, competing versions are given verbatim, each with its own citation.
            return extractive
        writer = GroundedWriter(
            generator,
            max_sentences=max(MODEL_SENTENCES, len(versions)),
            dropped=writing.dropped,
            similarity=EmbeddingSimilarity(self._embedder),
            prompt=self.settings.answer_prompt,
            # The model may not make the answer worse: its text must still carry what the evidence answer
            # gives of what is asked (the value, the name, every covered part), else the evidence is shown.
            falls_short=_falls_short(question, extractive),
            retry=RETRY,
        )
        if versions:
            return self._conflict(question, versions, extractive, writer, writing)
        passages = [
            clipped(p, question.terms)
            for p in self._windows.passages(evidence[: self.settings.evidence_sentences])[
                : _passage_count(evidence, self.settings)
            ]
        ]
        top = evidence[0].score if evidence else 0.0
        return self._with_fallback(writer.sentences(question, passages), extractive, writer, writing, top, question)

    def _conflict(
        self,
        question: Question,
        versions: list[Evidence],
        extractive: list[AnswerSentence],
        writer: GroundedWriter,
        writing: _Writing,
    ) -> list[AnswerSentence]:
        """The model words the versions; it must cite every one of them, else they are given verbatim."""
        try:
            kept, reason = writer.verified_all(question, versions, prompt="answer_conflict")
        except AnswerDeadlineExceeded:
            writing.written_by_reason = DEADLINE_MISSED
            return extractive
        cited = {(s.doc_id, s.start) for sentence in kept for s in sentence.sources}
        missing = [v for v in versions if (v.doc_id, v.start) not in cited]
        if kept and not missing:
            writing.by_model = True
            return kept
        writing.written_by_reason = reason or (
            f"the model's answer left out {len(missing)} of the {len(versions)} versions: the sources are quoted"
        )
        return extractive

    def _with_fallback(
        self,
        generated: Iterator[AnswerSentence],
        extractive: list[AnswerSentence],
        writer: GroundedWriter,
        writing: _Writing,
        top_score: float,
        question: Question,
    ) -> Iterator[AnswerSentence]:
        """Generated sentences; if none survives, the evidence, unless the model's "no" stands.

        Past the answer deadline the sentences already verified stand; with none, the evidence is the answer.
        """
        shown: list[str] = []
        try:
            for sentence in generated:
                writing.by_model = True
                shown.append(sentence.text)
                yield sentence
        except AnswerDeadlineExceeded:
            if writing.by_model:
                writing.written_by_reason = DEADLINE_CUT
                return
            writing.written_by_reason = DEADLINE_MISSED
            yield from extractive
            return
        if writer.written:
            added = unsaid(question, " ".join(shown), extractive) if self.settings.evidence_complement else []
            if added:
                writing.written_by_reason = COMPLEMENTED
                yield from added
            return
        threshold = self.settings.evidence_threshold()
        if writer.abstained_by_model and model_answerability.model_no_stands(top_score, threshold):
            writing.abstain_reason = model_answerability.upheld_reason(top_score, threshold)
            return
        if writer.abstained_by_model:
            writing.written_by_reason = model_answerability.overruled_reason(top_score, threshold)
        else:
            writing.written_by_reason = (
                writer.written_by_reason or "nothing the language model wrote was backed by the passages"
            )
        yield from extractive

    def _validated(self, question: str) -> str:
        if not isinstance(question, str) or not question.strip():
            raise InvalidQuestion("The question is empty.")
        question = question.strip()
        try:
            question.encode("utf-8")
        except UnicodeEncodeError as e:  # a lone surrogate: JSON and argv can carry one, no store can keep it
            raise InvalidQuestion(
                f"The question is not valid Unicode text (lone surrogate U+{ord(question[e.start]):04X} "
                f"at character {e.start})."
            ) from e
        if len(question) > self.settings.max_question_chars:
            raise InvalidQuestion(
                f"The question is {len(question)} characters long; the limit is {self.settings.max_question_chars}."
            )
        return question

    # ----- documents -------------------------------------------------------------------------
    def ingest(
        self,
        paths: Iterable[str | Path | Upload],
        on_progress: Callable[[float, int, str], None] | None = None,
        *,
        follow_symlinks: bool = False,
    ) -> IngestReport:
        """Add or update files and folders (or network ``Upload``s); unchanged files are skipped, bad ones reported.

        Symlinks inside a folder that lead out of it are reported, not followed, unless ``follow_symlinks``.
        Runs on the ingest worker (the caller waits for the report); questions meanwhile answer from
        what is committed, document by document.
        """
        # Its own daemon thread: questions never take a lock an ingest holds except for the short swap
        # of the keyword index after a commit, and Ctrl-C still ends the process (ingest is crash-safe).
        report: Future[IngestReport] = Future()
        wanted = list(paths)

        def work() -> None:
            try:
                report.set_result(self._ingest(wanted, on_progress, follow_symlinks))
            except BaseException as e:  # handed to the waiting caller
                report.set_exception(e)

        threading.Thread(target=work, name="ingest", daemon=True).start()
        return report.result()

    def _ingest(
        self,
        paths: list[str | Path | Upload],
        on_progress: Callable[[float, int, str], None] | None,
        follow_symlinks: bool,
    ) -> IngestReport:
        with self._write_lock:  # ingests and deletes, one at a time
            report = None
            try:
                report = self._ingestor.ingest(paths, on_progress, follow_symlinks=follow_symlinks)
                return report
            finally:  # even a failed ingest may have committed documents
                self._forget([*report.added, *report.updated] if report is not None else None)

    def documents(self) -> list[StoredDocument]:
        return self._store.documents()

    def delete(self, doc_id: str) -> None:
        with self._write_lock:
            if self._store.document(doc_id) is None:
                raise UnknownDocument(f"No document with id {doc_id!r}.")
            try:
                self._store.delete_document(doc_id)
            finally:
                self._forget([doc_id])

    def document_text(self, doc_id: str) -> str:
        """The stored text of a document; citation offsets point into it."""
        if doc_id not in self._texts:
            text = self._store.document_text(doc_id)
            if text is None:
                raise UnknownDocument(f"No document with id {doc_id!r}.")
            self._texts[doc_id] = text
        return self._texts[doc_id]

    def check_ready(self, timeout: float) -> None:
        """Raise a ``RuntimeFailure`` unless the store answers and the model (when there is one) does."""
        self._store.version()
        if self._generator is not None:
            self._generator.ping(timeout)

    def refresh_if_changed(self) -> bool:
        """Reload what this process keeps in memory if the store changed since it was last read.

        Every write to the store, by this process or another (an app replica, a ``qa ingest`` run),
        stamps a new version; one cheap read of it per question keeps every process answering from
        the same documents. Returns True when something was reloaded.
        """
        version = self._store.version()
        with self._sync_lock:
            if version == self._seen_version:
                return False
            if not self._store.wrote_last(version):
                self._store.reload()  # another process wrote: re-read the store itself, not only our caches
            self._forget()
            self._seen_version = version
            return True

    def close(self) -> None:
        if self._generator is not None:
            self._generator.close()

    def _title(self, doc_id: str) -> str:
        if doc_id not in self._titles:
            self._remember(doc_id)
        return self._titles[doc_id]

    def _flagged(self, doc_id: str) -> tuple[tuple[int, int], ...]:
        """Spans of ``doc_id`` flagged at ingest as instructions to the reader (kept out of evidence)."""
        if doc_id not in self._flags:
            self._remember(doc_id)
        return self._flags[doc_id]

    def _remember(self, doc_id: str) -> None:
        document = self._store.document(doc_id)
        self._titles[doc_id] = document.title if document else doc_id
        self._flags[doc_id] = document.flagged if document else ()

    def _forget(self, changed: Iterable[str] | None = None) -> None:
        """Drop what is cached about ``changed`` documents (None: about all) and refresh the keyword index."""
        doomed = None if changed is None else list(changed)
        for cache in (self._texts, self._titles, self._flags):
            for doc_id in list(cache) if doomed is None else doomed:
                cache.pop(doc_id, None)
        self._retriever.update()
        self._selector.forget(doomed)
        self._windows.forget()


def _passage_count(evidence: Sequence[Evidence], settings: Settings) -> int:
    """Passages the model reads: one when the best evidence sentence leads the next by ``LEAD_GAP``."""
    if len(evidence) >= 2 and evidence[0].score - evidence[1].score >= LEAD_GAP:
        return 1
    return settings.model_passages


def _falls_short(question: Question, extractive: list[AnswerSentence]) -> Callable[[str], str] | None:
    """The bar a model's verified text must reach (``qa.carries.lost``), or None when there is none."""
    carried = carried_by(question, [s.text for s in extractive])
    if not carried.kind and not carried.parts:
        return None
    return lambda text: lost(question, carried, text)


COMPLEMENTED = "evidence sentences were added after the model's sentences, which do not say what they say"
DEADLINE_CUT = "the language model was cut off at the answer deadline (QA_ANSWER_DEADLINE)"
DEADLINE_MISSED = "the language model did not answer within the answer deadline (QA_ANSWER_DEADLINE)"


@dataclass
class _Writing:
    """What happened while the answer was written (filled in as its sentences are drawn)."""

    by_model: bool = False
    written_by_reason: str = ""
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
