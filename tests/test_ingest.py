"""Incremental ingestion into a temporary Chroma directory, with the deterministic test embedder."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fakes import HashingEmbedder

from index.chunking import Chunker
from index.documents import SourceDocument
from index.ingest import Ingestor
from index.store import ChunkStore, make_chroma_client
from qa.assistant import Assistant
from qa.composition import build_assistant
from qa.errors import StoreError, UnknownDocument
from qa.settings import BUNDLED_ARTICLES, Settings

SettingsFactory = Callable[..., Settings]
FIXTURES = Path(__file__).parent / "fixtures"
BUNDLED_IDS = sorted(p.name for p in BUNDLED_ARTICLES.glob("*.txt"))
QUESTION = "How much did the repair of the Eastport harbour bridge cost?"


def bridge_article(cost: str) -> str:
    """A made-up article; only the repair cost differs between versions."""
    return (
        "Eastport harbour bridge reopens\n\n"
        "The old harbour bridge in Eastport reopened to traffic on Monday after a long closure. "
        "Engineers replaced all the steel cables and resurfaced the deck of the crossing. "
        f"The repair of the Eastport harbour bridge cost {cost}, the city council said. "
        "Mayor Lena Hartmann cut a ribbon at the western end of the bridge.\n\n"
        "Cyclists will get a separate lane for the first time. "
        "The council plans to install lighting along the walkway before winter. "
        "Ferry operators said they expected fewer passengers now that the bridge is open again. "
        "Local shops near the eastern ramp reported more customers within hours of the reopening.\n"
    )


def weather_article() -> str:
    return (
        "Storm brings record rainfall to the valley\n\n"
        "A storm dropped record rainfall on the river valley over the weekend, forecasters said. "
        "Several roads were closed and two villages lost power for most of Sunday. "
        "Volunteers filled sandbags outside the town hall while the river rose through the night.\n"
    )


@pytest.fixture
def store(tmp_path: Path) -> ChunkStore:
    return ChunkStore(make_chroma_client(str(tmp_path / "index-store"), None, 8000), "test")


@pytest.fixture
def embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture
def ingestor(store: ChunkStore, embedder: HashingEmbedder) -> Ingestor:
    # Small chunks so every test document is split into several.
    return Ingestor(store, Chunker(chunk_size=40, chunk_overlap=8), embedder)


@pytest.fixture
def assistant(settings_factory: SettingsFactory) -> Assistant:
    settings = settings_factory(auto_ingest_bundled=False, chunk_size=40, chunk_overlap=8)
    return build_assistant(settings, embedder=HashingEmbedder())


def chunk_store_of(settings: Settings) -> ChunkStore:
    """A second view of an assistant's store, to look at raw chunks."""
    return ChunkStore(make_chroma_client(str(settings.data_dir), None, 8000), settings.collection)


def raw_chunk_hashes(store: ChunkStore, doc_id: str) -> list[str]:
    """Content hashes of every chunk record of a document, committed or stale."""
    records = store._chunks.get(where={"doc_id": doc_id}, include=["metadatas"])
    return [meta["content_hash"] for meta in records["metadatas"]]


def test_report_names_added_updated_unchanged_and_failed(tmp_path: Path, ingestor: Ingestor) -> None:
    bridge, weather, bad = tmp_path / "bridge.txt", tmp_path / "weather.md", tmp_path / "bad.txt"
    bridge.write_text(bridge_article("48 million euros"), encoding="utf-8")
    weather.write_text(weather_article(), encoding="utf-8")
    bad.write_bytes(b"\x00\x01binary")

    first = ingestor.ingest([bridge, weather])
    assert (first.added, first.updated, first.unchanged, first.failed) == (["bridge.txt", "weather.md"], [], [], [])

    bridge.write_text(bridge_article("52 million euros"), encoding="utf-8")
    second = ingestor.ingest([bridge, weather, bad])

    assert second.added == []
    assert second.updated == ["bridge.txt"]
    assert second.unchanged == ["weather.md"]
    assert [(f.path, f.reason) for f in second.failed] == [(str(bad), "binary content, not text")]
    assert second.summary().splitlines() == [
        "0 added, 1 updated, 1 unchanged, 1 failed",
        f"  failed: {bad}: binary content, not text",
    ]


