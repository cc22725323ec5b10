"""Does a text hold a value of the kind a question asks for, tied to what it asks about?

"Tied" is the point: a number counts or measures the asked thing (a "two-day" visit is not a count
of people, a growth rate is not a population), a date goes with the asked event, a name fills the
asked role. Each check reads the ``Question`` analysed once; nothing here re-parses the question.
"""

from __future__ import annotations

import re

from qa.lexicon import related_in
from qa.question import GIVING_VERBS, RECEIVING_VERBS, TITLE_NOUNS, Question, looks_verb, role_noun
from qa.roles import fills_role, learn_text
from qa.text import content_terms, possessive_base, stem, stopwords, words


def _vocabulary(words: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(words.split())


_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_NUMBER_WORD = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|"
    r"billions?|dozens?|half|a third|a quarter|once|twice|thrice|pairs?|couple|trio|quartet"
)
# A month, with its day when given ("June 19", "19 June", "June 19th"); capitalised, so that the verb
# "may" is not the month.
_CALENDAR_DAY = rf"(?:\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b|\b{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?\b)?)"
_DATE = re.compile(
    rf"(?-i:\b{_WEEKDAY}\b|{_CALENDAR_DAY})|\b(?:1[5-9]|20)\d\d\b|\b\d{{1,2}}[.:]\d{{2}}\b|\b\d{{1,2}}\s*(?:a\.m\.|p\.m\.|(?:am|pm)\b)"
    r"|\b(?:midnight|dawn|noon|morning|afternoon|evening|night|today|yesterday|tomorrow|tonight)\b"
    r"|\b(?:last|next|this|previous|same)\s+(?:year|month|week|day|decade|spring|summer|autumn|fall|winter)\b"
    r"|\b(?:in|since|for)\s+(?:the\s+)?(?:past\s+|last\s+)?\w+\s+(?:years?|decades?|months?)\b|\b\d{4}s\b|\bago\b",
    re.I,
)
# A number as written: digits (with separators and decimals) or a number word, with an optional scale.
# "a year", "an hour", "a dozen": the article is the number one of a unit of time or a dozen.
_ONE_UNIT = r"an?(?=\s+(?:year|decade|century|month|fortnight|week|day|hour|minute|second|dozen)\b)"
_NUMBER = re.compile(
    rf"(?<![\w.])(?:\d[\d,]*(?:\.\d+)?|(?:{_NUMBER_WORD})(?![A-Za-z])|{_ONE_UNIT})(?:[\s-]+(?:{_NUMBER_WORD}|million|billion|trillion)(?![A-Za-z]))*"
    r"(?:\s*(?:%|per\s*cent|percent))?",
    re.I,
)
_YEAR = re.compile(r"^(?:1[5-9]|20)\d\d$")
# A time of day: "2.45", "14:30", "9 a.m.", "at noon", "in the morning", "o'clock".
_CLOCK = re.compile(
    r"\b\d{1,2}[.:]\d{2}\b|\b\d{1,2}\s*(?:a\.m\.|p\.m\.|(?:am|pm)\b)|o[’']clock|\b(?:midnight|noon|midday|dawn|dusk)\b"
    r"|\b(?:in|during|on)\s+the\s+(?:early\s+|late\s+)?(?:morning|afternoon|evening|night)\b|\bat\s+night\b",
    re.I,
)
_QUOTED = re.compile(r"[“\"‘'][^”\"’']{3,}[”\"’']|[“”]")
# Two capitalised words in a row, or one word introduced as a name ("a zebra named Pippa"): a lone
# capitalised word alone would be any place or sentence start, and say nothing about a name.
_FULL_NAME = re.compile(
    r"\b[A-Z][a-z’'\-]+(?:\s+(?:[A-Z][a-z’'\-]+|[A-Z]\.))+\b"
    r"|\b(?:named|called|nicknamed|dubbed|christened|known as|name (?:is|was))\s+[“\"‘']?[A-Z][a-z]+\b"
)
_CAPITALISED = re.compile(r"\b(?:[A-Z][a-z’'\-]{1,}|[A-Z]{2,})\b")
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|called|calls|described|describes|declared|wrote|added|stated|warned|"
    r"according to|quoted|noted|insisted|pledged|promised|vowed)\b",
    re.I,
)
# Units that say what dimension a number measures; a measure question needs a number of its dimension.
_UNITS: dict[str, str] = {
    "length": r"(?:kilo|centi|milli)?met(?:re|er)s?|km|m|miles?|feet|foot|ft|inches|yards?|long|wide|tall|high|deep",
    "height": r"(?:kilo|centi)?met(?:re|er)s?|m|feet|foot|ft|storeys?|stories|floors?|tall|high",
    "depth": r"(?:kilo)?met(?:re|er)s?|m|feet|foot|ft|deep",
    "width": r"(?:kilo)?met(?:re|er)s?|m|feet|foot|ft|wide",
    "distance": r"(?:kilo)?met(?:re|er)s?|km|miles?|feet|away",
    "duration": r"seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|nights?",
    "age": r"years?\s+old|years?|aged|age",
    "size": r"square|sq|hectares?|acres?|km2|km²|(?:kilo)?met(?:re|er)s?|miles?|times|percent|%|per\s*cent",
    "weight": r"(?:kilo)?grams?|kg|tonnes?|tons?|pounds?|lbs?",
    "speed": r"km/h|mph|kph|knots|per\s+(?:hour|second|year)|%|percent|per\s*cent|times",
    "frequency": r"times|a\s+(?:year|month|week|day)|per\s+\w+|every|annually",
}
_MONEY = r"\$|€|£|¥|dollars?|euros?|pounds?|rubles?|roubles?|yuan|yen|won|rupees?|usd|eur|million|billion|trillion"
_SHARE = r"%|percent|per\s*cent|share|half|third|quarter|fraction|proportion"
_MONEY_ATTRIBUTES = frozenset(
    [
        "price",
        "prices",
        "cost",
        "costs",
        "value",
        "worth",
        "amount",
        "budget",
        "salary",
        "wage",
        "wages",
        "revenue",
        "profit",
        "sales",
        "fine",
        "fee",
        "fees",
        "debt",
        "valuation",
        "turnover",
        "income",
        "spending",
        "investment",
        "toll",
    ]
)
_SHARE_ATTRIBUTES = _vocabulary("share percentage percent proportion fraction rate growth inflation")
# Verbs that carry no event of their own ("when did it take place", "what happened"): the event is elsewhere.
_LIGHT_VERBS = _vocabulary(
    "take took happen happened occur occurred go went get got make made do did have had come came"
)
# Words that name the same attribute or event, so that "population" finds "inhabitants" and "leave" finds
# "departed". General English synonymy, kept small: a group joins words that stand in for each other.
_SYNONYMS: tuple[frozenset[str], ...] = tuple(
    frozenset(stem(w) for w in _vocabulary(group))
    for group in (
        "population people inhabitants residents citizens",
        "leave left depart departed departure exit",
        "arrive arrived arrival land landed reach reached",
        "sign signed signing conclude concluded ink inked",
        "treaty treaties pact pacts agreement agreements accord accords",
        "defence defense defences defenses",
        "floor floors storey storeys story stories",
        "visit visited trip travel travelled traveled tour",
        "die died dead killed deaths death",
        "cost price priced worth value valued paid pay",
        "workers employees staff labourers laborers",
        "spokesman spokeswoman spokesperson",
        "company companies firm firms business businesses corporation",
        "lead led leader run ran rule ruled ruler govern governed head headed",
        "say said says voice voiced state stated remark remarked comment commented",
        "worry worried concern concerned alarm alarmed",
        "army armies military troops forces soldiers",
        "country countries nation nations",
        "earth planet world globe",
        "land surface territory area",
        "replace replaces replaced supersede supersedes superseded",
        "begin began start started launch launched open opened",
        "end ended finish finished close closed",
    )
)
# Words that give a piece of writing its title: "headlined", "entitled", "under the title", "its headline".
_TITLING = re.compile(r"\b(?:headlines?|headlined|titles?|titled|entitled|captioned|captions?)\b", re.I)
# How far (in words) a number may sit from the noun it counts: "25 million people", "a population of 25 million".
_COUNT_AFTER = 4
_COUNT_BEFORE = 6


