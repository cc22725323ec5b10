"""Degenerate model output: replies that are not an answer, whatever their words.

Small models fail in a handful of recognisable ways: they reply with passage markers only, echo the
prompt or the passages back, loop on a phrase, switch language, send nothing, or stop mid-sentence.
Each check here names the failure so the answer can say why the model's text was set aside.
"""

from __future__ import annotations

import re
from collections import Counter

from qa.text import stopwords, words

_MARKERS = re.compile(r"\[\d+\]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
# Scaffolding of our own prompts; a reply holding it is the prompt coming back.
_SCAFFOLD = re.compile(r"^\s*(passages?|question|example)\s*:|<<<|>>>|now answer this one", re.I | re.M)
# A polite refusal in place of the abstain token: the model judges the passages do not answer.
_REFUSAL = re.compile(
    r"^\W*(i'?m sorry|sorry|unfortunately|i (?:cannot|can't|am unable|do not know|don't know))"
    r"|\b(?:passages?|articles?|text|context) (?:do(?:es)? not|don't|doesn't) (?:say|mention|provide|contain|state|answer)"
    r"|\bno (?:information|mention)\b",
    re.I,
)
# A phrase of this many words said this many times is a loop, not an answer.
LOOP_NGRAM = 4
LOOP_REPEATS = 3
# Shared word runs this long between reply and prompt instructions mean the instructions were echoed.
ECHO_RUN = 8
# This many whole passages copied back is the passage list echoed (one or two may be a fair quote).
ECHOED_PASSAGES = 3
# Below this share of common English words, a reply of at least LANGUAGE_MIN_WORDS is not English.
ENGLISH_STOPWORD_SHARE = 0.12
LANGUAGE_MIN_WORDS = 6
# More than this share of letters outside the Latin script: a different script than an English question.
FOREIGN_SCRIPT_SHARE = 0.3
# English news text seldom has accented words (a name or two); French, German or Spanish has many.
ACCENTED_WORD_SHARE = 0.15
_UNICODE_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
_ENDS_SENTENCE = re.compile(r"""[.!?…]["'”’)\]]*\s*(\[\d+\]\s*)*$""")

EMPTY = "the model sent an empty reply"
MARKERS_ONLY = "the model replied with passage numbers only"
ECHO = "the model echoed the prompt or the passages"
LOOP = "the model repeated itself in a loop"
LANGUAGE = "the model answered in a different language than the question"
CUT = "the model's reply stopped mid-sentence"
REFUSAL = "the model refused in words instead of the abstain token"


def diagnose(reply: str, question: str, instructions: str = "", passages: tuple[str, ...] = ()) -> str | None:
    """Why ``reply`` as a whole is not an answer, or ``None`` when it may be one."""
    if not reply.strip():
        return EMPTY
    if not _LETTER.search(_MARKERS.sub("", reply)):
        return MARKERS_ONLY
    if echoes(reply, instructions, passages):
        return ECHO
    if loops(reply):
        return LOOP
    if other_language(reply, question):
        return LANGUAGE
    return None


def echoes(reply: str, instructions: str, passages: tuple[str, ...] = ()) -> bool:
    """The prompt's scaffolding or instructions, or two or more whole passages, came back."""
    if _SCAFFOLD.search(reply):
        return True
    if instructions and _shares_run(reply, instructions, ECHO_RUN):
        return True
    plain = _MARKERS.sub("", reply)
    return sum(1 for p in passages if len(p) > 40 and p.strip() in plain) >= ECHOED_PASSAGES


def loops(reply: str) -> bool:
    tokens = words(_MARKERS.sub("", reply))
    grams = Counter(tuple(tokens[i : i + LOOP_NGRAM]) for i in range(len(tokens) - LOOP_NGRAM + 1))
    return bool(grams) and max(grams.values()) >= LOOP_REPEATS


def other_language(reply: str, question: str) -> bool:
    """The reply is not in the question's language (English vs not, or another script)."""
    return _is_english(question) != _is_english(_MARKERS.sub("", reply), strict=True)


def refusal(reply: str) -> bool:
    """A polite "the passages don't say" instead of the abstain token."""
    return bool(_REFUSAL.search(reply.replace("’", "'")))


def cut_mid_sentence(reply: str) -> bool:
    """The reply ends without closing its last sentence (a stream cut short or out of tokens)."""
    return bool(reply.strip()) and not _ENDS_SENTENCE.search(reply.strip())


def _is_english(text: str, strict: bool = False) -> bool:
    letters = _LETTER.findall(text)
    if not letters:
        return True
    foreign = sum(1 for ch in letters if ord(ch) > 0x24F)  # beyond Latin Extended-B
    if foreign / len(letters) > FOREIGN_SCRIPT_SHARE:
        return False
    tokens = _UNICODE_WORD.findall(text.lower().replace("’", "'"))
    if len(tokens) < LANGUAGE_MIN_WORDS:
        return True  # too short to tell: names and numbers only
    accented = sum(1 for t in tokens if not t.isascii()) / len(tokens)
    if accented > ACCENTED_WORD_SHARE:
        return False
    share = sum(1 for t in tokens if t in stopwords()) / len(tokens)
    return share >= ENGLISH_STOPWORD_SHARE or not strict and share > 0


def _shares_run(a: str, b: str, run: int) -> bool:
    ta, tb = words(a), words(b)
    grams = {tuple(tb[i : i + run]) for i in range(len(tb) - run + 1)}
    return any(tuple(ta[i : i + run]) in grams for i in range(len(ta) - run + 1))
