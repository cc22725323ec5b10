"""Sentence-aware chunks with overlap, each knowing its exact offsets in the document text."""

from __future__ import annotations

from llama_index.core import Document
from llama_index.core.node_parser import SentenceSplitter

from index.documents import Chunk, SourceDocument


class Chunker:
    """Wraps llama-index's ``SentenceSplitter`` and pins every chunk to verbatim offsets."""

    def __init__(self, chunk_size: int, chunk_overlap: int) -> None:
        self._splitter = SentenceSplitter(chunk_size=chunk_size, chunk_overlap=chunk_overlap)

    def split(self, document: SourceDocument) -> list[Chunk]:
        nodes = self._splitter.get_nodes_from_documents([Document(text=document.text, id_=document.doc_id)])
        chunks: list[Chunk] = []
        previous_start, previous_end = -1, 0
        for node in nodes:
            content = node.get_content()
            start = _locate(document.text, content, previous_start, previous_end)
            if start < 0:
                continue
            end = start + len(content)
            chunks.append(Chunk(doc_id=document.doc_id, index=len(chunks), start=start, end=end, text=content))
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
