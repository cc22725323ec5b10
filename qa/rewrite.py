"""Follow-up questions → standalone queries, with or without a language model."""

from __future__ import annotations

import re

from qa.answer import Turn
from qa.errors import GeneratorUnavailable
from qa.generators import Generator
from qa.prompts import render_prompt
from qa.support import names
from qa.text import stopwords, words

# A follow-up leans on the conversation when it points back (a pronoun, "there", "then"), opens with a
# conjunction, or names nothing: a question without a name ("How long did the talks last?") is about
# whatever the conversation was about.
_DEPENDENT = re.compile(
    r"\b(he|him|his|she|her|they|them|their|it|its|that|this|those|these|there|then)\b"
    r"|^\s*(and|but|what about|how about|also|so)\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][\w’'-]+")
MAX_REWRITE_CHARS = 400
MAX_CONTEXT_WORDS = 10
# An answer this short (in words) names a thing rather than telling a story; its words join the context.
SHORT_ANSWER_WORDS = 12
_MARKERS = re.compile(r"\[\d+\]")


def needs_context(question: str) -> bool:
    stripped = question.strip()
    return bool(_DEPENDENT.search(stripped)) or len(words(stripped)) <= 4 or not _NAME.search(stripped)


def keyword_rewrite(question: str, history: list[Turn]) -> str:
    """Add context words to a dependent follow-up: names from the last answer, words of the last question."""
    previous = next((t.content for t in reversed(history) if t.role == "user"), "")
    answer = next((t.content for t in reversed(history) if t.role == "assistant"), "")
    if not previous or not needs_context(question):
        return question
    own = set(words(question))
    # Pronouns mostly point at what the answer named ("there" → Vietnam, "he" → Lin Jian).
    answer = _MARKERS.sub("", answer)
    names = re.findall(r"\b[A-Z][\w’'-]{2,}", answer)
    # A short answer is the thing "it" / "that" most often points at ("A nuclear power plant." → "Who might
    # get the contract?"): its own words come next, before the words of the question that led to it.
    said = re.findall(r"[A-Za-z][\w’'-]*", answer) if len(words(answer)) <= SHORT_ANSWER_WORDS else []
    candidates = [*names, *said, *re.findall(r"[A-Za-z][\w’'-]*", previous)]
    extra = [w for w in dict.fromkeys(candidates) if w.lower() not in stopwords() and w.lower() not in own]
    return f"{question} ({' '.join(extra[:MAX_CONTEXT_WORDS])})" if extra else question


class QueryRewriter:
    """Uses the generator when there is one, the keyword rule otherwise or when it fails."""

    def __init__(self, generator: Generator | None) -> None:
        self._generator = generator

    def rewrite(self, question: str, history: list[Turn]) -> str:
        if not history:
            return question
        if self._generator is None:
            return keyword_rewrite(question, history)
        prompt = render_prompt("rewrite", history=history[-6:], question=question)
        try:
            rewritten = self._generator.complete([{"role": "user", "content": prompt}]).strip().strip('"')
        except GeneratorUnavailable:
            return keyword_rewrite(question, history)
        rewritten = rewritten.splitlines()[0].strip() if rewritten else ""
        if not rewritten or len(rewritten) > MAX_REWRITE_CHARS or not keeps_names(question, history, rewritten):
            return keyword_rewrite(question, history)
        return rewritten


def keeps_names(question: str, history: list[Turn], rewritten: str) -> bool:
    """A rewrite keeps every name of the question and, for a dependent follow-up, names one from the conversation.

    A model that drops "Kirby" from "What did Kirby say then?" or resolves "he" to nobody has written a
    different question; the keyword rule is the safer road then.
    """
    kept = {w.lower() for w in words(rewritten)}
    own = [n for n in names(question) if n.lower() not in stopwords()]
    if any(not {w.lower() for w in words(n)} <= kept for n in own):
        return False
    if not needs_context(question):
        return True
    earlier = {w.lower() for turn in history[-2:] for n in names(turn.content) for w in words(n)}
    earlier -= {w.lower() for w in words(question)} | set(stopwords())
    return not earlier or bool(earlier & kept)
