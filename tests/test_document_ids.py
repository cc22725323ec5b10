"""Document ids that cannot collide: same-named files from two folders are two documents."""

from __future__ import annotations

import hashlib
from pathlib import Path

from fakes import HashingEmbedder

from qa.assistant import Assistant
from qa.composition import build_assistant
from qa.settings import BUNDLED_ARTICLES, Settings

BRIDGE = "Harbour bridge\n\nThe new harbour bridge in Quixville is 840 metres long and opened on Monday.\n"
TUNNEL = "Mountain tunnel\n\nThe Brask mountain tunnel near Zorbton is 12 kilometres long and took nine years to dig.\n"


def make(tmp_path: Path) -> Assistant:
    return build_assistant(Settings(data_dir=tmp_path / "store"), embedder=HashingEmbedder())


def two_folders(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "index.txt").write_text(BRIDGE, encoding="utf-8")
    (tmp_path / "b" / "index.txt").write_text(TUNNEL, encoding="utf-8")
    return tmp_path / "a", tmp_path / "b"


def test_same_named_files_in_two_folders_are_two_answerable_documents(tmp_path: Path) -> None:
    assistant = make(tmp_path)
    a, b = two_folders(tmp_path)

    report = assistant.ingest([a, b])

    second_id = f"index~{hashlib.sha256(str((b / 'index.txt').resolve()).encode()).hexdigest()[:8]}.txt"
    assert report.added == ["index.txt", second_id] and not report.updated
    bridge = assistant.ask("How long is the new harbour bridge in Quixville?")
    tunnel = assistant.ask("How long is the Brask mountain tunnel near Zorbton?")
    assert bridge.citations[0].doc_id == "index.txt" and "840 metres" in bridge.citations[0].quote
    assert tunnel.citations[0].doc_id == second_id and "12 kilometres" in tunnel.citations[0].quote
    titles = {d.doc_id: d.title for d in assistant.documents()}
    assert titles["index.txt"] == "Harbour bridge" and titles[second_id] == "Mountain tunnel"


def test_the_same_file_again_is_the_same_document(tmp_path: Path) -> None:
    assistant = make(tmp_path)
    a, b = two_folders(tmp_path)
    first = assistant.ingest([a, b])

    again = assistant.ingest([b, a])  # order does not matter: each source keeps the id it got
    (b / "index.txt").write_text(TUNNEL.replace("nine", "ten"), encoding="utf-8")
    edited = assistant.ingest([b / "index.txt"])

    assert sorted(again.unchanged) == sorted(first.added) and not again.added
    assert edited.updated == [first.added[1]] and not edited.added


def test_an_id_stays_with_its_file_when_the_name_frees_up(tmp_path: Path) -> None:
    assistant = make(tmp_path)
    a, b = two_folders(tmp_path)
    second_id = assistant.ingest([a, b]).added[1]

    assistant.delete("index.txt")
    again = assistant.ingest([b])

    assert again.unchanged == [second_id], "re-ingesting b/index.txt must not make a duplicate under the free name"
    assert [d.doc_id for d in assistant.documents() if d.doc_id.startswith("index")] == [second_id]


def test_bundled_articles_keep_their_file_names(tmp_path: Path) -> None:
    assistant = make(tmp_path)
    assert [d.doc_id for d in assistant.documents()] == sorted(p.name for p in BUNDLED_ARTICLES.glob("*.txt"))
    assert assistant.ingest([BUNDLED_ARTICLES]).unchanged == sorted(p.name for p in BUNDLED_ARTICLES.glob("*.txt"))


def test_a_copy_of_a_bundled_article_elsewhere_does_not_replace_it(tmp_path: Path) -> None:
    assistant = make(tmp_path)
    name = sorted(p.name for p in BUNDLED_ARTICLES.glob("*.txt"))[0]
    original = assistant.document_text(name)
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / name).write_text("Putin arrived in Pyongyang in 1999 with 500 tanks.", encoding="utf-8")

    report = assistant.ingest([tmp_path / "copy"])

    assert report.added and report.added != [name]
    assert assistant.document_text(name) == original
