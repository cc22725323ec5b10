"""The comparison pipeline: plain llama-index over the same articles, with the project's own models.

``VectorStoreIndex`` with its default ``SentenceSplitter`` (1024 tokens, overlap 200) stored in a Chroma
collection, answered by ``CitationQueryEngine`` with its default retriever (top 2 chunks) and prompts.
Only the models are the project's: its ``Embedder`` (wrapped as a ``BaseEmbedding``) and its ``Generator``
(wrapped as a ``CustomLLM``). Without a generator (backend ``extractive``) the LLM copies the first
sentence of "Source 1" and cites it, so both pipelines run offline.

Nothing here touches llama-index's global ``Settings``: every llm, embed_model, splitter and callback
manager is passed explicitly, so llama-index can never fall back to its OpenAI defaults.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
from llama_index.core.base.llms.types import CompletionResponse, CompletionResponseGen, LLMMetadata
from llama_index.core.base.response.schema import Response
from llama_index.core.callbacks import CallbackManager
from llama_index.core.constants import DEFAULT_CONTEXT_WINDOW, DEFAULT_NUM_OUTPUTS
from llama_index.core.embeddings import BaseEmbedding
from llama_index.core.llms import CustomLLM
from llama_index.core.llms.callbacks import llm_completion_callback
from llama_index.core.node_parser import SentenceSplitter
from llama_index.core.query_engine import CitationQueryEngine
from llama_index.vector_stores.chroma import ChromaVectorStore
from pydantic import PrivateAttr

from index.embedders import Embedder
from index.store import make_chroma_client
from qa.generators import Generator
from qa.grounding import split_claims
from qa.settings import BUNDLED_ARTICLES, Settings
from qa.support import strip_markers
from qa.text import sentence_spans

COLLECTION_SUFFIX = "_llamaindex_baseline"
NO_GENERATOR_MODEL = "first-sentence-of-source-1"
# CitationQueryEngine numbers its sources "Source n:\n<text>\n"; the answer cites them as [n].
_MARKER = re.compile(r"\[(\d+)\]")
_AFTER_MARKERS = re.compile(r"(?<=\])\s+(?=[A-Z“\"‘'(])")
_SOURCE_1 = re.compile(r"(?:^|\n)Source 1:\n(.*?)(?=\n+Source 2:\n|\n------\n|\Z)", re.S)
_EXISTING_ANSWER = re.compile(r"We have provided an existing answer: (.*?)Below are several numbered sources", re.S)
_CANNOT_ANSWER = re.compile(
    r"^\s*empty response\s*$|none of the (?:provided )?sources|cannot answer|can't answer|not (?:provided|mentioned|"
    r"stated) in the (?:provided )?sources|no information",
    re.I,
)


class ProjectEmbedding(BaseEmbedding):
    """The project's ``Embedder`` behind llama-index's embedding interface (same vectors, same model)."""

    _embedder: Any = PrivateAttr()

    def __init__(self, embedder: Embedder) -> None:
        super().__init__(model_name=embedder.name, embed_batch_size=32)
        self._embedder = embedder

    def _get_query_embedding(self, query: str) -> list[float]:
        return [float(x) for x in self._embedder.embed_query(query)]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return [[float(x) for x in row] for row in self._embedder.embed_passages(texts)]


class GeneratorLLM(CustomLLM):
    """The project's ``Generator`` as a llama-index LLM: the same model behind the same endpoint."""

    context_window: int = DEFAULT_CONTEXT_WINDOW
    num_output: int = DEFAULT_NUM_OUTPUTS
    _generator: Any = PrivateAttr()

    def __init__(self, generator: Generator, *, context_window: int, num_output: int) -> None:
        super().__init__(context_window=context_window, num_output=num_output)
        self._generator = generator

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(
            context_window=self.context_window, num_output=self.num_output, model_name=self._generator.model
        )

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        return CompletionResponse(text=self._generator.complete([{"role": "user", "content": prompt}]))

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        def pieces() -> CompletionResponseGen:
            text = ""
            for piece in self._generator.stream([{"role": "user", "content": prompt}]):
                text += piece
                yield CompletionResponse(text=text, delta=piece)

        return pieces()


class FirstSentenceLLM(CustomLLM):
    """No generator: answers with the first sentence of "Source 1" followed by " [1]"."""

    context_window: int = 100_000  # one prompt holds every retrieved source, so no refine round
    num_output: int = DEFAULT_NUM_OUTPUTS

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(
            context_window=self.context_window, num_output=self.num_output, model_name=NO_GENERATOR_MODEL
        )

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        return CompletionResponse(text=first_sentence_answer(prompt))

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        text = first_sentence_answer(prompt)

        def one() -> CompletionResponseGen:
            yield CompletionResponse(text=text, delta=text)

        return one()


def first_sentence_answer(prompt: str) -> str:
    """The no-generator reply to a CitationQueryEngine prompt (a refine prompt keeps its answer)."""
    existing = _EXISTING_ANSWER.search(prompt)
    if existing:
        return existing.group(1).strip()
    # The template's worked example also has a "Source 1"; the real sources follow the first ruler.
    _, _, context = prompt.partition("\n------\n")
    found = _SOURCE_1.search(context)
    if not found:
        return ""
    source = found.group(1)
    spans = sentence_spans(source)
    if not spans:
        return ""
    start, end = spans[0]
    return f"{source[start:end]} [1]"