def _window(text: str, start: int, end: int, before: int, after: int) -> tuple[list[str], list[str]]:
    return words(text[:start])[-before:] if before else [], words(text[end:])[:after]


def numbers_in(text: str) -> list[re.Match[str]]:
    """Number mentions that are not years (a year is a date, not a count or a measure)."""
    return [m for m in _NUMBER.finditer(text) if m.group().strip() and not _YEAR.match(m.group().strip())]


def _unit_after(text: str, match: re.Match[str]) -> str:
    """The word a number is glued to ("two-day" → "day") or the word right after it."""
    rest = text[match.end() :]
    glued = re.match(r"-([A-Za-z]+)", rest)
    if glued:
        return glued.group(1).lower()
    following = words(rest)[:1]
    return following[0] if following else ""


def _stems(items: list[str]) -> set[str]:
    return {stem(w) for w in items}


def widen(terms: frozenset[str] | set[str]) -> set[str]:
    """Terms with their synonyms."""
    wide = set(terms)
    for group in _SYNONYMS:
        if group & wide:
            wide |= group
    return wide


def counted_number(question: Question, text: str) -> bool:
    """A number that counts the asked thing: the counted noun (or the attribute) sits next to the number."""
    # The counted noun even when it is a word too common to search by ("how many articles", "how many times").
    targets = widen(question.attribute_terms or frozenset(stem(w) for w in words(question.attribute)))
    # "the head count of the city's population", "the total of its exports": a noun of quantity counts the
    # thing it is of, which the sentence names instead ("2.1 million inhabitants ... population").
    # Only a bare noun of quantity ("a shirt number" is a thing of its own) of a common noun (not of a name).
    named = {w for name in question.names for w in words(name)}
    owned = [w for w in words(question.entity) if w not in named]
    if question.attribute in _QUANTITY_NOUNS and owned:
        targets |= widen({stem(owned[-1].strip("'’"))})
    if not targets:
        return bool(numbers_in(text))
    # "a tripartite pact", "bilateral talks": the word says how many parties take part, which answers
    # "how many countries / sides / members" and nothing else.
    if targets & _PARTY_NOUNS and _PARTY_COUNT.search(text):
        return True
    if targets == {"time"} and re.search(r"\b(?:once|twice|thrice)\b|\b\w+\s+times\b", text, re.I):
        return True  # "how many times": a frequency is the count
    for match in numbers_in(text):
        unit = _unit_after(text, match)
        if text[match.end() : match.end() + 1] == "-" and stem(unit) not in targets:
            continue  # "a two-day visit": the number describes the visit, it doesn't count the asked thing
        if match.group().lower() in ("a", "an") and stem(unit) not in targets:
            continue  # "for a year, the army ...": one unit of time measures a span, it counts no soldiers
        before, after = _window(text, match.start(), match.end(), _COUNT_BEFORE, _COUNT_AFTER)
        if _stems(after) & targets:
            return True
        # "two heads of state": a number right before a noun counts that noun, not one named before it.
        following = after[:1]
        if following and following[0] not in stopwords() and not looks_verb(following[0]):
            continue
        if _stems(before) & targets:
            return True
    return False


