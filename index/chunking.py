"""Sentence-aware chunks with overlap, each knowing its exact offsets in the document text."""

from __future__ import annotations

import re

from llama_index.core import Document
from llama_index.core.node_parser import SentenceSplitter

from index.documents import Chunk, SourceDocument

# Longest piece of text handed to the sentence splitter at once. NLTK's Punkt runs its regular
# expressions under a 5 s time limit per match, and one pass over a 19 MB text exceeded it; 20,000
# characters (a long article) splits in milliseconds, so big texts are cut into sections first.
SECTION_CHARS = 20_000
# Where a section may end, best first: a blank line, a line break, a sentence end, any space.
_BREAKS = (re.compile(r"\n[ \t]*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"'”’)\]]*\s"), re.compile(r"\s"))


def sections(text: str, start: int = 0, end: int | None = None, limit: int = SECTION_CHARS) -> list[tuple[int, int]]:
    """``text[start:end]`` cut into consecutive (start, end) spans of at most ``limit`` characters.

    Cuts fall on the last paragraph break inside the limit, else the last line break, sentence end or
    space, and only as a last resort inside a word. The spans cover the text exactly, so offsets within
    a section plus its start are offsets into ``text``.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    while end - start > limit:
        cut = start + limit
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(text, start + limit // 2, cut)]
            if ends:
                cut = ends[-1]
                break
        spans.append((start, cut))
        start = cut
    if end > start:
        spans.append((start, end))
    return spans


class Chunker:
    """Wraps llama-index's ``SentenceSplitter`` and pins every chunk to verbatim offsets."""

    def __init__(self, chunk_size: int, chunk_overlap: int) -> None:
        self._splitter = SentenceSplitter(chunk_size=chunk_size, chunk_overlap=chunk_overlap)

    def split(self, document: SourceDocument) -> list[Chunk]:
        chunks: list[Chunk] = []
        # A long text is split section by section (offsets shifted back); chunks never cross a section.
        for section_start, section_end in sections(document.text):
            section = document.text[section_start:section_end]
            nodes = self._splitter.get_nodes_from_documents([Document(text=section, id_=document.doc_id)])
            previous_start, previous_end = -1, 0
            for node in nodes:
                content = node.get_content()
                start = _locate(section, content, previous_start, previous_end)
                if start < 0:
                    continue
                end = start + len(content)
                chunks.append(
                    Chunk(
                        doc_id=document.doc_id,
                        index=len(chunks),
                        start=section_start + start,
                        end=section_start + end,
                        text=content,
                    )
                )
                previous_start, previous_end = start, end
        return chunks


def _locate(text: str, content: str, previous_start: int, previous_end: int) -> int:
    """Where a chunk starts in ``text``, or -1 if the splitter changed its text.

    Chunks come in order, so look after the previous one. Repeated text has several candidates; the
    splitter's own offset is the first, which can leave later text in no chunk, so take the last one
    that leaves nothing but whitespace between it and the previous chunk.
    """
    best = text.find(content, previous_start + 1)
    if best < 0:
        return text.find(content)
    candidate = text.find(content, best + 1)
    while candidate >= 0 and not text[previous_end:candidate].strip():
        best = candidate
        candidate = text.find(content, candidate + 1)
    return best
