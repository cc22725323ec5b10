"""The no-generator answer: the best evidence sentences, verbatim, each citing itself."""

from __future__ import annotations

from qa.answer import Evidence
from qa.citations import AnswerSentence
from qa.conflicts import find_versions
from qa.text import content_terms

SECOND_SENTENCE_RATIO = 0.85
NEAR_DUPLICATE = 0.6


def extractive_sentences(
    question: str, evidence: list[Evidence], max_sentences: int
) -> tuple[list[AnswerSentence], bool]:
    """Sentences for the answer and whether they are competing versions of the asked fact."""
    versions = find_versions(question, evidence)
    if versions:
        return [AnswerSentence(text=v.text, sources=(v,)) for v in versions], True
    chosen: list[Evidence] = []
    for item in evidence:
        if len(chosen) == max_sentences:
            break
        if chosen and item.score < chosen[0].score * SECOND_SENTENCE_RATIO:
            break
        if any(_overlap(item.text, c.text) >= NEAR_DUPLICATE for c in chosen):
            continue
        chosen.append(item)
    return [AnswerSentence(text=c.text, sources=(c,)) for c in chosen], False


def _overlap(a: str, b: str) -> float:
    terms_a, terms_b = set(content_terms(a)), set(content_terms(b))
    if not terms_a or not terms_b:
        return 0.0
    return len(terms_a & terms_b) / min(len(terms_a), len(terms_b))
