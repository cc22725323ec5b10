"""Partial word match: a question term a sentence does not hold may be near in meaning to one it does.

Static word vectors (WordLlama, the model ``qa.lexicon`` uses, loaded once per process) of content terms,
embedded in batches and kept between questions. ``nearest`` gives, for each question term, the best cosine
to any term of a sentence; ``qa.evidence`` turns cosines above a bar into part of a covered term.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from qa.sentence_scores import load_wordllama

# Term vectors kept between questions (a term is a stem; 100k x 256 floats is about 100 MB at most,
# the articles' own vocabulary is a few thousand).
TERM_CACHE_LIMIT = 100_000


class TermVectors:
    """Unit vectors of terms, embedded in one batch per call for the terms not seen before."""

    def __init__(self, model: Callable[[], Any] = load_wordllama, limit: int = TERM_CACHE_LIMIT) -> None:
        self._model = model
        self._limit = limit
        self._vectors: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def matrix(self, terms: Sequence[str]) -> np.ndarray:
        """One row per term, in order (unit length; a zero row for a term the model has no vector for)."""
        with self._lock:
            missing = [t for t in dict.fromkeys(terms) if t not in self._vectors]
        if missing:
            raw = np.asarray(self._model().embed(missing), dtype=np.float32)
            norms = np.linalg.norm(raw, axis=1, keepdims=True)
            unit = np.divide(raw, norms, out=np.zeros_like(raw), where=norms > 0)
            with self._lock:
                if len(self._vectors) + len(missing) > self._limit:
                    self._vectors.clear()
                self._vectors.update(zip(missing, unit, strict=True))
        with self._lock:
            return np.stack([self._vectors[t] for t in terms]) if terms else np.zeros((0, 1), dtype=np.float32)

    def nearest(self, asked: Sequence[str], sentences: Iterable[set[str]]) -> list[dict[str, float]]:
        """For each sentence, each asked term's best cosine to a term of that sentence (1.0 when it holds it)."""
        groups = [sorted(s) for s in sentences]
        vocabulary = sorted({t for g in groups for t in g})
        if not asked or not vocabulary:
            return [dict.fromkeys(asked, 0.0) for _ in groups]
        where = {t: i for i, t in enumerate(vocabulary)}
        cosines = self.matrix(list(asked)) @ self.matrix(vocabulary).T  # asked x vocabulary
        result = []
        for group in groups:
            if not group:
                result.append(dict.fromkeys(asked, 0.0))
                continue
            best = cosines[:, [where[t] for t in group]].max(axis=1)
            result.append({t: 1.0 if t in group else float(b) for t, b in zip(asked, best, strict=True)})
        return result
