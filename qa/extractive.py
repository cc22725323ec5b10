"""The no-generator answer: the best evidence sentences, verbatim, each citing itself."""

from __future__ import annotations

from collections.abc import Sequence

from qa.answer import Evidence
from qa.asked import values, widen
from qa.citations import AnswerSentence
from qa.conflicts import asked_alike
from qa.evidence import MIN_PART_TERMS, leans_on_previous, own_terms
from qa.question import Question
from qa.text import content_terms, heading

# The lead and the best-scoring sentence are shown whatever their scores (``_leads``); a later sentence
# needs this share of the best score, unless it continues a sentence shown (``_continues``).
SECOND_SENTENCE_RATIO = 0.85
# For a question with several parts a later sentence may score lower, if it adds parts not yet covered.
SEVERAL_SENTENCE_RATIO = 0.7
NEAR_DUPLICATE = 0.6
# Another article's answer is looked for only when the lead says at least this many of the question's own
# words: with fewer (a follow-up, "which areas does it cover?") nothing tells that two sentences answer alike.
MIN_SHARED_TERMS = 2


def extractive_sentences(
    question: Question,
    evidence: list[Evidence],
    max_sentences: int,
    versions: list[Evidence] | None = None,
    answering: Sequence[Evidence] = (),
    part_leads: Sequence[Evidence] = (),
) -> list[AnswerSentence]:
    """Sentences for the answer: the competing ``versions`` when sources disagree, else the best evidence.

    ``evidence`` comes with the answering sentences ahead; after the lead (and the best-scoring sentence) the
    rest are taken by score, those holding a value of the asked kind first; a sentence that leans on the one
    before it ("It is 84 metres long") brings that sentence along, cited to its own passage.

    ``answering``: the sentences the answerability rules found answering; with room left in the answer,
    another article's own answer among them is shown beside the lead's (``_article_picks``), even when it
    adds no word of the question the answer does not already say.

    ``part_leads``: for a question joined from several, each part's own answering sentence (found by searching
    the part alone and judging it as a question of its own); they follow the lead, so that every part gets
    its answer.
    """
    if versions:
        return [AnswerSentence(text=v.text, sources=(v,)) for v in versions]
    ratio = SEVERAL_SENTENCE_RATIO if question.several else SECOND_SENTENCE_RATIO
    leads = _leads(evidence)
    leads[1:1] = [p for p in part_leads if not _among(p, leads)]
    leads += [pick for pick in _part_picks(question, evidence, leads) if not _among(pick, leads)]
    # After the leads, the rest by score, not in the order given: that order puts every sentence the
    # answerability rules pass first, some only because a common word of the question sits near a value,
    # ahead of a higher-scoring sentence that holds the answer in other words. For a question asking a
    # date, number or quote, the sentences holding one stay ahead (``values`` is empty for other kinds).
    # Dev, 244 items without the held-back batch: facts 131 -> 132 of 178, source precision +0.012, answers 0.03
    # sentence shorter (eval/results/choice-issue8.md).
    # A heading ("A Historic Visit") names a topic and states no fact: it may lead an answer the rules chose
    # it for, never follow one (nor lead by score alone, ``_leads``).
    rest = [e for e in evidence if not _among(e, leads) and not heading(e.text)]
    evidence = [*leads, *sorted(rest, key=lambda e: (not values(question, e.text), -e.score))]
    top = max((e.score for e in evidence), default=0.0)
    chosen: list[Evidence] = []
    covered: set[str] = set()
    shown: frozenset[str] = frozenset()  # values of the asked kind already in the answer ("2019", "2023")
    asked = set(question.terms)
    for item in evidence:
        if len(chosen) >= max(max_sentences, len(part_leads) + 1):
            break
        if not _among(item, leads) and item.score < top * ratio and not _continues(item, chosen):
            break
        found = values(question, item.text)
        new_values = question.several and not found <= shown
        if not new_values and any(_overlap(item.text, c.text) >= NEAR_DUPLICATE for c in chosen):
            continue
        terms = set(content_terms(item.text)) & asked
        if chosen and question.several and terms <= covered and not new_values and not _among(item, part_leads):
            continue  # adds no part of the question, and no asked value, that the answer doesn't already hold
        covered |= terms
        shown |= found
        if leans_on_previous(item) and item.before is not None and not _same(item.before, chosen):
            chosen.append(item.before.model_copy(update={"score": item.score}))
        chosen.append(item)
    # Room left: each other article's own answer, if the answer shows none of it yet.
    for item in _article_picks(question, answering, chosen, top * ratio)[: max_sentences - len(chosen)]:
        if not any(_overlap(item.text, c.text) >= NEAR_DUPLICATE for c in chosen):
            chosen.append(item)
    return [AnswerSentence(text=c.text, sources=(c,)) for c in chosen]


