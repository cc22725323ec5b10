"""The keyword index alone at large sizes: ``python -m eval.bench_keywords [--chunks 100000]``.

Embedding 100k chunks on two cores takes hours; the keyword index does not need vectors. This feeds
the synthetic corpus of ``eval.bench`` (chunked by the project's chunker) to ``KeywordIndex`` through
a store stand-in that serves chunk texts from the files, and measures: building the index from nothing,
adding 1% more documents (the update path), opening it again in a fresh process (what the first
question after a restart pays), search latency, and peak RSS of each phase. Chroma itself is not in
these figures (the full bench measures it at the sizes it can ingest).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval import metrics as M
from eval.bench import chars_per_chunk, synthetic_corpus
from eval.harness import DEFAULT_GOLD, load_gold
from index.store import StoredChunk
from qa.keywords import KeywordIndex
from qa.settings import Settings, load_settings


@dataclass(frozen=True)
class _Doc:
    doc_id: str
    content_hash: str


class FileStore:
    """The two ``ChunkStore`` reads the keyword index makes, served from one JSON file of chunks per document."""

    def __init__(self, chunk_dir: Path) -> None:
        self._dir = chunk_dir

    def documents(self) -> list[_Doc]:
        # Sorted names, not paths: comparing 10k Path objects took longer than opening the index.
        return [
            _Doc(name.removesuffix(".json"), "v1") for name in sorted(os.listdir(self._dir)) if name.endswith(".json")
        ]

    def chunks_of_version(self, doc_id: str, content_hash: str) -> list[StoredChunk]:
        return [StoredChunk(*row) for row in json.loads((self._dir / f"{doc_id}.json").read_text())]


def write_chunks(files: list[Path], chunk_dir: Path, settings: Settings) -> int:
    """Cut each file into windows of the project's mean chunk length, once, so the timed phases only index.

    Fixed windows, not the project's chunker: at 100k chunks its token counting takes hours on these
    shared cores, and the keyword index only needs texts of the right size.
    """
    width = int(chars_per_chunk(settings))
    chunk_dir.mkdir(parents=True, exist_ok=True)
    total = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        rows = [
            (f"{path.name}::v1::{i}", path.name, start, min(start + width, len(text)), text[start : start + width])
            for i, start in enumerate(range(0, len(text), width))
        ]
        (chunk_dir / f"{path.name}.json").write_text(json.dumps(rows))
        total += len(rows)
    return total


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _phase(phase: str, work: Path) -> dict[str, Any]:
    index = KeywordIndex(FileStore(work / "chunks"), work / "index")  # type: ignore[arg-type]
    questions = [item["question"] for item in load_gold(DEFAULT_GOLD) if item["answerable"]][:30]
    started = time.perf_counter()
    index.search(questions[0], 24)
    first_s = time.perf_counter() - started
    times = []
    for question in questions:
        started = time.perf_counter()
        index.search(question, 24)
        times.append(time.perf_counter() - started)
    return {
        f"{phase}_first_search_s": round(first_s, 3),
        f"{phase}_search_p50_ms": round(1000 * M.percentile(times, 50), 2),
        f"{phase}_search_p95_ms": round(1000 * M.percentile(times, 95), 2),
        f"{phase}_peak_rss_mb": _peak_mb(),
    }


def _child(phase: str, work: Path) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("r", suffix=".json") as out:
        payload = json.dumps({"phase": phase, "work": str(work), "out": out.name})
        subprocess.run([sys.executable, "-m", "eval.bench_keywords", "--child", payload], check=True)
        return dict(json.loads(Path(out.name).read_text()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench_keywords", description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    settings = load_settings()
    if args.child:
        payload = json.loads(args.child)
        result = _phase(payload["phase"], Path(payload["work"]))
        Path(payload["out"]).write_text(json.dumps(result))
        return 0
    with tempfile.TemporaryDirectory(prefix="qa-bench-keywords-") as tmp:
        work = Path(tmp)
        files = synthetic_corpus(args.chunks, work / "corpus", settings)
        extra = synthetic_corpus(max(args.chunks // 100, 10), work / "extra", settings, seed=99)
        extra = [p.rename(p.with_name("extra_" + p.name)) for p in extra]
        chunks = write_chunks(files, work / "chunks", settings)
        result: dict[str, Any] = {"chunks": chunks, "documents": len(files)}
        result.update(_child("build", work))  # builds from nothing
        result["added_chunks"] = write_chunks(extra, work / "chunks", settings)
        result.update(_child("update", work))  # one new segment for the new 1%
        result.update(_child("restart", work))  # opens what is on disk
        result["index_mb_on_disk"] = round(sum(p.stat().st_size for p in (work / "index").rglob("*")) / 2**20, 1)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