def test_reingesting_the_same_file_changes_nothing(
    tmp_path: Path, ingestor: Ingestor, store: ChunkStore, embedder: HashingEmbedder
) -> None:
    path = tmp_path / "bridge.txt"
    path.write_text(bridge_article("48 million euros"), encoding="utf-8")
    ingestor.ingest([path])
    chunks_before = store.all_chunks()
    embed_calls = embedder.calls

    report = ingestor.ingest([path])

    assert report.unchanged == ["bridge.txt"] and not report.added and not report.updated
    assert len(chunks_before) > 1
    assert store.count_chunks() == len(chunks_before)
    assert store.all_chunks() == chunks_before
    assert embedder.calls == embed_calls, "an unchanged file must not be embedded again"


def test_changed_file_replaces_its_chunks(tmp_path: Path, assistant: Assistant) -> None:
    path = tmp_path / "bridge.txt"
    path.write_text(bridge_article("48 million euros"), encoding="utf-8")
    assistant.ingest([path])
    assert "48 million euros" in assistant.document_text("bridge.txt")  # now cached by the assistant

    path.write_text(bridge_article("52 million euros"), encoding="utf-8")
    report = assistant.ingest([path])

    assert report.updated == ["bridge.txt"]
    assert assistant.document_text("bridge.txt") == bridge_article("52 million euros")
    store = chunk_store_of(assistant.settings)
    texts = " ".join(c.text for c in store.all_chunks())
    assert "52 million euros" in texts
    assert "48 million euros" not in texts
    assert store.count_chunks() == len(store.all_chunks()), "old chunks must be deleted, not just hidden"
    [document] = assistant.documents()
    assert document.n_chunks == store.count_chunks()
    assert document.chars == len(bridge_article("52 million euros"))


def test_bad_files_in_a_batch_do_not_stop_the_good_ones(tmp_path: Path, assistant: Assistant) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a-bridge.txt").write_text(bridge_article("48 million euros"), encoding="utf-8")
    (folder / "b-empty.txt").write_text("", encoding="utf-8")
    (folder / "c-latin1.md").write_bytes("Caf\u00e9 prices rose".encode("latin-1"))
    (folder / "d-weather.md").write_text(weather_article(), encoding="utf-8")
    (folder / "e-damaged.pdf").write_bytes((FIXTURES / "corrupt-type-error.pdf").read_bytes())
    missing = tmp_path / "missing.txt"
    progress: list[tuple[int, int, str]] = []

    report = assistant.ingest(
        [folder, missing], on_progress=lambda done, total, name: progress.append((done, total, name))
    )

    assert report.added == ["a-bridge.txt", "d-weather.md"]
    failed = {Path(f.path).name: f.reason for f in report.failed}
    assert set(failed) == {"b-empty.txt", "c-latin1.md", "e-damaged.pdf", "missing.txt"}
    assert failed["e-damaged.pdf"].startswith("not a readable PDF")
    assert failed["b-empty.txt"] == "no text in file"
    assert failed["c-latin1.md"].startswith("not UTF-8 text")
    assert failed["missing.txt"] == "no such file or folder"
    assert [d.doc_id for d in assistant.documents()] == ["a-bridge.txt", "d-weather.md"]
    # Whole files done, in order; between them, fractions as each file's chunks are embedded.
    assert [p[0] for p in progress if p[0] == int(p[0])] == [1, 2, 3, 4, 5, 6]
    assert [p[0] for p in progress] == sorted(p[0] for p in progress)
    assert {p[1] for p in progress} == {6}
    assert progress[-1][2] == "missing.txt"


