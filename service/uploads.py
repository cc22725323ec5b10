"""Files that arrive over the network: safe names, a size cap, and a private folder while they are read.

Only the bytes a client sent are ever ingested through the API: no request can name a path on the
server. The sender's name is kept for display (it becomes the document's id when free), but it is
reduced to a plain file name first, so ``../../x.txt`` is ``x.txt`` inside a temporary folder.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from starlette.exceptions import HTTPException

from index.ingest import Upload

# Longer names are cut (suffix kept): file systems allow 255 bytes and ids are shown in tables.
MAX_NAME_CHARS = 120
# Files per request: enough for a folder of articles, small enough to bound one request's work.
MAX_FILES = 50
_COPY_CHUNK = 1024 * 1024


def safe_name(raw: str | None) -> str:
    """The last component of ``raw`` as a plain, printable file name (never empty, never hidden)."""
    name = unicodedata.normalize("NFC", (raw or "").replace("\\", "/")).rsplit("/", 1)[-1]
    name = re.sub(r"\s+", " ", "".join(ch for ch in name if ch.isprintable())).strip().lstrip(".").strip()
    if len(name) > MAX_NAME_CHARS:
        stem, dot, suffix = name.rpartition(".")
        keep = f".{suffix}" if dot and stem and len(suffix) <= 10 else ""
        name = name[: MAX_NAME_CHARS - len(keep)].rstrip() + keep
    return name or "upload"


@contextmanager
def saved_uploads(files: list[tuple[str | None, BinaryIO]], max_bytes: int) -> Iterator[list[Upload]]:
    """Each (name, stream) copied into its own temporary folder; all removed when the block ends."""
    if not files:
        raise HTTPException(400, "Send one or more files in the multipart field `files`.")
    if len(files) > MAX_FILES:
        raise HTTPException(413, f"Too many files: at most {MAX_FILES} per request.")
    root = Path(tempfile.mkdtemp(prefix="qa-upload-"))
    try:
        uploads = []
        for i, (raw_name, stream) in enumerate(files):
            name = safe_name(raw_name)
            folder = root / str(i)  # one folder per file: two uploads of the same name cannot meet
            folder.mkdir()
            path = folder / name
            _copy_capped(stream, path, max_bytes, name)
            uploads.append(Upload(path=path, name=name))
        yield uploads
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _copy_capped(stream: BinaryIO, path: Path, max_bytes: int, name: str) -> None:
    written = 0
    with path.open("xb") as out:
        while chunk := stream.read(_COPY_CHUNK):
            written += len(chunk)
            if written > max_bytes:
                raise HTTPException(413, f"{name} is larger than {max_bytes / (1024 * 1024):g} MB (QA_MAX_FILE_MB).")
            out.write(chunk)