# Adjectives that count the parties to a meeting or a pact: two ("bilateral", "bipartite"), three
# ("trilateral", "tripartite"), four ("quadrilateral", "quadripartite").
_PARTY_COUNT = re.compile(r"\b(?:bi|tri|quadri)(?:lateral|partite)\b", re.I)
# Nouns for the parties such a word counts.
_PARTY_NOUNS = frozenset(
    stem(w) for w in _vocabulary("country nation state party side government leader member participant delegation")
)


# Nouns that name a quantity of something else rather than a thing counted.
_QUANTITY_NOUNS = frozenset(("count", "number", "total", "tally", "figure", "headcount"))


# A start that tells how long a state has lasted: "since 2019", "since last June", "since March 3".
_SINCE_DATE = re.compile(
    rf"\bsince\s+(?:(?:early|late|mid|the\s+end\s+of|the\s+start\s+of)\s+)?"
    rf"(?:(?-i:{_CALENDAR_DAY})|(?:1[5-9]|20)\d\d\b|(?:last|the\s+previous)\s+(?:year|month|week|(?-i:{_MONTH})))",
    re.I,
)


# How far before a number its unit may start ("aged 19", "US$ 5", "€5").
UNIT_BEFORE_CHARS = 8


def measured_number(question: Question, text: str) -> bool:
    """A number of the asked dimension: a length in metres, a price in money, a share in percent."""
    head = question.attribute.split()[-1] if question.attribute else ""
    if head in _MONEY_ATTRIBUTES or head == "amount":
        unit = _MONEY
    elif head in _SHARE_ATTRIBUTES:
        unit = _SHARE
    else:
        unit = _UNITS.get(head, "")
    found = numbers_in(text)
    if head == "frequency" and re.search(r"\b(?:once|twice|thrice)\b", text, re.I):
        return True  # "how often": the number word is itself the frequency
    if head == "duration" and _SINCE_DATE.search(text):
        return True  # "how long has it been shut": "shut since March 2021" tells it by its start
    if not unit:
        return bool(found) and (
            not question.attribute_terms or bool(widen(question.attribute_terms) & set(content_terms(text)))
        )
    pattern = re.compile(rf"^(?:\s|-)*(?:{unit})\b|^(?:\s|-)*(?:{unit})", re.I)
    # A unit before the number: a currency sign ("$5") or a word ("aged 19"), ending where the number starts.
    before_pattern = re.compile(rf"(?:^|(?<=\W))(?:{unit})\s*$", re.I)
    for match in found:
        if _measures_another(question, text, match):
            continue
        if pattern.match(text[match.end() : match.end() + 24]) or before_pattern.search(
            text[max(0, match.start() - UNIT_BEFORE_CHARS) : match.start()]
        ):
            return True
        if re.search(r"%|per\s*cent|percent", match.group(), re.I) and unit in (_SHARE, _UNITS.get("speed", "")):
            return True
    return False


