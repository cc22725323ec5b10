"""Where the sentence holding an item's facts ranks, stage by stage (an offline measuring aid, dev only).

For every answerable item with facts (conflicts aside), the first evidence sentence that holds every fact
(the sentence alone, or with the sentence before it when it leans on it) is looked for among: the sentences
of the whole article set, the candidate sentences of the retrieved chunks, the evidence handed on, the best
three, the best one, and the answer shown. Run:

    PYTHONPATH=$PWD python -m eval.evidence_ranks --gold eval/dev.jsonl [--show N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eval.harness import load_gold, open_pipeline
from eval.metrics import fact_accuracy
from qa.answer import Evidence
from qa.evidence import EvidenceSelector, choose
from qa.settings import load_settings
from qa.text import sentence_spans

# Items whose id starts so are held back from tuning (the latest batches): not measured here.
HELD_BACK = ("s-", "r-", "j-", "h-")
STAGES = ("articles", "candidates", "evidence", "top3", "top1", "answer")


def _holds(facts: Any, item: Evidence) -> bool:
    if fact_accuracy(item.text, facts):
        return True
    return item.before is not None and bool(fact_accuracy(item.before.text + " " + item.text, facts))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold", type=Path, default=Path("eval/dev.jsonl"))
    parser.add_argument("--show", type=int, default=0, help="print this many items lost between stages")
    parser.add_argument(
        "--missed", action="store_true", help="print the items whose fact is in the evidence but not in the answer"
    )
    parser.add_argument("--detail", action="store_true", help="with --show: the rank and text of the fact sentence")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if "test" in args.gold.name:
        print("refused: tune on dev only", file=sys.stderr)
        return 2
    items = [
        i
        for i in load_gold(args.gold)
        if i["answerable"] and i["facts"] and i["type"] != "conflict" and not i["id"].startswith(HELD_BACK)
    ]
    seen: dict[str, Any] = {}
    original = EvidenceSelector.rank

    def rank(self: EvidenceSelector, question: Any, query_vector: Any, chunks: Any, stats: Any) -> Any:
        ranked = original(self, question, query_vector, chunks, stats)
        if "all" not in seen:  # the first ranking of a question is its evidence's; a later one looks for versions
            seen["all"] = ranked
            seen["evidence"] = choose(question, ranked, stats, settings.evidence_sentences * 2)
        return ranked

    EvidenceSelector.rank = rank  # type: ignore[method-assign]
    counts = dict.fromkeys(STAGES, 0)
    lost: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="qa-ranks-") as store:
        settings = load_settings(data_dir=Path(store), chroma_host=None)
        opened = open_pipeline("project", settings)
        pipeline = opened.pipeline
        try:
            for item in items:
                seen.clear()
                row = pipeline.answer(item["question"], item.get("history"))
                facts = item["facts"]
                docs = {s for s in item["sources"]}
                in_articles = any(
                    fact_accuracy(pipeline.document_text(d)[s:e], facts)
                    for d in docs
                    for s, e in sentence_spans(pipeline.document_text(d))
                )
                everything = seen.get("all", [])
                evidence = seen.get("evidence", [])
                marks = {
                    "articles": in_articles,
                    "candidates": any(_holds(facts, e) for e in everything),
                    "evidence": any(_holds(facts, e) for e in evidence),
                    "top3": any(_holds(facts, e) for e in evidence[:3]),
                    "top1": bool(evidence) and _holds(facts, evidence[0]),
                    "answer": bool(fact_accuracy(row["text"], facts)),
                }
                for stage, mark in marks.items():
                    counts[stage] += int(mark)
                if args.missed and marks["evidence"] and not marks["answer"]:
                    rank = next(i for i, e in enumerate(evidence) if _holds(facts, e))
                    print(f"MISSED {item['id']} {item['question']}")
                    print(
                        f"   fact sentence: evidence rank {rank} score {evidence[rank].score:.3f}: {evidence[rank].text}"
                    )
                    print(f"   answer: {row['text']}")
                    print(f"   evidence: {[round(e.score, 3) for e in evidence]}")
                for before, after in zip(STAGES, STAGES[1:], strict=False):
                    if marks[before] and not marks[after]:
                        lost.append((f"{before}->{after}", item["id"], item["question"]))
                        if args.detail:
                            rank = next((i for i, e in enumerate(everything) if _holds(facts, e)), None)
                            holder = everything[rank] if rank is not None else None
                            top = everything[0] if everything else None
                            lost.append(
                                (
                                    f"   rank {rank} score {holder.score if holder else '-'}",
                                    holder.text[:160] if holder else "-",
                                    f"| top {top.score if top else '-'}: {top.text[:120] if top else '-'}",
                                )
                            )
                        break
        finally:
            pipeline.close()
    n = len(items)
    print(f"items: {n}")
    print("| stage | holds every fact |\n|---|---:|")
    for stage in STAGES:
        print(f"| {stage} | {counts[stage] / n:.3f} ({counts[stage]}) |")
    for where, item_id, question in lost[: args.show]:
        print(where, item_id, question)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
