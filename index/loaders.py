"""Read .txt, .md, .html and .pdf files into ``SourceDocument``s, refusing what isn't text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from index.documents import SourceDocument

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".pdf"})
# Default largest file (settings: QA_MAX_FILE_MB). Ingest time grows with the text, and is bound by the
# embedder: about 2 chunks/s with e5 (1 MB of text is about 1,300 chunks, 11 minutes) and 20 chunks/s
# with MiniLM on 2 cores. 5 MB covers any news article or report while an upload stays under an hour.
MAX_FILE_BYTES = 5 * 1024 * 1024


class UnreadableFile(Exception):
    """This file cannot be turned into a document; the message says why."""


class LinkOutsideFolder(UnreadableFile):
    """A symlink inside an ingested folder that points outside it."""


def discover(paths: Iterable[str | Path], *, follow_symlinks: bool = False) -> Iterator[Path | LinkOutsideFolder]:
    """Files named directly, and supported files found under named folders, in a stable order.

    A symlink inside a folder that leads out of it is not followed unless ``follow_symlinks``: it comes
    out as a ``LinkOutsideFolder`` naming the link, so that a folder can't smuggle in files from elsewhere.
    """
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            yield path
            continue
        root = path.resolve()
        for found in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES):
            if follow_symlinks or found.resolve().is_relative_to(root):
                yield found
            else:
                yield LinkOutsideFolder(str(found))


def load_document(path: Path, max_bytes: int = MAX_FILE_BYTES) -> SourceDocument:
    """Read one file; raises ``UnreadableFile`` with a one-line reason."""
    suffix = path.suffix.lower()
    if not path.exists() and not path.is_symlink():  # a dangling link is reported by the read below
        raise UnreadableFile("no such file or folder")
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableFile(f"unsupported file type {suffix or '(none)'}; use .txt, .md, .html or .pdf")
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise UnreadableFile(f"cannot read: {e.strerror or e}") from e
    if len(raw) > max_bytes:
        raise UnreadableFile(
            f"{len(raw) / (1024 * 1024):.1f} MB is over the {max_bytes / (1024 * 1024):g} MB limit (QA_MAX_FILE_MB)"
        )
    if suffix == ".pdf":
        text, title = _pdf_text(raw)
    else:
        if b"\x00" in raw:
            raise UnreadableFile("binary content, not text")
        try:
            decoded = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise UnreadableFile(f"not UTF-8 text (byte {e.start})") from e
        if suffix in {".html", ".htm"}:
            text, title = _html_text(decoded)
        else:
            text, title = decoded, None
    if not text.strip():
        raise UnreadableFile("no text in file")
    return SourceDocument(
        doc_id=path.name, title=title or _title_from_text(text, path), text=text, source_path=str(path)
    )


def _title_from_text(text: str, path: Path) -> str:
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first_line = first_line.lstrip("# ").strip()
    if 0 < len(first_line) <= 120:
        return first_line
    if first_line:  # an article that opens with its first paragraph: its first words stand for a title
        return " ".join(first_line.split()[:10]) + " …"
    return path.stem


def _html_text(html: str) -> tuple[str, str | None]:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    metadata = trafilatura.extract_metadata(html)
    return text or "", (metadata.title if metadata is not None else None)


def _pdf_text(raw: bytes) -> tuple[str, str | None]:
    import io

    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except Exception as e:  # a damaged PDF makes pypdf raise almost anything (TypeError, RuntimeError, ...)
        raise UnreadableFile(f"not a readable PDF: {e}") from e
    return "\n\n".join(p.strip() for p in pages if p.strip()), title
