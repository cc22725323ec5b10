"""Is the answer in the articles? Decided from the evidence before any text is written.

Checks, each general and explainable:
1. the best evidence scores above a threshold;
2. every name the question relies on occurs somewhere in the indexed articles;
3. some evidence sentence (or a sentence with the one before it) states the focus of the question;
4. when a value is asked for (a date, a number, a name, a quote), that sentence holds one tied to
   the asked thing — a number counting or measuring it, a date with the asked event, a name in the
   asked role. The entity without the attribute is a near miss: abstain, and say what the articles
   do say about it;
5. an answering sentence is close in meaning to the question (``CLOSENESS_FLOOR``): one the word rules
   pass but far from the question in meaning is about something else it mentions.

An instruction inside a question gets no special treatment: its words are searched like any others,
and it is answered only if the evidence answers it by these rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from qa.answer import Evidence
from qa.asked import light_verbs, of_nationality, tied, transfer_said, widen
from qa.evidence import DENSE_CHANCE, leans_on_previous
from qa.lexicon import related_in, spelled_alike
from qa.places import countries_of, country_of_code
from qa.question import Question, looks_verb, relative_times, role_noun
from qa.roles import Roles, aliased, described, descriptions, in_like_role, learn, of_another_party
from qa.text import TermStats, content_terms, possessive_base, stem, stopwords, undotted, words

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
# Closeness of meaning (``Evidence.closeness``: cosine above the embedder's chance, rescaled to 0..1) from
# which a sentence that states the focus says the asked attribute or role in other words ("voiced concern"
# for "worried"). Measured on dev with e5: the sentences holding an answer have median 0.57 (cosine 0.88),
# the closest sentence to an unanswerable question median 0.50 (0.86); this is the upper third of answers.
PARAPHRASE_CLOSENESS = 0.6
# Quoted in a near-miss reason; longer sentences are cut.
REASON_CHARS = 160
# Least closeness of meaning (``Evidence.closeness``) of a sentence that answers, for each embedder whose
# closeness is measured (``DENSE_CHANCE`` in qa/evidence.py); an embedder not listed has no floor. Below it
# a sentence that passes the word rules is most likely not about what is asked (a sentence merely listing a
# concert, for who performed at it). Calibrated on the tuning file (404 dev items, held-back batches aside)
# by eval/calibrate_closeness.py: the 253 evidence sentences holding an item's gold facts have closeness
# p1 0.234, p3 0.272, p5 0.300, p10 0.328, least 0.190; the leads of the 9 unanswerable questions the word
# rules answer 0.10-0.12 (2), 0.28-0.49 (7). The floor is the value with at most 0.5% of the true answer
# sentences below it (0.2117: 1 of 253), rounded down: of the 283 items answered with no floor it turns 2
# unanswerable and 1 answerable (answered wrongly) to abstentions, and changes the lead of 2 (same facts).
# At most 3% below (0.271) would also refuse 8 answerable items answered rightly, 1% (0.232) 3.
CLOSENESS_FLOOR = {"multilingual-e5-small-q4": 0.21}


def vocabulary(text: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(text.split())


@dataclass(frozen=True)
class Verdict:
    answerable: bool
    reason: str
    answering: tuple[Evidence, ...] = ()  # the evidence sentences that answer, best first


def unknown_names(question: Question, stats: TermStats, evidence: Sequence[Evidence] = ()) -> list[str]:
    """Names of the question that no indexed chunk contains, in this spelling or another.

    A word of a name missing from the index may be another spelling of a name the evidence uses
    ("Kiev" for "Kyiv", "Jong Un" for "Jong-un") or a name standing for one it uses (a capital for its
    country: "Tokyo" for "Japan"); then the articles do mention it.
    """
    found = {
        m.group() for e in evidence for t in (e.text, context_of(e)) for m in _CAPITALISED_WORD.finditer(undotted(t))
    }
    around = found | {part for word in found for part in word.split("-") if part}  # "Jong-un" holds "un"
    written = [undotted(t) for e in evidence for t in (e.text, context_of(e)) if t]
    abbreviated = {w.lower() for n in question.names for w in _abbreviations(n) if abbreviates(w, written)}
    missing = []
    for name in question.names:
        if name in question.aside_names:
            continue
        parts = [w for w in words(name.replace("-", " ")) if w not in stopwords()]
        # "Viet Nam", "Pyong Yang": a name spelled in parts that the articles write as one word.
        if len(parts) > 1 and stats.known(stem("".join(parts))):
            continue
        # A nationality word is said by its country in the evidence ("Italian" by "Italy").
        nations = {w.lower() for w in name.split() if NATIONALITY.match(w) and of_nationality(w, " ".join(found))}
        unknown = [w for w in parts if not stats.known(stem(w.strip("'-"))) and w not in nations]
        # "the Russian Federation", "the Republic of Ghana", "Chairman Kim", "the Paris Climate Treaty": a word
        # naming the kind of state, a title or the kind of document or event is not needed when the name's own
        # word is known ("Russian" / "Russia", "Kim", "Paris").
        if len(unknown) < len(parts):
            unknown = [w for w in unknown if w not in _STATE_WORDS | _KIND_WORDS and not role_noun(w)]
        # "NK", "RU": an abbreviation of a name the evidence writes in full ("North Korea", "Russia").
        unknown = [w for w in unknown if w not in abbreviated]
        # "Kiev" for "Kyiv": another spelling; "Tokyo" for "Japan": a city standing for its country (a gazetteer
        # says which; word vectors do not: they put "Zelensky" beside "Jens" and "Kumsusan" beside "Kim").
        unknown = [w for w in unknown if not any(spelled_alike(w, c) for c in around)]
        if unknown and not _city_of_country_said(name, unknown, written):
            missing.append(name)
    return missing


def _city_of_country_said(name: str, unknown: list[str], texts: Sequence[str]) -> bool:
    """Is the name (or each of its unknown words) a city of a country the texts name ("Tokyo": "Japan")?"""
    joined = " ".join(texts)

    def said(place: str) -> bool:
        return any(_country_said(c, joined) for c in countries_of(place))

    return said(name) or all(said(w) for w in unknown)


_CAPITALISED_WORD = re.compile(r"\b[A-Z][\w’'\-]+")
# Words naming the kind of a state or a place inside its name; the distinctive word names it alone.
_STATE_WORDS = vocabulary(
    "federation republic kingdom union state states emirates commonwealth principality islands island city"
)
# Words of a title ("Supreme Leader", "Deputy Prime Minister") beside the role nouns, and words naming the
# kind of document or event a name is given to ("the Lisbon Treaty", "the Asia Tour"): the name's own words
# name it alone.
_KIND_WORDS = vocabulary(
    """supreme deputy vice acting chief senior grand prime first comrade honourable honorable
    treaty treaties agreement accord accords pact charter convention protocol summit conference talks tour
    visit trip war"""
)
# An abbreviation a user writes for a name: two to five capitals ("NK", "DPRK", "UKR"; "N.K." once undotted).
_ABBREVIATION = re.compile(r"[A-Z]{2,5}")
# An abbreviation of this many letters may be the first letters of one name ("UKR" for "Ukraine", "GER" for
# "Germany", as sports tables write them); a two-letter start matches another name too often ("UK" is no
# "Ukraine": two-letter codes are read as ISO codes, ``country_of_code``), and a longer abbreviation is made of
# initials ("DPRK").
PREFIX_LETTERS = 3
# Small words a name's initials leave out ("Democratic People's Republic of Korea": DPRK).
_INITIALS_SKIP = vocabulary("of the and for on in at de du la le")
# A word of a text as the initials read it: words apart at hyphens, with a possessive kept on.
_INITIALS_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")


def _abbreviations(name: str) -> list[str]:
    """The words of a name written as an abbreviation ("NK" of "NK", "UKR" of "UKR Army", "RU" and "NK" of
    "RU-NK")."""
    return [w for w in re.split(r"[\s\-–/+]+", undotted(name)) if _ABBREVIATION.fullmatch(w)]


def abbreviates(token: str, texts: Sequence[str]) -> bool:
    """Does the all-capitals ``token`` abbreviate a name the texts (sentences) write: the initials of a run of
    capitalised words, small words left out ("NK": "North Korea", "DPRK": "Democratic People's Republic of
    Korea"), a country's ISO code ("RU": "Russia", "UKR": "Ukraine"), or, when it has ``PREFIX_LETTERS``
    letters, the start of one name ("GER": "Germany")? A lone word counts as a name where some text
    capitalises it after its first word: a sentence's opener is capitalised by position ("Unlike", "Using"
    are no "UN", "US")."""
    if not _ABBREVIATION.fullmatch(token):
        return False
    found = [_INITIALS_WORD.findall(t) for t in texts]
    size = len(token)
    country = country_of_code(token)
    if country and any(re.search(rf"\b{re.escape(country)}\b", t) for t in texts):
        return True
    if size == PREFIX_LETTERS:
        names = {possessive_base(w) for ws in found for w in ws[1:] if w[0].isupper()}
        if any(len(n) > size and n.upper().startswith(token) for n in names):
            return True
    for sentence in found:
        for at, word in enumerate(sentence):
            if word[0] != token[0]:
                continue
            letters, i = 0, at
            while letters < size and i < len(sentence):
                here = sentence[i]
                if here[0].isupper() and here[0] == token[letters]:
                    letters += 1
                elif letters == 0 or here.lower() not in _INITIALS_SKIP:
                    break
                i += 1
            if letters == size:
                return True
    return False


def context_of(item: Evidence) -> str:
    return item.before.text if item.before is not None else ""


def paraphrased(item: Evidence) -> bool:
    """The sentence is close enough in meaning to the question to say its words in other words."""
    return item.closeness >= PARAPHRASE_CLOSENESS


def states_focus(question: Question, item: Evidence, stats: TermStats, roles: Roles | None = None) -> bool:
    """The sentence (with the one before it) names the focus, or covers most of the question's own words.

    A named focus needs half its words, and the thing of it that is asked about ("X's artillery ammunition")
    its head noun or a paraphrase; a described focus ("the glass footbridge") needs its head noun. Without
    the named focus, a sentence covering the question's words must also be close in meaning: otherwise its
    value most likely belongs to another entity (a growth rate of another country for a population).

    A person or body the question describes ("the Pentagon spokesman") is named by a sentence naming the one
    the articles give that role (``roles``, learned from the candidate sentences; from this one when None).
    """
    around = set(content_terms(_without_contrast(context_of(item) + " " + item.text)))
    around |= _described_terms(question, item, roles) | _nationality_terms(question, item)
    entity = content_terms(question.entity)
    if not entity:
        return coverage(question, around, stats) >= MIN_COVERAGE
    named = [t for n in question.names if _of_focus(n, question) for t in content_terms(n)]
    # A name's words count where the sentence writes them as a name: "people" in "25 million people" does not
    # say "the Great People's Hall".
    as_names = _name_terms(_without_contrast(context_of(item) + " " + item.text)) | _described_terms(
        question, item, roles
    )
    said = as_names | _standing_for(question, item) | _nation_said(question, item) | _abbreviation_said(question, item)
    if named and len(set(named) & said) * 2 >= len(set(named)):
        described = [t for t in entity if t not in named]
        return not described or _says_head(question, around, item) or paraphrased(item)
    # A question asking for several things may name one focus for each ("which X and which Y").
    if question.several and any(set(content_terms(n)) <= around for n in question.names if not _of_focus(n, question)):
        return True
    if not named and _says_head(question, around, item):
        return True
    if coverage(question, around, stats) < FOCUS_COVERAGE:
        return False
    # The named focus is missing: the sentence may describe it in other words, or speak of another entity.
    # That matters for a number or a date the name owns ("Hanoi's population", "does Hanoi have"), not when
    # the name only places or qualifies the asked thing ("the hotel in Pyongyang", "the Pyongyang hotel"),
    # nor for a name asked in a role, where the named one is another party ("who is courting Vietnam").
    described = [t for t in entity if t not in named]
    return (
        not named
        or question.kind not in ("number", "date")
        or not _name_owns(question)
        or paraphrased(item)
        or bool(described and _says_head(question, around, item) and not _owned_by_name_after_of(question))
    )


# Openers that point at what the sentence before said, not at a person in it ("he", "she").
_DEMONSTRATIVES = vocabulary("this that these those such")


def _names_focus(question: Question, text: str) -> bool:
    """Does the text write half the words of the focus's names as names, in their own words (not a capital
    standing for its country)?"""
    named = {t for n in question.names if _of_focus(n, question) for t in content_terms(n)}
    return bool(named) and len(named & _name_terms(_without_contrast(text))) * 2 >= len(named)


def _name_terms(text: str) -> set[str]:
    """Terms of the capitalised words of a text: the words it writes as (parts of) names."""
    return {t for m in _CAPITALISED_WORD.finditer(text) for t in content_terms(possessive_base(m.group()))}


def _described_terms(question: Question, item: Evidence, roles: Roles | None) -> set[str]:
    """Terms of the question's descriptions ("Pentagon spokesman") that the sentence says by naming the one
    the articles describe so ("Ryder" of "Pentagon spokesperson Pat Ryder")."""
    asked = descriptions(question)
    if not asked and not question.names:
        return set()
    text = context_of(item) + " " + item.text
    known = roles if roles is not None else learn([item.text, context_of(item)])
    said = described(question, text, known)
    # A name said by its acronym, or an acronym by its name ("EFAS" / "European Flood Awareness System").
    also = {t for name in aliased(question, text, known) for t in content_terms(name)}
    return also | {t for name, head in asked if name in said for t in content_terms(f"{name} {head}")}


def _nationality_terms(question: Question, item: Evidence) -> set[str]:
    """Terms of the question's nationality words that the sentence (with the one before) says by the country
    or its short form ("American" by "the U.S.", "Italian" by "Italy")."""
    text = context_of(item) + " " + item.text
    found = {w for w in re.findall(r"[A-Z][a-z]+", question.original) if NATIONALITY.match(w)}
    return {t for w in found if of_nationality(w, text) for t in content_terms(w)}


def _nation_said(question: Question, item: Evidence) -> set[str]:
    """Terms of the focus's names said another way: a nationality word by its country ("Russian Federation" by
    "Russia"), and a word naming the kind of state ("Federation", "Republic") by the name's other words."""
    text = context_of(item) + " " + item.text
    around = set(content_terms(text))
    said: set[str] = set()
    for name in (n for n in question.names if _of_focus(n, question)):
        parts = name.split()
        # The name's other words must be there as they are: "South Korean" is not said by "North Korea".
        others = [w for w in parts if not NATIONALITY.match(w) and w.lower() not in _STATE_WORDS]
        if not all(set(content_terms(w)) <= around for w in others):
            continue
        nations = [w for w in parts if NATIONALITY.match(w) and of_nationality(w, text)]
        said |= {t for w in nations for t in content_terms(w)}
        if nations:
            said |= {t for w in parts if w.lower() in _STATE_WORDS for t in content_terms(w)}
    return said


