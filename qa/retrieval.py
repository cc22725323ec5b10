"""Hybrid retrieval: dense vectors from Chroma and BM25 keywords, fused by reciprocal rank."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from index.embedders import Embedder
from index.store import ChunkStore, StoredChunk
from qa.text import TermStats

RRF_K = 60


@dataclass(frozen=True)
class RetrievedChunk:
    chunk: StoredChunk
    fused: float
    dense: float | None


class HybridRetriever:
    """Dense + BM25 over the committed chunks of a ``ChunkStore``."""

    def __init__(self, store: ChunkStore, embedder: Embedder, top_k: int) -> None:
        self._store = store
        self._embedder = embedder
        self._top_k = top_k
        self._bm25: object | None = None
        self._by_id: dict[str, StoredChunk] = {}
        self._stats = TermStats([])
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Rebuild the keyword index from the store, then swap it in.

        Called by the writer (the ingest worker) after its commit: questions keep searching the old
        index while the new one is built, and wait only for the swap.
        """
        built = self._build()
        with self._lock:
            self._bm25, self._by_id, self._stats = built

    def term_stats(self) -> TermStats:
        """Term frequencies of the indexed chunks, built together with the keyword index."""
        self._keyword_index()
        return self._stats

    def retrieve(self, query: str, query_vector: np.ndarray | None = None) -> list[RetrievedChunk]:
        depth = self._top_k * 3
        if query_vector is None:
            query_vector = self._embedder.embed_query(query)
        dense_hits = self._store.search(query_vector, depth)
        keyword_ids = self._keyword_search(query, depth)
        scores: dict[str, float] = {}
        dense_scores: dict[str, float] = {}
        for rank, (chunk, similarity) in enumerate(dense_hits):
            self._by_id.setdefault(chunk.chunk_id, chunk)
            dense_scores[chunk.chunk_id] = similarity
            scores[chunk.chunk_id] = scores.get(chunk.chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        for rank, chunk_id in enumerate(keyword_ids):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        ranked = sorted(scores, key=lambda cid: scores[cid], reverse=True)[: self._top_k]
        return [
            RetrievedChunk(self._by_id[cid], scores[cid], dense_scores.get(cid)) for cid in ranked if cid in self._by_id
        ]

    def _keyword_search(self, query: str, depth: int) -> list[str]:
        bm25 = self._keyword_index()
        if bm25 is None:
            return []
        from llama_index.core.schema import QueryBundle

        try:
            hits = bm25.retrieve(QueryBundle(query))  # type: ignore[attr-defined]
        except (ValueError, IndexError, KeyError):
            return []  # a query of stopwords only has no keyword hits
        return [h.node.node_id for h in hits if (h.score or 0.0) > 0][:depth]

    def _keyword_index(self) -> object | None:
        with self._lock:
            if self._bm25 is None:  # built on first use; afterwards only ``refresh`` replaces it
                self._bm25, self._by_id, self._stats = self._build()
            return self._bm25

    def _build(self) -> tuple[object | None, dict[str, StoredChunk], TermStats]:
        from llama_index.core.schema import BaseNode, TextNode
        from llama_index.retrievers.bm25 import BM25Retriever

        chunks = self._store.all_chunks()
        by_id = {c.chunk_id: c for c in chunks}
        stats = TermStats(c.text for c in chunks)
        if not chunks:
            return None, by_id, stats
        nodes: list[BaseNode] = [TextNode(id_=c.chunk_id, text=c.text) for c in chunks]
        return BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=min(len(nodes), self._top_k * 3)), by_id, stats
