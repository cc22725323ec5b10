"""Spot versions of the same fact that differ between articles.

Two sentences are versions of one fact only when both state the question's focus, both carry the
asked predicate (the same event for a date, the same counted thing for a number, the same speaker and
overlapping wording for a quote), they come from different articles, and their values differ. An
arrival and a departure are two facts; two different quotes by two people are two facts.

For a date or a number the anchor names every name of the question and a version names those the anchor
names (the same predicate with other parties is another event); dates told relative to the report ("last
year") are not compared. For a quote the asked speaker (the question's subject) must be the one quoted
(an agency quoting someone is not the speaker); renderings are compared quote by quote, and two sharing a
single word must also say alike what it is said of. A rendering scoring far below the best sentence
still counts when it says most of what its anchor says of the question.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date

from qa.answer import Evidence
from qa.answerability import context_of, states_focus
from qa.asked import asks_label, labels, speaker, speakers, tied, values, widen
from qa.lexicon import related, related_in
from qa.question import Question, party_noun
from qa.text import TermStats, content_terms, stem, stopwords, words

# Share of the best evidence score a sentence needs to anchor versions (and, for a date or a number, to be
# one): below it, a date or number more often belongs to another fact.
RELEVANCE_RATIO = 0.8
# Versions shown at most: the articles rarely give more than three readings of one fact.
MAX_VERSIONS = 3
# Two renderings of one quote share at least this share of the shorter one's words.
SAME_QUOTE_OVERLAP = 0.3
# Renderings sharing at least this many quoted words are one quote whatever the sentences around them say
# ("consistent and unwavering support" / "systematic and unwavering support"); with fewer, the sentences
# must share a word outside the quotes as well (``_setting``).
SAME_QUOTE_WORDS = 2
# A quoted span (straight or curly quotes) and a capitalised word (a name, or a sentence's first word).
_QUOTE_SPAN = re.compile(r"[“\"‘][^”\"’]*[”\"’]")
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w’'-]*")


def seeks_versions(question: Question) -> bool:
    """Is the question one whose answer may have versions: one date, number, quote or name of one fact?"""
    if question.kind not in ("date", "number", "quote"):
        return False
    if question.several and question.kind != "quote":
        # Several values asked for ("in which years") are several items, not versions of one. Quotes are
        # exempt: "what words did she use" asks for a wording in the plural, and two renderings of one quote
        # are told from two quotes by their speaker and shared words (``_same_fact``), not by the question.
        return False
    # A measure is stated with units and roundings that differ without disagreeing.
    return not (question.kind == "number" and question.measure)


def find_versions(
    question: Question, evidence: list[Evidence], stats: TermStats, pool: Sequence[Evidence] = ()
) -> list[Evidence]:
    """Top sentences, one per distinct value, when articles disagree on the asked fact; else [].

    ``pool``: more candidate sentences, best first, searched for other names of an asked thing beyond the
    evidence (a name is checked strictly: the head noun, words shared with another name, neither within
    the other), so another article's name for it counts even when its sentence scores lower.
    """
    if not seeks_versions(question) or not evidence:
        return []
    best = evidence[0].score
    if asks_label(question):
        leading = [e for e in evidence if e.score >= best * RELEVANCE_RATIO]
        shown = {(e.doc_id, e.start) for e in leading}
        return _label_versions(question, [*leading, *(e for e in pool if (e.doc_id, e.start) not in shown)], stats)
    candidates: list[tuple[Evidence, frozenset[str]]] = []
    relevant = 0  # candidates from the relevant sentences: the possible anchors
    # Anchors are the relevant sentences (the evidence leads, up to the first below the ratio). A competing
    # version of a quote may come from any evidence sentence: another article's rendering may score far
    # below the best one for wording the question does not share ("a new era" / "a new heyday"), and the
    # speaker and shared words still tell it from another quote. A date or number below the ratio is more
    # often another fact's ("at the time, the two ..." for "how many times").
    anchors = next((i for i, item in enumerate(evidence) if item.score < best * RELEVANCE_RATIO), len(evidence))
    searched = evidence if question.kind == "quote" else evidence[:anchors]
    for at, item in enumerate(searched):
        if not _on_focus(question, item, stats) or not tied(question, item.text, context_of(item)):
            continue
        found = _comparable(question, values(question, item.text))
        if found:
            candidates.append((item, found))
        if at < anchors:
            relevant = len(candidates)
    year = _usual_year(evidence) if question.kind == "date" else None
    checked: dict[int, frozenset[str]] = {}  # pool sentences looked at: their comparable values, or none
    # The best-scoring sentence that has a competing version of its own fact anchors the answer. A date or a
    # number anchors only in a sentence naming every name of the question: "when did Lee visit Oslo" is not
    # answered by the date of Lee's visit to Lima, whose versions would be another event's.
    for at, anchor in enumerate(candidates[:relevant]):
        if not _names_all(question, anchor[0]):
            continue
        versions = [anchor]
        for later, (item, found) in enumerate(candidates[at + 1 :], start=at + 1):
            if any(
                item.doc_id == other.doc_id or found <= seen or seen <= found or _same_day(found, seen, year)
                for other, seen in versions
            ):
                continue
            if later >= relevant and not asked_alike(question, anchor[0], item):
                continue
            if _same_fact(question, anchor[0], item):
                versions.append((item, found))
            if len(versions) == MAX_VERSIONS:
                break
        if len(versions) < MAX_VERSIONS and pool:
            versions += _other_articles(question, anchor[0], versions, pool, stats, year, checked)
        if len(versions) >= 2:
            return [item for item, _ in versions[:MAX_VERSIONS]]
    return []


def _other_articles(
    question: Question,
    anchor: Evidence,
    versions: list[tuple[Evidence, frozenset[str]]],
    pool: Sequence[Evidence],
    stats: TermStats,
    year: int | None,
    checked: dict[int, frozenset[str]],
) -> list[tuple[Evidence, frozenset[str]]]:
    """Each other article's own version of the anchor's fact, from candidate sentences beyond the evidence.

    An article's version is its best-scoring candidate that says most of what the anchor says of the
    question (``asked_alike``) and speaks of the same fact (``_same_fact``). When that sentence gives a
    value already shown (or the same day), the article agrees: a lower sentence of it with another value
    is more likely another fact's than a second reading of this one.
    """
    # Versions this far from the best score are looked for only from an anchor naming every name of the
    # question itself, not in the sentence before: a version then names them all too (``_same_names``), and
    # a sentence leaning on the one before may be on another event ("her last visit there was in 2000",
    # after a paragraph on someone else's trip).
    if question.kind != "quote" and not all(_names(name, anchor.text) for name in question.names):
        return []
    settled = {item.doc_id for item, _ in versions}
    added: list[tuple[Evidence, frozenset[str]]] = []
    for item in pool:
        if item.doc_id in settled or not asked_alike(question, anchor, item):
            continue
        found = _candidate_values(question, item, stats, checked)
        if not found or not _same_fact(question, anchor, item):
            continue
        settled.add(item.doc_id)  # this article's own sentence on the fact: its only say
        shown = [*versions, *added]
        if any(found <= seen or seen <= found or _same_day(found, seen, year) for _, seen in shown):
            continue
        added.append((item, found))
        if len(shown) + 1 >= MAX_VERSIONS:
            break
    return added


def _candidate_values(
    question: Question, item: Evidence, stats: TermStats, checked: dict[int, frozenset[str]]
) -> frozenset[str]:
    """The comparable values of a sentence stating the question's focus, tied to its predicate; else none.
    Each sentence is looked at once per question (``checked``): the focus checks are the costly part."""
    if id(item) not in checked:
        found = _comparable(question, values(question, item.text))
        if found and (not _on_focus(question, item, stats) or not tied(question, item.text, context_of(item))):
            found = frozenset()
        checked[id(item)] = found
    return checked[id(item)]


def _on_focus(question: Question, item: Evidence, stats: TermStats) -> bool:
    """Does the sentence speak of the question's focus? For words asked of a named person ("how did Lee Min-ho
    describe ..."), a sentence in which that person speaks does, however the report shortens the name ("Lee
    said ...", "Min-ho called ..."): the focus rule wants half the name's words."""
    if states_focus(question, item, stats):
        return True
    if question.kind != "quote":
        return False
    person = _quoted_person(question)
    return bool(person) and bool(_speaking(item.text) & person)


