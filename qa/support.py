"""Does a passage say what a sentence says? One deterministic checker for answers and the eval.

Two layers. The hard facts of a sentence — its numbers, dates, names and negation — must match the
passage exactly: that is where invention hides. The rest may be paraphrased: a sentence passes on
word coverage alone, or, when a similarity of meaning is supplied (embeddings), on a lower coverage
backed by a high similarity.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from qa.text import content_terms, numbers, stem, words

_MARKER = re.compile(r"\s*\[\d+\]")
MIN_COVERAGE = 0.7
# Paraphrase: with meaning similarity at least PARAPHRASE_SIMILARITY (e5, cosine), a coverage of
# PARAPHRASE_COVERAGE suffices. Set on the development sets (eval/gold.jsonl + eval/heldout.jsonl) by
# ``eval.calibrate_support`` (every hard negative seen scored below 0.86): eval/results/support-calibration.md.
PARAPHRASE_SIMILARITY = 0.88
PARAPHRASE_COVERAGE = 0.4

_DATE_WORDS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
_NEGATION = frozenset(["not", "no", "never", "nor", "neither", "none", "nothing", "nobody", "without", "cannot", "n't"])
# How far after a negation the word it negates is looked for.
NEGATION_REACH = 3
# Capitalised words that are not names when they open a clause.
_NAME = re.compile(r"\b[A-Z][\w’'-]*[A-Za-z]")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;“\"(]\s*)$")


@dataclass(frozen=True)
class SupportCheck:
    """The verdict on one sentence against one passage, with the reason when it fails."""

    ok: bool
    reason: str = ""
    coverage: float = 0.0


def strip_markers(sentence: str) -> str:
    return _MARKER.sub("", sentence).strip()


def support_score(sentence: str, passage: str) -> float:
    """Share of the sentence's content terms found in the passage; 0 if a hard fact is missing."""
    claim = strip_markers(sentence)
    if fact_mismatch(claim, passage):
        return 0.0
    return coverage(claim, passage)


def coverage(sentence: str, passage: str) -> float:
    terms = set(content_terms(sentence))
    if not terms:
        return 0.0
    return len(terms & set(content_terms(passage))) / len(terms)


def supports(sentence: str, passage: str) -> bool:
    """True when the passage backs the sentence word for word: hard facts exact, coverage high."""
    return check(sentence, passage).ok


def check(sentence: str, passage: str, similarity: Callable[[], float] | None = None) -> SupportCheck:
    """Hard facts must match; then coverage, or lower coverage with a high meaning ``similarity``.

    ``similarity`` is called only when coverage alone falls short but could pass as a paraphrase.
    """
    claim = strip_markers(sentence)
    if not content_terms(claim):
        return SupportCheck(False, "the sentence states nothing")
    mismatch = fact_mismatch(claim, passage)
    if mismatch:
        return SupportCheck(False, mismatch)
    covered = coverage(claim, passage)
    if covered >= MIN_COVERAGE:
        return SupportCheck(True, coverage=covered)
    shown = ""
    if similarity is not None and covered >= PARAPHRASE_COVERAGE:
        meaning = similarity()
        if meaning >= PARAPHRASE_SIMILARITY:
            return SupportCheck(True, coverage=covered)
        shown = f", meaning similarity {meaning:.2f}"
    return SupportCheck(False, f"the cited passage does not say it (word coverage {covered:.2f}{shown})", covered)


def fact_mismatch(claim: str, passage: str) -> str:
    """Why the claim's numbers, dates, names or negation differ from the passage ('' when they match)."""
    claim = strip_markers(claim)
    missing = sorted(numbers(claim) - numbers(passage))
    if missing:
        return f"number {', '.join(missing)} is not in the cited passage"
    passage_words = set(words(passage))
    dates = sorted({w for w in words(claim) if w in _DATE_WORDS} - passage_words)
    if dates:
        return f"date {', '.join(w.capitalize() for w in dates)} is not in the cited passage"
    # A name inside a hyphenated word counts by itself too: "non-Western" says "Western".
    passage_stems = {_name_stem(part) for w in passage_words for part in (w, *w.split("-"))}
    absent = [n for n in names(claim) if not all(_name_stem(w) in passage_stems for w in words(n))]
    if absent:
        return f"name {', '.join(absent)} is not in the cited passage"
    return _negation_mismatch(claim, passage)


def _name_stem(word: str) -> str:
    return stem(word.removesuffix("'s").strip("'-"))


def names(text: str) -> list[str]:
    """Capitalised words that are not merely opening a sentence or a quote."""
    found = []
    for match in _NAME.finditer(text):
        if _SENTENCE_START.search(text[: match.start()]) and match.group().lower() in _OPENERS:
            continue
        if match.group().lower() in _DATE_WORDS:
            continue  # dates are checked as dates
        found.append(match.group())
    return list(dict.fromkeys(found))


# Words that are capitalised only because they open a sentence; anything else capitalised is a name.
_OPENERS = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "to",
        "of",
        "and",
        "but",
        "or",
        "so",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "this",
        "that",
        "these",
        "those",
        "there",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "as",
        "after",
        "before",
        "when",
        "while",
        "with",
        "without",
        "according",
        "yes",
        "no",
        "not",
        "however",
        "also",
        "both",
        "each",
        "every",
        "some",
        "many",
        "most",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "during",
        "since",
        "until",
        "if",
        "then",
        "than",
        "who",
        "what",
        "where",
        "which",
        "why",
        "how",
        "did",
        "does",
        "do",
        "is",
        "was",
        "are",
        "were",
        "has",
        "have",
        "had",
        "can",
        "will",
        "would",
        "should",
        "could",
        "may",
        "might",
        "must",
        "please",
        "tell",
        "give",
        "name",
        "list",
        "describe",
        "explain",
    ]
)


def _negation_mismatch(claim: str, passage: str) -> str:
    claim_words = words(claim)
    negated_in_claim = _negated(claim_words)
    if any(w in _NEGATION or w.endswith("n't") for w in claim_words):
        passage_words = words(passage)
        if not any(w in _NEGATION or w.endswith("n't") for w in passage_words):
            return "the sentence negates what the cited passage states"
        return ""
    claim_stems = {stem(w) for w in claim_words}
    flipped = sorted(_negated(words(passage)) & claim_stems - negated_in_claim)
    if flipped:
        return "the cited passage negates what the sentence states"
    return ""


def _negated(tokens: list[str]) -> set[str]:
    """Stems of content words within NEGATION_REACH words after a negation."""
    stop = {"a", "an", "the", "be", "been", "is", "was", "were", "are", "to", "have", "has", "had", "do", "did"}
    out: set[str] = set()
    for i, token in enumerate(tokens):
        if token in _NEGATION or token.endswith("n't"):
            out.update(stem(t) for t in tokens[i + 1 : i + 1 + NEGATION_REACH] if t not in stop and t.isalpha())
    return out
