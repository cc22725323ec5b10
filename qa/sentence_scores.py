"""How close in meaning each candidate sentence is to the question: the dense half of the evidence score.

Three scorers, chosen by ``QA_SENTENCE_SCORER`` (comparison in ``eval/results/sentence-scorers.md``):

- ``stored``: the embedder's vector of every sentence, made at ingest and read from the store. Ingest
  embeds about seven sentences per chunk on top of the chunk, which halves its rate.
- ``chunk``: no sentence-level vector; a sentence takes the dense score of the best retrieved chunk
  holding it (the chunk vectors are in the store already). Ingest embeds chunks only.
- ``wordllama``: static word embeddings (WordLlama, MIT, weights in the package) of the question and
  each candidate sentence, computed per question in about a millisecond. Ingest embeds chunks only.
- ``rerank``: ``chunk`` for every candidate, then the embedder's own vectors of the few best sentences by
  the whole evidence score (``RerankingScorer``): read from the store when ingest made them, else embedded
  once and cached. Ingest embeds chunks only; a question embeds at most ``RERANK_DEPTH`` new sentences.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from index.embedders import Embedder

SentenceKey = tuple[str, int, int]
StoredVectors = Callable[[Sequence[SentenceKey]], dict[SentenceKey, np.ndarray]]
ChunkVectors = Callable[[Sequence[str]], dict[str, np.ndarray]]
# Sentence vectors kept between questions, least recently used first out (50k x 384 floats is about 77 MB).
CACHE_LIMIT = 50_000


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved chunk, with the chunks (id, dense score or None) it lies in."""

    doc_id: str
    start: int
    end: int
    text: str
    chunks: tuple[tuple[str, float | None], ...]


class SentenceScorer(Protocol):
    """Dense similarity of the question to each candidate sentence, on the chunk embedder's cosine scale."""

    # Does ingest have to store a vector per sentence for this scorer?
    needs_sentence_vectors: bool

    def scores(self, query_text: str, query_vector: np.ndarray, candidates: Sequence[Candidate]) -> list[float]: ...


class StoredVectorScorer:
    """Cosine of the query vector and each sentence's vector made at ingest (embedded here if missing)."""

    needs_sentence_vectors = True

    def __init__(
        self, embedder: Embedder, stored_vectors: StoredVectors | None = None, cache_limit: int = CACHE_LIMIT
    ) -> None:
        self._embedder = embedder
        self._stored_vectors = stored_vectors
        self._cache_limit = cache_limit
        # Keyed by the sentence's text: a vector stays right when the store changes under it, so a
        # reload after another process's write re-embeds only sentences it has never seen.
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def scores(self, query_text: str, query_vector: np.ndarray, candidates: Sequence[Candidate]) -> list[float]:
        return [float(np.dot(query_vector, v)) for v in self._vectors(candidates)]

    def _vectors(self, candidates: Sequence[Candidate]) -> list[np.ndarray]:
        keys = [c.text for c in candidates]
        with self._lock:
            known = {key: self._cache[key] for key in keys if key in self._cache}
            for key in known:
                self._cache.move_to_end(key)
        missing = [i for i, key in enumerate(keys) if key not in known]
        fresh: dict[str, np.ndarray] = {}
        if missing and self._stored_vectors is not None:
            where = {i: (candidates[i].doc_id, candidates[i].start, candidates[i].end) for i in missing}
            stored = self._stored_vectors(list(where.values()))
            fresh.update({keys[i]: stored[where[i]] for i in missing if where[i] in stored})
            missing = [i for i in missing if keys[i] not in fresh]
        if missing:  # a store written before sentence vectors were stored, or a version not yet seen here
            embedded = self._embedder.embed_passages([keys[i] for i in missing])
            fresh.update({keys[i]: vector for i, vector in zip(missing, embedded, strict=True)})
        if fresh:
            known.update(fresh)
            with self._lock:
                self._cache.update(fresh)
                while len(self._cache) > self._cache_limit:
                    self._cache.popitem(last=False)
        return [known[key] for key in keys]


class ChunkScorer:
    """A sentence scores as the best retrieved chunk that holds it; keyword-only hits read their stored vector."""

    needs_sentence_vectors = False

    def __init__(self, chunk_vectors: ChunkVectors) -> None:
        self._chunk_vectors = chunk_vectors

    def scores(self, query_text: str, query_vector: np.ndarray, candidates: Sequence[Candidate]) -> list[float]:
        unscored = sorted({cid for c in candidates for cid, dense in c.chunks if dense is None})
        read = self._chunk_vectors(unscored) if unscored else {}
        dense = {cid: float(np.dot(query_vector, v)) for cid, v in read.items()}
        result = []
        for c in candidates:
            values = [d if d is not None else dense.get(cid) for cid, d in c.chunks]
            known = [v for v in values if v is not None]
            result.append(max(known) if known else 0.0)
        return result


# WordLlama cosines sit lower than e5's (a question and its answer sentence ~0.5, an unrelated pair
# ~0.0; e5: ~0.85 and ~0.72). Mapped onto e5's range so one abstention threshold serves both:
# e5 = E5_CHANCE + cosine * (1 - E5_CHANCE). 0.72 is e5's score of an unrelated pair (qa/evidence.py).
E5_CHANCE = 0.72


class WordLlamaScorer:
    """Static-embedding cosine of question and sentence, computed per question (no ingest cost)."""

    needs_sentence_vectors = False

    def __init__(self, model: Any | None = None) -> None:
        self._model = model
        self._lock = threading.Lock()

    def _loaded(self) -> Any:
        with self._lock:
            if self._model is None:
                self._model = load_wordllama()
            return self._model

    def scores(self, query_text: str, query_vector: np.ndarray, candidates: Sequence[Candidate]) -> list[float]:
        if not candidates:
            return []
        model = self._loaded()
        vectors = np.asarray(model.embed([query_text, *(c.text for c in candidates)], norm=True), dtype=np.float32)
        cosines = vectors[1:] @ vectors[0]
        return [float(E5_CHANCE + max(0.0, c) * (1 - E5_CHANCE)) for c in cosines]


@functools.lru_cache(maxsize=1)
def load_wordllama() -> Any:
    """The WordLlama model shipped inside its package, loaded once per process: nothing is downloaded.

    The sentence scorer and the answer rules' related-word check (``qa.lexicon``) share it."""
    from pathlib import Path

    import wordllama

    return wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


# Sentences re-scored by the second scorer: the contenders for the answer, few enough that embedding them
# all with e5 (about 45 ms a sentence on 2 busy cores) keeps a question well under a third of a second.
# On dev, the fact-holding sentence was among the best 5 by the first pass in 80% of answerable items
# and among the best 12 in 84% (eval/results/rank-issue8.md).
RERANK_DEPTH = 5


class RerankingScorer:
    """A cheap scorer for every candidate (``first``) and a dearer one (``second``) for the few best of them.

    ``scores`` is the first scorer's; the evidence step calls ``second`` on its ``depth`` best sentences
    by their whole score (meaning and words) and moves them by how much closer each is than the others.
    """

    def __init__(self, first: SentenceScorer, second: SentenceScorer, depth: int = RERANK_DEPTH) -> None:
        self.first = first
        self.second = second
        self.depth = depth
        self.needs_sentence_vectors = first.needs_sentence_vectors

    def scores(self, query_text: str, query_vector: np.ndarray, candidates: Sequence[Candidate]) -> list[float]:
        return self.first.scores(query_text, query_vector, candidates)