# A version scoring below the relevance ratio must hold at least this share of the question's words that
# the anchor holds: "how did Kim describe his country" is answered by "a new era in his country's
# relations", not by "relations would enter a new heyday", Kim's words on another thing. Two thirds lets
# one word of three go unsaid ("enter" in "speak of a new era in relations").
BELOW_RATIO_SHARE = 2 / 3


def asked_alike(question: Question, anchor: Evidence, item: Evidence) -> bool:
    """Does ``item`` say most of the question's words that ``anchor`` says (each with the sentence before)?"""
    asked = set(question.terms)
    said = asked & set(content_terms(context_of(anchor) + " " + anchor.text))
    also = said & set(content_terms(context_of(item) + " " + item.text))
    return len(also) >= BELOW_RATIO_SHARE * len(said)


def _same_fact(question: Question, a: Evidence, b: Evidence) -> bool:
    """Do two sentences speak of the same fact: the same predicate, and for a quote the same speaker and words?"""
    terms_a = set(content_terms(context_of(a) + " " + a.text))
    terms_b = set(content_terms(context_of(b) + " " + b.text))
    # The same predicate, in the question's own word: a word standing in for it ("trip" for "visit") would
    # join different events (a first visit and this one). A quote is recognised by its speaker and
    # wording instead: the asked word is how the question names it ("describe", "words"), which the
    # reports need not use.
    predicate = set(question.attribute_terms)
    if question.kind != "quote" and not _same_names(question, a, b):
        return False
    if question.kind == "number":
        # Two counts of one thing may name it differently ("4,000 people" / "4,500 residents").
        counted = widen(predicate)
        return not predicate or bool(counted & terms_a and counted & terms_b)
    if question.kind != "quote":
        return not predicate or bool(predicate & terms_a and predicate & terms_b)
    # The person whose words are asked ("what did Lee say ...") must be named by both; without one, any
    # name of the question will do ("how did the mayor of Porto describe ...").
    asked_speakers = _quoted_person(question) or {w for name in question.names for w in name.lower().split()}
    speakers_a = speakers(context_of(a) + " " + a.text)
    speakers_b = speakers(context_of(b) + " " + b.text)
    if asked_speakers and not (asked_speakers & speakers_a and asked_speakers & speakers_b):
        return False
    # Words asked of someone described and not named ("the league's spokesman", written in lower case too):
    # each rendering must be by someone so described, not another person's words on the same topic.
    if not asked_speakers and not _by_described(question, a, b):
        return False
    # Two people quoted are two quotes, however alike their words ("a new level" / "a new heyday").
    said_a, said_b = _speaking(a.text), _speaking(b.text)
    person = _quoted_person(question)
    if person and any(_named(said, text) and not said & person for said, text in ((said_a, a.text), (said_b, b.text))):
        return False  # someone else named as speaking: not the asked person's words
    if said_a and said_b and not said_a & said_b:
        return False
    # Quote by quote: a sentence quoting several phrases is not one long quote ("equality and mutual respect"
    # is not a rendering of "alternative trade and mutual settlement" plus "an equal security architecture").
    quotes_a = [set(content_terms(v)) for v in values(question, a.text)]
    quotes_b = [set(content_terms(v)) for v in values(question, b.text)]
    setting = bool(_setting(a.text) & _setting(b.text))
    return any(_one_quote(qa, qb, setting) for qa in quotes_a for qb in quotes_b if qa and qb)


