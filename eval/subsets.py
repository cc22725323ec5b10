"""Figures of a finished run on subsets of its items, chosen by id prefix.

A development set grows by batches written at different times (``y-…`` items were written after the rules
they are scored by); comparing a batch with the rest shows whether a rule carries to questions nobody tuned
it on. ``python -m eval.subsets eval/out/dev/report.json --prefix y-`` prints the main answer metrics for the
items whose id starts with the prefix, for the others, and for all, from the run's stored rows (nothing is
re-run). ``--ids FILE`` chooses the subset by the ids of another gold file instead (an earlier version of the
set, ``git show REV:eval/test.jsonl > old.jsonl``), to set the items added since apart.
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


def split(
    rows: Sequence[dict[str, Any]], prefix: str = "", ids: frozenset[str] | None = None, name: str = ""
) -> dict[str, dict[str, Any]]:
    """Overall summaries of the rows in the subset (id starting with ``prefix``, or id in ``ids``), of the
    other rows, and of all."""

    def chosen(row: dict[str, Any]) -> bool:
        return row["id"] in ids if ids is not None else row["id"].startswith(prefix)

    parts = {
        name or prefix: [r for r in rows if chosen(r)],
        "others": [r for r in rows if not chosen(r)],
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
    chooser = parser.add_mutually_exclusive_group(required=True)
    chooser.add_argument("--prefix", help="id prefix of the subset, e.g. y-")
    chooser.add_argument("--ids", type=Path, help="a gold file (JSON lines) whose item ids form the subset")
    parser.add_argument("--pipeline", default="project", help="pipeline of the report (default: project)")
    args = parser.parse_args(argv)
    report = json.loads(args.report.read_text(encoding="utf-8"))
    rows = report["pipelines"][args.pipeline]["rows"]
    if args.ids is not None:
        lines = args.ids.read_text(encoding="utf-8").splitlines()
        ids = frozenset(json.loads(line)["id"] for line in lines if line.strip())
        print(table(split(rows, ids=ids, name=args.ids.name)))
    else:
        print(table(split(rows, args.prefix)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