def _measures_another(question: Question, text: str, match: re.Match[str]) -> bool:
    """A number glued to its unit ("a three-day weekend") measures the noun after it; is that noun not
    the asked thing?"""
    glued = re.match(r"-[A-Za-z]+\s+([A-Za-z][\w\-]*)", text[match.end() :])
    focus = set(content_terms(question.entity))
    if not glued or not focus:
        return False
    return not (set(content_terms(glued.group(1))) & widen(focus))


def holds(question: Question, text: str) -> bool:
    """Does ``text`` hold a value of the asked kind that the question doesn't already name?"""
    kind = question.kind
    if kind == "date":
        return bool(_DATE.search(text))
    if kind == "number":
        return measured_number(question, text) if question.measure else counted_number(question, text)
    if kind == "quote":
        return bool(_QUOTED.search(text)) or bool(_SPEECH.search(text))
    if kind == "person":
        return _new_names(question, text, _FULL_NAME) or _new_names(question, text, _CAPITALISED)
    if kind in ("organization", "place"):
        return _new_names(question, text, _CAPITALISED)
    return True


def _new_names(question: Question, text: str, pattern: re.Pattern[str]) -> bool:
    # A quote mark can cling to a word ("'Welcome Lisbon'"); the word is the same name.
    asked = {w.strip("'’") for w in words(question.original) + words(question.text)}
    found = [m.group() for m in pattern.finditer(text)]
    # The sentence's first word is capitalised by position, not because it names something.
    first = words(text)[:1]
    return any(any(not _asked_word(w, asked) for w in words(m)) and words(m) != first for m in found)


def light_verbs() -> frozenset[str]:
    """Stems of verbs that carry no event of their own ("happen", "take place", "do")."""
    return frozenset(stem(w) for w in _LIGHT_VERBS)


def event_terms(question: Question) -> frozenset[str]:
    """The asked event or predicate as stems ("arrive" → {"arriv"}); empty for light verbs and nouns of kind."""
    if not question.attribute or question.kind == "number":
        return frozenset()
    if question.attribute in _LIGHT_VERBS:
        return frozenset()
    return question.attribute_terms


