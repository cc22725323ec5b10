"""Does a model's answer still carry what the question asks for, as far as the evidence answer gives it?

The evidence answer (the verbatim sentences an extractive answer would show) is the floor a model's
answer must not fall below. From it this module takes what the question asks for: for a date or
number question the asked values it states ("Tuesday", "48 million"), for a person, organisation or
place question the names it gives that the question does not, and for a question in several parts
the question's words it covers. A model's verified text that loses all the asked values, or a part
the evidence covers, would make the answer worse; the caller then shows the evidence instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from qa.asked import holds, tied, values
from qa.citations import AnswerSentence
from qa.question import Question
from qa.support import names
from qa.text import content_terms, words

# Kinds whose answer is one value the evidence states; a quote may fairly be paraphrased, a reason
# or an "other" answer has no single value to lose.
VALUE_KINDS = ("date", "number", "person", "organization", "place")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Carried:
    """What the evidence answer gives of what is asked: the bar for a model's answer."""

    kind: str  # the asked kind the values are of ("" when the question asks for no single value)
    values: tuple[str, ...]  # dates or numbers as the evidence writes them (lower case)
    names: tuple[str, ...]  # names the evidence answer gives that the question does not
    parts: tuple[str, ...]  # stems of question words the evidence answer covers (several-part questions)
    # The evidence holds a value of the kind that none of the finer checks can name: any value of the kind will do.
    fallback_kind: bool = False


def carried_by(question: Question, evidence_texts: Sequence[str]) -> Carried:
    """What ``evidence_texts`` (the evidence answer's sentences) give of what ``question`` asks."""
    parts: tuple[str, ...] = ()
    if question.several:
        said = set(content_terms(" ".join(evidence_texts)))
        parts = tuple(t for t in dict.fromkeys(question.terms) if t in said)
    holding = [t for t in evidence_texts if holds(question, t)]
    if question.kind not in VALUE_KINDS or not holding:
        return Carried("", (), (), parts)  # the evidence gives no value of the kind: the model cannot lose one
    # Values in sentences tied to the asked thing first: a date elsewhere in the answer is not the asked date.
    source = [t for t in holding if tied(question, t)] or holding
    asked_words = {w.strip("'’") for w in words(question.original) + words(question.text)}
    if question.kind in ("date", "number"):
        found = tuple(dict.fromkeys(v for t in source for v in sorted(values(question, t))))
        return Carried(question.kind, found, (), parts, fallback_kind=not found)
    given = tuple(
        dict.fromkeys(n for t in source for n in names(t) if not set(words(n)) <= asked_words and n.lower() != "the")
    )
    return Carried(question.kind, (), given, parts, fallback_kind=not given)


def lost(question: Question, carried: Carried, text: str) -> str:
    """Why ``text`` (the model's verified sentences) falls below the evidence answer ('' when it does not)."""
    if carried.kind:
        if carried.fallback_kind:
            if not holds(question, text):
                return f"the model's answer does not give the {_kind_word(carried.kind)} asked for"
        elif carried.values and not any(_has_value(v, text) for v in carried.values):
            return (
                f"the model's answer left out the asked {_kind_word(carried.kind)} "
                f"({_listed(carried.values)}) that the evidence gives"
            )
        elif carried.names and not any(_has_name(n, text) for n in carried.names):
            return (
                f"the model's answer left out the asked {_kind_word(carried.kind)} "
                f"({_listed(carried.names)}) that the evidence gives"
            )
    missing = [p for p in carried.parts if p not in set(content_terms(text))]
    if missing:
        return (
            f"the model's answer left out part of the question that the evidence covers "
            f"({_listed(tuple(_word_for(p, question) for p in missing))})"
        )
    return ""


def _has_value(value: str, text: str) -> bool:
    """Digits must all be there as written (separators aside); a worded value by all of its words."""
    digits = [d.replace(",", "") for d in _DIGITS.findall(value)]
    if digits:
        present = {d.replace(",", "") for d in _DIGITS.findall(text)}
        return all(d in present for d in digits)
    return set(words(value)) <= set(words(text))


def _has_name(name: str, text: str) -> bool:
    """As a name: capitalised in ``text`` too ("Mayor" is a title-name, "the mayor" is not)."""
    return set(name.split()) <= set(re.findall(r"[\w’'\-]+", text))


def _kind_word(kind: str) -> str:
    return {"person": "name", "organization": "name", "place": "place"}.get(kind, kind)


def _word_for(term: str, question: Question) -> str:
    """The question's own word for a stemmed term (for a reason a reader understands)."""
    return next((w for w in words(question.original) if content_terms(w) == [term]), term)


def _listed(items: tuple[str, ...], most: int = 3) -> str:
    return ", ".join(items[:most]) + (", …" if len(items) > most else "")


# Share of the evidence answer's own words (those not in the question) a model's answer must repeat to count
# as saying what the evidence says. SmolLM2's verified answers on eval/dev.jsonl repeated 0-0.67 of them and
# were right about as often at 0.5 as at 0.1 (eval/results/prompts.md): only a near restatement counts.
SAID_SHARE = 0.7


def unsaid(question: Question, text: str, evidence: Sequence[AnswerSentence]) -> list[AnswerSentence]:
    """The evidence answer's sentences whose own words ``text`` (the model's answer) mostly does not repeat.

    A verified model answer may be true and still not the answer: it is kept, and these follow it.
    """
    asked = set(question.terms)
    said = set(content_terms(text))
    out = []
    for sentence in evidence:
        own = set(content_terms(sentence.text)) - asked
        if own and len(own & said) / len(own) < SAID_SHARE:
            out.append(sentence)
    return out