# A nationality word: "Russian", "Korean", "Japanese", "Turkish", "Dutch", "French".
NATIONALITY = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish|ican|tch|nch)$")


def _owned_by_name_after_of(question: Question) -> bool:
    """The focus is a thing of a name ("the coastline of Turkey"): said without the name, it is another's."""
    return any(re.search(rf"\bof\s+(?:the\s+)?{re.escape(n)}\b", question.entity) for n in question.names)


def _country_said(country: str, text: str) -> bool:
    """Does the text name the country, or a word made from its name ("Russian", "Korean", "Japanese")?"""
    return bool(re.search(rf"\b{re.escape(country.rstrip('aeiouy') or country)}", text))


def _measured_owner(name: str, text: str) -> bool:
    """Is the name written as the owner of what is counted or measured ("Oslo's workforce", "the population
    of Oslo", "people in Oslo", "does Gdansk have") rather than as the one acting ("Tehran is accused of
    supplying", "Pyongyang delivered")?"""
    escaped = re.escape(name)
    if re.search(rf"\b{escaped}['’]s?\b|\b(?:of|in)\s+(?:the\s+)?{escaped}\b", text):
        return True
    found = re.search(rf"\b{escaped}\b", text)
    if found is None:
        return True
    after = [w.lower() for w in words(text[found.end() :])]
    verb = next((w for w in after if w not in _AUXILIARIES), "")
    return not verb or verb in _HAVING_VERBS or not looks_verb(verb)


