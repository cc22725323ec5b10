"""Scripted models that fail the way real ones do, and what the user sees each time.

Each test scripts the replies a real small model has been seen to give (markers only, an invented
number, a wrong marker, a polite refusal, another language, a slow or cut stream, an endpoint that
fails on its second call) and asserts the answer a user gets: verified sentences only, and when the
model's text is set aside, the evidence sentences with ``written_by="evidence"`` and the reason.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from fakes import Cut, HashingEmbedder, ScriptedGenerator

from qa import degenerate
from qa.answer import Answer
from qa.assistant import MODEL_SENTENCES, Assistant
from qa.composition import build_assistant
from qa.errors import AnswerDeadlineExceeded, GeneratorUnavailable
from qa.grounding import ABSTAIN_TOKEN
from qa.prompts import render_prompt
from qa.rewrite import QueryRewriter, keyword_rewrite
from qa.settings import Settings
from qa.support import check, fact_mismatch, supports
from qa.text import sentence_spans
from qa.windows import Passage, WindowMaker

QUESTION = "What was Putin's first visit to North Korea in 24 years marked by?"
UNITY = "elaborate display of unity"
CONFLICT_QUESTION = "How many artillery shells has North Korea reportedly sent to Russia?"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("behaviour-store")


# The suite scripts replies against six one-neighbour windows and looks at the model's own sentences, so it
# pins those settings; the evidence complement has its own tests (tests/test_carries.py).
SUITE_SETTINGS: dict[str, object] = {"model_passages": 6, "window_radius": 1, "evidence_complement": False}


def assistant_with(store_dir: Path, generator: ScriptedGenerator | None, **settings: object) -> Assistant:
    chosen = {**SUITE_SETTINGS, **settings}
    return build_assistant(Settings(data_dir=store_dir, **chosen), embedder=HashingEmbedder(), generator=generator)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def passages(store_dir: Path) -> list[Passage]:
    assistant = assistant_with(store_dir, None)
    evidence = assistant.ask(QUESTION).evidence[: assistant.settings.evidence_sentences]
    return WindowMaker(assistant.document_text).passages(evidence)


@pytest.fixture(scope="module")
def k(passages: list[Passage]) -> int:
    """The number of the passage that says what the visit was marked by."""
    return next(i for i, p in enumerate(passages, start=1) if UNITY in p.text)


def ask(store_dir: Path, *replies: str | Cut, **options: object) -> tuple[Answer, ScriptedGenerator]:
    generator = ScriptedGenerator(replies, **options)  # type: ignore[arg-type]
    answer = assistant_with(store_dir, generator).ask(QUESTION)
    return answer, generator


def assert_evidence_answer(answer: Answer, reason: str) -> None:
    """The fallback a user sees: the evidence sentences verbatim, saying why the model's text is gone."""
    assert not answer.abstained
    assert answer.written_by == "evidence"
    assert reason in answer.written_by_reason
    assert answer.citations and answer.text.startswith(answer.citations[0].quote)


# ----- degenerate replies: one stricter retry, then the evidence -----------------------------------
def test_markers_only_twice_gives_the_evidence_and_says_why(store_dir: Path) -> None:
    answer, generator = ask(store_dir, "[1] [2] [3] [4] [5] [6]", "[1][2]")

    assert_evidence_answer(answer, degenerate.MARKERS_ONLY)
    assert len(generator.requests) == 2
    assert "ONE sentence" in generator.requests[1][1]["content"], "the retry uses the stricter prompt"
    assert {d.reason for d in answer.dropped_sentences} == {degenerate.MARKERS_ONLY}


def test_markers_only_then_a_good_retry_is_the_models_answer(store_dir: Path, k: int) -> None:
    answer, _ = ask(store_dir, "[1] [2] [3] [4] [5] [6]", f"It was marked by an elaborate display of unity [{k}].")

    assert answer.written_by == "model" and answer.written_by_reason == ""
    assert answer.text == "It was marked by an elaborate display of unity. [1]"
    assert UNITY in answer.citations[0].quote


