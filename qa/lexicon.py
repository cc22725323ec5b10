"""Word knowledge beyond exact words: related words, and spellings of one name.

Two general tools, with no list of particular words or names:

- ``related(a, b)``: are two words near in meaning? Static word embeddings (WordLlama, weights shipped
  inside its package, nothing downloaded) give a cosine between single words: inflections and
  derivations sit high ("react"/"reaction", "Japan"/"Japanese"), synonyms and a capital with its
  country in the middle ("pledge"/"promised", "Tokyo"/"Japan", "expand"/"growth"), unrelated words
  near zero.
- ``spelled_alike(a, b)``: two transliterations of one name ("Kyiv"/"Kiev", "Jong-un"/"Jong Un",
  "Pyongyang"/"Pyeongyang"): the same letters once hyphens, spaces and vowels are set aside, or one
  letter apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from qa.sentence_scores import load_wordllama
from qa.text import stem

# Cosine of two single words' WordLlama vectors from which they count as related. Measured on pairs
# written for this (none from the articles): inflections 0.6-0.99, synonyms and a capital with its
# country 0.25-0.5 ("spokesman"/"spokesperson" 0.31, "Beijing"/"China" 0.38, "pledge"/"promised" 0.27,
# "scholar"/"researcher" 0.30), unrelated words and names of two people below 0.1 ("Macron"/"Putin"
# 0.01), loosely associated ones 0.15-0.23 ("served"/"food", "colour"/"red", "fly"/"depart").
RELATED = 0.25
# The bar for a word compared with every word of a sentence: many comparisons make a chance pair at 0.25
# likely ("served"/"soldiers" 0.25), so a sentence-wide search asks for a little more ("colour"/"green" 0.31).
RELATED_IN_SENTENCE = 0.3
# Words of a name shorter than this are not compared by spelling (too many short words look alike).
MIN_NAME_LETTERS = 4
# Two spellings of a long name may differ by one letter ("Jong Un"/"Jong Eun"); short names one letter
# apart are often different names ("Iran"/"Iraq"), so the one-letter rule starts at this length.
SPELLING_EDITS = 1
MIN_EDITED_LETTERS = 6

_VOWELS = re.compile(r"[aeiouy]")


@lru_cache(maxsize=20_000)
def _vector(word: str) -> np.ndarray:
    vector = np.asarray(load_wordllama().embed([word])[0], dtype=np.float32)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def similarity(a: str, b: str) -> float:
    """Cosine of two words' vectors (lower-cased); 1.0 for equal stems."""
    a, b = a.lower(), b.lower()
    if a == b or stem(a) == stem(b):
        return 1.0
    return float(np.dot(_vector(a), _vector(b)))


def related(a: str, b: str) -> bool:
    """Are two words near in meaning (an inflection, a derivation, a synonym, a capital and its country)?"""
    return similarity(a, b) >= RELATED


def related_in(word: str, sentence_words: Iterable[str]) -> bool:
    """Is a word of the sentence near in meaning to ``word`` (at the sentence-wide bar)?"""
    return any(similarity(word, w) >= RELATED_IN_SENTENCE for w in sentence_words)


def _skeleton(name: str) -> str:
    """The name's letters without hyphens, spaces, apostrophes and vowels, lower-cased."""
    letters = re.sub(r"[^a-z]", "", name.lower())
    return letters[:1] + _VOWELS.sub("", letters[1:])


def _edits(a: str, b: str) -> int:
    """Levenshtein distance."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def spelled_alike(a: str, b: str) -> bool:
    """Two spellings of one name: equal once hyphens and spaces go, or with the same consonants in the
    same order and the same first letter ("Kyiv"/"Kiev"), or, for a long name, one letter apart
    ("Jong Un"/"Jong Eun"; "Iran"/"Iraq" are two names)."""
    flat_a, flat_b = re.sub(r"[^a-z]", "", a.lower()), re.sub(r"[^a-z]", "", b.lower())
    if flat_a == flat_b:
        return bool(flat_a)
    if min(len(flat_a), len(flat_b)) < MIN_NAME_LETTERS or flat_a[0] != flat_b[0]:
        return False
    if _skeleton(a) == _skeleton(b) and abs(len(flat_a) - len(flat_b)) <= 2:
        return True
    return min(len(flat_a), len(flat_b)) >= MIN_EDITED_LETTERS and _edits(flat_a, flat_b) <= SPELLING_EDITS
