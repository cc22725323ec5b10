"""Bad input at the real ``qa`` command and app process: one clear line, no traceback, the right exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import QA, assert_one_line_error, qa

from qa.cli import EXIT_FILES_FAILED

ROOT = Path(__file__).resolve().parents[1]
BRIDGE = "# Bridge reopens\n\nThe harbour bridge in Tallberg reopened on Monday after repairs.\n"
ZEBRA = (
    "Zoo welcomes a striped newcomer\n\n"
    "A baby zebra named Pippa was born at the Riverton zoo on Monday, keepers said.\n"
    "The foal weighed 30 kilograms and was standing within an hour of her birth.\n"
)


def qa_bytes(*args: bytes, data_dir: Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``qa`` with raw byte arguments, as a shell passes a name that is not UTF-8."""
    variables = {**os.environ, "QA_DATA_DIR": str(data_dir), "QA_AUTO_INGEST_BUNDLED": "false", **env}
    return subprocess.run(
        [os.fsencode(str(QA)), *args], env=variables, cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


def test_a_missing_path_is_named_as_missing_and_the_rest_goes_in(tmp_path: Path) -> None:
    good = tmp_path / "bridge.md"
    good.write_text(BRIDGE, encoding="utf-8")
    missing = tmp_path / "no-such-folder"

    result = qa(
        "ingest", str(missing), str(good), data_dir=tmp_path / "store", cwd=tmp_path, QA_AUTO_INGEST_BUNDLED="false"
    )

    assert result.returncode == EXIT_FILES_FAILED, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [
        "1 added, 0 updated, 0 unchanged, 1 failed",
        f"  failed: {missing}: no such file or folder",
    ]


def test_a_file_over_the_size_limit_fails_alone_and_the_next_file_is_ingested(tmp_path: Path) -> None:
    big = tmp_path / "a-big.txt"
    with big.open("w", encoding="utf-8") as out:  # 2 MB, one paragraph per line
        for i in range(14_000):
            out.write(f"Paragraph {i}: the committee met again and discussed the budget at length.\n\n")
    good = tmp_path / "b-bridge.md"
    good.write_text(BRIDGE, encoding="utf-8")

    result = qa(
        "ingest", str(big), str(good), data_dir=tmp_path / "store", cwd=tmp_path,
        QA_AUTO_INGEST_BUNDLED="false", QA_MAX_FILE_MB="1",
    )  # fmt: skip

    assert result.returncode == EXIT_FILES_FAILED, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "1 added, 0 updated, 0 unchanged, 1 failed"
    assert lines[1].startswith(f"  failed: {big}: ") and "over the 1 MB limit (QA_MAX_FILE_MB)" in lines[1]
    assert len(lines) == 2


def test_all_files_ingested_exits_zero(tmp_path: Path) -> None:
    good = tmp_path / "bridge.md"
    good.write_text(BRIDGE, encoding="utf-8")
    result = qa("ingest", str(good), data_dir=tmp_path / "store", cwd=tmp_path, QA_AUTO_INGEST_BUNDLED="false")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        (b"When did Putin arrive \xff\xfe?", "argument 2 is not valid UTF-8 text (byte 0xff"),
        ("When \ud800 did Putin arrive?".encode("utf-8", "surrogatepass"), "argument 2 is not valid UTF-8 text"),
    ],
)
def test_a_question_that_is_not_utf8_is_one_line(argument: bytes, expected: str, tmp_path: Path) -> None:
    result = qa_bytes(b"ask", argument, data_dir=tmp_path / "store", cwd=tmp_path)
    assert_one_line_error(result, 2, expected)


def test_a_file_name_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    result = qa_bytes(
        b"ingest", os.fsencode(str(tmp_path)) + b"/caf\xe9.txt", data_dir=tmp_path / "store", cwd=tmp_path
    )
    assert_one_line_error(result, 2, "not valid UTF-8 text (byte 0xe9")


def test_a_lone_surrogate_through_the_python_api_is_a_clear_error(real_assistant: object) -> None:
    from qa import Assistant, InvalidQuestion

    assert isinstance(real_assistant, Assistant)
    with pytest.raises(InvalidQuestion, match="lone surrogate U\\+D800"):
        real_assistant.ask("When did Putin \ud800 arrive?")


def test_an_emptied_store_file_is_refused_not_started_over(tmp_path: Path) -> None:
    store = tmp_path / "store"
    good = tmp_path / "bridge.md"
    good.write_text(BRIDGE, encoding="utf-8")
    first = qa("ingest", str(good), data_dir=store, cwd=tmp_path, QA_AUTO_INGEST_BUNDLED="false")
    assert first.returncode == 0, first.stderr
    (store / "chroma.sqlite3").write_bytes(b"")  # emptied: by a full disk, a bad copy, a stray `> file`

    result = qa("docs", data_dir=store, cwd=tmp_path)

    assert_one_line_error(result, 1, "is empty (0 bytes)", str(store))
    assert (store / "chroma.sqlite3").stat().st_size == 0, "the emptied store was re-created and re-indexed"


@pytest.mark.parametrize(
    ("given", "missing"), [("QA_AUTH_USER", "QA_AUTH_PASSWORD"), ("QA_AUTH_PASSWORD", "QA_AUTH_USER")]
)
def test_the_app_refuses_to_start_with_half_a_login(given: str, missing: str, tmp_path: Path) -> None:
    variables = {**os.environ, "QA_DATA_DIR": str(tmp_path / "store"), given: "editor"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "app.py")], env=variables, cwd=tmp_path, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert_one_line_error(result, 2, f"{given} is set but {missing} is not")
    assert not (tmp_path / "store").exists(), "the app went on to open the store"


def test_a_one_word_name_counts_as_a_name(tmp_path: Path) -> None:
    zebra = tmp_path / "zebra.txt"
    zebra.write_text(ZEBRA, encoding="utf-8")
    store = tmp_path / "store"
    assert qa("ingest", str(zebra), data_dir=store, cwd=tmp_path, QA_AUTO_INGEST_BUNDLED="false").returncode == 0

    result = qa("ask", "What was the name of the zebra?", data_dir=store, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "Pippa" in result.stdout.splitlines()[0]


@pytest.mark.parametrize(
    "question",
    [
        "Сколько лет прошло с последнего визита Путина в Северную Корею?",  # Russian
        "푸틴이 북한을 마지막으로 방문한 지 몇 년 만인가요?",  # Korean
    ],
)
def test_questions_in_russian_and_korean_are_answered(question: str, real_assistant: object) -> None:
    from qa import Assistant

    assert isinstance(real_assistant, Assistant)
    answer = real_assistant.ask(question)
    assert not answer.abstained, answer.abstain_reason
    assert answer.citations


def test_an_unrelated_russian_question_still_abstains(real_assistant: object) -> None:
    from qa import Assistant

    assert isinstance(real_assistant, Assistant)
    assert real_assistant.ask("Кто выиграл чемпионат мира по футболу в 1998 году?").abstained
