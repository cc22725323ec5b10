"""What kind of value a question asks for, and whether (and which) such values a text holds."""

from __future__ import annotations

import re
from typing import Literal

from qa.text import stem, words

Kind = Literal["time", "number", "name", "quote", "place"]

_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|decades?"
)
_START = r"^\W*(?:(?:and|so|but|then)\s+)?(?:(?:on|in|at|by|since|for|until)\s+)?"

_ASKS: list[tuple[Kind, re.Pattern[str]]] = [
    (
        "time",
        re.compile(_START + r"(when|what time|what date|which date|what day|which day|what year|which years?)\b", re.I),
    ),
    (
        "number",
        re.compile(
            r"\b(how many|how much|how long|how old|how far|how quickly|how fast|what percentage|"
            r"what share|what (?:was|is) the (?:value|size|number|population)|worth)\b",
            re.I,
        ),
    ),
    (
        "quote",
        re.compile(
            r"\b(what (?:exactly )?did .{1,60}\b(?:say|call|describe|declare)|quote|wording|exact words)\b", re.I
        ),
    ),
    (
        "name",
        re.compile(
            r"\b(what (?:is|was) the name|name of|^\W*who\b|which (?:[a-z-]+ ){0,2}(?:official|spokes\w+|minister|"
            r"leader|president|premier|scholar|analyst|expert|agency|newspaper))",
            re.I,
        ),
    ),
    ("place", re.compile(_START + r"(where|which (?:city|country|countries|place))\b", re.I)),
]

_HOLDS: dict[Kind, re.Pattern[str]] = {
    "time": re.compile(
        rf"\b{_WEEKDAY}\b|\b{_MONTH}\b|\b\d{{4}}\b|\b\d{{1,2}}[.:]\d{{2}}\b|\b\d{{1,2}}\s*(?:a\.m\.|p\.m\.|am|pm)"
        r"|\b(?:midnight|dawn|morning|evening|night|today|yesterday|tomorrow|last year|next year|last week)\b",
        re.I,
    ),
    "number": re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b", re.I),
    "quote": re.compile(r"[“\"][^”\"]{3,}[”\"]"),
    # Two capitalised words in a row, or one word introduced as a name ("a zebra named Pippa"): a lone
    # capitalised word alone would be any place or sentence start, and say nothing about a name.
    "name": re.compile(
        r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b"
        r"|\b(?:named|called|nicknamed|dubbed|christened|known as|name (?:is|was))\s+[“\"‘']?[A-Z][a-z]+\b"
    ),
    "place": re.compile(r"\b[A-Z][a-z]{2,}\b"),
}

# Values compared across sources when looking for disagreement.
_VALUES: dict[Kind, re.Pattern[str]] = {
    "time": re.compile(
        rf"\b{_WEEKDAY}\b|\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTH}\b|\b\d{{1,2}}[.:]\d{{2}}\b"
        r"|\b\d{1,2}\s*(?:a\.m\.|p\.m\.)|\bmidnight\b|\bdawn\b",
        re.I,
    ),
    "number": re.compile(
        r"\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten)\s*(?:%|percent|million|billion|thousand|hundred)?"
        r"|\b(?:millions|billions|thousands|hundreds)\b",
        re.I,
    ),
    "quote": re.compile(r"[“\"]([^”\"]{8,})[”\"]"),
}


def asked_kind(question: str) -> Kind | None:
    for kind, pattern in _ASKS:
        if pattern.search(question):
            return kind
    return None


def holds(kind: Kind | None, text: str, question: str = "") -> bool:
    """Does ``text`` contain a value of this kind that the question itself doesn't already name?"""
    if kind is None:
        return True
    if kind in ("name", "place"):
        asked = set(words(question))
        return any(not set(words(m)) <= asked for m in _HOLDS[kind].findall(text))
    return bool(_HOLDS[kind].search(text))


_HOW_MANY = re.compile(r"\bhow many ([a-z-]+(?:\s+[a-z-]+)?)", re.I)


def comparable(kind: Kind | None, question: str) -> bool:
    """Can values of this kind be compared across sources? Bare numbers only when counting a thing."""
    if kind == "number":
        return bool(_HOW_MANY.search(question))
    return kind in _VALUES


def values(kind: Kind | None, text: str, question: str = "") -> frozenset[str]:
    """The values of this kind in ``text``; for "how many X", only numbers counting X."""
    pattern = _VALUES.get(kind) if kind else None
    if pattern is None:
        return frozenset()
    counted = _HOW_MANY.search(question) if kind == "number" else None
    if counted:
        units = {stem(w) for w in words(counted.group(1))}
        found = []
        for match in pattern.finditer(text):
            following = {stem(w) for w in words(text[match.end() : match.end() + 40])[:3]}
            if units & following:
                found.append(match.group())
        return frozenset(re.sub(r"\s+", " ", v).strip().lower() for v in found)
    return frozenset(re.sub(r"\s+", " ", v).strip().lower() for v in pattern.findall(text) if v.strip())
