"""Hybrid retrieval: dense vectors from Chroma and BM25 keywords, fused by reciprocal rank."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.embedders import Embedder
from index.store import ChunkStore, StoredChunk
from qa.keywords import KeywordIndex
from qa.text import Casing, TermStats

RRF_K = 60
# Chunks taken from the articles without a retrieved chunk, when another article's version of an asked fact
# is looked for: a version is one sentence, and a fact's sentence is in an article's best chunk or two.
OTHER_CHUNKS = 4
# Articles without a retrieved chunk searched at most when the retrieved chunks come from several articles:
# a small collection (the bundled five articles) costs one cheap filtered query; in a large one (the 100k
# chunk bench) the retrieved chunks already stand for the articles that speak of the question.
MAX_OTHER_DOCUMENTS = 8


@dataclass(frozen=True)
class RetrievedChunk:
    chunk: StoredChunk
    fused: float
    dense: float | None


class HybridRetriever:
    """Dense + BM25 over the committed chunks of a ``ChunkStore``; chunk texts stay in Chroma."""

    def __init__(self, store: ChunkStore, embedder: Embedder, top_k: int, keywords: KeywordIndex) -> None:
        self._store = store
        self._embedder = embedder
        self._top_k = top_k
        self._keywords = keywords

    def refresh(self) -> None:
        """The store changed (here or in another process): the keyword index catches up before the next search."""
        self._keywords.refresh()

    def update(self) -> None:
        """This process changed the store: bring the keyword index up to date now, not at the next question."""
        self._keywords.refresh()
        self._keywords.term_stats()

    def term_stats(self) -> TermStats:
        """Term frequencies of the indexed chunks, kept with the keyword index."""
        return self._keywords.term_stats()

    def casing(self) -> Casing:
        """How the indexed chunks write each word, kept with the keyword index."""
        return self._keywords.casing()

    def retrieve(self, query: str, query_vector: np.ndarray | None = None) -> list[RetrievedChunk]:
        depth = self._top_k * 3
        if query_vector is None:
            query_vector = self._embedder.embed_query(query)
        dense_hits = self._store.search(query_vector, depth)
        keyword_ids = self._keywords.search(query, depth)
        by_id: dict[str, StoredChunk] = {}
        scores: dict[str, float] = {}
        dense_scores: dict[str, float] = {}
        for rank, (chunk, similarity) in enumerate(dense_hits):
            by_id[chunk.chunk_id] = chunk
            dense_scores[chunk.chunk_id] = similarity
            scores[chunk.chunk_id] = scores.get(chunk.chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        for rank, chunk_id in enumerate(keyword_ids):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        ranked = sorted(scores, key=lambda cid: scores[cid], reverse=True)[: self._top_k]
        # Texts of keyword-only hits come from Chroma: the process holds no chunk texts between questions.
        for chunk in self._store.chunks_by_id([cid for cid in ranked if cid not in by_id]):
            by_id[chunk.chunk_id] = chunk
        return [RetrievedChunk(by_id[cid], scores[cid], dense_scores.get(cid)) for cid in ranked if cid in by_id]

    def from_other_documents(self, query_vector: np.ndarray, chunks: list[RetrievedChunk]) -> list[RetrievedChunk]:
        """The best chunks of the articles without a retrieved chunk: one filtered dense search, or none.

        Searched when the retrieved chunks come from one article (whatever the collection's size) or when
        few articles are left out (at most ``MAX_OTHER_DOCUMENTS``)."""
        covered = {c.chunk.doc_id for c in chunks}
        left_out = [d for d in self._store.current_hashes() if d not in covered]
        if not left_out or (len(covered) > 1 and len(left_out) > MAX_OTHER_DOCUMENTS):
            return []
        hits = self._store.search(query_vector, OTHER_CHUNKS, excluded=sorted(covered))
        return [RetrievedChunk(chunk, 0.0, similarity) for chunk, similarity in hits]
