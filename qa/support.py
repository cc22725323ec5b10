"""Does a passage say what a sentence says? One deterministic checker for answers and the eval."""

from __future__ import annotations

import re

from qa.text import content_terms, numbers

_MARKER = re.compile(r"\s*\[\d+\]")
MIN_COVERAGE = 0.7


def strip_markers(sentence: str) -> str:
    return _MARKER.sub("", sentence).strip()


def support_score(sentence: str, passage: str) -> float:
    """Share of the sentence's content terms found in the passage; 0 if a number is missing."""
    claim = strip_markers(sentence)
    terms = set(content_terms(claim))
    if not terms:
        return 0.0
    if not numbers(claim) <= numbers(passage):
        return 0.0
    return len(terms & set(content_terms(passage))) / len(terms)


def supports(sentence: str, passage: str) -> bool:
    """True when the passage backs the sentence: its terms and every number it states."""
    return support_score(sentence, passage) >= MIN_COVERAGE
