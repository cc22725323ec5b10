"""One deadline per question, against real misbehaving HTTP servers on loopback.

A socket timeout alone bounded nothing: a server dripping an SSE comment every 2 s was never timed
out, and a hanging one cost 3 x 60 s plus backoff (twice for a follow-up). Now the whole wait for
the model (rewrite, connect, first token, whole answer, retries) ends at ``QA_ANSWER_DEADLINE``, and
the user gets the evidence answer, labelled as written from the evidence.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from servers import misbehaving
from test_cli import qa

from qa.errors import AnswerDeadlineExceeded
from qa.generators import OpenAIChatGenerator, make_openai_client
from qa.settings import Settings

QUESTION = "How many years since Putin last visited North Korea?"
MESSAGES = [{"role": "user", "content": "Say hello."}]
# Far below what the old behaviour cost (drip: never; hang: 192 s), far above a 3 s deadline on a busy machine.
MARGIN_S = 150
# Time beyond the deadline a question may take to hand back the evidence answer (thread wake-ups).
SLACK_S = 2.0


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled articles indexed (MiniLM, fast) by a first extractive command."""
    path = tmp_path_factory.mktemp("deadline") / "store"
    result = qa("docs", data_dir=path, cwd=path.parent, QA_EMBEDDER="minilm")
    assert result.returncode == 0, result.stderr
    return path


@pytest.mark.parametrize("mode", ["hang", "drip"])
def test_the_generator_gives_up_at_the_deadline_whatever_the_server_does(mode: str) -> None:
    with misbehaving(mode) as server:
        # The defaults that used to cost 3 x 60 s: a 60 s socket timeout and two retries.
        settings = Settings(openai_base_url=server.url, model="odd-model", request_timeout=60.0, max_retries=2)
        generator = OpenAIChatGenerator(make_openai_client(settings), settings.model, settings.max_tokens)
        started = time.monotonic()
        with pytest.raises(AnswerDeadlineExceeded, match="deadline"):
            generator.complete(MESSAGES, deadline=time.monotonic() + 3.0)
        elapsed = time.monotonic() - started
    assert 2.5 < elapsed < MARGIN_S


@pytest.mark.parametrize("mode", ["hang", "drip"])
def test_a_question_over_a_misbehaving_server_ends_at_the_deadline_with_the_evidence_answer(
    mode: str, store: Path, tmp_path: Path
) -> None:
    with misbehaving(mode) as server:
        started = time.monotonic()
        result = qa(
            "ask",
            QUESTION,
            "--json",
            data_dir=store,
            cwd=tmp_path,
            QA_EMBEDDER="minilm",
            QA_BACKEND="openai",
            QA_OPENAI_BASE_URL=server.url,
            QA_MODEL="odd-model",
            QA_REQUEST_TIMEOUT="5",
            QA_ANSWER_DEADLINE="4",
        )
        elapsed = time.monotonic() - started
        assert server.requests >= 1, "the model was never asked"
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["written_by"] == "evidence"
    assert "deadline" in answer["written_by_reason"]
    assert not answer["abstained"] and "24" in answer["text"]
    assert answer["timings"]["generate_s"] < 4.0 + SLACK_S
    assert elapsed < MARGIN_S  # the whole command, start-up and indexing included


def test_a_follow_up_shares_the_one_deadline_with_its_rewrite(store: Path, tmp_path: Path) -> None:
    from qa import Assistant

    with misbehaving("hang") as server:
        settings = Settings(
            data_dir=store,
            embedder="minilm",
            backend="openai",
            openai_base_url=server.url,
            model="odd-model",
            answer_deadline=4.0,
        )
        assistant = Assistant.from_settings(settings)
        history = [
            {"role": "user", "content": "When did Putin arrive in Pyongyang?"},
            {"role": "assistant", "content": "Early on Wednesday."},
        ]
        # A follow-up the evidence answers, so that the model is asked to write after the rewrite.
        answer = assistant.ask("And how many years had passed since his previous visit to North Korea?", history)
        assistant.close()
        assert server.requests >= 2, "both the rewrite and the answer asked the model"
    assert answer.written_by == "evidence"
    # Rewrite and answer together wait one deadline (4 s), not one each; the slack is thread scheduling.
    assert answer.timings["rewrite_s"] + answer.timings["generate_s"] < 4.0 + SLACK_S


def test_a_garbage_reply_is_not_passed_off_as_the_models_answer(store: Path, tmp_path: Path) -> None:
    nonsense = "Lorem ipsum dolor sit amet, zanzibar quux frobnicate the widget."
    with misbehaving("nonsense", reply=nonsense) as server:
        result = qa(
            "ask",
            QUESTION,
            data_dir=store,
            cwd=tmp_path,
            QA_EMBEDDER="minilm",
            QA_BACKEND="openai",
            QA_OPENAI_BASE_URL=server.url,
            QA_MODEL="odd-model",
        )
    assert result.returncode == 0, result.stderr
    assert "Lorem" not in result.stdout
    # The reply is set aside with the degenerate-output reason, after one stricter retry.
    assert (
        "note: written from the evidence, not by the model: the model answered in a different language" in result.stdout
    )
    assert "the stricter retry:" in result.stdout
