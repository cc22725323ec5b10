"""Figures of a finished run on subsets of its items, chosen by id prefix.

A development set grows by batches written at different times (``y-…`` items were written after the rules
they are scored by); comparing a batch with the rest shows whether a rule carries to questions nobody tuned
it on. ``python -m eval.subsets eval/out/dev/report.json --prefix y-`` prints the main answer metrics for the
items whose id starts with the prefix, for the others, and for all, from the run's stored rows (nothing is
re-run).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eval.harness import summarise

# The metrics an answer-rule change moves; the report holds the rest.
SHOWN = (
    ("fact_accuracy", "fact accuracy ↑"),
    ("abstention_accuracy", "abstention accuracy ↑"),
    ("false_abstention_rate", "false abstention rate ↓"),
    ("conflict_coverage", "conflict coverage ↑"),
    ("false_conflict_rate", "false conflict rate ↓"),
    ("citation_validity", "citation validity ↑"),
)


def split(rows: Sequence[dict[str, Any]], prefix: str) -> dict[str, dict[str, Any]]:
    """Overall summaries of the rows whose id starts with ``prefix``, of the other rows, and of all."""
    parts = {
        prefix: [r for r in rows if r["id"].startswith(prefix)],
        "others": [r for r in rows if not r["id"].startswith(prefix)],
        "all": list(rows),
    }
    return {name: summarise(members)[0] if members else {} for name, members in parts.items()}


def table(summaries: dict[str, dict[str, Any]]) -> str:
    """A markdown table: one row a metric, one column a subset, each cell ``value (n)``."""
    names = list(summaries)
    lines = ["| metric | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for key, label in SHOWN:
        cells = []
        for name in names:
            entry = summaries[name].get(key) or {}
            value = entry.get("value")
            cells.append("—" if value is None else f"{value:.3f} ({entry.get('n', 0)})")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.subsets", description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path, help="report.json written by python -m eval")
    parser.add_argument("--prefix", required=True, help="id prefix of the subset, e.g. y-")
    parser.add_argument("--pipeline", default="project", help="pipeline of the report (default: project)")
    args = parser.parse_args(argv)
    report = json.loads(args.report.read_text(encoding="utf-8"))
    rows = report["pipelines"][args.pipeline]["rows"]
    print(table(split(rows, args.prefix)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