@pytest.mark.parametrize(("chunk_size", "chunk_overlap"), [(220, 40), (48, 10)])
def test_every_stored_chunk_is_verbatim_at_its_offsets(tmp_path: Path, chunk_size: int, chunk_overlap: int) -> None:
    store = ChunkStore(make_chroma_client(str(tmp_path / "offsets"), None, 8000), "offsets")
    messy = tmp_path / "messy.txt"
    # Irregular whitespace is where a splitter is tempted to normalise text.
    messy.write_text(
        "Title  line\r\n\r\n\tFirst   sentence has  double spaces.  Second sentence\tuses a tab.\r\n"
        + "Line one of a list\nLine two of a list\n\n\n" * 6
        + "A closing sentence   with trailing spaces.   \n",
        encoding="utf-8",
    )
    Ingestor(store, Chunker(chunk_size, chunk_overlap), HashingEmbedder()).ingest([BUNDLED_ARTICLES, messy])

    documents = store.documents()
    assert [d.doc_id for d in documents] == sorted([*BUNDLED_IDS, "messy.txt"])
    for document in documents:
        text = store.document_text(document.doc_id)
        assert text is not None
        chunks = [c for c in store.all_chunks() if c.doc_id == document.doc_id]
        assert len(chunks) == document.n_chunks > 0
        covered = [False] * len(text)
        for chunk in chunks:
            assert text[chunk.start : chunk.end] == chunk.text, (document.doc_id, chunk.chunk_id)
            covered[chunk.start : chunk.end] = [True] * (chunk.end - chunk.start)
        lost = "".join(ch for ch, seen in zip(text, covered, strict=True) if not seen and not ch.isspace())
        assert lost == "", f"text of {document.doc_id} is in no chunk: {lost[:80]!r}"


def test_stored_text_is_the_file_as_read(settings_factory: SettingsFactory) -> None:
    assistant = build_assistant(settings_factory(), embedder=HashingEmbedder())

    for doc_id in BUNDLED_IDS:
        assert assistant.document_text(doc_id) == (BUNDLED_ARTICLES / doc_id).read_text(encoding="utf-8")


def test_delete_removes_the_document_and_its_chunks(tmp_path: Path, assistant: Assistant) -> None:
    (tmp_path / "bridge.txt").write_text(bridge_article("48 million euros"), encoding="utf-8")
    (tmp_path / "weather.txt").write_text(weather_article(), encoding="utf-8")
    assistant.ingest([tmp_path / "bridge.txt", tmp_path / "weather.txt"])
    assert not assistant.ask(QUESTION).abstained

    assistant.delete("bridge.txt")

    assert [d.doc_id for d in assistant.documents()] == ["weather.txt"]
    store = chunk_store_of(assistant.settings)
    assert raw_chunk_hashes(store, "bridge.txt") == []
    assert {c.doc_id for c in store.all_chunks()} == {"weather.txt"}
    with pytest.raises(UnknownDocument):
        assistant.document_text("bridge.txt")
    answer = assistant.ask(QUESTION)
    assert "bridge.txt" not in answer.cited_doc_ids()
    assert "bridge.txt" not in answer.retrieved_doc_ids


def test_delete_of_an_unknown_document_is_a_user_error(assistant: Assistant) -> None:
    with pytest.raises(UnknownDocument, match="no-such-doc.txt"):
        assistant.delete("no-such-doc.txt")


class SimulatedCrash(RuntimeError):
    pass


def crash(*args: object, **kwargs: object) -> None:
    raise SimulatedCrash("power cut")


def assert_cites_verbatim(assistant: Assistant, must_say: str, must_not_say: str) -> None:
    answer = assistant.ask(QUESTION)
    assert not answer.abstained
    assert answer.citations
    for citation in answer.citations:
        assert assistant.document_text(citation.doc_id)[citation.start : citation.end] == citation.quote
    quotes = " ".join(c.quote for c in answer.citations)
    assert must_say in quotes
    assert must_not_say not in answer.text and must_not_say not in quotes


