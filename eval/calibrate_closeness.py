"""Calibrate ``CLOSENESS_FLOOR`` of ``qa.answerability`` on the tuning file (never the test set, nor held-back items).

Every item goes through the project pipeline with no floor; the evidence handed to the answerability judge
and its verdict are kept. The sentences that truly answer are the evidence sentences of answerable items
(conflicts aside: no one sentence holds both versions) that hold every gold fact, alone or with the sentence
before when they lean on it. The floor is the least closeness below which at most ``--share`` of them fall.
Then each item is judged again with that floor, and the items it changes are counted, answerable and
unanswerable apart: those it turns to an abstention, and those whose lead answering sentence it changes.

    PYTHONPATH=$PWD python -m eval.calibrate_closeness [--gold eval/dev.jsonl] [--share 0.005]

The held-back batches (``HELD_BACK``) are skipped, so the dev set gives the tuning file's figures.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.harness import EVAL_DIR, load_gold, open_pipeline
from eval.metrics import fact_accuracy, percentile
from qa import assistant as assistant_module
from qa.answer import Evidence
from qa.answerability import Verdict, judge
from qa.evidence import leans_on_previous
from qa.question import Question
from qa.settings import load_settings
from qa.text import TermStats

# Items whose id starts so are held back from tuning: never measured here.
HELD_BACK = ("s-", "r-", "j-", "h-")
# Share of the truly answering sentences the floor may put below it (the chosen one), and the others shown.
SHARE = 0.005
SHARES = (0.0, 0.005, 0.01, 0.02, 0.03, 0.05)
PERCENTILES = (0.5, 1, 3, 5, 10, 25, 50)


@dataclass
class Judged:
    """One item's call of the judge: what it was given, and its verdict with no floor."""

    question: Question
    evidence: list[Evidence]
    stats: TermStats
    threshold: float
    verdict: Verdict


def holds(facts: Any, item: Evidence) -> bool:
    """The sentence holds every fact, alone or with the sentence before when it leans on it."""
    if fact_accuracy(item.text, facts):
        return True
    return (
        item.before is not None
        and leans_on_previous(item)
        and bool(fact_accuracy(item.before.text + " " + item.text, facts))
    )


def floor_at(values: Sequence[float], share: float) -> float:
    """The least value with at most ``share`` of ``values`` strictly below it."""
    ordered = sorted(values)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)]


def changes(judged: Sequence[tuple[dict[str, Any], Judged, bool]], floor: float) -> dict[tuple[str, bool], int]:
    """Of the items judged answerable with no floor, answerable and unanswerable apart: how many the floor
    turns to an abstention ("abstains"; "right" those whose answer held the gold facts) and how many keep
    an answer led by another sentence ("lead")."""
    counts = {(what, a): 0 for what in ("abstains", "right", "lead") for a in (True, False)}
    for item, call, right in judged:
        if not call.verdict.answerable:
            continue
        after = judge(call.question, call.evidence, call.stats, call.threshold, floor)
        answerable = bool(item["answerable"])
        if not after.answerable:
            counts["abstains", answerable] += 1
            counts["right", answerable] += right
        elif after.answering[:1] != call.verdict.answering[:1]:
            counts["lead", answerable] += 1
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=EVAL_DIR / "dev.jsonl", help="its held-back items are skipped")
    parser.add_argument("--share", type=float, default=SHARE, help="share of true answer sentences below the floor")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if "test" in args.gold.name:
        print("refused: calibrate on the tuning file only", file=sys.stderr)
        return 2
    items = [i for i in load_gold(args.gold) if not i["id"].startswith(HELD_BACK)]
    calls: list[Judged] = []

    def unfloored(
        question: Question, evidence: list[Evidence], stats: TermStats, threshold: float, floor: float = 0.0
    ) -> Verdict:
        verdict = judge(question, evidence, stats, threshold)
        calls.append(Judged(question, evidence, stats, threshold, verdict))
        return verdict

    assistant_module.judge = unfloored  # type: ignore[assignment]
    judged: list[tuple[dict[str, Any], Judged, bool]] = []
    with tempfile.TemporaryDirectory(prefix="qa-closeness-") as store:
        settings = load_settings(data_dir=Path(store), chroma_host=None)
        pipeline = open_pipeline("project", settings).pipeline
        try:
            for item in items:
                calls.clear()
                row = pipeline.answer(item["question"], item.get("history"))
                if calls:
                    right = bool(item["answerable"] and item["facts"] and fact_accuracy(row["text"], item["facts"]))
                    judged.append((item, calls[0], right))
        finally:
            pipeline.close()
    true = [
        e.closeness
        for item, call, _ in judged
        if item["answerable"] and item["facts"] and item["type"] != "conflict"
        for e in call.evidence
        if holds(item["facts"], e)
    ]
    if not any(true):
        print("no true answer sentence with a closeness: the embedder's closeness is not measured", file=sys.stderr)
        return 1
    print(f"items: {len(judged)}; true answer sentences (evidence holding every gold fact): {len(true)}")
    print("closeness of true answer sentences: " + ", ".join(f"p{p} {percentile(true, p):.3f}" for p in PERCENTILES))
    print(f"least: {min(true):.4f}")
    print()
    print(
        "| share below | floor | answerable: abstains (answered right) / lead changed | unanswerable: abstains / lead changed |"
    )
    print("|---:|---:|---:|---:|")
    for share in sorted({*SHARES, args.share}):
        floor = floor_at(true, share)
        counts = changes(judged, floor)
        mark = " (chosen)" if share == args.share else ""
        print(
            f"| {share:.1%}{mark} | {floor:.4f} | {counts['abstains', True]} ({counts['right', True]}) / "
            f"{counts['lead', True]} | {counts['abstains', False]} / {counts['lead', False]} |"
        )
    floor = floor_at(true, args.share)
    print()
    print(
        f"floor at {args.share:.1%}: {floor:.4f} ({sum(c < floor for c in true)} of {len(true)} true answer sentences below)"
    )
    answered = {
        a: sum(call.verdict.answerable and item["answerable"] == a for item, call, _ in judged) for a in (True, False)
    }
    print(f"judged answerable with no floor: {answered[True]} answerable items, {answered[False]} unanswerable")
    for item, call, _ in judged:
        if call.verdict.answerable:
            after = judge(call.question, call.evidence, call.stats, call.threshold, floor)
            if not after.answerable:
                kind = "answerable" if item["answerable"] else "unanswerable"
                print(f"  abstains ({kind}) {item['id']}: {after.reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