def _by_described(question: Question, a: Evidence, b: Evidence) -> bool:
    """Are both renderings by the kind of person the question describes ("spokesman")? One must say the role,
    in its word, a synonym or a related one, with the sentence before; the other must say it too or be by the
    same named speaker ("Coach Ann Lee said ..." / "Lee called ..."). "He told ..." after another person's
    words, or two quotes of someone never so described, are not the spokesman's. True when the question
    describes nobody, or anybody ("the officials")."""
    described = [w for w in question.query_words if party_noun(w) and w not in _ANYONE]
    if not described:
        return True
    fits = [_says_role(described, item) for item in (a, b)]
    return all(fits) or (any(fits) and bool(_speaking(a.text) & _speaking(b.text)))


# Person nouns that describe anyone: a quote "of the officials" is not held to a role word.
_ANYONE = frozenset(("person", "people", "man", "woman", "men", "women", "official", "officials", "member", "members"))


def _says_role(described: list[str], item: Evidence) -> bool:
    text = context_of(item) + " " + item.text
    said = set(content_terms(text))
    plain = [w for w in dict.fromkeys(words(text)) if w not in stopwords()]
    return any(widen({stem(w)}) & said or related_in(w, plain) for w in described)


def _one_quote(quoted_a: set[str], quoted_b: set[str], setting: bool) -> bool:
    """Are two quoted phrases renderings of one: enough words in common, and with a single one in common
    ("a new heyday" / "a new era"; but also "a new level" / "a new document"), the sentences around them
    saying alike what the words are about (``setting``)?"""
    shared = quoted_a & quoted_b
    if len(shared) < SAME_QUOTE_OVERLAP * min(len(quoted_a), len(quoted_b)):
        return False
    return len(shared) >= SAME_QUOTE_WORDS or setting


