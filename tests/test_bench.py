"""The benchmark: a deterministic synthetic corpus of the requested size, and a run at size 5."""

from __future__ import annotations

import json
from pathlib import Path

from eval.bench import run_bench, synthetic_corpus
from index.chunking import Chunker
from index.loaders import load_document
from tests.fakes import HashingEmbedder


def _chunks(paths: list[Path], chunker: Chunker) -> int:
    return sum(len(chunker.split(load_document(p))) for p in paths)


def test_synthetic_corpus_is_deterministic_and_about_the_requested_size(settings_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = settings_factory()
    first = synthetic_corpus(150, tmp_path / "a", settings, seed=7)
    again = synthetic_corpus(150, tmp_path / "b", settings, seed=7)
    other = synthetic_corpus(150, tmp_path / "c", settings, seed=8)

    assert [p.read_text(encoding="utf-8") for p in first] == [p.read_text(encoding="utf-8") for p in again]
    assert [p.read_text(encoding="utf-8") for p in first] != [p.read_text(encoding="utf-8") for p in other]
    chunks = _chunks(first, Chunker(settings.chunk_size, settings.chunk_overlap))
    assert 0.75 * 150 <= chunks <= 1.25 * 150
    text = first[0].read_text(encoding="utf-8")
    assert "Putin" not in text and "Pyongyang" not in text  # names are substituted


def test_bench_at_size_5_writes_json_and_table(settings_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "bench-out"
    run_bench(
        [5], out, settings=settings_factory(), isolate=False, embedder_factory=lambda s: HashingEmbedder(), questions=3
    )

    result = json.loads((out / "bench.json").read_text(encoding="utf-8"))
    [size] = result["sizes"]
    assert {"size", "documents", "chunks", "ingest_chunks_per_s", "embedder_chunks_per_s", "retrieve", "ask",
            "cold_start_s", "ingest_peak_rss_mb", "query_peak_rss_mb"} <= set(size)  # fmt: skip
    assert size["size"] == 5 and size["documents"] == 5 and size["chunks"] > 5
    assert size["embed_sample"] == size["chunks"]  # all 31-ish chunks fit in the sample
    assert size["ingest_chunks_per_s"] > 0 and size["embedder_chunks_per_s"] > 0
    assert size["retrieve"]["n"] == 3 and 0 < size["retrieve"]["p50_ms"] <= size["retrieve"]["p95_ms"]
    assert set(size["ask"]) == {"extractive"} and size["ask"]["extractive"]["n"] == 3
    assert size["query_peak_rss_mb"] > 10
    md = (out / "bench.md").read_text(encoding="utf-8")
    assert "| 5 (articles) | 5 |" in md and "ask extractive p50/p95 ms (answered)" in md
    assert 0.0 <= size["retrieve"]["hit_at_1"] <= 1.0 and 0.0 <= size["ask"]["extractive"]["answered"] <= 1.0


def test_synthetic_sizes_keep_the_real_articles_among_the_distractors(settings_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "bench-out"
    run_bench(
        [100],
        out,
        settings=settings_factory(),
        isolate=False,
        embedder_factory=lambda s: HashingEmbedder(),
        questions=5,
    )

    [size] = json.loads((out / "bench.json").read_text(encoding="utf-8"))["sizes"]
    assert size["corpus"] == "bundled articles + synthetic"
    assert size["documents"] == 5 + 10  # the articles and ten 10-chunk synthetic reports
    # The gold questions are about the real articles, which are still there to be found and answered.
    assert size["retrieve"]["hit_at_1"] > 0.5
    assert size["ask"]["extractive"]["answered"] > 0.5


def test_server_figures_are_medians_of_what_llama_cpp_reports() -> None:
    from eval.bench import server_figures

    calls = [
        {"prompt_n": 100, "cache_n": 200, "prompt_per_second": 50.0, "prompt_ms": 2000.0, "predicted_n": 20,
         "predicted_per_second": 10.0, "first_piece_s": 2.5, "per_ask": 1},
        {"prompt_n": 300, "cache_n": 0, "prompt_per_second": 100.0, "prompt_ms": 3000.0, "predicted_n": 40,
         "predicted_per_second": 20.0, "first_piece_s": 3.5, "per_ask": 2},
        {"prompt_n": 200, "cache_n": 200, "prompt_per_second": 80.0, "prompt_ms": 2500.0, "predicted_n": 30,
         "predicted_per_second": 15.0, "first_piece_s": 3.0, "per_ask": 2},
    ]  # fmt: skip
    figures = server_figures(calls)
    assert figures["calls"] == 3
    assert figures["prompt_tokens_p50"] == 300.0  # 300, 300, 400
    assert figures["cached_prompt_tokens_p50"] == 200.0
    assert figures["prefill_tokens_per_s_p50"] == 80.0
    assert figures["generated_tokens_p50"] == 30.0
    assert figures["first_piece_ms_p50"] == 3000.0
