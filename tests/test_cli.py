"""The ``qa`` command: as a real subprocess where output and exit codes matter, else in-process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qa.cli import main
from qa.settings import BUNDLED_ARTICLES

QA = Path(sys.executable).parent / "qa"
QUESTION = "How many years since Putin last visited North Korea?"
BUNDLED_IDS = sorted(p.name for p in BUNDLED_ARTICLES.glob("*.txt"))


# Wide: the first command indexes the bundled articles (chunks and sentences) with e5 on shared cores.
def qa(*args: str, data_dir: Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    assert QA.is_file(), f"{QA} is missing: install the project with `pip install -e .`"
    variables = {**os.environ, "QA_DATA_DIR": str(data_dir), **env}
    return subprocess.run(
        [str(QA), *args], env=variables, cwd=cwd, capture_output=True, text=True, timeout=900, check=False
    )


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str, data_dir: Path, **env: str
) -> tuple[int, str, str]:
    """``qa ARGS`` in this process (faster): exit code, stdout, stderr."""
    monkeypatch.setenv("QA_DATA_DIR", str(data_dir))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int, *expected: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for text in expected:
        assert text in lines[0]


@pytest.fixture(scope="module")
def bundled_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store the first command fills with the bundled articles; later commands only read it."""
    return tmp_path_factory.mktemp("cli-store") / "store"


@pytest.fixture(scope="module")
def bundled_docs(bundled_store: Path) -> subprocess.CompletedProcess[str]:
    return qa("docs", data_dir=bundled_store, cwd=bundled_store.parent)


def test_docs_lists_the_bundled_articles(bundled_docs: subprocess.CompletedProcess[str]) -> None:
    assert bundled_docs.returncode == 0, bundled_docs.stderr
    rows = [line.split("\t") for line in bundled_docs.stdout.splitlines()]
    assert [row[0] for row in rows] == BUNDLED_IDS
    for row in rows:
        assert len(row) == 3
        assert row[1].endswith(" chunks") and int(row[1].split()[0]) >= 1
        assert row[2]