def test_an_echoed_passage_list_ends_at_its_first_passage(store_dir: Path, passages: list[Passage]) -> None:
    echo = "\n".join(f"[{n}] {p.text}" for n, p in enumerate(passages, start=1))

    answer, generator = ask(store_dir, echo)

    # The server stops at the second list item; what is left is one passage quoted with its number (and
    # once the sentences asked for are verified, the rest of it is not read).
    assert generator.pieces_sent <= len(f"[1] {passages[0].text}".split(" "))
    assert len(generator.requests) == 1
    assert all(passages[0].text.find(s.text.rstrip(".")) >= 0 for s in answer.sentences if answer.written_by == "model")


def test_passages_echoed_on_one_line_are_read_only_up_to_the_sentences_asked_for(
    store_dir: Path, passages: list[Passage]
) -> None:
    echo = " ".join(p.text for p in passages)

    answer, generator = ask(store_dir, echo, echo)

    # Each echoed sentence is a true quote and is shown as soon as it verifies; past the sentences asked
    # for, the reply is not read on (the server stops generating when the stream is closed).
    model_sentences = [s for s in answer.sentences if answer.written_by == "model"][:MODEL_SENTENCES]
    assert answer.written_by == "model" and len(model_sentences) == MODEL_SENTENCES
    assert generator.pieces_sent < len(echo.split(" ")) and len(generator.requests) == 1


def test_an_echo_of_the_instructions_is_set_aside(store_dir: Path) -> None:
    rules = render_prompt("answer_system", max_sentences=MODEL_SENTENCES, abstain_token=ABSTAIN_TOKEN)

    answer, _ = ask(store_dir, rules, rules)

    assert_evidence_answer(answer, degenerate.ECHO)


def test_a_reply_that_starts_over_on_the_prompt_is_stopped_there(store_dir: Path, passages: list[Passage]) -> None:
    echo = "Passages:\n" + "\n".join(f"[{n}] {p.text}" for n, p in enumerate(passages, start=1))

    answer, generator = ask(store_dir, echo, echo)

    # The server stops at the prompt's own scaffolding: nothing of the echo is sent, or paid for.
    assert_evidence_answer(answer, degenerate.EMPTY)
    assert generator.pieces_sent == 2 and all("Passages:" in stop for stop, _ in generator.limits)


def test_a_repetition_loop_is_cut_off_and_set_aside(store_dir: Path) -> None:
    loop = " ".join(["Putin and Kim shook hands and smiled"] * 12)

    answer, _ = ask(store_dir, loop, loop)

    assert_evidence_answer(answer, degenerate.LOOP)
    assert all("shook hands and smiled" not in s for s in answer.text.split("."))


def test_an_empty_stream_is_set_aside(store_dir: Path) -> None:
    answer, _ = ask(store_dir, "", "")

    assert_evidence_answer(answer, degenerate.EMPTY)


def test_an_answer_in_another_language_is_set_aside(store_dir: Path, k: int) -> None:
    french = f"La visite a été marquée par une démonstration élaborée d'unité et d'influence [{k}]."

    answer, _ = ask(store_dir, french, french)

    assert_evidence_answer(answer, "language")
    assert "visite" not in answer.text
    assert {d.reason for d in answer.dropped_sentences} == {degenerate.LANGUAGE}


# ----- invention and wrong markers ---------------------------------------------------------------
def test_an_invented_number_is_dropped_with_its_reason(store_dir: Path, k: int) -> None:
    answer, _ = ask(
        store_dir,
        f"It was the first visit in 42 years [{k}]. It was marked by an elaborate display of unity [{k}].",
    )

    assert "42" not in answer.text
    assert answer.written_by == "model"
    assert answer.dropped_sentences[0].reason == "number 42 is not in the cited passage"


def test_an_out_of_range_marker_is_recited_when_a_passage_supports_the_sentence(
    store_dir: Path, passages: list[Passage]
) -> None:
    answer, _ = ask(store_dir, "It was marked by an elaborate display of unity [9].")

    assert len(passages) < 9
    assert answer.written_by == "model"
    assert UNITY in answer.citations[0].quote