# Verbs saying what a place has, not what it does: its count or measure is its own.
_HAVING_VERBS = vocabulary("have has had own owns count counts hold holds house houses host hosts number numbers")


def _standing_for(question: Question, item: Evidence) -> set[str]:
    """Terms of the focus's names that the sentence (with the one before) says by a name standing for them:
    a capital or another city for its country ("Pyongyang" for "North Korea", "Paris" for "France"), in
    either direction, as the gazetteer places the city."""
    text = item.text + " " + context_of(item)
    found = {m.group() for m in _CAPITALISED_WORD.finditer(text)}
    said: set[str] = set()
    for name in (n for n in question.names if _of_focus(n, question)):
        if question.kind == "number" and _measured_owner(name, question.original):
            # A count or a measure of a city is not its country's ("Oslo's workforce" is no "Norway's
            # workforce"): a city stands for its country as an actor ("Pyongyang delivered"), not as a place.
            continue
        # The name a city of a country the sentence names, or the country of a city it names.
        if any(_country_said(c, text) for c in countries_of(name)) or any(
            name in countries_of(possessive_base(c)) for c in found
        ):
            said |= set(content_terms(name))
    return said


def _abbreviation_said(question: Question, item: Evidence) -> set[str]:
    """Terms of the focus's names written as abbreviations that the sentence (with the one before) writes in
    full ("NK" by "North Korea", "GER" by "Germany")."""
    texts = [undotted(t) for t in (context_of(item), item.text) if t]
    return {
        t
        for n in question.names
        if _of_focus(n, question)
        for w in _abbreviations(n)
        if abbreviates(w, texts)
        for t in content_terms(w)
    }


