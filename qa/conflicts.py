"""Spot evidence sentences from different articles that give different values for the asked fact."""

from __future__ import annotations

from qa.answer import Evidence
from qa.asked import asked_kind, comparable, values
from qa.text import content_terms

RELEVANCE_RATIO = 0.8
MAX_VERSIONS = 3


def find_versions(question: str, evidence: list[Evidence]) -> list[Evidence]:
    """Top sentences, one per distinct value, when articles disagree on the asked value; else []."""
    kind = asked_kind(question)
    if not comparable(kind, question) or not evidence:
        return []
    best = evidence[0].score
    question_terms = set(content_terms(question))
    versions: list[tuple[Evidence, frozenset[str]]] = []
    for item in evidence:
        if item.score < best * RELEVANCE_RATIO:
            break
        found = values(kind, item.text, question)
        if not found or not question_terms & set(content_terms(item.text)):
            continue
        if any(item.doc_id == other.doc_id or found <= seen or seen <= found for other, seen in versions):
            continue
        versions.append((item, found))
        if len(versions) == MAX_VERSIONS:
            break
    if len(versions) < 2:
        return []
    return [item for item, _ in versions]
