"""The ``local`` backend for real: xllamacpp serving the packaged SmolLM2-135M on loopback.

A 135M model writes poor answers; what is tested is that whatever it writes comes out as a
well-formed, verified answer, through both the ``local`` and the ``openai`` code paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qa.answer import Answer
from qa.assistant import ABSTAIN_TEXT, Assistant
from qa.composition import build_generator
from qa.errors import GeneratorUnavailable, SettingsError
from qa.generators import packaged_gguf
from qa.settings import Settings

pytestmark = pytest.mark.integration

# Not a when/how-many question: those are answered verbatim when sources disagree, without the model.
QUESTION = "What was Putin's first visit to North Korea in 24 years marked by?"
# Short answers, few passages and the lighter embedder keep a CPU-only run quick.
FAST: dict[str, Any] = {
    "max_tokens": 40,
    "evidence_sentences": 2,
    "request_timeout": 300.0,  # generous: another llama.cpp process on the same cores slows it badly
    "max_retries": 0,
    "embedder": "minilm",
}
MODEL_ABSTAINED = "the language model found no answer in the passages"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("local-backend-store")


@pytest.fixture(scope="module")
def local_assistant(store_dir: Path) -> Iterator[Assistant]:
    assistant = Assistant.from_settings(Settings(backend="local", data_dir=store_dir, **FAST))
    yield assistant
    assistant.close()


@pytest.fixture(scope="module")
def server_url(local_assistant: Assistant) -> str:
    # The embedded server's address is not part of the Assistant API; peek at it to aim a second backend.
    return str(local_assistant._generator.base_url)  # type: ignore[union-attr]


def streamed(assistant: Assistant, question: str) -> tuple[list[str], Answer]:
    *pieces, answer = list(assistant.stream(question))
    assert isinstance(answer, Answer)
    assert pieces, "at least one text piece comes before the answer"
    assert all(isinstance(p, str) for p in pieces)
    return pieces, answer  # type: ignore[return-value]


def assert_well_formed(assistant: Assistant, pieces: list[str], answer: Answer) -> None:
    # The model was asked (the question is answerable and not a conflict that skips it).
    assert not answer.conflicting
    assert answer.abstain_reason == "" or answer.abstain_reason.startswith(MODEL_ABSTAINED), answer.abstain_reason
    assert " ".join(p.strip() for p in pieces) == answer.text
    # Whatever a real small model writes, the answer says who wrote it and why any text was set aside.
    assert all(d.reason for d in answer.dropped_sentences)
    if not answer.abstained:
        # Evidence in the model's place always says why; a model answer says so only when evidence follows it.
        assert answer.written_by == "model" or answer.written_by_reason, answer.written_by_reason
    if answer.abstained:
        assert pieces == [ABSTAIN_TEXT] and answer.citations == []
        return
    used: set[int] = set()
    for piece in pieces:
        markers = re.search(r"((?:\[\d+\])+)\s*$", piece)
        assert markers, f"sentence without a citation marker: {piece!r}"
        used.update(int(n) for n in re.findall(r"\d+", markers.group(1)))
    assert used == {c.n for c in answer.citations} == set(range(1, len(answer.citations) + 1))
    for citation in answer.citations:
        assert assistant.document_text(citation.doc_id)[citation.start : citation.end] == citation.quote


def test_local_backend_streams_a_well_formed_answer(local_assistant: Assistant) -> None:
    pieces, answer = streamed(local_assistant, QUESTION)

    assert answer.backend == local_assistant.backend == "local"
    assert answer.model == packaged_gguf().stem
    assert_well_formed(local_assistant, pieces, answer)
    print(
        answer.model_dump_json(
            include={"text", "abstain_reason", "dropped_sentences", "timings", "written_by", "written_by_reason"}
        )
    )


def test_openai_backend_against_the_local_server(
    server_url: str, store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QA_BACKEND", "openai")
    monkeypatch.setenv("QA_OPENAI_BASE_URL", server_url)
    monkeypatch.setenv("QA_MODEL", packaged_gguf().stem)
    assistant = Assistant.from_settings(Settings(data_dir=store_dir, **FAST))
    try:
        pieces, answer = streamed(assistant, QUESTION)
    finally:
        assistant.close()

    assert answer.backend == "openai"
    assert_well_formed(assistant, pieces, answer)


def test_openai_generator_streams_pieces_from_the_local_server(server_url: str) -> None:
    settings = Settings(backend="openai", openai_base_url=server_url, model=packaged_gguf().stem, max_tokens=8)
    generator = build_generator(settings)
    assert generator is not None
    try:
        pieces = list(generator.stream([{"role": "user", "content": "Name the capital of France in one word."}]))
    finally:
        generator.close()

    assert len(pieces) > 1, "a streamed reply arrives in several pieces"
    assert "".join(pieces).strip()


def test_missing_local_model_file_is_a_settings_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "missing.gguf"
    monkeypatch.setenv("QA_LOCAL_MODEL_PATH", str(missing))

    with pytest.raises(SettingsError, match="QA_LOCAL_MODEL_PATH") as caught:
        build_generator(Settings(backend="local"))

    assert str(missing) in str(caught.value)


def test_a_file_that_is_not_a_model_cannot_start(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF but not really" * 100)

    with pytest.raises(GeneratorUnavailable, match="broken.gguf could not start"):
        build_generator(Settings(backend="local", local_model_path=broken))
