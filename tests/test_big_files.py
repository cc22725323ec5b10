"""Big texts: cut into sections before sentence splitting, exact offsets kept, and a file that fails
(as a 19 MB text once did inside NLTK's Punkt, with a 64-line traceback) fails alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fakes import HashingEmbedder

import index.chunking as chunking
from index.chunking import SECTION_CHARS, Chunker, sections
from index.documents import SourceDocument
from index.ingest import Ingestor
from index.store import ChunkStore, make_chroma_client
from qa.text import sentence_spans

PARAGRAPH = "The delegation met officials in the capital on Tuesday. Talks covered trade, energy and security. "


def big_text(chars: int, newlines: bool) -> str:
    parts, size, i = [], 0, 0
    while size < chars:
        part = f"Report {i}. {PARAGRAPH}" + ("\n\n" if newlines and i % 3 == 2 else "")
        parts.append(part)
        size += len(part)
        i += 1
    return "".join(parts)


@pytest.mark.parametrize("newlines", [True, False])
def test_sections_cover_the_text_exactly_and_cut_at_breaks(newlines: bool) -> None:
    text = big_text(200_000, newlines)
    spans = sections(text)

    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(0 < end - start <= SECTION_CHARS for start, end in spans)
    for start, end in spans[:-1]:
        if newlines:
            assert text[start:end].endswith("\n\n")  # a paragraph break
        else:
            assert text[start:end].endswith(". ")  # a sentence end


def test_a_big_one_line_text_reaches_punkt_in_sections_with_exact_offsets(monkeypatch: pytest.MonkeyPatch) -> None:
    text = big_text(300_000, newlines=False)  # one line, no paragraph: Punkt once got all of it at once
    seen: list[int] = []
    real = chunking.SentenceSplitter.get_nodes_from_documents

    def recording(self: object, documents: list[object], *args: object, **kwargs: object) -> object:
        seen.extend(len(d.text) for d in documents)  # type: ignore[attr-defined]
        return real(self, documents, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(chunking.SentenceSplitter, "get_nodes_from_documents", recording)
    chunks = Chunker(220, 40).split(SourceDocument("big.txt", "Big", text, "big.txt"))

    assert seen and max(seen) <= SECTION_CHARS
    assert all(text[c.start : c.end] == c.text for c in chunks)
    assert chunks[-1].end >= len(text) - 200  # nothing lost at the end
    spans = sentence_spans(text)
    assert all(text[s:e].strip() == text[s:e] for s, e in spans[:50])


class SplitterTimesOut(Chunker):
    """Punkt's own failure on a huge text, for one file: the next must still go in."""

    def split(self, document: SourceDocument) -> list[chunking.Chunk]:
        if document.doc_id == "a-huge.txt":
            raise TimeoutError("regular-expression match exceeded its 5.0s time limit\n(and 63 more lines)")
        return super().split(document)


def test_a_file_whose_splitting_fails_fails_alone_with_one_line(tmp_path: Path) -> None:
    huge, small = tmp_path / "a-huge.txt", tmp_path / "b-small.txt"
    huge.write_text(big_text(30_000, newlines=True), encoding="utf-8")
    small.write_text("Harbour bridge reopens\n\nThe bridge reopened on Monday after repairs.\n", encoding="utf-8")
    store = ChunkStore(make_chroma_client(str(tmp_path / "store"), None, 8000), "test")

    report = Ingestor(store, SplitterTimesOut(60, 10), HashingEmbedder()).ingest([huge, small])

    assert report.added == ["b-small.txt"]
    [failed] = report.failed
    assert failed.reason == (
        "could not be ingested (TimeoutError: regular-expression match exceeded its 5.0s time limit)"
    )
    assert "\n" not in report.summary().split("failed: ")[1]


def test_a_multi_megabyte_text_splits_in_the_real_cli_process(tmp_path: Path) -> None:
    """The chunker alone on 3 MB of one-paragraph text, in its own process: it finishes, offsets exact."""
    source = tmp_path / "big.txt"
    source.write_text(big_text(3_000_000, newlines=False), encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; from index.chunking import Chunker; "
        "from index.loaders import load_document; d = load_document(Path(sys.argv[1])); "
        "c = Chunker(220, 40).split(d); "
        "assert all(d.text[x.start:x.end] == x.text for x in c); print(len(c))"
    )
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", code, str(source)], cwd=root, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.strip()) > 1000