def _says_head(question: Question, around: set[str], item: Evidence) -> bool:
    """The sentence (with the one before) says the head noun of the described focus, in its word, a synonym,
    or a word related in meaning ("rode" for "ride", "growth" for "expand"), and half the focus's words."""
    name_words = {w for n in question.names for w in words(n)}
    described = [w for w in words(question.entity) if w not in stopwords() and w not in name_words]
    if not described:
        return False
    head = described[-1]
    text = context_of(item) + " " + item.text
    if widen({stem(head.strip("'-"))}) & around:
        said = 1
    else:
        if not related_in(head, (w for w in dict.fromkeys(words(text)) if w not in stopwords())):
            return False
        said = 1
    # A nationality describing the focus ("the Portuguese leg of the tour") is said by its country too.
    nations = {w.lower() for w in _CAPITALISED_WORD.findall(question.entity) if NATIONALITY.match(w)}
    # A focus of several words needs half of them: "house" alone is not "the state guest house".
    said += sum(
        1 for w in described[:-1] if widen({stem(w.strip("'-"))}) & around or (w in nations and of_nationality(w, text))
    )
    return said * 2 >= len(described)


# A name set against the one the sentence speaks of ("Unlike X, Y grew by 6%") is not what it speaks of.
_CONTRAST = re.compile(
    r"\b(?:unlike|compared\s+(?:with|to)|in\s+contrast\s+to|as\s+opposed\s+to|rather\s+than)\s+"
    r"(?:the\s+)?[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*",
    re.I,
)


