"""Set the paraphrase thresholds of ``qa.support`` on the development sets (never the test set).

Pairs: each answerable item's reference answer (a human paraphrase) against the evidence sentences the
assistant finds for it. A sentence holding one of the item's fact forms is a positive (the paraphrase
is backed by it); a top-ranked sentence holding none is a hard negative (related, but not saying it).
For pairs whose hard facts match and whose word coverage falls in the paraphrase band, the meaning
similarity that keeps most positives while letting through at most ``MAX_FALSE_ACCEPT`` of the
negatives is reported.

    PYTHONPATH=$PWD python -m eval.calibrate_support --out eval/results/support-calibration.md
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

from eval import metrics as M
from eval.harness import EVAL_DIR
from qa.assistant import Assistant
from qa.settings import Settings
from qa.similarity import EmbeddingSimilarity
from qa.support import MIN_COVERAGE, coverage, fact_mismatch

DEV_SETS = (EVAL_DIR / "gold.jsonl", EVAL_DIR / "heldout.jsonl")
MAX_FALSE_ACCEPT = 0.05
COVERAGE_FLOORS = (0.3, 0.4, 0.5)


def pairs(assistant: Assistant, items: list[dict[str, Any]]) -> list[tuple[str, str, bool]]:
    out = []
    for item in items:
        if not item["answerable"] or item.get("history") or not item["facts"]:
            continue
        reference = item["reference_answer"]
        answer = assistant.ask(item["question"])
        for evidence in answer.evidence[:6]:
            positive = M.fact_accuracy(evidence.text, item["facts"]) == 1.0
            if positive or not M.fact_recall(evidence.text, item["facts"]):
                out.append((reference, evidence.text, positive))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=EVAL_DIR / "results" / "support-calibration.md")
    parser.add_argument("--limit", type=int, help="only the first N items of each development set")
    args = parser.parse_args()
    items = [
        json.loads(line)
        for path in DEV_SETS
        for line in [ln for ln in path.read_text().splitlines() if ln.strip()][: args.limit]
    ]
    with tempfile.TemporaryDirectory() as store:
        assistant = Assistant.from_settings(Settings(data_dir=Path(store), backend="extractive"))
        similarity = EmbeddingSimilarity(assistant._embedder)  # noqa: SLF001 - the assistant's own embedder
        scored = []
        for reference, sentence, positive in pairs(assistant, items):
            if fact_mismatch(reference, sentence):
                continue
            scored.append((coverage(reference, sentence), similarity(reference, sentence), positive))
        assistant.close()
    lines = [
        "# Paraphrase thresholds (development sets: gold + heldout)",
        "",
        f"{len(scored)} reference/evidence pairs whose hard facts match; "
        f"{sum(p for *_, p in scored)} positives (the sentence holds the item's fact).",
        "",
        "| coverage floor | similarity threshold | positives accepted | negatives accepted | pairs in band |",
        "|---:|---:|---:|---:|---:|",
    ]
    for floor in COVERAGE_FLOORS:
        band = [(s, p) for c, s, p in scored if floor <= c < MIN_COVERAGE]
        negatives = sorted((s for s, p in band if not p), reverse=True)
        positives = [s for s, p in band if p]
        allowed = int(MAX_FALSE_ACCEPT * len(negatives))
        threshold = (negatives[allowed] + 1e-4) if len(negatives) > allowed else 0.0
        accepted = sum(s >= threshold for s in positives)
        false = sum(s >= threshold for s in negatives)
        lines.append(
            f"| {floor:.2f} | {threshold:.3f} | {accepted}/{len(positives)} | {false}/{len(negatives)} | {len(band)} |"
        )
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
