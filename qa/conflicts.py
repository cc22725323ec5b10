"""Spot evidence sentences from different articles that give different values for the asked fact."""

from __future__ import annotations

import re

from qa.answer import Evidence
from qa.text import content_terms

_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_TIME_VALUE = re.compile(
    rf"\b{_WEEKDAY}\b|\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTH}\b|\b\d{{1,2}}[.:]\d{{2}}\b"
    r"|\b\d{1,2}\s*(?:a\.m\.|p\.m\.|am|pm)\b|\bmidnight\b|\bdawn\b|\bearly (?:hours|morning)\b|\blast year\b",
    re.IGNORECASE,
)
_NUMBER_VALUE = re.compile(r"\b\d[\d,.]*\s*(?:%|percent|million|billion|thousand)?", re.IGNORECASE)
_QUOTE_VALUE = re.compile(r"[“\"]([^”\"]{8,})[”\"]")

_ASKS_TIME = re.compile(r"\b(when|what time|what day|which day|what date|how early|how late)\b", re.IGNORECASE)
_ASKS_NUMBER = re.compile(r"\b(how many|how much|how long|what percentage|what share|what number|how big|how large)\b", re.IGNORECASE)
_ASKS_QUOTE = re.compile(r"\b(say|said|quote|quoted|words|wording|declare|declared|call|called|describe)\b", re.IGNORECASE)

RELEVANCE_RATIO = 0.8
MAX_VERSIONS = 3


def asked_value_pattern(question: str) -> re.Pattern[str] | None:
    """The kind of value the question asks for, if it is one sources can disagree on."""
    if _ASKS_TIME.search(question):
        return _TIME_VALUE
    if _ASKS_NUMBER.search(question):
        return _NUMBER_VALUE
    if _ASKS_QUOTE.search(question):
        return _QUOTE_VALUE
    return None


def _values(pattern: re.Pattern[str], text: str) -> frozenset[str]:
    found = pattern.findall(text)
    return frozenset(re.sub(r"\s+", " ", v).strip().lower() for v in found if v.strip())


def find_versions(question: str, evidence: list[Evidence]) -> list[Evidence]:
    """Top sentences, one per distinct value, when articles disagree on the asked value; else []."""
    pattern = asked_value_pattern(question)
    if pattern is None or not evidence:
        return []
    best = evidence[0].score
    question_terms = set(content_terms(question))
    versions: list[tuple[Evidence, frozenset[str]]] = []
    for item in evidence:
        if item.score < best * RELEVANCE_RATIO:
            break
        values = _values(pattern, item.text)
        if not values or not question_terms & set(content_terms(item.text)):
            continue
        if any(item.doc_id == other.doc_id or values <= seen or seen <= values for other, seen in versions):
            continue
        versions.append((item, values))
        if len(versions) == MAX_VERSIONS:
            break
    if len(versions) < 2:
        return []
    return [item for item, _ in versions]
