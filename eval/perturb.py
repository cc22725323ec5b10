"""Development items asked in another style: the same items, answers and sources, other wording around them.

A rule tuned on the development set may hold only for the way its items are written. Restyled copies show
whether it holds when the same things are asked the way other people write (``eval/results/style-issue8.md``):

- ``lower``: the question (and the user's turns of a follow-up) in lower case, as typed in a chat;
- ``chatter``: a greeting, apology or remark before the question and thanks or a hedge after it, drawn from a
  list (``eval/styles/chatter-*.json``: ``a`` was written with the rules, ``b`` and ``c`` by others, after);
- ``abbreviated``: country names as abbreviations ("North Korea" -> "NK", "Russia" -> "RU").

Rewritten items (``eval/styles/dev-terse.jsonl``, ``dev-student.jsonl``) were restyled by hand, one by one.
Injection items are left as they are: their wrapper is their point. Run:

    python -m eval.perturb --style chatter --chatter eval/styles/chatter-b.json --gold FILE --out OUT.jsonl
    python -m eval --pipeline project --gold OUT.jsonl --out /tmp/styled
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eval.harness import load_gold

# Share of items given a lead, and a tail, in the chatter style (not every user greets or thanks).
LEAD_SHARE = 0.8
TAIL_SHARE = 0.6
# Share of chattered questions whose first letter is put in lower case after the lead.
LOWERED_SHARE = 0.5
ABBREVIATIONS = (
    (r"\bDemocratic People's Republic of Korea\b", "DPRK"),
    (r"\bNorth Korean?\b", "NK"),
    (r"\bRussia\b", "RU"),
    (r"\bthe United States\b", "the US"),
)


def restyle(item: dict[str, Any], style: str, rng: random.Random, chatter: dict[str, list[str]]) -> dict[str, Any]:
    if item["type"] == "injection":
        return item
    question = item["question"]
    if style == "lower":
        history = [
            {**t, "content": t["content"].lower()} if t["role"] == "user" else t for t in item.get("history", [])
        ]
        return {**item, "question": question.lower(), **({"history": history} if history else {})}
    if style == "abbreviated":
        for pattern, short in ABBREVIATIONS:
            question = re.sub(pattern, short, question)
        return {**item, "question": question}
    if style == "chatter":
        if rng.random() < LOWERED_SHARE:
            question = question[:1].lower() + question[1:]
        lead = rng.choice(chatter["leads"]) if rng.random() < LEAD_SHARE else ""
        tail = rng.choice(chatter["tails"]) if rng.random() < TAIL_SHARE else ""
        return {**item, "question": lead + question + tail}
    raise ValueError(f"unknown style {style!r}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--style", choices=("lower", "chatter", "abbreviated"), required=True)
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--chatter", type=Path, default=Path("eval/styles/chatter-b.json"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if "test" in args.gold.name:
        print("refused: restyle development items only", file=sys.stderr)
        return 2
    chatter = json.loads(args.chatter.read_text()) if args.style == "chatter" else {}
    rng = random.Random(args.seed)
    items = [restyle(item, args.style, rng, chatter) for item in load_gold(args.gold)]
    args.out.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), encoding="utf-8")
    print(f"wrote {len(items)} items to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