def test_an_out_of_range_marker_on_an_unsupported_sentence_is_dropped(store_dir: Path, passages: list[Passage]) -> None:
    answer, _ = ask(store_dir, "Putin rode a purple elephant through Pyongyang [9].", ABSTAIN_TOKEN)

    reasons = [d.reason for d in answer.dropped_sentences]
    assert f"cites [9] but there are only {len(passages)} passages, and no passage supports it" in reasons
    assert "elephant" not in answer.text


def test_a_wrong_marker_is_moved_to_the_passage_that_says_it(store_dir: Path, passages: list[Passage], k: int) -> None:
    wrong = 1 if k != 1 else 2

    answer, _ = ask(store_dir, f"It was marked by an elaborate display of unity [{wrong}].")

    assert UNITY in answer.citations[0].quote
    assert UNITY not in passages[wrong - 1].text


# ----- refusals: the model's "no" weighed against the evidence ---------------------------------------
def test_a_polite_refusal_counts_as_the_models_no(store_dir: Path) -> None:
    answer, _ = ask(store_dir, "I'm sorry, but the passages do not mention what the visit was marked by.")

    # The evidence here is strong, so the model's "no" is overruled and the evidence shown.
    assert_evidence_answer(answer, "the model said the passages do not answer")
    assert answer.dropped_sentences[0].reason == degenerate.REFUSAL


def test_a_polite_refusal_on_moderate_evidence_abstains(store_dir: Path) -> None:
    top = assistant_with(store_dir, None).ask(QUESTION).evidence[0].score
    generator = ScriptedGenerator(["Unfortunately, the articles do not say."])

    answer = assistant_with(store_dir, generator, abstain_threshold=top - 0.01).ask(QUESTION)

    assert answer.abstained
    assert "the language model found no answer" in answer.abstain_reason


# ----- streams -----------------------------------------------------------------------------------
def test_a_slow_stream_shows_the_first_sentence_before_the_reply_ends(store_dir: Path, k: int) -> None:
    reply = (
        f"It was marked by an elaborate display of unity [{k}]. "
        f"It was Putin's first visit to North Korea in 24 years and was marked by a display of unity [{k}]."
    )
    generator = ScriptedGenerator([reply], word_delay_s=0.01)
    stream = assistant_with(store_dir, generator).stream(QUESTION)

    first = next(piece for piece in stream if isinstance(piece, str))

    assert first.startswith("It was marked by an elaborate display of unity.")
    assert generator.replies == [] and generator.words_left > 0, "the model was still writing"
    rest = list(stream)
    assert isinstance(rest[-1], Answer) and rest[-1].written_by == "model"


def test_a_cut_stream_keeps_the_finished_sentences(store_dir: Path, k: int) -> None:
    answer, _ = ask(
        store_dir, Cut(f"It was marked by an elaborate display of unity [{k}]. Putin then told Kim that the")
    )

    assert answer.written_by == "model"
    assert answer.text == "It was marked by an elaborate display of unity. [1]"
    assert [d.reason for d in answer.dropped_sentences] == [degenerate.CUT]


def test_a_stream_cut_before_any_sentence_falls_back_after_the_retry(store_dir: Path) -> None:
    answer, _ = ask(store_dir, Cut("It was marked by"), Cut("The visit"))

    assert_evidence_answer(answer, "broke off")


def test_a_reply_cut_at_the_token_cap_drops_the_unfinished_sentence(store_dir: Path, k: int) -> None:
    rambling = "Putin then told Kim that " + " ".join(f"topic{i}" for i in range(100))
    answer, generator = ask(store_dir, f"It was marked by an elaborate display of unity [{k}]. {rambling}")

    assert generator.pieces_sent == generator.limits[0][1], "the reply ran into the token cap"
    assert answer.text.startswith("It was marked by an elaborate display of unity. [1]")
    assert answer.dropped_sentences[-1].reason == degenerate.CUT