def _without_contrast(text: str) -> str:
    return _CONTRAST.sub(" ", text)


_PLACING = re.compile(r"\b(?:in|at|to|from|on|near|over|across|into|inside|outside|around|during)\s+(?:the\s+)?$", re.I)


def _name_owns(question: Question) -> bool:
    """Is a name of the focus its owner (possessive, "of X", the subject) rather than a place or modifier?"""
    text = question.original
    for name in (n for n in question.names if _of_focus(n, question)):
        found = _written(name, text)
        if found is None:
            continue
        at, end = found.start(), found.end()
        after = words(text[end:])[:1]
        placed = _PLACING.search(text[:at])
        modifies = (
            bool(after)
            and not text[end:].startswith(("'", "’"))
            and after[0] not in stopwords()
            and not looks_verb(after[0])
        )
        if not placed and not modifies:
            return True
    return False


def _of_focus(name: str, question: Question) -> bool:
    """Is the name part of the focus, as the focus writes it ("Ann's Bakery" holds the name "Ann Bakery")?"""
    return name in question.entity or _written(name, question.entity) is not None


def _written(name: str, text: str) -> re.Match[str] | None:
    """Where the question writes a name, a possessive inside it allowed ("the People's Hall" for "People Hall")."""
    parts = [re.escape(w) for w in name.split()]
    return re.search(r"(?:['’]s)?\s+".join(parts), text) if parts else None


def says_attribute(question: Question, item: Evidence) -> bool:
    """Does the sentence (with the one before) say the asked attribute or act, in its words or related ones?

    Only for an attribute the question marks as a property (``Question.attribute_stated``): "what colour
    was the car" needs a colour or the word; "what was served at the dinner" needs serving or a word
    near it; the entity alone is a near miss. A class noun ("what vehicle did they ride") is answered
    by an instance (a limousine) and is not checked; neither are other kinds of question, a light verb
    ("what happened"), or a sentence close in meaning to the question.
    """
    head = _attribute_head(question)
    if not head or paraphrased(item):
        return True
    text = context_of(item) + " " + item.text
    if widen({stem(head)}) & set(content_terms(text)):
        return True
    if _PROPERTY_VALUES.get(head, frozenset()) & set(words(text)):
        return True
    return related_in(head, (w for w in dict.fromkeys(words(text)) if w not in stopwords()))


def asked_sort(question: Question) -> str:
    """The class noun whose sort the question asks ("engine" of "which type of engine"); "" when none."""
    if question.kind != "other" or not question.attribute:
        return ""
    noun = question.attribute.split()[0]
    asked = list(question.query_words)
    at = asked.index(noun) if noun in asked else -1
    return noun if at > 0 and asked[at - 1] in _SORT_NOUNS else ""


# Nouns asking for a sort of the noun after them ("which type of engine", "what kind of scarcity").
_SORT_NOUNS = vocabulary("sort sorts kind kinds type types variety varieties")