def tied(question: Question, text: str, context: str = "", loose: bool = False) -> bool:
    """The value is tied to the asked thing: in the sentence, with the asked attribute or event nearby.

    ``context`` is the sentence before, for a sentence that leans on it ("It is 84 metres long").
    ``loose``: the caller knows the sentence says the asked event or role in other words, so only a value
    of the asked kind is needed.
    """
    role_kind = question.kind in ("person", "organization", "place")
    if role_kind and question.role_nationality and not of_nationality(question.role_nationality, context + " " + text):
        return False
    # "The headline of the column": a piece's words are not its title; the title is said as one.
    if question.kind == "quote" and question.attribute in TITLE_NOUNS and not _TITLING.search(context + " " + text):
        return False
    if loose:
        return holds(question, text) or (question.kind == "quote" and holds(question, context))
    if not holds(question, text) and not (question.kind == "quote" and holds(question, context)):
        return False
    # Every word counts here, common ones too: "said" may be the asked act ("who voiced ...").
    around = set(content_terms(context + " " + text)) | _stems(words(context + " " + text))
    said_words = [w for w in dict.fromkeys(words(context + " " + text)) if w not in stopwords()]
    if question.kind == "date":
        if question.clock and not _CLOCK.search(text):
            return False  # a day without its hour does not say what time
        event = event_terms(question)
        return not event or bool(widen(event) & around) or _said_in_other_words(question.attribute, said_words)
    if question.kind in ("person", "organization", "place"):
        role = [w for w in words(question.role or question.attribute) if w not in stopwords()]
        role = [w for w in role if w != question.role_nationality.lower()]  # checked on its own above
        # The role's noun said in its word or a related one ("scholar" / "researcher"), and how many of the
        # role's words are said ("state media" of "state media outlet"); modifiers count by their own word
        # only ("state" in "state news agency" is no synonym of "said").
        head_said = bool(role) and bool(widen({stem(role[-1])}) & around or related_in(role[-1], said_words))
        said = sum(1 for w in role[:-1] if stem(w) in around) + head_said
        if not role:
            return True
        if question.kind == "place":
            # A place is named by its own name; the act it is asked for must be there ("flew in from").
            acted = _acted(question, around, said_words)
            # A kind of place the sentence itself says ("at the airport") is filled by a name standing by it;
            # the bare word with names elsewhere in the sentence is a near miss.
            if head_said and role_noun(role[-1]) and role[-1] in words(text):
                return acted and _name_in_role(question, text, role)
            return acted and _placed_name(question, text)
        # A role noun ("which minister") is filled by a name standing by it; an act ("who chairs the board")
        # by its subject, wherever the sentence puts it.
        by_role = role_noun(role[-1])
        # A body is asked by what it does ("which firm is pumping oil"): one named for another act is another.
        # A sentence naming the kind of body itself says what that one does: the act must be in it.
        if question.kind == "organization":
            own = role[-1] in words(text) or bool(widen({stem(role[-1])}) & set(content_terms(text)))
            if own:
                acted = _acted(question, set(content_terms(text)) | _stems(words(text)), words(text))
            else:
                acted = _acted(question, around, said_words)
            if not acted:
                return False
        # A name the articles title in the asked role ("Prime Minister Ann Lee" for "which premier") fills it.
        if by_role and fills_role(question, text, learn_text(context + " " + text)):
            return True
        # The role said only by a word near it in meaning ("concert" for "performers") places the sentence in
        # the role's field, not the role: then the asked act must be there too ("which performers appeared").
        act = question.act
        if (
            by_role
            and act
            and not widen({stem(role[-1])}) & around
            and not (widen({stem(act)}) & around or related_in(act, said_words))
        ):
            return False
        # A known role noun ("agency", "spokesman") fills the role alone; a thing described in several words
        # ("the state guest house") needs half of them ("house" alone may be the White House).
        return (head_said and by_role or said * 2 >= len(role)) and (not by_role or _name_in_role(question, text, role))
    return True


def _acted(question: Question, around: set[str], said_words: list[str]) -> bool:
    """The asked act is said: in its word, a synonym or a related word ("flew" / "travelled"), or by its object
    ("tests nuclear missiles" for "fire its nuclear missiles": the same thing done to, in another verb)."""
    act = question.act
    # A light verb ("took part", "made") carries no act of its own to look for.
    if not act or stem(act) in light_verbs() or widen({stem(act)}) & around or related_in(act, said_words):
        return True
    done_to = [w for w in question.act_object.split() if w not in stopwords()]
    return bool(done_to) and all(widen({stem(w)}) & around for w in done_to)


# How many words from the role word a name filling it may stand: "Foreign Minister Ann Lee", "Ann Lee, the
# club's long-serving director", "the spokesman for the ministry, Ann Lee".
ROLE_NAME_WINDOW = 8


# Tokens at the start of a sentence where its subject stands.
SUBJECT_TOKENS = 3


def _name_in_role(question: Question, text: str, role: list[str]) -> bool:
    """A name new to the question stands near the role word in the sentence ("advisor Kim Ho" fills
    "adviser"; a sentence about an unnamed advisor, with other people named elsewhere in it, does not).
    When the role is said only in the sentence before, any new name of the sentence may fill it."""
    tokens = text.split()
    plain = [words(t) for t in tokens]
    targets = {stem(w) for w in role}
    wide = widen(targets)
    at_role = [
        i
        for i, ws in enumerate(plain)
        if any(stem(w) in wide or (w not in stopwords() and any(related_in(r, [w]) for r in role)) for w in ws)
    ]
    if not at_role:
        # The role is said in the sentence before: the name opening this one fills it ("The club named a
        # new coach. Ann Lee, 45, takes over on Monday.").
        opening = " ".join(tokens[:SUBJECT_TOKENS])
        return _new_names(question, opening, _FULL_NAME)
    asked = {w.strip("'’") for w in words(question.original) + words(question.text)}
    named = [
        i
        for i, token in enumerate(tokens)
        if i > 0
        and _CAPITALISED.search(token)
        and any(w not in stopwords() and not _asked_word(w, asked) for w in plain[i])
        # A person's role is not filled by a place the sentence puts something in ("an aide in Lyon").
        and not (question.kind == "person" and tokens[i - 1].lower() in _LOCATING)
    ]
    if question.kind == "organization":
        # A body is named beside its kind ("the carmaker Volta", "firms such as Volta", "Volta, the carmaker,"):
        # a sentence about unnamed firms, with a place or a person named further on, names none of them.
        return any(_beside(tokens, i, j) and not _placed_run(tokens, j) for i in at_role for j in named)
    return any(abs(i - j) <= ROLE_NAME_WINDOW and not _verb_between(tokens, i, j) for i in at_role for j in named)


