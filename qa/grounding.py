"""Generated text → verified answer sentences: every kept sentence is backed by what it cites."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from qa.answer import Evidence
from qa.citations import AnswerSentence
from qa.generators import Generator
from qa.prompts import render_prompt
from qa.question import Question
from qa.support import strip_markers, support_score, supports
from qa.text import punkt_spans

ABSTAIN_TOKEN = "NOT IN ARTICLES"
_MARKER = re.compile(r"\[(\d+)\]")
_LEADING_MARKERS = re.compile(r"^(?:\s*\[\d+\])+")
# Small models echo the passage label "(doc_id)" from the prompt; it is not part of the claim.
_LABEL = re.compile(r"^\s*\([\w.-]+\.(?:txt|md|markdown|html?|pdf)\)\s*")


def answer_messages(
    question: str, evidence: list[Evidence], max_sentences: int, versions: Sequence[int] = ()
) -> list[dict[str, str]]:
    """``versions``: passage numbers (1-based) that give competing versions of the asked fact."""
    system = render_prompt("answer_system", max_sentences=max_sentences, abstain_token=ABSTAIN_TOKEN)
    # The question sits between <<< and >>>; it must not be able to close that block itself.
    fenced = question.replace("<<<", "‹‹‹").replace(">>>", "›››")
    user = render_prompt("answer_user", passages=evidence, question=fenced, versions=list(versions))
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


# A marker group followed by a new capitalised sentence ends a claim, even after a closing quote
# (Punkt does not split "…” [2] However, …").
_AFTER_MARKERS = re.compile(r"(?<=\])\s+(?=[“\"‘']?[A-Z])")


def split_claims(text: str) -> list[str]:
    """Sentences of generated text, with markers that open a sentence moved to the one before."""
    pieces = [segment[s:e] for segment in _AFTER_MARKERS.split(text) for s, e in punkt_spans(segment)]
    claims: list[str] = []
    for piece in pieces:
        leading = _LEADING_MARKERS.match(piece)
        if leading:
            piece = piece[leading.end() :]
            if claims:
                claims[-1] += leading.group().strip()
            else:  # an answer that opens with "[1] ..." cites passage 1 for its first sentence
                piece = piece.strip() + " " + leading.group().strip()
        if piece.strip():
            claims.append(piece.strip())
    return claims


def verify_claim(claim: str, evidence: list[Evidence]) -> AnswerSentence | None:
    """Keep a claim with the cited passages that support it, re-cite it, or drop it (None)."""
    text = _LABEL.sub("", strip_markers(claim)).strip()
    if not text or ABSTAIN_TOKEN.lower() in text.lower():
        return None
    cited = [evidence[int(n) - 1] for n in _MARKER.findall(claim) if 0 < int(n) <= len(evidence)]
    backing = tuple(dict.fromkeys(e for e in cited if supports(text, e.text)))
    if backing:
        return AnswerSentence(text=text, sources=backing)
    best = max(evidence, key=lambda e: support_score(text, e.text), default=None)
    if best is not None and supports(text, best.text):
        return AnswerSentence(text=text, sources=(best,))
    return None


class GroundedWriter:
    """Streams a generator's answer and lets through only verified sentences."""

    def __init__(self, generator: Generator, max_sentences: int, dropped: list[str] | None = None) -> None:
        self._generator = generator
        self._max_sentences = max_sentences
        self.abstained_by_model = False
        self.dropped: list[str] = [] if dropped is None else dropped

    def sentences(
        self, question: Question, evidence: list[Evidence], versions: Sequence[Evidence] = ()
    ) -> Iterator[AnswerSentence]:
        """Verified sentences; ``versions`` (among ``evidence``) are competing versions the answer must give."""
        numbers = [evidence.index(v) + 1 for v in versions if v in evidence]
        messages = answer_messages(question.text, evidence, self._max_sentences, numbers)
        buffer = ""
        done = 0
        for piece in self._generator.stream(messages):
            buffer += piece
            if ABSTAIN_TOKEN in buffer[: len(ABSTAIN_TOKEN) + 8]:
                self.abstained_by_model = True
                return
            claims = split_claims(buffer)
            while done < len(claims) - 1:  # the last claim may still be growing
                yield from self._checked(claims[done], evidence)
                done += 1
        for claim in split_claims(buffer)[done:]:
            yield from self._checked(claim, evidence)

    def _checked(self, claim: str, evidence: list[Evidence]) -> Iterator[AnswerSentence]:
        verified = verify_claim(claim, evidence)
        if verified is None:
            self.dropped.append(claim)
        else:
            yield verified
