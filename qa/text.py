"""Sentence spans and content terms: the shared vocabulary of evidence, support and answers."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from llama_index.core.utils import globals_helper
from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from index.chunking import sections

# A word is letters of any script ([^\W\d_] is "a letter" in Unicode-aware re), with inner ' ’ -;
# questions in Russian or Korean have words too, not only ones in Latin letters.
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-])*|\d+(?:[.,:]\d+)*")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_EXTRA_STOPWORDS = {
    "said",
    "says",
    "say",
    "according",
    "also",
    "would",
    "could",
    "one",
    "two",
    "many",
    "much",
    "did",
    "does",
    "what",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "whose",
    "why",
    "how",
    "article",
    "articles",
    "tell",
    "told",
    "report",
    "reported",
    "reports",
    "mention",
    "mentioned",
    "mr",
    "'s",
    "’s",
}


_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "lt",
    "col",
    "sgt",
    "gov",
    "sen",
    "rep",
    "st",
    "jr",
    "u.s",
    "u.n",
    "a.m",
    "p.m",
    "no",
    "vs",
    "etc",
}


@lru_cache(maxsize=1)
def sentence_tokenizer() -> PunktSentenceTokenizer:
    """Punkt with the abbreviations news text uses (it would otherwise end a sentence at "Mr.")."""
    globals_helper.wait_for_nltk_check()
    params = PunktParameters()
    params.abbrev_types = set(_ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


_ENDS_WITH_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Gov|St|Jr)\.$")


def punkt_spans(text: str) -> list[tuple[int, int]]:
    """Punkt sentence spans, re-joined where a split fell after a title such as "Mr."."""
    spans: list[tuple[int, int]] = []
    for s, e in sentence_tokenizer().span_tokenize(text):
        if spans and _ENDS_WITH_TITLE.search(text[spans[-1][0] : spans[-1][1]]):
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return spans


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(globals_helper.stopwords) | _EXTRA_STOPWORDS


@lru_cache(maxsize=1)
def _stemmer() -> SnowballStemmer:
    return SnowballStemmer("english")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer().stem(word)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text[start:end]``, as offsets into ``text``.

    Lines are split first (headlines have no full stop), then each line by Punkt.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        # A line of a huge file may be megabytes long: Punkt gets it in sections (its regexes have a time limit).
        for piece_start, piece_end in sections(text, start + line.start(), start + line.end()):
            for s, e in punkt_spans(text[piece_start:piece_end]):
                sentence = text[piece_start + s : piece_start + e]
                stripped = sentence.strip()
                if len(stripped) >= 2:
                    lead = len(sentence) - len(sentence.lstrip())
                    spans.append((piece_start + s + lead, piece_start + s + lead + len(stripped)))
    return spans


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def content_terms(text: str) -> list[str]:
    """Stemmed words that carry meaning (no stopwords), in order."""
    stop = stopwords()
    return [stem(w.strip("'-")) for w in words(text) if w not in stop and len(w.strip("'-")) > 1]


def term_words(text: str) -> dict[str, str]:
    """Each content term of ``text`` with the word it first stems from ("fli": "fly"), in order: word
    vectors are made for words, not for stems."""
    stop = stopwords()
    found: dict[str, str] = {}
    for w in words(text):
        word = w.strip("'-")
        if w not in stop and len(word) > 1:
            found.setdefault(stem(word), word)
    return found


def numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


class TermStats:
    """Inverse document frequencies of content terms over a set of texts."""

    def __init__(self, texts: Iterable[str]) -> None:
        df: Counter[str] = Counter()
        n = 0
        for text in texts:
            df.update(set(content_terms(text)))
            n += 1
        self._df = df
        self._n = max(n, 1)

    @classmethod
    def from_counts(cls, df: Counter[str], n: int) -> TermStats:
        """Statistics already counted elsewhere: ``df`` texts per term out of ``n``."""
        stats = cls([])
        stats._df = df
        stats._n = max(n, 1)
        return stats

    def idf(self, term: str) -> float:
        return math.log(1 + (self._n + 1) / (self._df.get(term, 0) + 0.5))

    def known(self, term: str) -> bool:
        return term in self._df


# Words a title may leave in lower case ("Putin Seeks Allies in North Korea"): articles, short prepositions
# and conjunctions; any other lower-case word makes the line prose.
_TITLE_LOWER = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "as",
        "vs",
        "via",
        "into",
        "over",
    ]
)


def heading(text: str) -> bool:
    """Is the line a heading ("A Historic Visit", "Putin Seeks Allies in North Korea"): no sentence end, and
    every word capitalised but the small words a title leaves in lower case?"""
    line = text.strip()
    if not line or line.endswith((".", "!", "?", "”", '"', "’", "'", ":", ";")):
        return False
    found = [w for w in _WORD.findall(line) if not w[0].isdigit()]
    return bool(found) and all(w[0].isupper() or w.lower() in _TITLE_LOWER for w in found)


# Initials written with full stops ("U.S.", "D.P.R.K."): one acronym.
_DOTTED_INITIALS = re.compile(r"\b(?:[A-Z]\.){2,}")


def undotted(text: str) -> str:
    """The text with dotted initials written as one acronym ("the D.P.R.K." -> "the DPRK"), so that they are
    read as one name, as they are when written without the stops."""
    return _DOTTED_INITIALS.sub(lambda m: m.group().replace(".", ""), text)


# What between two words ends a sentence or a line: the next word is capitalised by its position.
_SENTENCE_BREAK = re.compile(r"[.!?:;…]|\n")
_CASED_WORD = re.compile(r"[^\W\d_][^\W\d_'’\-]*(?:[\-'’][^\W\d_]+)*")
# A lower-case word of a question is given the capitals the articles write it with when at least this share of
# its occurrences inside sentences are capitalised ("putin" -> "Putin"; "will" stays, "Will" being rare).
CASED_SHARE = 0.95


def possessive_base(word: str) -> str:
    """The word without a possessive ending ("russia's" -> "russia", "Kim’s" -> "Kim")."""
    return re.sub(r"['’]s$", "", word)


class Casing:
    """How the indexed texts write each word inside sentences, where capitals mark names rather than positions.

    A question typed in lower case ("what did putin say in pyongyang") names what the articles write with
    capitals; ``restore`` gives those words their capitals back, so the analysis finds its names."""

    def __init__(self, capitalised: Counter[str], lowered: Counter[str], forms: dict[str, str]) -> None:
        self.capitalised = capitalised
        self.lowered = lowered
        self.forms = forms

    @classmethod
    def of_texts(cls, texts: Iterable[str]) -> Casing:
        capitalised: Counter[str] = Counter()
        lowered: Counter[str] = Counter()
        forms: dict[str, str] = {}
        # A heading capitalises its words by style ("Putin Seeks Allies"): only the lines of prose count.
        lines = (line for text in texts for line in text.splitlines() if not heading(line))
        for text in lines:
            end = None  # where the previous word ended; None before the first word
            for match in _CASED_WORD.finditer(text):
                opening = end is None or bool(_SENTENCE_BREAK.search(text, end, match.start()))
                end = match.end()
                if opening:
                    continue
                word = possessive_base(match.group())
                key = word.lower()
                if word[0].isupper():
                    capitalised[key] += 1
                    forms.setdefault(key, word)
                else:
                    lowered[key] += 1
        return cls(capitalised, lowered, forms)

    @classmethod
    def merged(cls, parts: Iterable[Casing]) -> Casing:
        capitalised: Counter[str] = Counter()
        lowered: Counter[str] = Counter()
        forms: dict[str, str] = {}
        for part in parts:
            capitalised.update(part.capitalised)
            lowered.update(part.lowered)
            for key, form in part.forms.items():
                forms.setdefault(key, form)
        return cls(capitalised, lowered, forms)

    def to_json(self) -> dict[str, Any]:
        return {"capitalised": dict(self.capitalised), "lowered": dict(self.lowered), "forms": self.forms}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Casing:
        return cls(Counter(data.get("capitalised", {})), Counter(data.get("lowered", {})), dict(data.get("forms", {})))

    def restore(self, text: str) -> str:
        """The text with each all-lower-case word the articles write capitalised written so ("putin's" ->
        "Putin's", "dprk" -> "DPRK"); other words as they are."""

        def cased(match: re.Match[str]) -> str:
            word = match.group()
            base = possessive_base(word)
            key = base.lower()
            if base != key or key not in self.forms:
                return word
            capitalised = self.capitalised[key]
            if capitalised < CASED_SHARE * (capitalised + self.lowered[key]):
                return word
            return self.forms[key] + word[len(base) :]

        return _CASED_WORD.sub(cased, text)
