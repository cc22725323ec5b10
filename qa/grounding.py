"""Generated text → verified answer sentences: every kept sentence is backed by what it cites.

The writer streams the model's reply, checks each finished sentence against the passage it cites
(``qa.support``), and sets aside degenerate replies (``qa.degenerate``). A reply that yields nothing
gets one retry with a stricter prompt; after that the caller falls back to the evidence sentences,
and ``written_by_reason`` says why. Every sentence not shown is kept with its reason in ``dropped``.
"""

from __future__ import annotations

import re
from collections import abc
from collections.abc import Callable, Iterator, Sequence

from qa import degenerate
from qa.answer import DroppedSentence, Evidence
from qa.citations import AnswerSentence
from qa.errors import AnswerDeadlineExceeded, GeneratorUnavailable
from qa.generators import Generator
from qa.prompts import render_prompt
from qa.question import Question
from qa.support import check, strip_markers
from qa.windows import Passage, single

ABSTAIN_TOKEN = "NOT IN ARTICLES"
DEFAULT_PROMPT = "answer_user"
_MARKER = re.compile(r"\[(\d+)\]")
_LEADING_MARKERS = re.compile(r"^(?:\s*\[\d+\])+")
# Small models echo the passage label "(doc_id)" from the prompt; it is not part of the claim.
_LABEL = re.compile(r"^\s*\([\w.-]+\.(?:txt|md|markdown|html?|pdf)\)\s*")
# "Answer:" echoed from the cue opens many small-model replies; it is not part of the claim.
_CUE = re.compile(r"^\s*answer\s*:\s*", re.I)
# Characters of reply after which a reply of markers only is given up on (no letters yet).
MARKERS_ONLY_AFTER = 24
# The abstain token counts only near the start of a reply (a model may add a few characters first).
ABSTAIN_WINDOW = 8
# Where the server ends a reply: an answer is one paragraph. Small models go on after it with a blank line
# and more ("The answer is: ..."), a passage list of their own ("\n[2] ..."), or the prompt's next
# "Question:"; none of it is kept, and every token of it costs time before the answer is complete.
STOP = ("\n\n", "\n[", "Question:", "Passages:")
# Tokens one cited answer sentence needs: SmolLM2's verified sentences ran 15-35 tokens with their marker
# (eval/results/prompts.md, round 3); the cap is this times the sentences asked for.
SENTENCE_TOKENS = 40
# A claim whose citation marker and full stop have both come is finished; it is checked (and shown) at
# once instead of when the next sentence starts: "... euros [1]." or "... euros. [1]".
_CLOSED = re.compile(r"""(?:\[\d+\]\s*)+[.!?]["'”’)]*\s*$|[.!?]["'”’)]*\s*(?:\[\d+\]\s*)+$""")

Similarity = Callable[[str, str], float]
PassageLike = Passage | Evidence


def _passages(items: Sequence[PassageLike]) -> list[Passage]:
    return [p if isinstance(p, Passage) else single(p) for p in items]


def answer_messages(
    question: str,
    passages: Sequence[PassageLike],
    max_sentences: int,
    prompt: str = DEFAULT_PROMPT,
    strict: bool = False,
) -> list[dict[str, str]]:
    """System rules (``answer_system``) and the user prompt ``prompt``; the retry (``strict``) adds the
    ``answer_strict`` rule just before the answer cue.

    The retry repeats the first request word for word up to the question, so llama.cpp's prompt cache
    re-reads only the added rule: a retry with other system rules would pay for the whole prompt again.
    """
    system = render_prompt("answer_system", max_sentences=max_sentences, abstain_token=ABSTAIN_TOKEN)
    # The question sits between <<< and >>>; it must not be able to close that block itself.
    fenced = question.replace("<<<", "‹‹‹").replace(">>>", "›››")
    texts = [" ".join(p.text.split()) for p in _passages(passages)]
    instruction = render_prompt("answer_strict", abstain_token=ABSTAIN_TOKEN) if strict else ""
    user = render_prompt(prompt, passages=texts, question=fenced, instruction=instruction)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


# A marker group followed by a new capitalised sentence ends a claim, even after a closing quote
# (Punkt does not split "…” [2] However, …").
_AFTER_MARKERS = re.compile(r"(?<=\])\s+(?=[“\"‘']?[A-Z])")


def split_claims(text: str) -> list[str]:
    """Sentences of generated text, with markers that open a sentence moved to the one before."""
    from qa.text import punkt_spans

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


def claim_text(claim: str) -> str:
    """The words of a claim: no markers, no echoed passage label or answer cue."""
    return _CUE.sub("", _LABEL.sub("", strip_markers(claim))).strip()


