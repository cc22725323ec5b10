"""Meaning similarity of two short texts, from the assistant's own embedder (for paraphrase checks)."""

from __future__ import annotations

import numpy as np

from index.embedders import Embedder

# Texts embedded per answer are few (claims and their cited sentences); the cache only spans one answer.
CACHE_LIMIT = 256


class EmbeddingSimilarity:
    """Cosine similarity of passage embeddings; both sides embedded alike (it is a symmetric question)."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}

    def __call__(self, a: str, b: str) -> float:
        missing = [t for t in dict.fromkeys((a, b)) if t not in self._vectors]
        if missing:
            if len(self._vectors) > CACHE_LIMIT:
                self._vectors.clear()
            for text, vector in zip(missing, self._embedder.embed_passages(missing), strict=True):
                norm = float(np.linalg.norm(vector))
                self._vectors[text] = vector / norm if norm else vector
        return float(np.dot(self._vectors[a], self._vectors[b]))
