"""Eval results → ``report.json``, ``report.md`` and ``metrics_by_type.png``, project next to baseline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval.harness import PIPELINES, K

# (key, label, higher is better)
METRICS: list[tuple[str, str, bool]] = [
    ("hit_at_1", "retrieval hit@1", True),
    (f"hit_at_{K}", f"retrieval hit@{K}", True),
    (f"recall_at_{K}", f"retrieval recall@{K}", True),
    ("mrr", "retrieval MRR", True),
    ("fact_accuracy", "fact accuracy", True),
    ("fact_recall", "fact recall", True),
    ("token_f1", "token F1", True),
    ("citation_validity", "citation validity", True),
    ("source_precision", "source precision", True),
    ("source_recall", "source recall", True),
    ("sentence_support", "sentence support", True),
    ("fact_violations_total", "sentences with a number/date/name not in their cited passage (count)", False),
    ("model_written", "share of answers written by the model", True),
    ("abstention_accuracy", "abstention accuracy (answerable=false)", True),
    ("false_abstention_rate", "false abstention rate", False),
    ("false_conflict_rate", "false conflict rate (non-conflict items marked conflicting)", False),
    ("conflict_coverage", "conflict coverage", True),
    ("forbidden_hit", "forbidden-string hit rate", False),
    ("latency_p50_s", "latency p50 (s)", False),
    ("latency_p95_s", "latency p95 (s)", False),
    ("first_sentence_p50_s", "time to first verified sentence p50 (s)", False),
    ("cold_start_s", "cold start (s)", False),
    ("first_answer_s", "first answer after open (s)", False),
    ("errors", "errors", False),
]
CHART = [
    ("fact_accuracy", "fact accuracy"),
    ("citation_validity", "citation validity"),
    ("abstention_accuracy", "abstention accuracy (answerable=false)"),
    ("false_abstention_rate", "false abstention rate (answerable)"),
]


def write_reports(report: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    (out / "report.md").write_text(markdown(report), encoding="utf-8")
    chart(report, out / "metrics_by_type.png")


def _names(report: dict[str, Any]) -> list[str]:
    return [name for name in PIPELINES if name in report["pipelines"]]


def _value(summary: dict[str, Any], key: str) -> float | None:
    return summary.get(key, {}).get("value")


def _cell(summary: dict[str, Any], key: str) -> str:
    """The value, with its 95% Wilson score interval when the metric is a proportion: ``0.695 (0.57–0.80)``."""
    value = _value(summary, key)
    if value is None:
        return "—"
    if key in {"errors", "items"}:
        return str(int(value))
    interval = summary.get(key, {}).get("ci95")
    if interval:
        return f"{value:.3f} ({interval[0]:.2f}–{interval[1]:.2f})"
    return f"{value:.3f}"


def _table(report: dict[str, Any], summaries: dict[str, dict[str, Any]], keep_empty: bool) -> list[str]:
    names = _names(report)
    lines = ["| metric | " + " | ".join(names) + " | n |", "|---|" + "---:|" * len(names) + "---:|"]
    for key, label, higher in METRICS:
        if key not in next(iter(summaries.values()), {}) and not any(key in s for s in summaries.values()):
            continue
        ns = [summaries[name].get(key, {}).get("n", 0) for name in names]
        if not keep_empty and not any(ns):
            continue
        arrow = "↑" if higher else "↓"
        n_cell = "/".join(str(n) for n in ns)
        lines.append(
            f"| {label} {arrow} | " + " | ".join(_cell(summaries[name], key) for name in names) + f" | {n_cell} |"
        )
    return lines


def overall_table(report: dict[str, Any]) -> str:
    """The side-by-side overall table (markdown), as printed by ``qa eval``."""
    summaries = {name: report["pipelines"][name]["overall"] for name in _names(report)}
    return "\n".join(_table(report, summaries, keep_empty=True))


def markdown(report: dict[str, Any]) -> str:
    names = _names(report)
    pipelines = report["pipelines"]
    lines = [
        "# Eval report",
        "",
        f"Item set `{report['gold']}` ({report['items']} items), backend `{report['backend']}`, "
        f"embedder `{report['settings']['embedder']}`, k={report['k']}. "
        "↑ higher is better, ↓ lower is better; n = items the metric applies to (per pipeline). "
        "In brackets: the 95% Wilson score interval on n items (exact in form for per-item 0/1 metrics such as "
        "fact accuracy; for means of per-item fractions such as MRR or token F1, the same formula applied to the "
        "mean). With n this small the intervals are wide: differences inside them are not evidence.",
        "",
    ]
    for name in names:
        lines.append(f"- **{name}**: {pipelines[name]['label']} (indexing {pipelines[name]['index_s']:.2f}s)")
    lines += ["", "## Overall", "", overall_table(report), "", "## By type", ""]
    types = sorted({t for name in names for t in pipelines[name]["by_type"]})
    for item_type in types:
        summaries = {name: pipelines[name]["by_type"].get(item_type, {}) for name in names}
        count = max(int(_value(s, "items") or 0) for s in summaries.values())
        lines += [f"### {item_type} ({count} items)", "", *_table(report, summaries, keep_empty=False), ""]
    tags = sorted({t for name in names for t in pipelines[name].get("by_tag", {})})
    if tags:
        lines += ["## By tag (items of any type marked near_miss, multi_part, not_conflict or value_kind)", ""]
    for tag in tags:
        summaries = {name: pipelines[name].get("by_tag", {}).get(tag, {}) for name in names}
        count = max(int(_value(s, "items") or 0) for s in summaries.values())
        lines += [f"### {tag} ({count} items)", "", *_table(report, summaries, keep_empty=False), ""]
    for name in names:
        failed = [r for r in pipelines[name]["rows"] if r["failures"]]
        heading = f"## Failing items — {name} ({len(failed)} of {len(pipelines[name]['rows'])})"
        body = [_failure(row) for row in failed]
        if name == "project":
            lines += [heading, "", *body]
        else:
            lines += [heading, "", "<details><summary>show</summary>", "", *body, "</details>", ""]
    return "\n".join(lines) + "\n"


def _failure(row: dict[str, Any]) -> str:
    facts = "; ".join(" / ".join(group) for group in row["facts"]) or "(none: should abstain)"
    parts = [
        f"### `{row['id']}` ({', '.join([row['type'], *row.get('tags', [])])}): {', '.join(row['failures'])}",
        "",
        f"- **Question:** {row['question']}",
    ]
    if row.get("query") and row["query"] != row["question"]:
        parts.append(f"- **Query:** {row['query']}")
    parts += [f"- **Expected facts:** {facts}", f"- **Answer:** {row['text'] or '(empty)'}"]
    if row.get("abstain_reason"):
        parts.append(f"- **Abstain reason:** {row['abstain_reason']}")
    if row.get("written_by_reason"):
        parts.append(f"- **Written by the evidence:** {row['written_by_reason']}")
    for dropped in row.get("dropped_sentences") or []:
        if isinstance(dropped, dict):
            parts.append(f"- **Dropped ({dropped['reason']}):** {dropped['text']}")
        else:
            parts.append(f"- **Dropped (unsupported):** {dropped}")
    for c in row["citations"]:
        quote = c["quote"] if len(c["quote"]) <= 200 else c["quote"][:200] + "…"
        parts.append(f"  - [{c['n']}] `{c['doc_id']}` {c['start']}–{c['end']}: {quote}")
    return "\n".join(parts) + "\n"


def chart(report: dict[str, Any], path: Path) -> None:
    """Grouped bars per item type, project next to baseline, one panel per metric."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = _names(report)
    pipelines = report["pipelines"]
    fig, axes = plt.subplots(2, 2, figsize=(14, 8))
    width = 0.8 / max(len(names), 1)
    for ax, (key, title) in zip(axes.flat, CHART, strict=True):
        groups = ["overall"] + sorted(
            {t for n in names for t, s in pipelines[n]["by_type"].items() if _value(s, key) is not None}
        )
        for i, name in enumerate(names):
            values = [
                _value(pipelines[name]["overall"] if g == "overall" else pipelines[name]["by_type"].get(g, {}), key)
                for g in groups
            ]
            xs = [x + (i - (len(names) - 1) / 2) * width for x in range(len(groups))]
            bars = ax.bar(xs, [v or 0.0 for v in values], width, label=name)
            # A measured 0 and "does not apply" look alike as bars; the labels tell them apart.
            ax.bar_label(bars, ["n/a" if v is None else f"{v:.2f}" for v in values], fontsize=6, padding=1)
        ax.set_title(title)
        ax.set_xticks(range(len(groups)), groups, rotation=30, ha="right", fontsize=8)
        ax.set_ylim(0, 1.12)
        ax.legend(fontsize=8)
    fig.suptitle(f"Project vs baseline by item type (backend {report['backend']})")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