def verify(claim: str, passages: Sequence[PassageLike], similarity: Similarity | None = None) -> AnswerSentence | str:
    """The claim with the passages that back it (re-cited if need be), or the reason it is dropped."""
    shown = _passages(passages)
    text = claim_text(claim)
    if not text or not re.search(r"[^\W\d_]", text):
        return "the sentence holds no words, only markers"
    if ABSTAIN_TOKEN.lower() in text.lower():
        return "the abstain token inside an answer"
    numbers = [int(n) for n in _MARKER.findall(claim)]
    outside = [n for n in numbers if not 0 < n <= len(shown)]
    cited = list(dict.fromkeys(shown[n - 1] for n in numbers if 0 < n <= len(shown)))
    backing: list[Evidence] = []
    reasons: list[str] = []
    for passage in cited:
        found = _backing(text, passage, similarity)
        if isinstance(found, str):
            reasons.append(found)
        else:
            backing.append(found)
    if backing:
        return AnswerSentence(text=text, sources=tuple(dict.fromkeys(backing)))
    for passage in shown:
        if passage in cited:
            continue
        found = _backing(text, passage, similarity)
        if not isinstance(found, str):
            return AnswerSentence(text=text, sources=(found,))
    if outside:
        return f"cites [{outside[0]}] but there are only {len(shown)} passages, and no passage supports it"
    if reasons:
        return reasons[0]
    return "cites no passage, and no passage supports it"


def verify_claim(
    claim: str, passages: Sequence[PassageLike], similarity: Similarity | None = None
) -> AnswerSentence | None:
    """``verify`` without the reason: the kept sentence, or None."""
    verified = verify(claim, passages, similarity)
    return None if isinstance(verified, str) else verified


def _backing(text: str, passage: Passage, similarity: Similarity | None) -> Evidence | str:
    """The sentence of the window that backs ``text`` (the evidence sentence first), else the whole window."""
    ordered = [passage.center, *(s for s in passage.sentences if s != passage.center)]
    if len(passage.sentences) > 1:
        ordered.append(passage.whole)
    first_reason = ""
    for candidate in ordered:
        lazy = (lambda c=candidate: similarity(text, c.text)) if similarity is not None else None
        verdict = check(text, candidate.text, lazy)
        if verdict.ok:
            return candidate
        first_reason = first_reason or verdict.reason
    return first_reason


