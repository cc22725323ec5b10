"""Is the answer in the articles? Decided from the evidence, before any generation."""

from __future__ import annotations

import re

from qa.answer import Evidence
from qa.text import TermStats, stem

_NAME = re.compile(r"(?<![.?!]\s)(?<!^)\b[A-Z][a-z]{2,}\b")


def unknown_names(question: str, stats: TermStats) -> list[str]:
    """Capitalised words of the question (not its first word) that no indexed chunk contains."""
    return [w for w in _NAME.findall(question.strip()) if not stats.known(stem(w.lower()))]


def is_answerable(question: str, evidence: list[Evidence], stats: TermStats, threshold: float) -> bool:
    if not evidence or evidence[0].score < threshold:
        return False
    return not unknown_names(question, stats)