def says_sort(question: Question, item: Evidence) -> bool:
    """The sentence (with the one before) says the class whose sort is asked, in its word, a synonym or a
    related one ("diesel engine", "motor"); True when no sort is asked."""
    noun = asked_sort(question)
    if not noun:
        return True
    text = context_of(item) + " " + item.text
    if widen({stem(noun)}) & set(content_terms(text)):
        return True
    return related_in(noun, (w for w in dict.fromkeys(words(text)) if w not in stopwords()))


# Values that say a property without its word: a colour is said by "red", not by "colour". Word vectors place
# most colour words below RELATED_IN_SENTENCE from "colour" (0.22-0.30 with WordLlama), so they are listed.
_COLOURS = vocabulary(
    """red orange yellow green blue purple violet pink brown black white grey gray silver gold golden beige
    maroon navy turquoise scarlet crimson"""
)
_SHAPES = vocabulary("round square circular rectangular triangular oval spherical cylindrical flat")
_PROPERTY_VALUES = {"colour": _COLOURS, "color": _COLOURS, "colours": _COLOURS, "colors": _COLOURS, "shape": _SHAPES}


def _attribute_head(question: Question) -> str:
    """The word naming what a "what ..." question asks of its entity; "" when it asks for a value kind."""
    if question.kind != "other" or not question.attribute or not question.attribute_stated:
        return ""
    head = question.attribute.split()[-1]
    return "" if stem(head) in light_verbs() or head in stopwords() else head


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


def closeness_floor(embedder: str) -> float:
    """The least closeness of an answering sentence for this embedder; 0 (no floor) for one whose closeness
    is not measured: its sentences all have closeness 0, which says nothing of their meaning."""
    return CLOSENESS_FLOOR.get(embedder, 0.0) if embedder in DENSE_CHANCE else 0.0


def _clipped(text: str) -> str:
    """A passage quoted in a reason: cut at ``REASON_CHARS``."""
    return text if len(text) <= REASON_CHARS else text[: REASON_CHARS - 1].rstrip() + "…"


def judge(
    question: Question, evidence: list[Evidence], stats: TermStats, threshold: float, floor: float = 0.0
) -> Verdict:
    """Answerable or not, and the sentences that answer, best first.

    ``floor``: the least closeness of meaning (``Evidence.closeness``) of an answering sentence
    (``closeness_floor``); 0 applies none. A sentence below it passed the word rules on words alone.
    """
    if not evidence or evidence[0].score < threshold:
        return Verdict(False, "no passage is close enough to the question")
    if _foreign(question, stats):
        # No word of the question occurs in any article: another language than the articles'. The word
        # rules below (names, focus, tied values) cannot read it; closeness of meaning alone decides,
        # as the evidence step already scored it (see DENSE_CHANCE in qa/evidence.py).
        return Verdict(True, "", tuple(e for e in evidence if e.score >= threshold))
    return above_floor(_by_words(question, evidence, stats, threshold), floor)


def above_floor(verdict: Verdict, floor: float) -> Verdict:
    """The verdict without its answering sentences below the closeness ``floor``; an abstention when none is
    left. A sentence the word rules pass (it names the focus, holds a value of the asked kind) but far in
    meaning from the question is about something else it mentions: a question on who played at a concert is
    not answered by a sentence listing the concert among the year's events."""
    if not verdict.answerable or floor <= 0.0 or not verdict.answering:
        return verdict
    kept = tuple(e for e in verdict.answering if e.closeness >= floor)
    if kept:
        return Verdict(True, verdict.reason, kept)
    return Verdict(False, f"the closest passage, “{_clipped(verdict.answering[0].text)}”, is not about what is asked")


