"""Passages that address the reader or a language model with instructions, found at ingest.

A news article reports; it does not tell its reader what to answer. The rule, in general terms: a
sentence is flagged when it
- carries a chat-role marker ("system:", "assistant:", "<|im_start|>", "[INST]") at its start, or
- asserts what *the answer* is ("the correct answer is …", "the real answer is …"), or
- speaks as or to an AI ("as an AI …", "if you are a language model …", "dear assistant"), or
- is a directive (an imperative opening the sentence, or "you must / should / need to …") about the
  answering itself: answers, questions, instructions, prompts, models, assistants, or "the text above".
Flagged spans are stored with the document and kept out of evidence unless a question asks about them.
"""

from __future__ import annotations

import re

# A sentence: up to a full stop, question or exclamation mark, or the end of the line.
_SENTENCE = re.compile(r"[^\n.!?]+(?:[.!?]+[\"'”’)]*|$)", re.MULTILINE)
_ROLE = re.compile(
    r"^\W{0,3}(?:system|assistant|user|developer)\s*:|<\|\s*(?:im_start|im_end|system|endoftext)\s*\|>|\[/?INST\]",
    re.IGNORECASE,
)
_THE_ANSWER = re.compile(
    r"\b(?:the|your)\s+(?:correct|right|true|real|only|official|final|actual)\s+(?:answer|response|reply)\s+(?:is|was|should be|must be)\b",
    re.IGNORECASE,
)
_AI_VOICE = re.compile(
    r"\bas an? (?:AI|artificial intelligence|(?:large )?language model|LLM|chatbot|assistant)\b"
    r"|\bif you are an? (?:AI|artificial intelligence|(?:large )?language model|LLM|chatbot|assistant|bot)\b"
    r"|\b(?:dear|attention|note to(?: the)?|hey)\s+(?:AI|assistant|model|language model|LLM|chatbot|bot)s?\b",
    re.IGNORECASE,
)
# Verbs that open an order to whoever reads the text, and the second-person modal form of an order.
_IMPERATIVE = re.compile(
    r"^\W{0,3}(?:please\s+)?(?:ignore|disregard|forget|override|bypass|answer|reply|respond|say|tell|output|print|"
    r"repeat|write|state|pretend|act|treat|use|follow|obey|do not|don't|never|always|instead)\b",
    re.IGNORECASE,
)
_YOU_MUST = re.compile(r"\byou\s+(?:must|should|shall|need to|have to|are to|will now|are now)\b", re.IGNORECASE)
# What an order about answering is about.
_MACHINERY = re.compile(
    r"\b(?:answers?|questions?|instructions?|prompts?|(?:language )?models?|assistants?|AI|LLMs?|chatbots?|"
    r"system|respon(?:se|d)|repl(?:y|ies)|(?:text|everything|anything) above|previous(?:ly)?|earlier)\b",
    re.IGNORECASE,
)


def instruction_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` that addresses the reader or a model with instructions."""
    spans = []
    for match in _SENTENCE.finditer(text):
        sentence = match.group()
        stripped = sentence.strip()
        if len(stripped) < 4:
            continue
        directive = bool(_IMPERATIVE.search(stripped) or _YOU_MUST.search(stripped))
        if (
            _ROLE.search(stripped)
            or _THE_ANSWER.search(stripped)
            or _AI_VOICE.search(stripped)
            or (directive and _MACHINERY.search(stripped))
        ):
            lead = len(sentence) - len(sentence.lstrip())
            spans.append((match.start() + lead, match.start() + lead + len(stripped)))
    return spans


def mentions_machinery(text: str) -> bool:
    """Does ``text`` (a question) speak about answers, instructions, prompts or models itself?"""
    return bool(_MACHINERY.search(text))
