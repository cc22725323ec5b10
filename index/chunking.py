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
        cursor = 0
        for node in nodes:
            content = node.get_content()
            start = node.start_char_idx
            if start is None or document.text[start : start + len(content)] != content:
                # The splitter may normalise whitespace; then find the text ourselves.
                found = document.text.find(content, max(0, cursor - len(content)))
                if found < 0:
                    found = document.text.find(content)
                if found < 0:
                    continue
                start = found
            end = start + len(content)
            chunks.append(Chunk(doc_id=document.doc_id, index=len(chunks), start=start, end=end, text=content))
            cursor = start + 1
        return chunks