def _by_words(question: Question, evidence: list[Evidence], stats: TermStats, threshold: float) -> Verdict:
    """The word rules of the module docstring, for evidence whose best sentence passes the threshold."""
    if not question.asks:
        return Verdict(False, "this is an instruction, not a question the articles could answer")
    missing = unknown_names(question, stats, evidence)
    if missing:
        return Verdict(False, f"the articles never mention {', '.join(missing)}")
    close = [e for e in evidence if e.score >= max(threshold, evidence[0].score * WINDOW)][:MAX_EXAMINED]
    # A question of several joined parts is about each part's focus: a sentence may answer any one of them.
    askings = (question, *question.parts)
    # Who is who, as the candidate sentences say it ("Pentagon spokesperson Pat Ryder").
    roles = learn(t for e in evidence for t in (e.text, context_of(e)))
    # A line that is no sentence (a byline, "<Name> WhatsApp Channel") states nothing about anyone.
    focused = [e for e in close if statement(e.text) and any(states_focus(q, e, stats, roles) for q in askings)]
    if not focused:
        return Verdict(False, "no passage states what the question is about")
    # "How did the Japanese government react": a passage about no Japanese party speaks of another one.
    national = [
        e for e in focused if all(of_nationality(n, context_of(e) + " " + e.text) for n in question.nationalities)
    ]
    if not national:
        said = focused[0].text if len(focused[0].text) <= REASON_CHARS else focused[0].text[: REASON_CHARS - 1] + "…"
        nations = ", ".join(question.nationalities)
        return Verdict(False, f"the closest passages speak of no {nations} party; the closest says: “{said}”")
    focused = national
    if question.private:
        # "What does she privately think": only a report of what was said or done in private answers it.
        private = [e for e in focused if _SAID_IN_PRIVATE.search(context_of(e) + " " + e.text)]
        if not private:
            return Verdict(False, "the closest passages report nothing said or done in private")
        focused = private
    if not question.asks_value:
        covered = [
            e
            for e in focused
            if coverage(question, set(content_terms(context_of(e) + " " + e.text)), stats) >= MIN_COVERAGE
        ]
        if not covered:
            return Verdict(False, "the closest passages do not cover what the question asks")
        saying = [e for e in covered if any(says_attribute(q, e) for q in askings) and _in_relative_times(question, e)]
        if not saying:
            return Verdict(False, _near_miss(question, covered[0]))
        # "What did Ann give Bo": a giving by Ann to Bo, not one by Bo to Ann nor the exchange alone.
        if question.transfer and not any(_gives(askings, e) for e in saying):
            return Verdict(False, _no_transfer(question, saying[0]))
        saying = [e for e in saying if _gives(askings, e)]
        # "Which type of engine": a sort is named with its class ("a diesel engine"); no examined sentence
        # saying the class, in its word or a related one, names none.
        if not any(says_sort(q, e) for q in askings for e in close):
            return Verdict(False, _near_miss(question, covered[0]))
        return Verdict(True, "", _described_first(question, saying, roles))
    # Tied literally, or (the asked role or event said in other words) a value of the asked kind in a
    # sentence close in meaning to the question.
    answering = tuple(
        e
        for e in focused
        if any(
            tied(q, e.text, context_of(e)) or (paraphrased(e) and tied(q, e.text, context_of(e), loose=True))
            for q in askings
        )
    )
    if not answering and question.kind == "number":
        # "... a country of just over 33 million people. This is the case with Ghana.": a sentence
        # opening with a demonstrative that names the focus itself says the number before is the focus's.
        answering = tuple(
            e
            for e in focused
            if e.before is not None
            and words(e.text)[:1] in ([d] for d in _DEMONSTRATIVES)
            and leans_on_previous(e)
            and _names_focus(question, e.text)
            and tied(question, e.before.text, e.text)
        )
    # "Which ministers from X's cabinet": a minister the articles title as another nation's is another party's.
    if (
        question.role_owner
        and answering
        and all(of_another_party(question, context_of(e) + " " + e.text, roles) for e in answering)
    ):
        return Verdict(False, f"the closest passages name no one in that role for {question.role_owner}")
    answering = tuple(e for e in answering if not of_another_party(question, context_of(e) + " " + e.text, roles))
    if question.transfer and answering and not any(_gives(askings, e) for e in answering):
        return Verdict(False, _no_transfer(question, answering[0]))
    answering = tuple(e for e in answering if _gives(askings, e))
    # A year the question names ("their 2019 meeting") is a constraint: a value of another year is another's;
    # so is a time said relative to now ("last year"): a value of "this year" is another year's.
    dated = tuple(e for e in answering if _in_years(question, e) and _in_relative_times(question, e))
    if answering and not dated:
        years = ", ".join((*question.years, *question.relative_times))
        return Verdict(False, f"the closest passages do not speak of {years}; {_near_miss(question, answering[0])}")
    if question.upcoming:
        # "When will the bridge reopen": a date of what already happened is not the date of what is to come.
        dated = tuple(e for e in dated if _AHEAD.search(e.text))
        if answering and not dated:
            return Verdict(
                False, f"the closest passages date nothing still to come; {_near_miss(question, answering[0])}"
            )
    if question.asks_year:
        # "In which year ...": the sentences naming a year lead those giving only a day, a month or a span.
        dated = (*(e for e in dated if _A_YEAR.search(e.text)), *(e for e in dated if not _A_YEAR.search(e.text)))
    if dated:
        return Verdict(True, "", _described_first(question, dated, roles))
    return Verdict(False, _near_miss(question, focused[0]))


# A calendar year written out ("in 2000", "1998").
_A_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")