# Words that may stand between a kind of body and its name: "firms such as Volta", "the carmaker, Volta",
# "a company called Volta", "lenders including Banco Sol".
_NAME_LINKS = _vocabulary("such as including like named called the a an")
# Words of an apposition before the kind, after the name and its comma ("Volta, the state carmaker,").
APPOSITION_LEAD = 4


def _beside(tokens: list[str], at_role: int, at_name: int) -> bool:
    """The name stands beside the role word: right after it past linking words ("companies such as Volta"),
    right before it ("the Volta group"), or before it as an apposition ("Volta, the state carmaker")."""
    if at_name > at_role:
        between = tokens[at_role + 1 : at_name]
        return not tokens[at_role].endswith((".", ";", ":")) and all(
            t.strip(",").lower() in _NAME_LINKS for t in between
        )
    if at_name == at_role - 1:
        return True
    between = tokens[at_name + 1 : at_role]
    return (
        tokens[at_name].endswith(",")
        and len(between) <= APPOSITION_LEAD
        and bool(between)
        and between[0].lower() in ("the", "a", "an")
        and all(t[:1].islower() for t in between)
    )


def _placed_run(tokens: list[str], at: int) -> bool:
    """The capitalised run holding token ``at`` follows a preposition of place ("in the South China Sea"): it
    places something, and names no body acting in the sentence."""
    start = at
    while start > 0 and tokens[start - 1][:1].isupper() and not tokens[start - 1].endswith((",", ".")):
        start -= 1
    before = start - 1
    if before >= 0 and tokens[before].lower() in ("the", "a", "an"):
        before -= 1
    return before >= 0 and tokens[before].lower() in _LOCATING


def _placed_name(question: Question, text: str) -> bool:
    """A name new to the question that the sentence uses as a place: after a preposition of place or motion
    ("in Porto", "to Lisbon", "at the Estadio da Luz"). A month or a weekday names a time; a name after "with"
    or before a verb is a person or a body ("met Ann Lee", "Lisbon Council said") as often as a place."""
    asked = {w.strip("'’") for w in words(question.original) + words(question.text)}
    tokens = text.split()

    def new_name(token: str) -> bool:
        plain = token.strip(",.;:“”\"'’()")
        return bool(_CAPITALISED.match(plain)) and not any(
            w in _CALENDAR_WORDS or _asked_word(possessive_base(w), asked) for w in words(plain)
        )

    # Names that open the sentence, two in a row or joined by "and", are its subject: "Milan and Cortina will
    # host ...", "New Delhi hosted ..." (one capitalised word alone there is capitalised by position).
    if (
        len(tokens) > 2
        and new_name(tokens[0])
        and (
            (tokens[1] == "and" and new_name(tokens[2]))
            or (new_name(tokens[1]) and tokens[2][:1].islower() and looks_verb(tokens[2].strip(",.;:")))
        )
    ):
        return True
    for i, token in enumerate(tokens):
        if i == 0 or not new_name(token):
            continue
        # The preposition governs the name: only lower-case words ("the", "city of") between them.
        for k in range(i - 1, max(-1, i - PLACE_LEAD - 1), -1):
            if tokens[k].lower() in _PLACING_WORDS:
                return True
            if not tokens[k][:1].islower() or tokens[k][-1:] in ",;:":
                break
    return False


# Words before a name (up to PLACE_LEAD tokens, past "the", "city of") that make it a place.
_PLACING_WORDS = frozenset(("in", "at", "from", "near", "inside", "outside", "to", "into", "towards", "across", "via"))
PLACE_LEAD = 3
# Month and weekday names: capitalised, but they name a time, not a place.
_CALENDAR_WORDS = _vocabulary(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday"
)


# Prepositions that place what follows: the name after them is a place, not a person.
_LOCATING = frozenset(("in", "at", "from", "near", "inside", "outside"))


def _asked_word(word: str, asked: set[str]) -> bool:
    """The question has the word, or one it starts or ends ("Korea" in "Korean")."""
    return word in asked or any(
        min(len(a), len(word)) >= NATION_PREFIX and (a.startswith(word) or word.startswith(a)) for a in asked
    )


