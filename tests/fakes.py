"""Fakes that implement the real interfaces: a deterministic embedder and a scripted LLM."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

import numpy as np

from qa.errors import GeneratorUnavailable
from qa.text import content_terms

Message = dict[str, str]


class HashingEmbedder:
    """Bag of stemmed content words hashed into 256 dimensions: similar words, similar vectors."""

    name = "hashing-test-embedder"
    dim = 256

    def __init__(self) -> None:
        self.calls = 0

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        return np.vstack([self._one(t) for t in texts]) if texts else np.zeros((0, self.dim), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._one(text)

    def _one(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for term in content_terms(text):
            vector[int(hashlib.md5(term.encode()).hexdigest(), 16) % self.dim] += 1.0
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector


class ScriptedGenerator:
    """Replies from a queue, streamed word by word; records every request it was sent."""

    backend = "scripted"
    model = "scripted-model"

    def __init__(self, replies: Sequence[str] = (), fail: bool = False) -> None:
        self.replies = list(replies)
        self.requests: list[list[Message]] = []
        self.fail = fail
        self.closed = False

    def enqueue(self, reply: str) -> None:
        self.replies.append(reply)

    def stream(self, messages: list[Message], deadline: float | None = None) -> Iterator[str]:
        self.requests.append(messages)
        if self.fail:
            raise GeneratorUnavailable("the language model at http://127.0.0.1:9/v1 failed: cannot connect")
        if not self.replies:
            raise AssertionError("ScriptedGenerator ran out of replies")
        reply = self.replies.pop(0)
        for i, word in enumerate(reply.split(" ")):
            yield word if i == 0 else " " + word

    def complete(self, messages: list[Message], deadline: float | None = None) -> str:
        return "".join(self.stream(messages, deadline))

    def ping(self, timeout: float) -> None:
        if self.fail:
            raise GeneratorUnavailable("the language model at http://127.0.0.1:9/v1 failed: cannot connect")

    def close(self) -> None:
        self.closed = True
