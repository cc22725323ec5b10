"""Articles in, stored chunks out: loading, chunking, embedding and the Chroma store."""

from index.documents import Chunk, SourceDocument
from index.embedders import Embedder
from index.ingest import Ingestor, IngestReport
from index.store import ChunkStore, StoredDocument

__all__ = [
    "Chunk",
    "ChunkStore",
    "Embedder",
    "IngestReport",
    "Ingestor",
    "SourceDocument",
    "StoredDocument",
]