def _verb_between(tokens: list[str], i: int, j: int) -> bool:
    """A lower-case verb between two words puts them in two clauses ("Lee learned that an advisor ...")."""
    low, high = sorted((i, j))
    # A passive verb before "by" names its doer in the same clause ("volunteers led by Ann Lee").
    return any(
        t[:1].islower() and looks_verb(t.strip(",.;:“”\"'’").lower()) and tokens[k + 1 : k + 2] != ["by"]
        for k, t in enumerate(tokens[low + 1 : high], low + 1)
    )


def _said_in_other_words(attribute: str, sentence_words: list[str]) -> bool:
    """A word of the sentence near in meaning to the asked event ("fly" / "travel"); not its opposite, which
    word vectors place near it too ("arrived" for "leave")."""
    if not attribute:
        return False
    asked = attribute.split()[-1]
    opposite = _opposites(stem(asked))
    return related_in(asked, [w for w in sentence_words if not widen({stem(w)}) & opposite])


# Events and their opposites: each pair names two groups of _SYNONYMS (by one word of each).
_OPPOSITE_PAIRS = (("leave", "arrive"), ("begin", "end"), ("lead", "follow"), ("sign", "withdraw"))
_EXTRA_OPPOSITES = (
    ("win", "lose"),
    ("won", "lost"),
    ("rise", "fall"),
    ("rose", "fell"),
    ("buy", "sell"),
    ("bought", "sold"),
    ("import", "export"),
    ("increase", "decrease"),
)


def _opposites(asked: str) -> set[str]:
    """Stems of the words opposite to an asked event's stem; empty when none is known."""
    found: set[str] = set()
    for a, b in (*_OPPOSITE_PAIRS, *_EXTRA_OPPOSITES):
        sa, sb = widen({stem(a)}), widen({stem(b)})
        if asked in sa:
            found |= sb
        elif asked in sb:
            found |= sa
    return found


# Letters a nationality shares with its country's name at the start ("Chinese"/"China", "Turkish"/"Turkey").
NATION_PREFIX = 4


def of_nationality(nationality: str, text: str) -> bool:
    """Does the text name the nationality or its country ("Chinese"/"China", "French"/"France")? Only
    capitalised words count: "Polish" is not "police"."""
    capitalised = {m.group().lower() for m in _CAPITALISED.finditer(text)}
    wanted = nationality.lower()
    if _NATION_ACRONYMS.get(wanted) and _NATION_ACRONYMS[wanted].search(text):
        return True
    return any(w[:NATION_PREFIX] == wanted[:NATION_PREFIX] for w in capitalised) or related_in(wanted, capitalised)


# Countries most often written as letters, which share no prefix with their nationality ("U.S." for American).
_NATION_ACRONYMS = {
    "american": re.compile(r"\b(?:US|USA)(?!\w)|\bU\.S\.|\bAmerica\b"),
    "british": re.compile(r"\b(?:UK|U\.K\.)(?!\w)|\bBritain\b"),
    "european": re.compile(r"\b(?:EU|E\.U\.)(?!\w)|\bEurope\b"),
}


def values(question: Question, text: str) -> frozenset[str]:
    """The values of the asked kind in ``text``, normalised for comparing across sources."""
    if question.kind == "date":
        found = [m.group() for m in _DATE.finditer(text)]
    elif question.kind == "number":
        found = [m.group() for m in numbers_in(text)]
    elif question.kind == "quote":
        found = [m.group()[1:-1] for m in _QUOTED.finditer(text) if len(m.group()[1:-1].split()) >= 2]
    else:
        return frozenset()
    return frozenset(re.sub(r"\s+", " ", v).strip().lower() for v in found if v.strip())


# Verbs that give a thing its name ("what is the new stadium called").
_NAMING = frozenset(["called", "named", "dubbed", "termed"])
# Words before the named thing's head noun read as its name ("the global strategic partnership agreement").
LABEL_WORDS = 4


def asks_label(question: Question) -> bool:
    """Does the question ask what a thing is called ("what is the new stadium called")?"""
    return question.kind == "quote" and question.attribute in _NAMING and bool(question.entity_terms)


def labels(question: Question, text: str) -> frozenset[frozenset[str]]:
    """Each way ``text`` names the asked thing: the words right before its head noun, after any determiner
    or verb ("signed a global strategic partnership agreement" → {global, strategic, partnership})."""
    head = [w for w in words(question.entity) if w not in stopwords()][-1]
    found = set()
    for match in re.finditer(rf"\b{re.escape(head)}s?\b", text, re.I):
        before = words(text[: match.start()])[-LABEL_WORDS:]
        run: list[str] = []
        for word in reversed(before):
            if word in stopwords() or looks_verb(word):
                break
            run.insert(0, word)
        if run:
            found.add(frozenset(run))
    return frozenset(found)