@pytest.mark.parametrize(
    ("crash_in", "answered_from", "outcome"),
    [
        # After the commit point the new version is the one answered; the next ingest finds it unchanged.
        ("remove_stale_chunks", "52 million euros", "unchanged"),
        # Before it the old version stays whole; the next ingest writes the new one again.
        ("commit_document", "48 million euros", "updated"),
    ],
)
def test_a_crash_mid_update_leaves_one_whole_version_answerable_and_next_ingest_cleans_up(
    tmp_path: Path,
    settings_factory: SettingsFactory,
    monkeypatch: pytest.MonkeyPatch,
    crash_in: str,
    answered_from: str,
    outcome: str,
) -> None:
    settings = settings_factory(auto_ingest_bundled=False, chunk_size=40, chunk_overlap=8)
    path = tmp_path / "bridge.txt"
    path.write_text(bridge_article("48 million euros"), encoding="utf-8")
    build_assistant(settings, embedder=HashingEmbedder()).ingest([path])

    path.write_text(bridge_article("52 million euros"), encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(ChunkStore, crash_in, crash)
        with pytest.raises(SimulatedCrash):
            build_assistant(settings, embedder=HashingEmbedder()).ingest([path])

    store = chunk_store_of(settings)
    assert len(set(raw_chunk_hashes(store, "bridge.txt"))) == 2, "the crash should leave both versions' chunks"
    restarted = build_assistant(settings, embedder=HashingEmbedder())
    other = "48 million euros" if answered_from.startswith("52") else "52 million euros"
    assert_cites_verbatim(restarted, must_say=answered_from, must_not_say=other)
    assert restarted.document_text("bridge.txt") == bridge_article(answered_from)

    report = restarted.ingest([path])

    assert getattr(report, outcome) == ["bridge.txt"]
    assert set(raw_chunk_hashes(store, "bridge.txt")) == {store.current_hashes()["bridge.txt"]}, (
        "a later ingest must remove the chunks the crash left behind"
    )
    assert_cites_verbatim(restarted, must_say="52 million euros", must_not_say="48 million euros")


def test_crash_while_adding_a_new_document_leaves_it_invisible(
    tmp_path: Path, settings_factory: SettingsFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = settings_factory(auto_ingest_bundled=False, chunk_size=40, chunk_overlap=8)
    path = tmp_path / "bridge.txt"
    path.write_text(bridge_article("48 million euros"), encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(ChunkStore, "commit_document", crash)
        with pytest.raises(SimulatedCrash):
            build_assistant(settings, embedder=HashingEmbedder()).ingest([path])

    restarted = build_assistant(settings, embedder=HashingEmbedder())
    assert restarted.documents() == []
    assert restarted.ask(QUESTION).abstained, "uncommitted chunks must not be answered from"

    assert restarted.ingest([path]).added == ["bridge.txt"]
    assert_cites_verbatim(restarted, must_say="48 million euros", must_not_say="52 million euros")


def test_bundled_articles_are_ingested_once_into_an_empty_store(settings_factory: SettingsFactory) -> None:
    settings = settings_factory()
    first = build_assistant(settings, embedder=HashingEmbedder())
    assert [d.doc_id for d in first.documents()] == BUNDLED_IDS

    first.delete(BUNDLED_IDS[0])
    second = build_assistant(settings, embedder=HashingEmbedder())

    assert [d.doc_id for d in second.documents()] == BUNDLED_IDS[1:], "a non-empty store is not filled again"


def test_auto_ingest_can_be_turned_off(settings_factory: SettingsFactory) -> None:
    assistant = build_assistant(settings_factory(auto_ingest_bundled=False), embedder=HashingEmbedder())

    assert assistant.documents() == []
    assert assistant.ask("How many years since Putin last visited North Korea?").abstained


def test_corrupt_store_is_a_clear_error_and_loses_nothing(tmp_path: Path, settings_factory: SettingsFactory) -> None:
    from chromadb.api.client import SharedSystemClient

    settings = settings_factory()
    build_assistant(settings, embedder=HashingEmbedder())
    # Chroma keeps one open system per path in a process; forget it, as a new process would.
    SharedSystemClient.clear_system_cache()
    database = Path(settings.data_dir) / "chroma.sqlite3"
    garbage = b"this is not a database\n" * 512
    database.write_bytes(garbage)
    files_before = sorted(p.relative_to(settings.data_dir) for p in Path(settings.data_dir).rglob("*"))

    with pytest.raises(StoreError) as caught:
        build_assistant(settings, embedder=HashingEmbedder())

    message = str(caught.value)
    assert str(settings.data_dir) in message
    assert re.search(r"not a database|corrupt", message)
    assert database.read_bytes() == garbage
    assert sorted(p.relative_to(settings.data_dir) for p in Path(settings.data_dir).rglob("*")) == files_before


def test_document_hash_is_of_the_text() -> None:
    a = SourceDocument(doc_id="a.txt", title="A", text="same text", source_path="/x/a.txt")
    b = SourceDocument(doc_id="b.txt", title="B", text="same text", source_path="/y/b.txt")
    c = SourceDocument(doc_id="a.txt", title="A", text="same text.", source_path="/x/a.txt")

    assert a.content_hash == b.content_hash != c.content_hash