def test_a_short_reply_without_a_full_stop_is_checked_like_any_claim(store_dir: Path, k: int) -> None:
    # Ended by the model (or a stop string) well inside the token cap: not cut off, just terse.
    answer, _ = ask(store_dir, f"[{k}] an elaborate display of unity")

    assert answer.written_by == "model"
    assert answer.text.startswith("an elaborate display of unity")
    assert degenerate.CUT not in [d.reason for d in answer.dropped_sentences]


def test_an_endpoint_that_errors_on_the_second_call_still_answers(store_dir: Path) -> None:
    answer, generator = ask(store_dir, "[1] [2] [3]", fail_on_calls=[2])

    assert len(generator.requests) == 2
    assert_evidence_answer(answer, "cannot connect")


def test_an_endpoint_down_from_the_first_call_is_an_error(store_dir: Path) -> None:
    with pytest.raises(GeneratorUnavailable, match="cannot connect"):
        ask(store_dir, fail=True)


# ----- conflicts: the model words each version, with its own citation --------------------------------
def test_the_model_writes_a_conflict_answer_citing_each_version(store_dir: Path) -> None:
    plain = assistant_with(store_dir, None).ask(CONFLICT_QUESTION)
    assert plain.conflicting, "the bundled articles disagree on this figure"
    first, second = (c.quote for c in plain.citations[:2])
    generator = ScriptedGenerator([f"{first} [1] {second} [2]"])

    answer = assistant_with(store_dir, generator).ask(CONFLICT_QUESTION)

    assert answer.conflicting and answer.written_by == "model"
    assert "each version" in generator.requests[0][1]["content"]
    assert [c.quote for c in answer.citations] == [first, second]


def test_a_conflict_answer_that_drops_a_version_gives_the_versions_verbatim(store_dir: Path) -> None:
    plain = assistant_with(store_dir, None).ask(CONFLICT_QUESTION)
    generator = ScriptedGenerator([f"{plain.citations[0].quote} [1]"])

    answer = assistant_with(store_dir, generator).ask(CONFLICT_QUESTION)

    assert answer.conflicting and answer.written_by == "evidence"
    assert "left out 1 of the" in answer.written_by_reason
    assert answer.text == plain.text


# ----- follow-ups: the model's rewrite must keep the names the question relies on ----------------------
HISTORY_TURNS = [
    ("user", "Who did Putin meet in Pyongyang?"),
    ("assistant", "Putin met Kim Jong Un in Pyongyang. [1]"),
]


def _history() -> list:  # type: ignore[type-arg]
    from qa.answer import Turn

    return [Turn(role=r, content=c) for r, c in HISTORY_TURNS]  # type: ignore[arg-type]


def test_a_rewrite_that_resolves_the_pronoun_is_used() -> None:
    rewriter = QueryRewriter(ScriptedGenerator(["What did Kim Jong Un give Putin?"]))

    assert rewriter.rewrite("What did he give Putin?", _history()) == "What did Kim Jong Un give Putin?"


def test_a_rewrite_that_drops_a_name_of_the_question_gives_the_keyword_rule() -> None:
    question = "What did Kirby say about it?"
    rewriter = QueryRewriter(ScriptedGenerator(["What did the spokesman say about the visit?"]))

    assert rewriter.rewrite(question, _history()) == keyword_rewrite(question, _history())


def test_a_rewrite_that_leaves_the_pronoun_unresolved_gives_the_keyword_rule() -> None:
    question = "What did he give him?"
    rewriter = QueryRewriter(ScriptedGenerator(["What did the man give the other man?"]))

    assert rewriter.rewrite(question, _history()) == keyword_rewrite(question, _history())


# ----- verification: paraphrase yes, invention no ----------------------------------------------------
PASSAGE = "Putin did not sign the grain deal in Pyongyang on Wednesday, Kremlin spokesman Dmitry Peskov said."


def test_a_faithful_paraphrase_passes_with_meaning_similarity() -> None:
    paraphrase = (
        "Peskov said Putin did not put his signature on the grain agreement during his stay in Pyongyang on Wednesday."
    )

    assert not supports(paraphrase, PASSAGE), "word coverage alone is too low"
    assert check(paraphrase, PASSAGE, lambda: 0.95).ok
    assert not check(paraphrase, PASSAGE, lambda: 0.5).ok