# What a report says of something kept from the public: said in private, secretly, behind closed doors.
_SAID_IN_PRIVATE = re.compile(
    r"\b(?:private(?:ly)?|secret(?:ly)?|confidential(?:ly)?|confided|closed[- ]doors?|off\s+the\s+record|"
    r"behind\s+the\s+scenes)\b",
    re.I,
)
# A sentence placing an event ahead: a future tense or a plan ("will reopen", "is due", "plans to", "next").
_AHEAD = re.compile(
    r"\b(?:will|shall|'ll|next|upcoming|forthcoming|planned|plans?|scheduled|expect(?:s|ed)?|due|set\s+to|"
    r"(?:is|are)\s+to|later\s+this|to\s+be\s+held|coming|intends?|aims?\s+to)\b",
    re.I,
)
# Forms of "be", "have" and the modals: verbs of a sentence that ``looks_verb`` does not read as verbs.
_AUXILIARIES = vocabulary(
    "is are was were be been being am has have had will would can could may might must shall should"
)


def statement(text: str) -> bool:
    """Is the line a sentence or a headline: ending as a sentence, holding a verb, or capitalised words joined
    by lower-case ones ("Mayor Seeks Allies in the North")? A run of capitalised words alone, without a verb,
    is page furniture ("<Name> WhatsApp Channel", "Read More"): it names things and states nothing."""
    if text.rstrip().endswith((".", "!", "?", "”", '"', "’", "'", ":")):
        return True
    found = re.findall(r"[A-Za-z]+", text)
    return any(w.islower() for w in found) or any(w.lower() in _AUXILIARIES or looks_verb(w.lower()) for w in found)


def _described_first(question: Question, items: Sequence[Evidence], roles: Roles) -> tuple[Evidence, ...]:
    """The answering sentences that name only another in a role like the described one (another spokesman
    than "the Pentagon spokesman"), and neither the described one nor the description itself, go behind the
    others; otherwise the order is kept (the described one may be named in most sentences: ordering by it
    would only undo the ranking)."""
    if not descriptions(question):
        return tuple(items)
    asked = [set(content_terms(f"{name} {head}")) for name, head in descriptions(question)]

    def other_only(item: Evidence) -> bool:
        text = context_of(item) + " " + item.text
        return (
            in_like_role(question, text, roles)
            and not described(question, text, roles)
            # The description in its own words ("the Russian president") names the one described.
            and not any(terms <= set(content_terms(item.text)) for terms in asked)
        )

    others = [e for e in items if other_only(e)]
    return (*(e for e in items if e not in others), *others)


def _in_years(question: Question, item: Evidence) -> bool:
    """The sentence (or the one before) names a year of the question, or the question names none."""
    text = context_of(item) + " " + item.text
    return not question.years or any(year in text for year in question.years)


def _in_relative_times(question: Question, item: Evidence) -> bool:
    """The sentence (or the one before) says no other time of a unit the question places relative to now: a
    question about "last year" is not answered by a sentence about "this year" or "next year". A sentence
    that places nothing relative to now may speak of any time (a year by its number, a date) and is kept."""
    if not question.relative_times:
        return True
    said = set(relative_times(context_of(item) + " " + item.text))
    for asked in question.relative_times:
        unit = asked.split()[-1]
        others = {t for t in said if t.split()[-1] == unit}
        if others and asked not in others:
            return False
    return True


def _foreign(question: Question, stats: TermStats) -> bool:
    """Written in a non-Latin script and sharing no word with the articles: the word rules cannot read it."""
    letters = [c for c in question.original if c.isalpha()]
    other_script = sum(ord(c) > LATIN_LAST for c in letters) > len(letters) / 2
    terms = question.query_terms or question.terms
    return other_script and not any(stats.known(t) for t in terms)


def _gives(askings: Sequence[Question], item: Evidence) -> bool:
    """The sentence says the giving asked, in its direction, or answers a joined part that asks none (of "what
    does X give Y, and what does it hold back", the second part); the whole question when it has no parts."""
    parts = askings[1:] or askings
    return any(transfer_said(q, item.text) for q in parts)


def _no_transfer(question: Question, closest: Evidence) -> str:
    said = _clipped(closest.text)
    giver, receiver = question.transfer
    return f"no passage says what {giver} gave {receiver}; the closest passage says: “{said}”"


def _near_miss(question: Question, closest: Evidence) -> str:
    said = _clipped(closest.text)
    asked = question.attribute or {"date": "a date", "number": "a number"}.get(question.kind, f"the {question.kind}")
    about = question.entity or "it"
    return f"the articles mention {about} but not {asked}; the closest passage says: “{said}”"