def _setting(text: str) -> set[str]:
    """Content terms of a sentence outside its quotes, names left out: what the quoted words are said of."""
    plain = _QUOTE_SPAN.sub(" ", text)
    names = {t for m in _CAPITALISED_RUN.finditer(plain) for t in content_terms(m.group())}
    return set(content_terms(plain)) - names


# Letters a name shares with its other forms ("Russia" / "Russian" / "Russia's", "Korea" / "Korean").
NAME_STEM = 4


def _same_names(question: Question, anchor: Evidence, item: Evidence) -> bool:
    """Does ``item`` name each name of the question that ``anchor`` names? The same predicate with other
    parties is another event: "Lee's visit to Oslo in May" and "Park's visit to Lima in 2019" are two
    visits, not two dates of one."""
    # The sentences themselves: the one before may name the parties of another event (the history of a
    # country's relations before "Lee's last visit there was in 2000").
    return all(_names(name, item.text) for name in question.names if _names(name, anchor.text))


def _names_all(question: Question, item: Evidence) -> bool:
    """Does the sentence (with the one before) name each name of the question? For a quote, the quoted
    person is left to the speaker checks (a report may call Lee "the minister"), and half the other names
    will do: they say what or whom the words were for ("what words did Lee use for Park"), and a report
    of words to Park about Norway may leave Norway unsaid."""
    around = context_of(item) + " " + item.text
    if question.kind != "quote":
        return all(_names(name, around) for name in question.names)
    person = _quoted_person(question)
    others = [name for name in question.names if {w.lower() for w in name.split()} != person]
    return sum(_names(name, around) for name in others) * 2 >= len(others)


def _names(name: str, text: str) -> bool:
    """Does ``text`` name ``name``: half its words in any form ("Russian" for "Russia"), or for a one-word
    name a name standing for it (a capital for its country: "Tokyo" for "Japan", "Pyongyang" for "Korea")?"""
    capitalised = [m.group() for m in _CAPITALISED_RUN.finditer(text)]
    said = {w[:NAME_STEM] for c in capitalised for w in words(c)}
    stems = {w[:NAME_STEM] for w in words(name)}
    if len(stems & said) * 2 >= len(stems):
        return True
    return len(stems) == 1 and any(related(name, c) for c in capitalised)


def _quoted_person(question: Question) -> set[str]:
    """The words of the name the question asks the words of: the subject after the auxiliary ("what did Lee
    say about Porto"), else its focus when that is one of its names and not the owner of someone unnamed
    ("Lee" in "how did Lee describe it", not "Porto" in "what did Porto's mayor say")."""
    for name in question.names:
        if re.search(rf"\b(?:{_SUBJECT_AUXILIARIES})\s+{re.escape(name)}\b(?!['’])", question.original, re.I):
            return {w.lower() for w in name.split()}
    entity = question.entity
    if entity not in question.names or re.search(rf"\b{re.escape(entity)}['’]s?\b", question.original):
        return set()
    return {w.lower() for w in entity.split()}


# Auxiliaries a question puts before its subject ("what did Lee say", "how has Lee described").
_SUBJECT_AUXILIARIES = "did|does|do|has|have|had|would|will|was|is"
# "The agency quoted Lee as saying": the name after "quoted" speaks, not the one before it.
_QUOTING = re.compile(r"\bquot(?:ed|es|ing)\s+((?:[A-Z][\w’'-]*\s?)+)")