def test_a_negation_paraphrased_away_is_rejected() -> None:
    # Conservative: "refrained from signing" means "did not sign", but the checker cannot tell that
    # from a flipped negation, so the sentence goes (and the evidence sentence is shown instead).
    claim = "According to Peskov, in Pyongyang Putin refrained from signing the grain deal on Wednesday."

    assert "negates" in check(claim, PASSAGE, lambda: 0.99).reason


@pytest.mark.parametrize(
    ("claim", "reason"),
    [
        ("Putin did not sign the grain deal in Pyongyang on Thursday.", "date Thursday"),
        ("Putin did not sign the grain deal in Hanoi on Wednesday.", "name Hanoi"),
        ("Kim did not sign the grain deal in Pyongyang on Wednesday.", "name Kim"),
        ("Putin signed the grain deal in Pyongyang on Wednesday.", "negates"),
        ("Putin did not sign the 2 grain deals in Pyongyang on Wednesday.", "number 2"),
    ],
)
def test_hard_facts_must_match_whatever_the_similarity(claim: str, reason: str) -> None:
    verdict = check(claim, PASSAGE, lambda: 0.99)

    assert not verdict.ok
    assert reason in verdict.reason
    assert reason in fact_mismatch(claim, PASSAGE)


# ----- the answer deadline: no stricter retry past it, the evidence with the reason -------------------
class PastDeadline(ScriptedGenerator):
    """An endpoint whose every call comes after the question's answer deadline."""

    def stream(
        self,
        messages: list[dict[str, str]],
        deadline: float | None = None,
        *,
        stop: Sequence[str] = (),
        max_tokens: int | None = None,
    ) -> Iterator[str]:
        self.requests.append(messages)
        raise AnswerDeadlineExceeded("the language model at http://127.0.0.1:9/v1 got no time: the deadline had passed")
        yield ""  # a generator, like the real one


def test_past_the_deadline_the_evidence_answers_without_a_retry(store_dir: Path) -> None:
    plain = assistant_with(store_dir, None).ask(QUESTION)
    generator = PastDeadline()

    answer = assistant_with(store_dir, generator).ask(QUESTION)

    assert len(generator.requests) == 1, "no stricter retry once the deadline has passed"
    assert answer.written_by == "evidence" and "QA_ANSWER_DEADLINE" in answer.written_by_reason
    assert answer.text == plain.text


def test_a_conflict_past_the_deadline_gives_the_versions_verbatim(store_dir: Path) -> None:
    plain = assistant_with(store_dir, None).ask(CONFLICT_QUESTION)

    answer = assistant_with(store_dir, PastDeadline()).ask(CONFLICT_QUESTION)

    assert answer.conflicting and answer.written_by == "evidence"
    assert "QA_ANSWER_DEADLINE" in answer.written_by_reason
    assert answer.text == plain.text


@pytest.mark.parametrize(
    "sentence",
    [
        "The party took a pro-European line after the vote.",
        "Analysts called the bloc's stance anti-American and non-Western.",
        "Talks between the Franco-German team and Seoul-based firms resumed.",
    ],
)
def test_a_name_inside_a_hyphenated_word_matches_itself(sentence: str) -> None:
    assert fact_mismatch(sentence, sentence) == ""


def test_a_name_inside_a_hyphenated_word_still_has_to_match() -> None:
    passage = "Analysts called the bloc's stance non-Western."
    assert "Eastern" in fact_mismatch("Analysts called the bloc's stance non-Eastern.", passage)
    assert "Japanese" in fact_mismatch("The firm was Japanese-owned.", "The firm was Korean-owned.")


def test_every_sentence_of_the_bundled_articles_matches_itself() -> None:
    """A quote copied verbatim can never count as inventing a number, date or name."""
    root = Path(__file__).resolve().parents[1] / "data" / "articles"
    for path in sorted(root.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for start, end in sentence_spans(text):
            assert fact_mismatch(text[start:end], text[start:end]) == "", (path.name, text[start:end])