def _leads(evidence: list[Evidence]) -> list[Evidence]:
    """The lead (first given: it answers by the answerability rules), then the best-scoring sentence if another.

    The rules that pick the lead read the question's words literally; the evidence score also weighs
    meaning, so a sentence it ranks above the lead is the other likeliest answer.
    """
    if not evidence:
        return []
    best = max((e for e in evidence if not heading(e.text)), key=lambda e: e.score, default=evidence[0])
    return [evidence[0]] if best.score <= evidence[0].score else [evidence[0], best]


def _article_picks(
    question: Question, answering: Sequence[Evidence], chosen: list[Evidence], floor: float
) -> list[Evidence]:
    """Each other article's own answer: for each article none of the ``chosen`` sentences comes from, its
    best answering sentence scoring at least ``floor`` that says most of what the lead (the first chosen)
    says of the question (``asked_alike``).

    Two reports often answer one question in their own words, and each may hold what the other leaves out
    ("fined for tax fraud" / "fined over illegal dumping"): when they disagree both must be shown, and a
    reader cannot tell from one alone. Such a sentence may add no question word the lead lacks (a question
    asking for "grounds" skips those); it is shown all the same. A question joined from several is left
    to its parts' own picks; a lead saying fewer than ``MIN_SHARED_TERMS`` question words gives no measure.
    """
    if not chosen or not answering or question.parts or len(_said(question, chosen[0])) < MIN_SHARED_TERMS:
        return []
    shown = {c.doc_id for c in chosen}
    picks: list[Evidence] = []
    for item in answering:
        if item.doc_id in shown or item.score < floor:
            continue
        if not asked_alike(question, chosen[0], item):
            continue
        shown.add(item.doc_id)
        picks.append(item)
    return picks


def _said(question: Question, item: Evidence) -> set[str]:
    """The question's own words the sentence says."""
    return set(question.terms) & set(content_terms(item.text))


def _part_picks(question: Question, evidence: list[Evidence], leads: list[Evidence]) -> list[Evidence]:
    """For a question joined from several, the sentence that best covers each part's own words, when no
    lead covers them as well; shown whatever its score, so that every part gets its answer."""
    picks: list[Evidence] = []
    own = [(p, own_terms(question, p)) for p in question.parts]
    for part, terms in own:
        if len(terms) < MIN_PART_TERMS:
            continue

        def share(item: Evidence, part: Question = part, terms: set[str] = terms) -> float:
            """Share of the part's own words the sentence says, itself or by a synonym ("landed" / "arrived"),
            counting a value of the kind the part asks for ("at what hour": "2.45") as one more word."""
            said = set(content_terms(item.text))
            found = sum(1 for t in terms if t in said or widen({t}) & said)
            if not part.asks_value:
                return found / len(terms)
            return (found + bool(values(part, item.text))) / (len(terms) + 1)

        pick = max(evidence, key=lambda e: (share(e), e.score), default=None)
        if pick is None or share(pick) == 0.0 or any(share(c) >= share(pick) for c in [*leads, *picks]):
            continue
        picks.append(pick)
    return picks


def _among(item: Evidence, items: Sequence[Evidence]) -> bool:
    """Is this very sentence object one of ``items`` (by identity: equal copies of a sentence are others)?"""
    return any(item is other for other in items)


def _continues(item: Evidence, chosen: list[Evidence]) -> bool:
    """Does the sentence go on from one already shown, pointing back at it ("He called it reckless.")? It
    finishes what that sentence began, so it is shown whatever its score (one more fact on dev, answers
    0.02 sentence longer on average: eval/results/recall-issue8.md)."""
    return leans_on_previous(item) and item.before is not None and _same(item.before, chosen)


def _same(item: Evidence, chosen: list[Evidence]) -> bool:
    return any((c.doc_id, c.start) == (item.doc_id, item.start) for c in chosen)


def _overlap(a: str, b: str) -> float:
    terms_a, terms_b = set(content_terms(a)), set(content_terms(b))
    if not terms_a or not terms_b:
        return 0.0
    return len(terms_a & terms_b) / min(len(terms_a), len(terms_b))
