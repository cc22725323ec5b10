"""The composition root: settings in, a ready ``Assistant`` out. Nothing else wires parts together."""

from __future__ import annotations

from pathlib import Path

from index.chunking import Chunker
from index.embedders import Embedder, OpenAIEmbedder, make_embedder
from index.ingest import Ingestor
from index.store import ChunkStore, make_chroma_client
from qa.assistant import Assistant
from qa.errors import SettingsError
from qa.generators import LOCAL_PLACEHOLDER_KEY, Generator, LocalGenerator, OpenAIChatGenerator, make_openai_client
from qa.keywords import KeywordIndex
from qa.retrieval import HybridRetriever
from qa.sentence_scores import ChunkScorer, RerankingScorer, SentenceScorer, StoredVectorScorer, WordLlamaScorer
from qa.settings import BUNDLED_ARTICLES, Settings
from qa.text import sentence_spans


def build_generator(settings: Settings) -> Generator | None:
    if settings.backend == "extractive":
        return None
    if settings.backend == "local":
        return LocalGenerator(settings)
    return OpenAIChatGenerator(make_openai_client(settings), settings.model, settings.max_tokens)


def keyword_index_dir(settings: Settings) -> Path:
    """Where this process keeps the keyword index: beside an embedded store, or in its own data dir for a server.

    For a Chroma server the index is a local cache of the server's documents, named after server and
    collection; it is synced against the server (new documents indexed, removed ones masked) when first
    used and after every refresh, so it is built in full only once per data dir.
    """
    if settings.chroma_host:
        return (
            settings.data_dir / "keyword-index" / f"{settings.chroma_host}_{settings.chroma_port}_{settings.collection}"
        )
    return settings.data_dir / "keyword-index" / settings.collection


def build_embedder(settings: Settings) -> Embedder:
    if settings.embedder != "openai":
        return make_embedder(settings.embedder)
    if not settings.embeddings_base_url or not settings.embeddings_model:
        raise SettingsError("QA_EMBEDDER=openai needs QA_EMBEDDINGS_BASE_URL and QA_EMBEDDINGS_MODEL")
    from openai import OpenAI

    client = OpenAI(
        base_url=settings.embeddings_base_url,
        api_key=settings.embeddings_api_key or settings.openai_api_key or LOCAL_PLACEHOLDER_KEY,
        timeout=settings.request_timeout,
        max_retries=settings.max_retries,
    )
    return OpenAIEmbedder(
        client,
        settings.embeddings_model,
        batch_size=settings.embeddings_batch_size,
        concurrency=settings.embeddings_concurrency,
        input_type=settings.embeddings_input_type,
        query_prefix=settings.embeddings_query_prefix,
        passage_prefix=settings.embeddings_passage_prefix,
    )


def build_scorer(settings: Settings, store: ChunkStore, embedder: Embedder) -> SentenceScorer:
    """The evidence step's meaning score of a sentence (see qa/sentence_scores.py)."""
    if settings.sentence_scorer == "stored":
        return StoredVectorScorer(embedder, store.sentence_vectors)
    if settings.sentence_scorer == "wordllama":
        try:
            import wordllama  # noqa: F401
        except ImportError as e:
            raise SettingsError(
                "QA_SENTENCE_SCORER=wordllama needs the wordllama package: pip install wordllama"
            ) from e
        return WordLlamaScorer()
    if settings.sentence_scorer == "rerank":
        return RerankingScorer(ChunkScorer(store.chunk_vectors), StoredVectorScorer(embedder, store.sentence_vectors))
    return ChunkScorer(store.chunk_vectors)


def build_assistant(
    settings: Settings, *, embedder: Embedder | None = None, generator: Generator | None = None
) -> Assistant:
    """Wire every part from settings; tests may hand in their own embedder or generator."""
    # The generator first: a missing key or model file is reported before any slow indexing.
    own_generator = generator is None
    generator = build_generator(settings) if generator is None else generator
    try:
        client = make_chroma_client(str(settings.data_dir), settings.chroma_host, settings.chroma_port)
        store = ChunkStore(client, settings.collection)
        handed_in = embedder is not None
        embedder = embedder or build_embedder(settings)
        where = f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else str(settings.data_dir)
        store.claim_embedder(embedder.name, f"{where} (collection {settings.collection!r})")
        # The e5 engine runs one call at a time behind a lock: sharing it, a question waited for a whole
        # upload's embedding (215 s for 317 KB). Ingest gets its own instance (83 MB); MiniLM's ONNX
        # session and an endpoint take concurrent calls, so they are shared rather than loaded twice.
        separate = not handed_in and settings.embedder == "e5"
        ingest_embedder = build_embedder(settings) if separate else embedder
        scorer = build_scorer(settings, store, embedder)
        ingestor = Ingestor(
            store,
            Chunker(settings.chunk_size, settings.chunk_overlap),
            ingest_embedder,
            # Sentence vectors cost about half the ingest rate: stored only for the scorer that reads them.
            sentences=sentence_spans if scorer.needs_sentence_vectors else None,
            max_file_bytes=int(settings.max_file_mb * 1024 * 1024),
        )
        if settings.auto_ingest_bundled and not store.documents():
            ingestor.ingest([BUNDLED_ARTICLES])
        retriever = HybridRetriever(store, embedder, settings.top_k, KeywordIndex(store, keyword_index_dir(settings)))
    except BaseException:
        if own_generator and generator is not None:
            generator.close()  # don't leave an embedded model server running
        raise
    return Assistant(
        settings=settings,
        store=store,
        ingestor=ingestor,
        retriever=retriever,
        embedder=embedder,
        generator=generator,
        scorer=scorer,
    )