def _speaking(text: str) -> frozenset[str]:
    """Who says the sentence's quote, as lower-case words: the one an agency quotes, else the speaker."""
    quoting = _QUOTING.search(text)
    if quoting:
        return frozenset(w.lower() for w in quoting.group(1).split())
    return speaker(text)


def _named(said: frozenset[str], text: str) -> bool:
    """Is the speaker a name (capitalised in the sentence: "Lee said"), not a role ("the coach said")?"""
    found = [re.search(rf"\b{re.escape(w)}\b", text, re.I) for w in said]
    return bool(said) and all(m is not None and m.group()[:1].isupper() for m in found)


# Words before the head noun for a label to read as a name ("strategic partnership" agreement), not one
# adjective describing the thing ("new" agreement).
MIN_LABEL_WORDS = 2


def _label_versions(question: Question, evidence: list[Evidence], stats: TermStats) -> list[Evidence]:
    """Articles naming the asked thing differently ("the comprehensive partnership agreement" / "the global
    strategic partnership agreement"): one sentence per name that neither holds the other's words. A name
    with fewer words of another ("the strategic partnership agreement") is the same name said shorter."""
    named: list[tuple[Evidence, frozenset[str]]] = []
    for item in evidence:
        if not states_focus(question, item, stats):
            continue
        for label in labels(question, item.text):
            if len(label) >= MIN_LABEL_WORDS:
                named.append((item, label))
    # The fullest names first: a shorter one within a fuller one is not another version.
    named.sort(key=lambda pair: -len(pair[1]))
    versions: list[tuple[Evidence, frozenset[str]]] = []
    for item, label in named:
        if any(label <= seen or item.doc_id == other.doc_id for other, seen in versions):
            continue
        if any(seen <= label for _, seen in versions):
            continue
        # Two renderings of one name share part of it ("comprehensive partnership" / "global strategic
        # partnership"); labels with nothing in common describe the thing, they don't name it twice.
        if versions and not any(seen & label for _, seen in versions):
            continue
        versions.append((item, label))
        if len(versions) == MAX_VERSIONS:
            break
    if len(versions) < 2:
        return []
    order = {id(e): i for i, e in enumerate(evidence)}
    return [item for item, _ in sorted(versions, key=lambda pair: order[id(pair[0])])]


# Dates told relative to when the report was written ("last year", "in 24 years", "today"): the same day
# or year may read differently in two reports, so such a date is neither a version nor the anchor of one.
_RELATIVE = re.compile(r"(?:last|next|this|previous|same) \w+|(?:in|since|for) .+|ago|today|yesterday|tomorrow|tonight")


def _comparable(question: Question, found: frozenset[str]) -> frozenset[str]:
    """The values that can be compared across reports: a date's relative expressions left out, and for a
    question asking the year ("in which year ...") a date naming none ("in September" is no other year)."""
    if question.kind != "date":
        return found
    return frozenset(v for v in found if not _RELATIVE.fullmatch(v) and (not question.asks_year or _YEAR.search(v)))


_WEEKDAYS = [d.lower() for d in calendar.day_name]
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _usual_year(evidence: list[Evidence]) -> int | None:
    """The year the evidence speaks of most: a date given without its year is most likely in it."""
    years = Counter(int(y) for e in evidence for y in _YEAR.findall(e.text))
    return years.most_common(1)[0][0] if years else None


def _weekdays(found: frozenset[str], year: int | None) -> set[str]:
    """The weekdays a set of date values names, by name or by a calendar day in ``year``."""
    days = {v for v in found if v in _WEEKDAYS}
    years = [int(v) for v in found if _YEAR.fullmatch(v)]
    when = years[0] if years else year
    for value in found:
        parts = re.sub(r"(\d+)(?:st|nd|rd|th)\b", r"\1", value).split()
        month = next((_MONTHS[p] for p in parts if p in _MONTHS), None)
        day = next((int(p) for p in parts if p.isdigit()), None)
        if month and day and when:
            try:
                days.add(_WEEKDAYS[date(when, month, day).weekday()])
            except ValueError:
                continue
    return days


def _same_day(a: frozenset[str], b: frozenset[str], year: int | None) -> bool:
    """A weekday and a calendar date of the same day are one version ("Wednesday" / "June 19" in 2024)."""
    days_a, days_b = _weekdays(a, year), _weekdays(b, year)
    return bool(days_a) and days_a == days_b
