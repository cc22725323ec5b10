"""Loading files into documents: text as-is, HTML main text, PDF text, and clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.loaders import LinkOutsideFolder, UnreadableFile, discover, load_document

FIXTURES = Path(__file__).parent / "fixtures"


def test_txt_is_read_as_is(tmp_path: Path) -> None:
    contents = "Headline of the story\r\n\r\nFirst paragraph with “curly quotes” – and a dash.\n  Indented line.\n"
    path = tmp_path / "story.txt"
    path.write_bytes(contents.encode("utf-8"))

    document = load_document(path)

    assert document.text == contents
    assert document.doc_id == "story.txt"
    assert document.title == "Headline of the story"
    assert document.source_path == str(path)


def test_markdown_is_read_as_is_and_titled_by_its_heading(tmp_path: Path) -> None:
    contents = "# Council approves budget\n\nThe council approved the **budget** on Tuesday.\n"
    path = tmp_path / "budget.md"
    path.write_text(contents, encoding="utf-8")

    document = load_document(path)

    assert document.text == contents
    assert document.title == "Council approves budget"


def test_long_first_line_gives_a_shortened_title(tmp_path: Path) -> None:
    path = tmp_path / "long-line.txt"
    path.write_text("word " * 60, encoding="utf-8")

    assert load_document(path).title == " ".join(["word"] * 10) + " …"


def test_html_keeps_article_text_and_drops_navigation() -> None:
    document = load_document(FIXTURES / "article.html")

    assert document.title == "Harbour Bridge Reopens After Two-Year Repair"
    assert "replaced all 312 steel cables" in document.text
    assert "about 40,000 residents" in document.text
    assert "Subscribe to our newsletter" not in document.text
    assert "World News Section" not in document.text
    assert "<p>" not in document.text


def test_pdf_text_and_title_are_extracted(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "report.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setTitle("Grain Exports Report")
    pdf.drawString(72, 760, "Grain exports rose by 12 percent in May.")
    pdf.showPage()
    pdf.drawString(72, 760, "Ports on the Black Sea handled most shipments.")
    pdf.save()

    document = load_document(path)

    assert document.title == "Grain Exports Report"
    assert "Grain exports rose by 12 percent in May." in document.text
    assert "Ports on the Black Sea handled most shipments." in document.text
    assert document.text.index("Grain exports") < document.text.index("Ports on the Black Sea")


def test_pdf_that_is_not_a_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"this is plain text pretending to be a PDF")

    with pytest.raises(UnreadableFile, match="not a readable PDF"):
        load_document(path)


@pytest.mark.parametrize(
    "name", ["corrupt-type-error.pdf", "corrupt-unsupported-filter.pdf", "corrupt-self-reference.pdf"]
)
def test_damaged_pdf_is_refused_not_crashed_on(name: str) -> None:
    # Truncated or bit-flipped PDFs on which pypdf raised TypeError, NotImplementedError, LimitReachedError.
    with pytest.raises(UnreadableFile, match="not a readable PDF"):
        load_document(FIXTURES / name)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "no text in file"),
        ("blank.md", b"  \n\t\n", "no text in file"),
        ("binary.txt", b"GIF89a\x00\x01\x02\x00\xff", "binary content"),
        ("latin1.txt", "Caf\u00e9 au lait".encode("latin-1"), "not UTF-8 text"),
        ("page.docx", b"PK\x03\x04", "unsupported file type .docx"),
        ("README", b"plain words", "unsupported file type (none)"),
        ("empty-article.html", b"<html><head><title>x</title></head><body></body></html>", "no text in file"),
    ],
)
def test_bad_files_are_refused_with_a_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(UnreadableFile) as caught:
        load_document(path)

    message = str(caught.value)
    assert reason in message
    assert "\n" not in message


def test_undecodable_byte_position_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\u00e9".encode("latin-1"))

    with pytest.raises(UnreadableFile, match=r"byte 3"):
        load_document(path)


def test_directory_named_like_a_text_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.mkdir()

    with pytest.raises(UnreadableFile, match="cannot read: Is a directory"):
        load_document(path)


def test_broken_symlink_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    path.symlink_to(tmp_path / "does-not-exist.txt")

    with pytest.raises(UnreadableFile, match="cannot read: No such file"):
        load_document(path)


def test_folder_discovery_is_sorted_recursive_and_skips_unsupported(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    (folder / "b-sub").mkdir(parents=True)
    for name in ["c.txt", "a.md", "b-sub/z.html", "b-sub/a.pdf", "notes.docx", "image.png", "Upper.TXT"]:
        (folder / name).write_text("text", encoding="utf-8")
    (folder / "dir.txt").mkdir()
    (folder / "dangling.txt").symlink_to(folder / "missing.txt")
    loose = tmp_path / "loose.docx"
    loose.write_text("text", encoding="utf-8")

    found = [p.relative_to(tmp_path).as_posix() for p in discover([folder, loose])]

    assert found == [
        "news/Upper.TXT",
        "news/a.md",
        "news/b-sub/a.pdf",
        "news/b-sub/z.html",
        "news/c.txt",
        # A file named directly is passed on even if unsupported, so ingest can report why it failed.
        "loose.docx",
    ]


def test_discovery_is_the_same_on_every_run(tmp_path: Path) -> None:
    for name in ["3.txt", "1.txt", "2.txt"]:
        (tmp_path / name).write_text(name, encoding="utf-8")

    assert list(discover([tmp_path])) == list(discover([str(tmp_path)])) == sorted(tmp_path.glob("*.txt"))


def test_symlinks_leading_out_of_a_folder_are_reported_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret", encoding="utf-8")
    folder = tmp_path / "folder"
    (folder / "sub").mkdir(parents=True)
    (folder / "real.txt").write_text("real", encoding="utf-8")
    (folder / "escape.txt").symlink_to(outside / "secret.txt")
    (folder / "sub" / "inside.txt").symlink_to(folder / "real.txt")

    found = list(discover([folder]))
    refused = [f for f in found if isinstance(f, LinkOutsideFolder)]
    followed = [f.relative_to(folder).as_posix() for f in found if isinstance(f, Path)]

    assert [Path(str(r)).name for r in refused] == ["escape.txt"]
    assert followed == ["real.txt", "sub/inside.txt"]  # a link that stays inside the folder is fine
    everything = [f.relative_to(folder).as_posix() for f in discover([folder], follow_symlinks=True)]
    assert everything == ["escape.txt", "real.txt", "sub/inside.txt"]
