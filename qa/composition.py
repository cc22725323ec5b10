"""The composition root: settings in, a ready ``Assistant`` out. Nothing else wires parts together."""

from __future__ import annotations

from index.chunking import Chunker
from index.embedders import Embedder, make_embedder
from index.ingest import Ingestor
from index.store import ChunkStore, make_chroma_client
from qa.assistant import Assistant
from qa.generators import Generator, LocalGenerator, OpenAIChatGenerator, make_openai_client
from qa.retrieval import HybridRetriever
from qa.settings import BUNDLED_ARTICLES, Settings


def build_generator(settings: Settings) -> Generator | None:
    if settings.backend == "extractive":
        return None
    if settings.backend == "local":
        return LocalGenerator(settings)
    return OpenAIChatGenerator(make_openai_client(settings), settings.model, settings.max_tokens)


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
        embedder = embedder or make_embedder(settings.embedder)
        # The e5 engine runs one call at a time behind a lock: sharing it, a question waited for a whole
        # upload's embedding (215 s for 317 KB). Ingest gets its own instance (83 MB); MiniLM's ONNX
        # session runs concurrent calls, so it is shared rather than loaded twice (270 MB).
        separate = not handed_in and settings.embedder == "e5"
        ingest_embedder = make_embedder(settings.embedder) if separate else embedder
        ingestor = Ingestor(
            store,
            Chunker(settings.chunk_size, settings.chunk_overlap),
            ingest_embedder,
            max_file_bytes=int(settings.max_file_mb * 1024 * 1024),
        )
        if settings.auto_ingest_bundled and not store.documents():
            ingestor.ingest([BUNDLED_ARTICLES])
        retriever = HybridRetriever(store, embedder, settings.top_k)
    except BaseException:
        if own_generator and generator is not None:
            generator.close()  # don't leave an embedded model server running
        raise
    return Assistant(
        settings=settings, store=store, ingestor=ingestor, retriever=retriever, embedder=embedder, generator=generator
    )