class GroundedWriter:
    """Streams a generator's answer and lets through only verified sentences.

    ``falls_short`` (optional) says why the verified sentences so far do not yet carry what the question
    asks for ('' once they do: ``qa.carries.lost``); verified sentences are held back until they do, and
    a reply that never does is set aside (a fluent answer that lost the asked date is worse than the
    evidence sentence holding it).
    """

    def __init__(
        self,
        generator: Generator,
        max_sentences: int,
        dropped: list[DroppedSentence] | None = None,
        similarity: Similarity | None = None,
        prompt: str = DEFAULT_PROMPT,
        falls_short: Callable[[str], str] | None = None,
        retry: bool = True,
    ) -> None:
        self._generator = generator
        self._retry = retry
        self._max_sentences = max_sentences
        self._similarity = similarity
        self._prompt = prompt
        self._falls_short = falls_short
        self.abstained_by_model = False
        self.written = 0
        self.written_by_reason = ""
        self.dropped: list[DroppedSentence] = [] if dropped is None else dropped

    def sentences(self, question: Question, passages: Sequence[PassageLike]) -> Iterator[AnswerSentence]:
        """Verified sentences; if the first reply yields none, one stricter retry (unless ``retry`` is off)."""
        shown = _passages(passages)
        reason = yield from self._attempt(question.text, shown, strict=False)
        if self.written or self.abstained_by_model:
            return
        if not self._retry:
            self.written_by_reason = reason
            return
        retry = yield from self._attempt(question.text, shown, strict=True)
        if not self.written and not self.abstained_by_model:
            self.written_by_reason = f"{reason}; the stricter retry: {retry}"

    def verified_all(
        self, question: Question, passages: Sequence[PassageLike], prompt: str
    ) -> tuple[list[AnswerSentence], str]:
        """The whole verified reply to ``prompt`` at once (no retry), with the reason when it is empty."""
        shown = _passages(passages)
        writer = GroundedWriter(self._generator, self._max_sentences, self.dropped, self._similarity, prompt)
        kept = list(writer._attempt(question.text, shown, strict=False))  # noqa: SLF001 - same class
        reason = "the model said the passages do not answer" if writer.abstained_by_model else ""
        return kept, reason or ("" if kept else "no sentence of the model's reply survived verification")

    def _attempt(
        self, question: str, passages: list[Passage], strict: bool
    ) -> abc.Generator[AnswerSentence, None, str]:
        messages = answer_messages(question, passages, self._max_sentences, self._prompt, strict)
        instructions = messages[0]["content"]
        texts = tuple(p.text for p in passages)
        buffer = ""
        done = 0
        held: list[AnswerSentence] = []
        state = {"released": self._falls_short is None}
        cap = SENTENCE_TOKENS * self._max_sentences
        stream = self._generator.stream(messages, stop=STOP, max_tokens=cap)
        try:
            for piece in stream:
                buffer += piece
                if ABSTAIN_TOKEN in buffer[: len(ABSTAIN_TOKEN) + ABSTAIN_WINDOW]:
                    self.abstained_by_model = True
                    return "the model said the passages do not answer"
                early = _early_failure(buffer, instructions)
                if early:
                    self._drop(buffer, early)
                    return early
                claims = split_claims(buffer)
                # The last claim may still be growing, unless its marker and full stop have come.
                finished = len(claims) if _CLOSED.search(buffer) else len(claims) - 1
                while done < finished:
                    yield from self._checked(claims[done], question, passages, held, state)
                    done += 1
                if self.written >= self._max_sentences:
                    # All the sentences asked for are shown: the rest of the reply would be dropped unread.
                    close = getattr(stream, "close", None)
                    if close is not None:
                        close()
                    break
        except AnswerDeadlineExceeded:
            raise  # the caller keeps what was verified, or gives the evidence, and says why
        except GeneratorUnavailable as e:
            if not buffer and not strict:
                raise  # the endpoint is down: the caller reports it
            for claim in split_claims(buffer)[done:]:
                self._drop(claim, degenerate.CUT)
            return f"the model's reply broke off ({e})"
        if not self.written and degenerate.refusal(buffer[:200]):
            self.abstained_by_model = True
            self._drop(buffer, degenerate.REFUSAL)
            return degenerate.REFUSAL
        failure = degenerate.diagnose(buffer, question, instructions, texts)
        claims = split_claims(buffer)[done:]
        # A reply shorter in characters than the token cap cannot have run into it (a token is at least a
        # character): it ended where the model or a stop string ended it, so its last words are a claim
        # like any other ("[2] Rosatom"), checked against the passages. Only a longer one may be cut off.
        cut = degenerate.cut_mid_sentence(buffer) and len(buffer) >= cap
        if failure and failure != degenerate.LANGUAGE:
            for claim in claims:
                self._drop(claim, failure)
            return failure
        for i, claim in enumerate(claims):
            if i == len(claims) - 1 and cut:
                self._drop(claim, degenerate.CUT)
                continue
            yield from self._checked(claim, question, passages, held, state)
        short = self._falls_short(" ".join(s.text for s in held)) if held and self._falls_short else ""
        for sentence in held:
            self._drop(sentence.text, short)
        if self.written:
            return ""
        if failure:
            return failure
        if held:
            return short
        if cut and len(claims) <= 1:
            return degenerate.CUT
        return "no sentence of the model's reply survived verification"

    def _checked(
        self,
        claim: str,
        question: str,
        passages: list[Passage],
        held: list[AnswerSentence],
        state: dict[str, bool],
    ) -> Iterator[AnswerSentence]:
        if self.written + len(held) >= self._max_sentences:
            self._drop(claim, f"beyond the {self._max_sentences} sentences asked for")
            return
        if degenerate.other_language(claim_text(claim), question):
            self._drop(claim, degenerate.LANGUAGE)
            return
        verified = verify(claim, passages, self._similarity)
        if isinstance(verified, str):
            self._drop(claim, verified)
            return
        if not state["released"]:
            held.append(verified)
            if self._falls_short is not None and self._falls_short(" ".join(s.text for s in held)):
                return
            state["released"] = True
            out = list(held)
            held.clear()
        else:
            out = [verified]
        for sentence in out:
            self.written += 1
            yield sentence

    def _drop(self, text: str, reason: str) -> None:
        if text.strip():
            self.dropped.append(DroppedSentence(text=text.strip(), reason=reason))


def _early_failure(buffer: str, instructions: str) -> str | None:
    """Failures visible before the reply ends: reading on would only cost time."""
    if len(buffer) >= MARKERS_ONLY_AFTER and not re.search(r"[^\W\d_]", _MARKER.sub("", buffer)):
        return degenerate.MARKERS_ONLY
    if degenerate.echoes(buffer, instructions):
        return degenerate.ECHO
    if degenerate.loops(buffer):
        return degenerate.LOOP
    return None