def test_ask_json_cites_the_article_files_verbatim(bundled_docs: object, bundled_store: Path, tmp_path: Path) -> None:
    result = qa("ask", QUESTION, "--json", data_dir=bundled_store, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert {"text", "citations", "abstained", "query", "question", "backend", "evidence", "timings"} <= set(answer)
    assert answer["question"] == answer["query"] == QUESTION
    assert answer["abstained"] is False
    assert "24 years" in answer["text"]
    assert answer["citations"]
    for citation in answer["citations"]:
        assert f"[{citation['n']}]" in answer["text"]
        # .txt documents are stored exactly as read, so offsets point into the file itself.
        file_text = (BUNDLED_ARTICLES / citation["doc_id"]).read_text(encoding="utf-8")
        assert file_text[citation["start"] : citation["end"]] == citation["quote"]
    assert any("24 years" in c["quote"] for c in answer["citations"])


def test_ask_prints_the_answer_and_its_citations(
    bundled_docs: object, bundled_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(monkeypatch, capsys, "ask", QUESTION, data_dir=bundled_store)

    assert code == 0, err
    first, *citation_lines = out.splitlines()
    assert "[1]" in first
    assert citation_lines and citation_lines[0].startswith("  [1] ")
    assert any(doc_id in citation_lines[0] for doc_id in BUNDLED_IDS)


def test_unanswerable_question_abstains(
    bundled_docs: object, bundled_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(
        monkeypatch, capsys, "ask", "What is the capital of France?", "--json", data_dir=bundled_store
    )

    assert code == 0, err
    answer = json.loads(out)
    assert answer["abstained"] is True
    assert answer["citations"] == []


def test_empty_question_is_one_line_error(bundled_docs: object, bundled_store: Path, tmp_path: Path) -> None:
    assert_one_line_error(qa("ask", "", data_dir=bundled_store, cwd=tmp_path), 2, "empty")


def test_over_long_question_is_an_error(
    bundled_docs: object, bundled_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(monkeypatch, capsys, "ask", QUESTION, data_dir=bundled_store, QA_MAX_QUESTION_CHARS="20")

    assert (code, out) == (2, "")
    assert err.startswith("error: ") and "limit is 20" in err


def test_delete_of_unknown_document_is_an_error(
    bundled_docs: object, bundled_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(monkeypatch, capsys, "delete", "unknown", data_dir=bundled_store)

    assert (code, out) == (2, "")
    assert err == "error: No document with id 'unknown'.\n"


def test_ingest_reports_good_and_bad_files(tmp_path: Path) -> None:
    good = tmp_path / "bridge.md"
    good.write_text("# Bridge reopens\n\nThe harbour bridge reopened on Monday after repairs.\n", encoding="utf-8")
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x00\x01\x02")

    result = qa(
        "ingest", str(good), str(bad), data_dir=tmp_path / "store", cwd=tmp_path, QA_AUTO_INGEST_BUNDLED="false"
    )

    assert result.returncode == 3, "a file failed: exit 3, though the other went in"
    assert result.stdout.splitlines() == [
        "1 added, 0 updated, 0 unchanged, 1 failed",
        f"  failed: {bad}: binary content, not text",
    ]


def test_ingest_docs_and_delete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    good = tmp_path / "bridge.md"
    good.write_text("# Bridge reopens\n\nThe harbour bridge reopened on Monday after repairs.\n", encoding="utf-8")
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x00\x01\x02")
    monkeypatch.setenv("QA_AUTO_INGEST_BUNDLED", "false")

    assert run_main(monkeypatch, capsys, "ingest", str(good), data_dir=store)[:2] == (
        0,
        "1 added, 0 updated, 0 unchanged, 0 failed\n",
    )
    code, out, _ = run_main(monkeypatch, capsys, "ingest", str(bad), str(tmp_path / "missing.txt"), data_dir=store)
    assert code == 3, "files failed"
    assert out.splitlines()[0] == "0 added, 0 updated, 0 unchanged, 2 failed"
    assert run_main(monkeypatch, capsys, "ingest", str(good), data_dir=store)[:2] == (
        0,
        "0 added, 0 updated, 1 unchanged, 0 failed\n",
    )
    assert run_main(monkeypatch, capsys, "docs", data_dir=store)[:2] == (0, "bridge.md\t1 chunks\tBridge reopens\n")
    assert run_main(monkeypatch, capsys, "delete", "bridge.md", data_dir=store)[:2] == (0, "deleted bridge.md\n")
    assert run_main(monkeypatch, capsys, "docs", data_dir=store)[:2] == (0, "")


def test_corrupt_store_is_one_line_error(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / "chroma.sqlite3").write_bytes(b"garbage, not sqlite\n" * 100)

    result = qa("docs", data_dir=store, cwd=tmp_path)

    assert_one_line_error(result, 1, str(store))
    assert (store / "chroma.sqlite3").read_bytes() == b"garbage, not sqlite\n" * 100


def test_bad_setting_is_an_error_naming_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(monkeypatch, capsys, "docs", data_dir=tmp_path / "store", QA_BACKEND="gpt-99")

    assert (code, out) == (2, "")
    assert err.startswith("error: ") and "QA_BACKEND" in err
    assert len(err.strip().splitlines()) == 1


def test_openai_backend_without_key_names_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_main(
        monkeypatch, capsys, "--backend", "openai", "docs", data_dir=tmp_path / "store", QA_AUTO_INGEST_BUNDLED="false"
    )

    assert code == 2
    assert err.startswith("error: ") and "QA_OPENAI_API_KEY" in err


def test_usage_error_exits_with_argparse_code(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])

    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_a_folder_named_eval_is_ingested_not_evaluated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "eval").mkdir()
    (tmp_path / "eval" / "note.txt").write_text("The council met on Tuesday to discuss the budget.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    code, out, err = run_main(
        monkeypatch, capsys, "ingest", "eval", data_dir=tmp_path / "store", QA_AUTO_INGEST_BUNDLED="false"
    )

    assert (code, out, err) == (0, "1 added, 0 updated, 0 unchanged, 0 failed\n", "")


@pytest.mark.parametrize("argv", [["eval", "--help"], ["--backend", "extractive", "eval", "--help"]])
def test_eval_subcommand_reaches_the_harness(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)

    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith("usage: qa eval")


def test_ingest_of_a_folder_reports_symlinks_out_of_it_and_follows_them_only_when_asked(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "ledger.txt").write_text("The harbour ledger lists 41 ships in March.\n", encoding="utf-8")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "bridge.txt").write_text("The harbour bridge reopened on Monday after repairs.\n", encoding="utf-8")
    (folder / "ledger.txt").symlink_to(outside / "ledger.txt")
    store = tmp_path / "store"

    plain = qa("ingest", str(folder), data_dir=store, cwd=tmp_path, QA_AUTO_INGEST_BUNDLED="false")
    assert plain.stdout.splitlines() == [
        "1 added, 0 updated, 0 unchanged, 1 failed",
        f"  failed: {folder / 'ledger.txt'}: a symlink leading out of the folder; not followed",
    ]
    assert "ledger.txt" not in qa("docs", data_dir=store, cwd=tmp_path).stdout

    followed = qa(
        "ingest", "--follow-symlinks", str(folder), data_dir=store, cwd=tmp_path, QA_AUTO_INGEST_BUNDLED="false"
    )
    assert followed.stdout.splitlines()[0] == "1 added, 0 updated, 1 unchanged, 0 failed"
