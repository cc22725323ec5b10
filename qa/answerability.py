"""Is the answer in the articles? Decided from the evidence before any text is written.

Checks, each general and explainable:
1. the best evidence scores above a threshold;
2. every name the question relies on occurs somewhere in the indexed articles;
3. some evidence sentence (or a sentence with the one before it) states the focus of the question;
4. when a value is asked for (a date, a number, a name, a quote), that sentence holds one tied to
   the asked thing — a number counting or measuring it, a date with the asked event, a name in the
   asked role. The entity without the attribute is a near miss: abstain, and say what the articles
   do say about it.

An instruction inside a question gets no special treatment: its words are searched like any others,
and it is answered only if the evidence answers it by these rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from qa.answer import Evidence
from qa.asked import tied
from qa.question import Question
from qa.text import TermStats, content_terms

# Evidence considered for the answer: sentences above the threshold and within this share of the best one.
WINDOW = 0.7
# Sentences examined for a value tied to the question.
MAX_EXAMINED = 8
# Share of the question's own (idf-weighted) terms a sentence and its neighbour must cover when no
# entity stands out, and for questions that ask for no value (why, yes/no, what happened). Kept low: a
# paraphrase shares few words with the sentence that answers it (on dev, 0.2 refused 7 answerable
# questions for 0.12's one more unanswerable answered; below 0.12 little changes).
MIN_COVERAGE = 0.12
# Without the focus entity, a sentence that covers this share of the question's words still states it
# (a paraphrase names its focus in other words: "the Kremlin chief" for a name).
FOCUS_COVERAGE = 0.25
# Quoted in a near-miss reason; longer sentences are cut.
REASON_CHARS = 160


@dataclass(frozen=True)
class Verdict:
    answerable: bool
    reason: str
    answering: tuple[Evidence, ...] = ()  # the evidence sentences that answer, best first


def unknown_names(question: Question, stats: TermStats) -> list[str]:
    """Names of the question that no indexed chunk contains."""
    return [n for n in question.names if any(not stats.known(t) for t in content_terms(n.replace("-", " ")))]


def context_of(item: Evidence) -> str:
    return item.before.text if item.before is not None else ""


def states_focus(question: Question, item: Evidence, stats: TermStats) -> bool:
    """The sentence (with the one before it) names the focus, or covers most of the question's own words.

    A named focus needs half its words; a described one ("the glass footbridge") needs its head noun.
    """
    around = set(content_terms(context_of(item) + " " + item.text))
    entity = content_terms(question.entity)
    if not entity:
        return coverage(question, around, stats) >= MIN_COVERAGE
    named = [t for n in question.names if n in question.entity for t in content_terms(n)]
    if named and len(set(named) & around) * 2 >= len(set(named)):
        return True
    # A question asking for several things may name one focus for each ("which X and which Y").
    if question.several and any(set(content_terms(n)) <= around for n in question.names if n not in question.entity):
        return True
    if not named and entity[-1] in around:
        return True
    return coverage(question, around, stats) >= FOCUS_COVERAGE


def coverage(question: Question, terms: set[str], stats: TermStats) -> float:
    """Share of the question's own words (idf-weighted) in ``terms``; a follow-up counts its context words."""
    own = question.text.startswith(question.original) and question.text != question.original
    asked = set(question.query_terms) if own or not question.terms else set(question.terms)
    if not asked:
        return 0.0
    total = sum(stats.idf(t) for t in asked)
    return sum(stats.idf(t) for t in asked & terms) / total


# Last code point of the Latin blocks (Basic Latin to Latin Extended-B); the question analysis reads
# English, so a question mostly in letters past it (Cyrillic, Hangul, Greek...) is one it cannot parse.
LATIN_LAST = 0x024F


def judge(question: Question, evidence: list[Evidence], stats: TermStats, threshold: float) -> Verdict:
    if not evidence or evidence[0].score < threshold:
        return Verdict(False, "no passage is close enough to the question")
    if _foreign(question, stats):
        # No word of the question occurs in any article: another language than the articles'. The word
        # rules below (names, focus, tied values) cannot read it; closeness of meaning alone decides,
        # as the evidence step already scored it (see DENSE_CHANCE in qa/evidence.py).
        return Verdict(True, "", tuple(e for e in evidence if e.score >= threshold))
    missing = unknown_names(question, stats)
    if missing:
        return Verdict(False, f"the articles never mention {', '.join(missing)}")
    close = [e for e in evidence if e.score >= max(threshold, evidence[0].score * WINDOW)][:MAX_EXAMINED]
    focused = [e for e in close if states_focus(question, e, stats)]
    if not focused:
        return Verdict(False, "no passage states what the question is about")
    if not question.asks_value:
        covered = [
            e
            for e in focused
            if coverage(question, set(content_terms(context_of(e) + " " + e.text)), stats) >= MIN_COVERAGE
        ]
        if not covered:
            return Verdict(False, "the closest passages do not cover what the question asks")
        return Verdict(True, "", tuple(covered))
    answering = tuple(e for e in focused if tied(question, e.text, context_of(e)))
    if answering:
        return Verdict(True, "", answering)
    return Verdict(False, _near_miss(question, focused[0]))


def _foreign(question: Question, stats: TermStats) -> bool:
    """Written in a non-Latin script and sharing no word with the articles: the word rules cannot read it."""
    letters = [c for c in question.original if c.isalpha()]
    other_script = sum(ord(c) > LATIN_LAST for c in letters) > len(letters) / 2
    terms = question.query_terms or question.terms
    return other_script and not any(stats.known(t) for t in terms)


def _near_miss(question: Question, closest: Evidence) -> str:
    said = closest.text if len(closest.text) <= REASON_CHARS else closest.text[: REASON_CHARS - 1].rstrip() + "…"
    asked = question.attribute or {"date": "a date", "number": "a number"}.get(question.kind, f"the {question.kind}")
    about = question.entity or "it"
    return f"the articles mention {about} but not {asked}; the closest passage says: “{said}”"