# How many words before a speech verb its speaker is looked for ("Kim declared", "led Kim Jong-un to speak").
_SPEAKER_WINDOW = 4
_SPEECH_ACT = re.compile(
    r"\b(?:said|says|told|tells|called|calls|described|describes|declared|declares|announced|announces|wrote|"
    r"stated|warned|pledged|promised|vowed|praised|speak|spoke|dubbed|labell?ed|characteri[sz]ed|affirming|quoted)\b"
)


def speaker(text: str) -> frozenset[str]:
    """Who says the quote: the capitalised words just before the first speech verb, as lower-case words."""
    act = _SPEECH_ACT.search(text)
    if not act:
        return frozenset()
    before = text[: act.start()].split()[-_SPEAKER_WINDOW:]
    stop = stopwords()  # "He told ...": a pronoun names nobody
    # The capitalised run right before the verb, past one helper word ("Kim Jong-un to speak", "Kim has said").
    if before and before[-1].lower() in stop and not before[-1][:1].isupper():
        before = before[:-1]
    run: list[str] = []
    for token in reversed(before):
        if not _CAPITALISED.match(token) or token.endswith(","):
            break
        run.insert(0, token)
    named = frozenset(w for token in run for w in words(token) if w not in stop)
    if named or not before:
        return named
    # No name: the noun right before the verb says who speaks ("the coach said", "the captain told").
    last = words(before[-1])
    return frozenset(last[-1:]) if last and last[-1] not in stop and not before[-1].endswith(",") else frozenset()


def speakers(text: str) -> frozenset[str]:
    """Capitalised names in a sentence (who is speaking or quoted), as lower-case words."""
    return frozenset(w for m in _CAPITALISED.finditer(text) for w in words(m.group()))


# Words from a verb of giving in which its giver or receiver is looked for (one clause, roughly).
TRANSFER_REACH = 8
# Nouns of a thing given, written "<giver>'s gift to <receiver>".
_GIFT_NOUNS = _vocabulary("gift gifts present presents donation donations")
_PASSIVE_LEAD = _vocabulary("was were is are been being be")
_OBJECT_PRONOUNS = _vocabulary("him her them it us")
_NOUN_LEADS = _vocabulary("the a an his her its their our my your this that these those")


def transfer_said(question: Question, text: str) -> bool:
    """The sentence says the asked giving in the asked direction: the giver before a verb of giving and the
    receiver after it ("Ann handed Bo a cup"), the receiver before a verb of receiving and the giver after
    "from" ("Bo received a cup from Ann"), a passive ("Bo was given a cup by Ann"), or "Ann's gift to Bo".
    The other way round ("Bo gave Ann a cup") or the event alone ("they exchanged gifts") says nothing of
    what the asked giver gave. True when the question asks no giving."""
    if len(question.transfer) != 2:
        return True
    giver, receiver = ({stem(w.strip("'’")) for w in words(p) if w not in stopwords()} for p in question.transfer)
    tokens = words(text)
    stems = [stem(t) for t in tokens]
    for i, token in enumerate(tokens):
        before = set(stems[max(0, i - TRANSFER_REACH) : i])
        after = stems[i + 1 : i + 1 + TRANSFER_REACH]
        # "gave him a cup": a pronoun receiver stands for a receiver the sentence names.
        to_receiver = bool(receiver & set(after)) or (
            tokens[i + 1 : i + 2] and tokens[i + 1] in _OBJECT_PRONOUNS and bool(receiver & set(stems))
        )
        # After a determiner or a verb the word is a noun ("the present", "took gifts"); a giving goes to someone,
        # never "with" them ("shook hands with Bo").
        noun = (i > 0 and (tokens[i - 1] in _NOUN_LEADS or looks_verb(tokens[i - 1]))) or tokens[i + 1 : i + 2] == [
            "with"
        ]
        if token in GIVING_VERBS and not noun:
            if tokens[i - 1 : i] and tokens[i - 1] in _PASSIVE_LEAD:
                by = after.index("by") if "by" in after else -1
                if receiver & before and by >= 0 and giver & set(after[by + 1 :]):
                    return True
            elif giver & before and to_receiver:
                return True
        elif token in RECEIVING_VERBS:
            source = after.index("from") if "from" in after else -1
            if receiver & before and source >= 0 and giver & set(after[source + 1 :]):
                return True
        elif (
            token in _GIFT_NOUNS
            and tokens[i + 1 : i + 2] in (["to"], ["for"])
            and giver & before
            and receiver & set(after)
        ):
            return True
    return False