class BaselinePipeline:
    """Answers gold questions with llama-index's ``CitationQueryEngine``; rows match the project's."""

    name = "baseline"

    def __init__(
        self, engine: CitationQueryEngine, texts: dict[str, str], label: str, generator: Generator | None
    ) -> None:
        self._engine = engine
        self._texts = texts
        self._generator = generator
        self.label = label
        self.backend = generator.backend if generator else "extractive"
        self.model = generator.model if generator else NO_GENERATOR_MODEL

    def answer(self, question: str, history: Sequence[dict[str, str]] | None = None) -> dict[str, Any]:
        """One answer as an eval row. ``history`` is ignored: CitationQueryEngine is single-turn."""
        response = self._engine.query(question)
        assert isinstance(response, Response)
        return response_row(response, question, self._texts)

    def document_text(self, doc_id: str) -> str:
        if doc_id not in self._texts:
            raise LookupError(doc_id)
        return self._texts[doc_id]

    def close(self) -> None:
        if self._generator is not None:
            self._generator.close()


def load_articles(articles_dir: Path = BUNDLED_ARTICLES) -> list[Any]:
    """The bundled articles as llama-index reads them (``file_name`` in metadata is the doc id)."""
    return SimpleDirectoryReader(str(articles_dir)).load_data()


def _vector_store(settings: Settings) -> ChromaVectorStore:
    client = make_chroma_client(str(settings.data_dir), settings.chroma_host, settings.chroma_port)
    collection = client.get_or_create_collection(settings.collection + COLLECTION_SUFFIX, embedding_function=None)
    return ChromaVectorStore(chroma_collection=collection)


def build_index(settings: Settings, embedder: Embedder, articles_dir: Path = BUNDLED_ARTICLES) -> int:
    """Index the articles into the baseline's own Chroma collection; returns the number of chunks."""
    store = _vector_store(settings)
    documents = load_articles(articles_dir)
    splitter = SentenceSplitter()  # llama-index's defaults, on purpose
    VectorStoreIndex.from_documents(
        documents,
        storage_context=StorageContext.from_defaults(vector_store=store),
        embed_model=ProjectEmbedding(embedder),
        transformations=[splitter],
        callback_manager=CallbackManager([]),
    )
    return int(store._collection.count())


def open_baseline(
    settings: Settings,
    embedder: Embedder,
    generator: Generator | None,
    articles_dir: Path = BUNDLED_ARTICLES,
) -> BaselinePipeline:
    """The query side over an index built by ``build_index`` (same store directory)."""
    callbacks = CallbackManager([])
    index = VectorStoreIndex.from_vector_store(
        _vector_store(settings),
        embed_model=ProjectEmbedding(embedder),
        transformations=[SentenceSplitter()],
        callback_manager=callbacks,
    )
    llm: CustomLLM
    if generator is None:
        llm = FirstSentenceLLM()
        label = "llama-index CitationQueryEngine, no generator (copies the first sentence of Source 1)"
    else:
        window = settings.local_context if generator.backend == "local" else DEFAULT_CONTEXT_WINDOW
        llm = GeneratorLLM(generator, context_window=window, num_output=settings.max_tokens)
        label = f"llama-index CitationQueryEngine with the project's generator ({generator.backend}: {generator.model})"
    engine = CitationQueryEngine(retriever=index.as_retriever(), llm=llm, callback_manager=callbacks)
    texts = {d.metadata["file_name"]: d.text for d in load_articles(articles_dir)}
    return BaselinePipeline(engine, texts, label, generator)


def response_row(response: Response, question: str, texts: dict[str, str]) -> dict[str, Any]:
    """A CitationQueryEngine response in the eval's row format (the same fields an ``Answer`` gives).

    llama-index 0.14 sets ``start_char_idx``/``end_char_idx`` of citation nodes to None (the parent's
    offsets would span the whole parent chunk), so each quote is located in its article; a quote that is
    not verbatim in the article keeps ``start``/``end`` None and counts as an invalid citation.
    """
    text = (response.response or "").strip()
    nodes = response.source_nodes
    citations = []
    for n in dict.fromkeys(int(m) for m in _MARKER.findall(text)):
        if not 1 <= n <= len(nodes):
            continue
        node = nodes[n - 1].node
        doc_id = str(node.metadata.get("file_name", ""))
        quote = node.get_content().removeprefix(f"Source {n}:\n").removesuffix("\n")
        start, end = _offsets(
            texts.get(doc_id, ""), quote, getattr(node, "start_char_idx", None), getattr(node, "end_char_idx", None)
        )
        citations.append(
            {
                "n": n,
                "doc_id": doc_id,
                "title": doc_id,
                "quote": quote,
                "start": start,
                "end": end,
                "score": float(nodes[n - 1].score or 0.0),
            }
        )
    return {
        "text": text,
        "citations": citations,
        "sentences": text_sentences(text),
        "abstained": not text or bool(_CANNOT_ANSWER.search(text)),
        "conflicting": False,
        "query": question,
        "retrieved_doc_ids": [str(n.node.metadata.get("file_name", "")) for n in nodes],
    }


def text_sentences(text: str) -> list[dict[str, Any]]:
    """The baseline answers in plain text with ``[n]`` markers: its sentences, each with the numbers it cites.

    ``split_claims``, then also after a marker group that a new sentence follows: Punkt does not end a
    sentence at a closing quote followed by a marker (``…airport…” [2] However, …``).
    """
    pieces = [piece for claim in split_claims(text) for piece in _AFTER_MARKERS.split(claim) if piece.strip()]
    return [
        {"text": strip_markers(piece), "citations": list(dict.fromkeys(int(n) for n in _MARKER.findall(piece)))}
        for piece in pieces
    ]


def _offsets(article: str, quote: str, start: int | None, end: int | None) -> tuple[int | None, int | None]:
    if start is not None and end is not None and article[start:end] == quote:
        return start, end
    found = article.find(quote) if quote else -1
    return (found, found + len(quote)) if found >= 0 else (None, None)
