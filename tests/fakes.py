"""Fakes that implement the real interfaces: a deterministic embedder and a scripted LLM."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Cut:
    """A reply whose stream breaks off after ``text``: the connection drops and the client raises."""

    text: str


class ScriptedGenerator:
    """Replies from a queue, streamed word by word; records every request it was sent.

    Real failure modes on demand: ``fail`` (every call fails to connect), ``fail_on_calls`` (those
    calls, counted from 1, fail: an endpoint that errors on the second call), ``Cut`` replies (the
    stream breaks mid-reply), and ``word_delay_s`` (a slow stream). Like a server, it ends a reply at
    the first ``stop`` string (not sent) and after ``max_tokens`` pieces (a word is a token here);
    ``limits`` records what each request asked for, and ``pieces_sent`` how many pieces went out in all.
    """

    backend = "scripted"
    model = "scripted-model"

    def __init__(
        self,
        replies: Sequence[str | Cut] = (),
        fail: bool = False,
        fail_on_calls: Sequence[int] = (),
        word_delay_s: float = 0.0,
    ) -> None:
        self.replies = list(replies)
        self.requests: list[list[Message]] = []
        self.fail = fail
        self.fail_on_calls = set(fail_on_calls)
        self.word_delay_s = word_delay_s
        self.closed = False
        self.words_left = 0  # of the reply being streamed
        self.limits: list[tuple[tuple[str, ...], int | None]] = []
        self.pieces_sent = 0

    def enqueue(self, reply: str | Cut) -> None:
        self.replies.append(reply)

    def stream(
        self,
        messages: list[Message],
        deadline: float | None = None,
        *,
        stop: Sequence[str] = (),
        max_tokens: int | None = None,
    ) -> Iterator[str]:
        self.requests.append(messages)
        self.limits.append((tuple(stop), max_tokens))
        if self.fail or len(self.requests) in self.fail_on_calls:
            raise GeneratorUnavailable("the language model at http://127.0.0.1:9/v1 failed: cannot connect")
        if not self.replies:
            raise AssertionError("ScriptedGenerator ran out of replies")
        reply = self.replies.pop(0)
        text = reply.text if isinstance(reply, Cut) else reply
        stops = [text.find(s) for s in stop if s in text]
        stopped = bool(stops)
        if stops:
            text = text[: min(stops)]
        pieces = text.split(" ")
        if max_tokens is not None and len(pieces) > max_tokens:
            pieces, stopped = pieces[:max_tokens], True
        for i, word in enumerate(pieces):
            if self.word_delay_s:
                time.sleep(self.word_delay_s)
            self.words_left = len(pieces) - i - 1
            self.pieces_sent += 1
            yield word if i == 0 else " " + word
        if isinstance(reply, Cut) and not stopped:
            raise GeneratorUnavailable("the language model at http://127.0.0.1:9/v1 failed: connection reset")

    def complete(self, messages: list[Message], deadline: float | None = None) -> str:
        return "".join(self.stream(messages, deadline))

    def ping(self, timeout: float) -> None:
        if self.fail:
            raise GeneratorUnavailable("the language model at http://127.0.0.1:9/v1 failed: cannot connect")

    def close(self) -> None:
        self.closed = True
