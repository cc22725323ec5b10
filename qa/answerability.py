"""Is the answer in the articles? Decided from the evidence before any text is written.

Three checks, each cheap and explainable: the best evidence must score above a threshold; a
question that asks for a kind of value (a number, a date, a name) needs evidence holding one; and a
name the question relies on must occur somewhere in the indexed articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.answer import Evidence
from qa.asked import asked_kind, holds
from qa.text import TermStats, stem

_NAME = re.compile(r"(?<![.?!]\s)(?<!^)\b[A-Z][a-z]{2,}\b")
_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|rules|prompt|articles|above)\b"
    r"|\b(system prompt|prompt template|developer mode|jailbreak|you are now|act as|pretend|new instruction|reply only with)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Verdict:
    answerable: bool
    reason: str


def unknown_names(question: str, stats: TermStats) -> list[str]:
    """Capitalised words of the question (not its first word) that no indexed chunk contains."""
    return [w for w in _NAME.findall(question.strip()) if not stats.known(stem(w.lower()))]


def judge(question: str, evidence: list[Evidence], stats: TermStats, threshold: float, window: float = 0.85) -> Verdict:
    if _INSTRUCTION.search(question):
        return Verdict(False, "the question carries instructions; they are not followed")
    if not evidence or evidence[0].score < threshold:
        return Verdict(False, "no passage is close enough to the question")
    missing = unknown_names(question, stats)
    if missing:
        return Verdict(False, f"the articles never mention {', '.join(missing)}")
    top = [e for e in evidence if e.score >= evidence[0].score * window][:3]
    if not holds(asked_kind(question), " ".join(e.text for e in top), question):
        return Verdict(False, "the closest passages do not contain the kind of value asked for")
    return Verdict(True, "")
