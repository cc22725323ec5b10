"""One analysis of a question, made once per question and read by every later stage.

The rules follow English question grammar, not any particular question: the wh-word (and the noun
it governs) gives the kind of value asked for; "X of Y" / "Y's X" gives the focus (entity Y,
attribute X); capitalised word runs give names; four-digit numbers give years; a plural wh-noun or
a coordination ("and", "or") gives a question that asks for several things.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from qa.text import content_terms, possessive_base, stem, stopwords, term_words, undotted


def _vocabulary(words: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(words.split())


Kind = Literal["date", "number", "person", "organization", "place", "quote", "reason", "yesno", "other"]
KINDS: tuple[Kind, ...] = ("date", "number", "person", "organization", "place", "quote", "reason", "yesno", "other")

# ----- vocabulary: general English, grouped by what the word names -----------------------------------
_AUXILIARIES = _vocabulary(
    "is are was were am be been do does did has have had can could will would shall should may might must"
)
_LEADING_FILLERS = _vocabulary("and so but then also now ok okay well please")
_PREPOSITIONS = _vocabulary(
    "on in at by since for until till from to of with during after before about into onto under over per like as "
    "than against between among via without within toward towards across off"
)
_TIME_NOUNS = _vocabulary(
    "time date day days year years month months week weeks decade decades century hour hours season era"
)
_PERSON_NOUNS = _vocabulary(
    """person people man woman men women official officials spokesman spokeswoman spokesperson minister ministers
    leader leaders president presidents chancellor councillor councillors councilor councilors king queen prince princess governor mayor senator lawmaker
    lawmakers politician politicians diplomat diplomats ambassador envoy general commander officer soldier
    astronaut astronauts athlete player players coach captain manager director chief head founder owner author writer reporter
    journalist editor analyst analysts expert experts economist researcher researchers scientist scientists
    professor teacher student doctor judge lawyer prosecutor witness victim suspect candidate winner actor
    actress singer artist musician chef ceo executive chairman chairwoman secretary adviser advisor
    representative member members citizen resident residents worker workers engineer architect pilot driver
    performer performers dancer dancers singers artists musicians voter voters guest guests speaker speakers
    winners fan fans sponsor sponsors donor donors investor investors bidder bidders buyer buyers seller sellers
    visitor visitors attendee attendees participant participants protester protesters demonstrator demonstrators
    passenger passengers spectator spectators survivor survivors volunteer volunteers negotiator negotiators
    mediator mediators delegate delegates critic critics supporter supporters opponent opponents premier ruler
    rulers boss dictator monarch scholar scholars aide aides correspondent correspondents commentator
    individual individuals"""
)
_ORGANIZATION_NOUNS = _vocabulary(
    """company companies firm firms agency agencies newspaper newspapers outlet outlets broadcaster broadcasters
    channel network organization organisation organizations organisations group groups party parties bank banks
    ministry ministries department departments university universities institute institution institutions
    think-tank union unions alliance team teams club clubs court council committee body manufacturer
    drugmaker carmaker automaker chipmaker retailer insurer lender supplier carrier airline airlines brand startup publisher media charity regulator studio label service
    entity entities"""
)
_PLACE_NOUNS = _vocabulary(
    """city cities country countries nation nations town towns village villages region regions province provinces
    place places capital port ports island islands continent district county venue
    airport stadium location locations site sites street square border coast river mountain neighbourhood
    neighborhood destination hospital school water waters sea seas ocean lake bay gulf strait"""
)
# "how ADJ" → the attribute it measures; every one of these asks for a number.
_HOW_MEASURES = {
    "long": "length",
    "old": "age",
    "far": "distance",
    "big": "size",
    "large": "size",
    "small": "size",
    "tall": "height",
    "high": "height",
    "deep": "depth",
    "wide": "width",
    "heavy": "weight",
    "fast": "speed",
    "quickly": "speed",
    "rapidly": "speed",
    "often": "frequency",
    "frequently": "frequency",
    "much": "amount",
    "many": "count",
}
# Nouns that name a quantity: "what is the X of ..." asks for a number.
_COUNT_NOUNS = _vocabulary("number count population total tally headcount attendance turnout")
_MEASURE_NOUNS = _vocabulary(
    """magnitude length size area height width depth weight price prices cost costs value worth age duration distance
    speed share percentage percent proportion fraction rate amount budget salary wage wages revenue revenues
    profit profits sales gdp temperature capacity score volume debt deficit fine fee fees toll growth
    inflation valuation turnover income spending investment"""
)
_SPEECH_VERBS = frozenset(
    [
        "say",
        "said",
        "tell",
        "told",
        "call",
        "called",
        "describe",
        "described",
        "declare",
        "declared",
        "write",
        "wrote",
        "warn",
        "warned",
        "promise",
        "promised",
        "pledge",
        "pledged",
        "claim",
        "claimed",
        "characterise",
        "characterize",
        "characterised",
        "characterized",
        "label",
        "labelled",
        "labeled",
        "term",
        "termed",
        "dub",
        "dubbed",
        # "how did she sum up / portray / hail ...": ways of describing that ask for the words used
        "sum",
        "summed",
        "summarise",
        "summarize",
        "summarised",
        "summarized",
        "portray",
        "portrayed",
        # "how was the request phrased / worded": the wording itself is asked
        "phrase",
        "phrased",
        "worded",
        "hail",
        "hailed",
    ]
)
_REASON_VERBS = _vocabulary("caused cause led prompted drove triggered sparked motivated explains explained")

# Verbs that give a thing its name: "what is it called" asks for the name.
_NAMING_VERBS = ("called", "named", "dubbed", "termed")
# Titles of a piece of writing are words too ("the headline of the column").
TITLE_NOUNS = _vocabulary("headline headlines title titles caption captions")
_QUOTE_NOUNS = (
    _vocabulary("words wording quote quotes phrase remark remarks label nickname adjective epithet description slogan")
    | TITLE_NOUNS
)
_NOUN_CLASSES = (
    _QUOTE_NOUNS | _TIME_NOUNS | _PERSON_NOUNS | _ORGANIZATION_NOUNS | _PLACE_NOUNS | _COUNT_NOUNS | _MEASURE_NOUNS
)

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d+(?:[.,]\d+)*")
_NAME_RUN = re.compile(
    r"(?:i?[A-Z][\w’'\-]*)(?:\s+(?:(?:of|de|del|da|al|bin|van|von|der)\s+)?(?:[A-Z][\w’'\-]*|\d+\b))*"
)
_CALENDAR = _vocabulary(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday"""
)
# Adjectives of nationality or region ("German", "Brazilian", "Japanese", "Dutch") describe, they don't name.
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish|ican|tch|nch)$")
_NUMBER_WORDS = _vocabulary("two three four five six seven eight nine ten several both")
_UNIT_NOUNS = _vocabulary(
    """seconds minutes hours days weeks months years decades metres meters kilometres kilometers miles feet
    inches kilograms kilos tonnes tons pounds dollars euros percent points degrees"""
)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)s?\b")
_COPULAS = _vocabulary("is are was were")
_AUX_ALT = "|".join(sorted(_AUXILIARIES))
_POSSESSIVE = re.compile(r"([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)['’]s\s+([a-z][\w\-]*)")


@dataclass(frozen=True)
class Question:
    """What a question asks: computed once, read by retrieval, evidence, answerability, conflicts, writers."""

    text: str  # the standalone query that is searched (a follow-up rewritten)
    original: str  # the question as the user wrote it
    kind: Kind
    measure: bool  # a quantity with a unit or scale: length, size, duration, price, age, share, speed...
    entity: str  # the thing asked about ("Pyongyang"), "" when none stands out
    attribute: str  # what is asked of it ("population"), the counted noun, the role, or the event verb
    names: tuple[str, ...]  # capitalised names in the question, longest runs
    years: tuple[str, ...]  # years the question names (constraints)
    several: bool  # asks for several items or parts
    terms: tuple[str, ...]  # stemmed content terms of the user's own words
    query_terms: tuple[str, ...]  # stemmed content terms of the searched query (own words + context)
    # The word each of ``query_terms`` comes from, in the same order ("fly" for "fli"): word vectors
    # compare words, not stems.
    query_words: tuple[str, ...] = ()
    asks: bool = True  # requests information; False for a bare instruction ("Write a poem about ...")
    # The attribute is a property of the entity that an answer states by its word or a related one ("what
    # colour was the car", "what rank does she hold", "what was served"), not a class its answer is an
    # instance of ("what vehicle did they ride": a limousine).
    attribute_stated: bool = False
    # A nationality qualifying the asked role ("which Russian ministers", "which Brazilian club"): the one
    # who fills the role must be of it; "" when none.
    role_nationality: str = ""
    # The words naming the asked role, with its modifiers ("state media outlet" of "which state media outlet
    # said ..."); the attribute alone when it has none, "" for other kinds.
    role: str = ""
    # The act asked about beside the role noun ("fly" of "which city did the team fly in from"); "".
    act: str = ""
    # Nationality adjectives qualifying what is asked about ("how did the Japanese government react"): the
    # answer must be about that nation, said by the adjective, its country or its capital.
    nationalities: tuple[str, ...] = ()
    # "What time did the train leave", "at what hour": a time of day is asked, not a calendar date.
    clock: bool = False
    # Times said relative to now that constrain what is asked ("last year", "this month"), each as
    # "<qualifier> <unit>" with the qualifier made one of "last", "this", "next": a value said of another
    # such time ("growth of 6% this year" for "last year") belongs to another time.
    relative_times: tuple[str, ...] = ()
    # The object of ``act`` in the question ("oil gas" of "which firm is pumping oil and gas"); "".
    act_object: str = ""
    # The name the asked role belongs to ("Putin" of "which ministers from Putin's cabinet", "Lyon" of "Lyon's
    # coach", "Chile" of "which minister of Chile"): one holding the role for another party is not asked; "".
    role_owner: str = ""
    # Who gives and who receives when a giving is asked ("what did Ann give Bo": ("ann", "bo"); "what did Bo
    # get from Ann": the same), as the question's lower-case words; () when no giving is asked.
    transfer: tuple[str, ...] = ()
    # The questions joined in one ("When did X open, and how much did it cost?"), each analysed on its own
    # words; empty for a question with one part.
    parts: tuple[Question, ...] = ()
    # The user's words that ask, without instructions wrapped around them (comments, orders about the
    # reply, a role-play preamble, a record holding the question); ``original`` when nothing is wrapped.
    asking: str = ""
    # Asks what was said, done or thought in private ("what does she privately think", "what was agreed
    # behind closed doors"): a report says so, or it reports only what was said in public.
    private: bool = False
    # The asked date is of an event still to come ("when will the bridge reopen", "the date of the next
    # vote", "her upcoming visit"): a date of a past event does not answer it.
    upcoming: bool = False
    # "In which year ...", "what year ...": a year is asked; a day or a month without one does not give it.
    asks_year: bool = False
    # Names of a lead about the asker or the exchange, or of a greeting or tag before the question ("Hey, Quick
    # Question: ...", "As a History Teacher I wonder: ..."): not asked about, so not looked for in the articles.
    aside_names: tuple[str, ...] = ()
    # What retrieval and sentence scoring search: the asking part with any context words of a follow-up's
    # rewrite (``text`` without the wrapper).
    searched: str = ""

    @property
    def asks_value(self) -> bool:
        """Does the answer have to hold a value of a kind (a date, a number, a name, a quote)?"""
        return self.kind in ("date", "number", "person", "organization", "place", "quote")

    @property
    def attribute_terms(self) -> frozenset[str]:
        return frozenset(content_terms(self.attribute))

    @property
    def entity_terms(self) -> frozenset[str]:
        return frozenset(content_terms(self.entity))

    @property
    def name_terms(self) -> frozenset[str]:
        return frozenset(t for name in self.names for t in content_terms(name))


# Shorthand of notes and chat, written out before the analysis and the search ("yrs since the last visit -
# no.?", "ukraine FM reaction?", "talks w/ the spox re: the deal"): the articles write the words in full.
# Only forms that stand for one word in a question about the news; ambiguous ones ("min": minute or
# minister, "mil", "cos") are left as they are.
_SHORTHAND = {
    "yr": "year",
    "yrs": "years",
    "hr": "hour",
    "hrs": "hours",
    "mins": "minutes",
    "secs": "seconds",
    "approx": "approximately",
    "govt": "government",
    "gov't": "government",
    "intl": "international",
    "int'l": "international",
    "natl": "national",
    "econ": "economy",
    "msg": "message",
    "msgs": "messages",
    "excl": "excluding",
    "incl": "including",
    "pres": "president",
    "dept": "department",
    "spox": "spokesperson",
    "ppl": "people",
    "abt": "about",
    "orig": "originally",
    "bn": "billion",
    "mn": "million",
    "vs": "versus",
    "fm": "foreign minister",
    "fms": "foreign ministers",
    "approx.": "approximately",
    "excl.": "excluding",
    "incl.": "including",
    "vs.": "versus",
    "dept.": "department",
    "govt.": "government",
    "pres.": "president",
}
_SHORT_WORD = re.compile(
    r"(?<![\w'’.])(" + "|".join(re.escape(k) for k in sorted(_SHORTHAND, key=len, reverse=True)) + r")(?![\w'’])", re.I
)
# Signs and slashed forms standing for a word.
_SHORT_SIGNS = (
    # "storeys no.?" asks the number of storeys, "the last visit - no.?" a number: "no." before a question
    # mark only ("He said no." and "No." opening a reply are left).
    (re.compile(r"\b(?![a-z]+ly\b)([a-z]+)\s+no\.(?=\s*\?)"), r"number of \1"),
    (re.compile(r"(?<=[\w\-–—:])\s+no\.(?=\s*\?)"), " number"),
    (re.compile(r"(?<!\w)#\s*(?=of\b)"), "number "),  # "# of floors"
    (re.compile(r"(?<!\w)w/o(?!\w)", re.I), "without"),
    (re.compile(r"(?<!\w)w/(?!\w)", re.I), "with "),
    (re.compile(r"(?<!\w)b/c(?!\w)", re.I), "because"),
    (re.compile(r"(?<!\w)re:\s*", re.I), "about "),
    (re.compile(r"(?<=\w)\s+[+&]\s+(?=\w)"), " and "),
    (re.compile(r"(?<=[a-z])\(s\)", re.I), ""),  # "date(s)", "name(s)": asked as one, the answer may give more
)


def written_out(text: str) -> str:
    """``text`` with the shorthand of notes and chat written out (``_SHORTHAND``, ``_SHORT_SIGNS``)."""
    text = _SHORT_WORD.sub(lambda m: _SHORTHAND[m.group(1).lower()], text)
    for pattern, words in _SHORT_SIGNS:
        text = pattern.sub(words, text)
    return re.sub(r"\s{2,}", " ", text).strip()


def analyse(query: str, original: str | None = None, *, parts: bool = True) -> Question:
    """The analysis of ``original`` (the user's words) searched as ``query`` (may add context words);
    with ``parts``, each question joined in it is analysed too."""
    original = (original if original is not None else query).strip()
    # A follow-up the keyword rule extended starts with the user's words; a model's rewrite replaces them.
    extends = query.strip().startswith(original)
    own = original if extends else query.strip()
    # What is asked, without the instructions wrapped around it; retrieval searches it (with the context
    # words a follow-up's rewrite added), and the analysis reads its asking sentence.
    asking = written_out(asking_part(own))
    searched = asking + query.strip()[len(original) :] if extends else asking
    own = _slot_first(_REQUEST_OF.sub("What is the ", _plain(_asking_sentence(asking))))
    clause = _asking_clause(own)
    lower = _expand([t.lower().replace("’", "'") for t in _WORD.findall(clause)])
    body = _as_question(_strip_lead(_unqualified(lower)))
    aside = _aside_names(own)
    names = tuple(n for n in _asked_names(own) if n not in aside)
    name_words = frozenset(w.lower() for n in names for w in _WORD.findall(n))
    kind, attribute, measure = _kind(body, name_words)
    dimension = _lead_dimension(own)
    if dimension and kind == "number":
        attribute, measure = dimension, True
    unit = _unit_asked(own)
    if unit and (kind == "other" or _WHAT_SHARE.search(own)):
        # "What output, in megawatts, will the plant have?", "what % of the vote did she get": a unit named
        # for the answer asks a number, of the noun asked if there is one ("output"), else of the unit's measure.
        kind, attribute, measure = "number", attribute or unit, True
    if kind == "number" and attribute in ("many", "much"):
        # A bare "how many?" after a clause naming the counted thing ("Count the goals she scored - how
        # many?", "The floods this spring: how many?"): the noun of that clause is what is counted.
        counted = _lead_counted(own, name_words)
        if counted:
            attribute = counted
    entity = _entity(own, lower, attribute, names, kind)
    # "which body does she speak for", "which individual ...": the noun names the kind of answer, which the
    # kind already says; it is no attribute a passage must state. With words of its own ("which UN body")
    # the role keeps them.
    role = _role_phrase(body, kind, attribute)
    generic = kind in ("person", "organization") and attribute in _GENERIC_CLASS_NOUNS and role == attribute
    years = tuple(dict.fromkeys(m.group(1) for m in _YEAR.finditer(_constraining(own))))
    act = _act(body, kind, attribute, name_words)
    return Question(
        text=query.strip(),
        original=original,
        kind=kind,
        measure=measure,
        entity=entity,
        attribute="" if generic else attribute,
        names=names,
        years=years,
        several=_several(own, body, kind),
        terms=tuple(dict.fromkeys(t for t in content_terms(own) if t not in _PRECISION_TERMS)),
        query_terms=tuple(dict.fromkeys(content_terms(searched))),
        query_words=tuple(term_words(searched).values()),
        asks=_asks(own, _expand([t.lower().replace("’", "'") for t in _WORD.findall(own)])),
        attribute_stated=bool(_PROPERTY.search(clause)) and (attribute.split() or [""])[-1] not in _DESCRIPTION_NOUNS,
        role_nationality=_role_nationality(own, kind, attribute),
        role_owner=_role_owner(own, kind, attribute, names),
        role="" if generic else role,
        act=act,
        act_object=_act_object(body, act),
        # A thing given is asked ("what present did ..."), not words ("what nickname did she give him").
        transfer=_transfer(body) if kind == "other" else (),
        nationalities=_nationalities(clause),
        clock=bool(_CLOCK_QUESTION.match(clause)),
        relative_times=relative_times(_constraining(own)),
        parts=_parts(own) if parts else (),
        asking=asking,
        searched=searched,
        private=bool(_PRIVATE.search(own)),
        upcoming=kind == "date" and _upcoming(clause),
        asks_year=kind == "date" and bool(_YEAR_QUESTION.match(clause)),
        aside_names=aside,
    )


_YEAR_QUESTION = re.compile(r"^\W*(?:(?:in|during|by|since|until)\s+)?(?:which|what)\s+(?:exact\s+)?year\b", re.I)


def _upcoming(clause: str) -> bool:
    """Is the asked event still to come: placed ahead and not asked of in the past ("when did the planned
    merger collapse" asks of a past event)?"""
    opening = _expand([w.lower() for w in _WORD.findall(clause)[: OPENING_WORDS + 2]])
    return bool(_UPCOMING.search(clause)) and not set(opening) & _PAST_AUXILIARIES


_PAST_AUXILIARIES = _vocabulary("did was were had")
# Words asking what was kept from the public.
_PRIVATE = re.compile(
    r"\b(?:privately|secretly|confidentially|in\s+(?:private|secret)|behind\s+closed\s+doors|off\s+the\s+record)\b",
    re.I,
)
# An event still to come: a future tense, or a word placing the event ahead ("the next vote", "her upcoming
# visit", "the planned opening").
_UPCOMING = re.compile(
    r"\b(?:upcoming|forthcoming|next|planned|scheduled)\s+(?!(?:of|in|on|at|for|to|from|by|with|about)\b)[a-z]"
    r"|^\W*(?:when|(?:on\s+)?what\s+(?:date|day|year|month))\s+(?:will|shall|is\s+\w+(?:\s+\w+)?\s+(?:due|set|expected|scheduled|going))\b",
    re.I,
)


# "Tell me the headline of X", "give us the colour of Y": a request for a property of a thing, asked as
# "what is the headline of X".
_REQUEST_OF = re.compile(
    r"^\W*(?:please\s+)?(?:(?:can|could|would|will)\s+you\s+)?(?:tell|give|show)\s+(?:me|us)\s+the\s+"
    r"(?=(?:headlines?|titles?|captions?|colou?rs?|shapes?|motto|slogan)\s+of\b)",
    re.I,
)


# How precise an answer should be ("roughly", "exactly", "approx"): no word a passage states the answer with.
_PRECISION_WORDS = _vocabulary(
    "roughly approximately approx exactly precisely ballpark circa rough approximate exact precise"
)
_PRECISION_TERMS = frozenset(content_terms(" ".join(sorted(_PRECISION_WORDS))))
# Words a slot may open with before its question word or value noun ("exact figure?", "per which agency?").
_SLOT_MODIFIERS = _PRECISION_WORDS | _vocabulary("the its their")
_SLOT_LEADS = "|".join(sorted(_SLOT_MODIFIERS | _vocabulary("per by from in on at to for with"))) + r"|according\s+to"
# A terse question naming its topic first and what it asks last, after a comma, colon or dash ("putin arrival
# in pyongyang - time?", "gala concert, duration?", "ceremony venue: where exactly?"). The slot is a question
# word (a preposition may lead it: "per which agency") or a value noun, with a few words at most.
_SLOT_QUESTION = re.compile(
    r"^(?P<topic>[^?]*?\w[^?]*?)\s*(?:[,:;]|\s[-–—]+|[-–—]+\s)\s*"
    rf"(?P<slot>(?:(?:{_SLOT_LEADS})\s+)*"
    r"(?:what|which|who|whom|whose|when|where|why|how|(?:[a-z]+\s+)?(?:date|dates|day|time|year|duration|length|number|no\.?|figure|"
    r"figures|total|count|name|names|cost|price|size|age|height|distance|amount|share|place|venue|location))\b"
    r"[^,:;?]{0,30}?)\s*(?:\?+|(?:pls|please)\W*)?$",
    re.I,
)
_SLOT_WH = _vocabulary("what which who whom whose when where why how")
# Slot words asking for a number without saying of what ("figure", "no."), and words qualifying a slot.
_SLOT_COUNTS = _vocabulary("figure figures number no total count amount")
# Words of the most a slot may hold ("worth how much in total"): longer, the last clause is a question itself.
MAX_SLOT_WORDS = 5


def _slot_first(text: str) -> str:
    """A terse question with its topic first and its question last, as the question it stands for: "gala
    concert - duration?" -> "what is the duration of gala concert?", "ceremony venue - where exactly?" ->
    "where exactly ceremony venue?". Other text as it is."""
    found = _SLOT_QUESTION.match(text.strip())
    if not found or _asking(found.group("topic")):
        return text
    slot, topic = found.group("slot").strip(), found.group("topic").strip()
    slot_words = [w.lower() for w in _WORD.findall(slot)]
    if len(slot_words) > MAX_SLOT_WORDS:
        return text
    opening = next((i for i, w in enumerate(slot_words) if w in _SLOT_WH), None)
    if opening is not None:
        rest = slot_words[opening + 1 :]
        # A clause of its own ("- who coached it in 2010?") is read as written, and so is a bare "how many?"
        # (the noun of the clause before it is what is counted).
        if rest in (["many"], ["much"]) or any(w in _AUXILIARIES or _looks_verb(w) for w in rest):
            return text
        if slot_words == ["who"] and _description_head([w.lower() for w in _WORD.findall(topic)]):
            # "senior fellow quoted on the visit - who?": the topic describes the person asked for.
            return f"who is the {topic}?"
        return f"{slot} {topic}?"
    noun = [w for w in slot_words if w not in _SLOT_MODIFIERS]
    if noun[-1:] and noun[-1] in _SLOT_COUNTS:
        # "exact figure?", "no.?": a number is asked of the topic, the topic's own noun is what it counts.
        return f"how {'much' if noun[-1] == 'amount' else 'many'} {topic}?"
    if noun[-1:] and noun[-1] in ("name", "names"):
        # "- name?": the topic's noun is the one named ("pentagon spokesman ... - name?" asks which spokesman).
        return f"which {topic}?"
    return f"what is the {' '.join(noun) or slot.rstrip('.')} of {topic}?"


# Nouns that name only the kind of answer ("which body", "which individual"): the kind says them.
_GENERIC_CLASS_NOUNS = _vocabulary(
    "body organisation organization organisations organizations institution institutions entity entities "
    "person individual individuals figure figures official officials"
)
# Adjectives that qualify how the asked value is given ("the official name", "the exact date", "a rough
# estimate"), not what it is: a passage need not say them.
_QUALIFIERS = _vocabulary("official exact precise full actual specific approximate rough")
# Words before a qualifier that make it an adjective of the noun after it ("the official name"; not
# "which official spoke", where "official" is the person asked for).
_QUALIFIED_AFTER = _vocabulary("the a an its their his her our your this that")


def _unqualified(lower: list[str]) -> list[str]:
    """The words without a qualifier standing between a determiner and a noun ("the official name of" ->
    "the name of"); "exact" stays before a quote noun's place (it asks for the wording) and a qualifier
    used as a noun ("the official said") stays."""
    kept: list[str] = []
    for i, word in enumerate(lower):
        following = _at(lower, i + 1)
        if (
            word in _QUALIFIERS
            and word != "exact"
            and _at(lower, i - 1) in _QUALIFIED_AFTER
            and following
            and following not in _AUXILIARIES
            and following not in _PREPOSITIONS
            and following not in _WH
            and following not in ("that", "and", "or")
            and not _looks_verb(following)
        ):
            continue
        kept.append(word)
    return kept


def _act(body: list[str], kind: Kind, attribute: str, skip: frozenset[str]) -> str:
    """The verb after the role noun ("which city did the team fly in from" → "fly"); "" for a verb that only
    points at a mention ("named", "listed") or carries no act of its own."""
    if kind not in ("person", "organization", "place") or not attribute:
        return ""
    head = attribute.split()[-1]
    if head not in body or not role_noun(head):
        return ""
    after = body[body.index(head) + 1 :]
    verb = _main_verb(after, skip)
    # "which firm is pumping oil": the "-ing" form after a copula is the act.
    if _at(after, 0) in _COPULAS and _participle(_at(after, 1), "the"):
        verb = after[1]
    # "chose to disregard", "tried to block", "wants to build": the act is the verb after "to"
    if verb in after and _at(after, after.index(verb) + 1) == "to" and _at(after, after.index(verb) + 2):
        verb = _at(after, after.index(verb) + 2)
    if not verb or verb in _POINTING_VERBS or verb in _AUXILIARIES:
        return ""
    return verb if _looks_verb(verb) or _participle(verb, "the") else ""


def _act_object(body: list[str], act: str) -> str:
    """The object of the asked act, as its content words ("oil gas" of "which firm is pumping oil and gas off
    the coast"): up to a preposition, a wh-word or a verb; "" when the act takes none."""
    if not act or act not in body:
        return ""
    found: list[str] = []
    for word in body[body.index(act) + 1 :]:
        if word in _PREPOSITIONS or word in _WH or word in _AUXILIARIES or word in ("that", "who"):
            break
        if found and _looks_verb(word):
            break
        if word not in stopwords() and word not in _DETERMINERS:
            found.append(word)
    return " ".join(found[:MAX_OBJECT_WORDS])


# Verbs of giving (the giver their subject, the receiver their object) and of receiving (the receiver their
# subject, the giver after "from").
GIVING_VERBS = _vocabulary(
    """give gives gave given hand hands handed present presents presented gift gifts gifted send sends sent
    offer offers offered lend lends lent donate donates donated award awarded grant granted bestow bestowed"""
)
RECEIVING_VERBS = _vocabulary("receive receives received get gets got accept accepts accepted")
# Words from the auxiliary to the verb of giving (the giver), and after it (the receiver).
TRANSFER_PARTY_WORDS = 4


def _transfer(body: list[str]) -> tuple[str, ...]:
    """(giver, receiver) of a question asking what one party gave another: "what present did Ann hand Bo",
    "what did Ann give to Bo", "what did Bo receive from Ann"; () for any other question."""
    if not body or body[0] not in _WH:
        return ()
    aux = next((i for i in range(1, min(len(body), OPENING_WORDS + 3)) if body[i] in ("do", "does", "did")), -1)
    if aux < 0:
        return ()
    verb = next(
        (
            k
            for k in range(aux + 2, min(len(body), aux + 2 + TRANSFER_PARTY_WORDS))
            if body[k] in GIVING_VERBS or body[k] in RECEIVING_VERBS
        ),
        -1,
    )
    if verb < 0:
        return ()
    subject = _party(body[aux + 1 : verb])
    after = body[verb + 1 :]
    if body[verb] in RECEIVING_VERBS:
        source = after.index("from") if "from" in after[:TRANSFER_PARTY_WORDS] else -1
        giver = _party(_until_break(after[source + 1 :])) if source >= 0 else ""
        return (giver, subject) if giver and subject else ()
    receiver = _party(_until_break(after[1:] if after[:1] == ["to"] else after))
    return (subject, receiver) if subject and receiver else ()


def _until_break(words: list[str]) -> list[str]:
    """The words up to a preposition, a wh-word, an auxiliary or a verb (a noun phrase)."""
    found: list[str] = []
    for word in words[:TRANSFER_PARTY_WORDS]:
        if word in _PREPOSITIONS or word in _WH or word in _AUXILIARIES or (found and _looks_verb(word)):
            break
        if word in _TIME_NOUNS or word in _RELATIVE_TIME or word in ("each", "every"):
            break  # "send its customers each winter": a time, no party
        found.append(word)
    return found


def _party(words: list[str]) -> str:
    """A giver or receiver as its content words ("the club's fans" -> "club's fans")."""
    return " ".join(w for w in words if w not in stopwords() and w not in _DETERMINERS)


# Content words of an act's object kept ("its long-range nuclear missiles": the last ones name the thing).
MAX_OBJECT_WORDS = 3


# Verbs that point at a mention or carry no act: "which cities are named as ...", "which team is it".
_POINTING_VERBS = _vocabulary("named name called call mentioned listed cited described known considered seen")


def _role_phrase(body: list[str], kind: Kind, attribute: str) -> str:
    """The asked role noun with the words before it from the wh-word on ("which state media outlet")."""
    if kind not in ("person", "organization", "place") or not attribute:
        return ""
    head = attribute.split()[-1]
    if body[:1] not in (["which"], ["what"]) or head not in body[1 : MAX_ROLE_WORDS + 1]:
        return attribute
    modifiers = body[1 : body.index(head)]
    if any(w in _AUXILIARIES or w in _PREPOSITIONS for w in modifiers):
        return attribute
    return " ".join([w for w in modifiers if w not in stopwords() and w not in _DETERMINERS] + [head])


# Words from the wh-word to the role noun that may all describe the role ("which US national security
# council spokesman"); further on, the noun is not the one the wh-word governs.
MAX_ROLE_WORDS = 6


def _role_nationality(text: str, kind: Kind, attribute: str) -> str:
    """The nationality adjective right before the asked role noun ("Russian ministers", "Brazilian club").
    Not for a place ("which European country"): the place named is of it without saying so."""
    if kind not in ("person", "organization") or not attribute:
        return ""
    head = attribute.split()[-1]
    found = re.search(rf"\b([A-Z][a-z]+)\s+(?:[a-z\-]+\s+)?{re.escape(head)}\b", text)
    return found.group(1) if found and _DEMONYM.match(found.group(1)) else ""


# Words that place a time relative to now, by the qualifier they stand for.
_RELATIVE_QUALIFIERS = {
    **{w: "last" for w in _vocabulary("last previous past")},
    **{w: "this" for w in _vocabulary("this current")},
    **{w: "next" for w in _vocabulary("next coming upcoming")},
}
_RELATIVE_TIME = frozenset(_RELATIVE_QUALIFIERS)
# Units of a relative time ("last year", "this season"); days are left out: "the previous day" is relative
# to the story's own events as often as to now.
_RELATIVE_UNITS = _vocabulary("year month week decade season quarter summer winter spring autumn fall")
_RELATIVE_PHRASE = re.compile(
    rf"\b({'|'.join(sorted(_RELATIVE_QUALIFIERS))})\s+({'|'.join(sorted(_RELATIVE_UNITS))})\b", re.I
)


def relative_times(text: str) -> tuple[str, ...]:
    """The times ``text`` places relative to now, as "<last|this|next> <unit>" ("previous year" -> "last
    year", "the upcoming season" -> "next season")."""
    found = (f"{_RELATIVE_QUALIFIERS[q.lower()]} {u.lower()}" for q, u in _RELATIVE_PHRASE.findall(text))
    return tuple(dict.fromkeys(found))


def _role_owner(text: str, kind: Kind, attribute: str, names: tuple[str, ...]) -> str:
    """The name owning the asked role: "<role> from/of (the) <Name>('s ...)" or "<Name>'s <role>"."""
    if kind not in ("person", "organization") or not attribute:
        return ""
    head = re.escape(attribute.split()[-1])
    name = r"([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)"
    found = re.search(rf"\b{head}\s+(?:from|of)\s+(?:the\s+)?{name}", text) or re.search(
        rf"{name}['’]s\s+(?:[a-z\-]+\s+)?{head}\b", text
    )
    if not found:
        return ""
    owner = possessive_base(found.group(1))
    return owner if owner in names else ""


_CLOCK_QUESTION = re.compile(
    r"^\W*(?:(?:at|by|until|from)\s+)?(?:what|which)\s+(?:exact\s+)?(?:time|hour)\b(?!\s+(?:zones?|frames?|limits?|periods?|slots?|tables?)\b)",
    re.I,
)


def _nationalities(text: str) -> tuple[str, ...]:
    """Nationality adjectives opening a noun phrase before a lower-case noun ("the Japanese government", "which
    German carmakers"); not one inside a name ("the Korean War"), nor a language ("translate into French")."""
    found = re.finditer(
        r"\b(?i:the|a|an|which|what|whose|other|many|its|their|his|her)\s+([A-Z][a-z]+)\s+(?=[a-z])", text
    )
    return tuple(dict.fromkeys(m.group(1) for m in found if _DEMONYM.match(m.group(1))))


# The asked noun is a property of what follows: "what colour was the car" (a copula and a described
# thing), "what rank does the officer hold" (possession), "what was served" (a passive act), "what is the
# officer's rank" / "what is the colour of the car" (an owned noun).
_PROPERTY = re.compile(
    r"^\W*(?:what|which)\s+(?:(?![a-z]+ly\b)[a-z\-]+\s+){1,2}?(?:is|are|was|were)\s+"
    r"(?:the|a|an|his|her|its|their|[A-Z][\w\-]*['’]s)\b"
    r"|^\W*(?:what|which)\s+(?:(?![a-z]+ly\b)[a-z\-]+\s+){1,2}?(?:does|did|do)\s+(?:\S+\s+){1,4}?(?:have|hold|own)\b"
    r"|^\W*what\s+(?:is|are|was|were)\s+(?:[a-z]+ed|made|built|sold|given|eaten|worn|seen|shown|held|done)\b"
    # "what is the officer's rank", "what was the colour of the car": a noun owned by what follows
    r"|^\W*what\s+(?:is|are|was|were)\s+(?:the\s+)?(?:[A-Z][\w\-]*\s+)*[\w\-]+['’]s\s+(?:[a-z\-]+\s+)?[a-z\-]+\W*$"
    r"|^\W*what\s+(?:is|are|was|were)\s+the\s+[a-z\-]+(?:\s+[a-z\-]+)?\s+of\s",
    re.I,
)
# Nouns whose answer is a description rather than a value named by the noun ("the outcome of the vote" is
# "the bill passed", which need not say "outcome").
_DESCRIPTION_NOUNS = _vocabulary(
    """outcome outcomes result results purpose aim aims goal goals impact effect effects significance focus
    topic topics subject message content point nature role status reason cause consequence consequences
    meaning theme idea plan plans strategy position view stance response reaction verdict decision"""
)
# A second question joined to the first: "..., and who ...", "... and how many ...", "..., and on which day
# ...", "..., and from where ..." (a preposition may lead the second question word).
_JOINED = re.compile(
    r",?\s+and\s+(?=(?:(?:on|in|at|from|to|for|with|by|of|about|under|into|since|until|after|before)\s+)?"
    r"(?:what|which|who|whom|whose|when|where|why|how)\b)",
    re.I,
)


def _parts(text: str) -> tuple[Question, ...]:
    """Each question joined in ``text``, analysed alone; () when there is only one."""
    pieces = [p.strip() for p in _JOINED.split(text) if p.strip()]
    if len(pieces) < 2:
        return ()
    return tuple(analyse(piece, parts=False) for piece in pieces)


# ----- the parts ---------------------------------------------------------------------------------------
# Where the asker says the answer should come from ("according to the coverage", "per the reporting",
# "going by the piece about the summit", "according to the agency's account"): a pointer at a text, not part
# of what is asked. The phrase goes when a noun naming a text stands among its first words; a pointer at a
# speaker ("according to the mayor", "according to Russian news agencies") says who said it and stays.
_ATTRIBUTION_OPENERS = r"(?:according\s+to|as\s+per|per|going\s+by|judging\s+by|based\s+on)"
_ATTRIBUTION = re.compile(rf"(?:,\s*|\s+)\b{_ATTRIBUTION_OPENERS}\s+(?P<phrase>[^,?!;:]+?)\s*(?=[?,.!;:]|$)", re.I)
_LEADING_ATTRIBUTION = re.compile(rf"^\s*{_ATTRIBUTION_OPENERS}\s+(?P<phrase>[^,?!;:]+?)\s*,\s*", re.I)
# Nouns naming a text or a body of reporting, and how far into the phrase one may stand ("the Chinese state
# wire's account": fourth word).
_SOURCE_NOUNS = _vocabulary(
    "coverage reporting report reports article articles piece pieces story stories account accounts text texts "
    "dispatch dispatches wire write-up feature comparison comparisons sources source news press media documents "
    "document passage passages"
)
SOURCE_NOUN_REACH = 4
_POINTER_OPENERS = _vocabulary("the these this those its their your our his her")


def _points_at_text(match: re.Match[str]) -> bool:
    """Does the attribution phrase point at a text ("the piece about the summit") rather than a speaker?"""
    phrase = [w.lower().strip("'’").removesuffix("'s").removesuffix("’s") for w in match.group("phrase").split()]
    if not phrase or phrase[0] not in _POINTER_OPENERS:
        return False
    return bool(set(phrase[1 : 1 + SOURCE_NOUN_REACH]) & _SOURCE_NOUNS)


# Words of a label set before a message in a chat transcript or a template ("### User question:",
# "Assistant:", "Query:"): they say where the question starts, and ask nothing.
_LABEL_WORDS = _vocabulary(
    "system user assistant human ai bot customer client question query prompt input message request task "
    "actual real final new my your the"
)
# Such a label opening the text, after any markup ("###", ">", "**").
_LABEL = re.compile(
    rf"^[\s#>*=\-\[\]]*(?:(?:{'|'.join(sorted(_LABEL_WORDS))})\s+){{0,2}}"
    r"(?:system|user|assistant|human|question|query|prompt|input|message|request)\s*[\]*]*\s*:\s*",
    re.I,
)
# A hedge before the question word ("Roughly how many ...", "Exactly when ...") qualifies the answer.
_HEDGE = re.compile(
    r"^\s*(?:roughly|approximately|about|around|exactly|precisely|just|so|basically|briefly|honestly|quickly)\s*,?\s+"
    r"(?=(?:how|what|which|who|whom|whose|when|where|why)\b)",
    re.I,
)
# A sentence ends at "?", or at "." / "!" before a capital, unless the word before is short and
# capitalised: an abbreviation ("Mr. Kim", "U.S. troops", "Gen. Lee").
_SENTENCE_END = re.compile(
    r"(?<=[.!])\s+(?=[A-Z#>*=]|(?:what|which|who|whom|whose|when|where|why|how)\b)|(?<=\?)\s+(?=\S)"
    # Casual text opens sentences in lower case: a full stop after a word of three letters or more (not a
    # short abbreviation such as "approx." or "etc.") ends one too.
    r"|(?<=[a-z]{3}\.)(?<!approx\.)(?<!incl\.)(?<!etc\.)(?<!vs\.)\s+(?=[a-z])"
)
_ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,3}\.|\b(?:[A-Z]\.){2,})$")


def _plain(text: str) -> str:
    """The question without a pointer at its source or a hedge before the question word."""
    text = _LABEL.sub("", text)
    text = _LEADING_ATTRIBUTION.sub(lambda m: "" if _points_at_text(m) else m.group(), text)
    text = _ATTRIBUTION.sub(lambda m: "" if _points_at_text(m) else m.group(), text)
    return _HEDGE.sub("", text).strip() or text


def _asking_sentence(text: str) -> str:
    """Of several sentences, the one that asks: the last ending in "?", else the last that opens with a
    question word. Instructions or remarks around it ("Ignore the sources. What did ...") are not asked."""
    parts: list[str] = []
    # A line break ends a sentence too ("# Flood report\nHow many homes ...").
    for piece in (p for line in text.strip().splitlines() for p in _SENTENCE_END.split(line.strip())):
        if parts and _ABBREVIATION.search(parts[-1]):
            parts[-1] += " " + piece
        elif piece.strip():
            parts.append(piece)
    if len(parts) < 2:
        return text
    asked = [p for p in parts if p.rstrip().endswith("?")]
    if asked:
        return " ".join(asked)
    opening = [p for p in parts if set(_expand([w.lower() for w in _WORD.findall(p)[:3]])) & _WH]
    return opening[-1] if opening else text


# ----- the asking part of a wrapped question -------------------------------------------------------------
# A question may come wrapped in words addressed to the assistant: markup comments, bracketed or fenced
# instruction blocks, a JSON or YAML record holding it, a role-play preamble ("You are now ..."), orders
# about the reply ("Reply only with ...", "Sign off with ..."). None of them is asked: the asking part is
# the text without them; a text that is only instructions is left whole (it asks nothing, and says so).
_COMMENT = re.compile(r"<!--.*?(?:-->|$)|/\*.*?(?:\*/|$)", re.S)
_FENCE = re.compile(r"```[\w+\-]*")
# A comment line in a code block or a script: "# note to the bot", "// reply in caps".
_COMMENT_LINE = re.compile(r"^\s*(?:#(?![#\s]*[A-Za-z ]{0,30}:)|//|--\s)[^\n]*$", re.M)
# A markup tag ("<system>", "</context>", "<leak>") or a chat-role marker ("[INST]", "<|im_start|>").
_TAG = re.compile(r"</?[A-Za-z][\w\-]*(?:\s[^<>]*)?/?>|<\|[^|>]*\|>|\[/?[A-Z_]{2,}\]")
_TAG_BLOCK = re.compile(r"<([A-Za-z][\w\-]*)(?:\s[^<>]*)?>(.*?)</\1\s*>", re.S)
# A bracketed block: its words are an aside, kept only when they ask or describe.
_BRACKETED = re.compile(r"\[([^\[\]]*)\]|\{\{([^{}]*)\}\}|\(([^()]*)\)")
# Keys of a record that hold the question itself ({"question": "...", "format": "..."}).
_QUESTION_KEYS = _vocabulary("question query prompt input message content text user ask q")
_RECORD_FIELD = re.compile(r"""["']?([A-Za-z_][\w\-]*)["']?\s*:\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")
_YAML_FIELD = re.compile(r"^\s*-?\s*([A-Za-z_][\w\-]*)\s*:\s*(.+?)\s*$", re.M)
# Labels that mark a line as orders to the assistant ("SYSTEM:", "admin note:", "New instruction:").
_ORDER_LABEL_WORDS = _vocabulary(
    "system admin administrator developer dev instruction instructions note notes override rule rules mode "
    "config configuration directive directives policy setting settings persona role"
)
_LEAD_LABEL = re.compile(r"^[\s#>*=\-\[\]]*((?:[A-Za-z][\w\-]*\s+){0,3}[A-Za-z][\w\-]*)\s*[\]*]*\s*:\s*")
# Second-person words: a sentence that speaks to the assistant.
_ADDRESS = _vocabulary("you your yours yourself yourselves you're you'll you've you'd u ur")
# Words about the exchange itself: the reply, its form, the rules and prompts of the one answering.
_EXCHANGE_WORDS = _vocabulary(
    """assistant assistants chatbot bot prompt prompts instructions guidelines citation citations cite uppercase
    lowercase token tokens persona jailbreak jailbroken"""
)
# Words that are about the exchange in a short order ("all caps", "no rules", "short answer only") and about the
# news anywhere else ("China's response", "UN rules", "a sign on the hotel", "factory output").
_EXCHANGE_IN_SHORT = _vocabulary(
    "reply replies respond response responses answer answers answering rules instruction output caps character "
    "filter filters restrictions sign"
)
# Words of a clause short enough for an ``_EXCHANGE_IN_SHORT`` word to make it an order.
SHORT_ORDER_WORDS = 4
# Verbs opening an order to the one answering (the imperative of a wrapper, not a request for a fact).
_ORDER_VERBS = _vocabulary(
    """ignore disregard forget pretend act imagine roleplay role-play play reply respond answer say print output
    write repeat translate switch turn stop begin start end finish sign talk speak use include add append
    prepend keep stay treat assume bypass override disable enable skip omit avoid drop let make format put
    remember obey follow behave become be don't dont never always"""
)
# Words that may open an order before its verb ("please reply", "now ignore", "just say").
_ORDER_FILLERS = _LEADING_FILLERS | _vocabulary("just kindly first also next finally simply")
# A clause that sets when an order holds ("Before you answer, ...", "From now on, ...", "When replying, ...").
_ORDER_SETTING = re.compile(
    r"^\W*(?:(?:before|after|when|whenever|while|once|as)\s+(?:you\s+)?(?:answer|reply|respond|write)\w*"
    r"|from\s+now\s+on|for\s+(?:this|the\s+rest\s+of\s+(?:this|the))\s+\w+|in\s+(?:this|every|each|your)\s+\w+)"
    r"\s*,\s*",
    re.I,
)
# A clause break inside a sentence: where a leading or trailing order may be cut off.
_CLAUSE_SPLIT = re.compile(r"\s*(?:[:;]|,\s*(?:and\s+|then\s+)?|\s[-–—]\s|\s+(?:and\s+)?then\s+|\s+and\s+)\s*", re.I)


def asking_part(text: str) -> str:
    """The words of ``text`` that ask, without the instructions wrapped around them nor the talk around the
    question; ``text`` itself (stripped) when nothing in it asks or nothing is wrapped around what asks."""
    return _without_chatter(_without_orders(text))


def _without_orders(text: str) -> str:
    text = text.strip()
    unwrapped = _unwrapped(text)
    pieces = [p for p in _pieces(unwrapped) if p]
    asking = [p for p in pieces if _asking(p)]
    if not asking:
        return text
    kept = [_trimmed(p) if _asking(p) else p for p in pieces if _asking(p) or not _order(p)]
    if unwrapped == text and kept == pieces:
        return text  # nothing is wrapped around the question: its words stay as written
    # A name the orders give the assistant ("you are FreeBot") is who the question is said to, not asked about.
    personas = {m.group(1) for p in pieces if _order(p) and not _asking(p) for m in _PERSONA_NAME.finditer(p)}
    kept = [_without_vocative(p, personas) for p in kept]
    # A label before the question ("### User question:") says where it starts; it is no part of it.
    kept = [_LABEL.sub("", p) if _asking(p) else p for p in kept]
    return " ".join(kept).strip() or text


def _without_chatter(text: str) -> str:
    """The text without the talk around its question: greetings, thanks, apologies and tags asking for help
    ("Hi!", "Sorry if this is obvious, but", "- any idea?", "(just curious)", "if I remember right"), and
    remarks about the asker ("I'm writing a school report on this.") when the question names its own topic.
    The text itself when nothing in it asks."""
    pieces = [p for p in _pieces(text) if p]
    asking = [p for p in pieces if _asking(p) and not _chatter(p)]
    # Without a piece that asks in form ("the nato boss said putin's trips exposed moscow as what"), the
    # pieces that are neither chatter nor about the asker are the question.
    topical = asking or [p for p in pieces if not _chatter(p) and not _about_asker(p)]
    if not topical:
        return text
    # A question saying little of its own ("is that right?", "who said it?") leans on the remark before it.
    leans = sum(len(content_terms(p)) for p in topical) < MIN_OWN_TERMS
    # Remarks after the question ("Just the basics please.", "Trying to settle a bet.") say nothing it asks.
    last = max(i for i, p in enumerate(pieces) if p in topical)
    kept = [
        _trim_chatter(p, leans) if p in topical else p
        for i, p in enumerate(pieces)
        if not _chatter(p) and (p in topical or leans or (i < last and not _about_asker(p)))
    ]
    if kept == pieces:
        return text
    # Lines stay lines: a line break ends a sentence for the analysis ("# Flood report\nHow many ...").
    return ("\n" if "\n" in text else " ").join(k for k in kept if k).strip() or text


# Words of the talk around a question rather than of its topic: greetings, thanks, apologies, requests for help,
# hedges about the asker's memory, fillers.
_CHATTER_WORDS = _vocabulary(
    """sorry apologies apologise apologize excuse pardon hi hey hello hiya yo sup heya greetings dear thanks thank thx cheers
    good morning afternoon evening thought thoughts
    please pls plz ok okay so well um uh hmm oh ah wow yeah yep lol anyway quick question questions dumb silly
    stupid obvious basic simple random curious curiosity wondering wonder idea clue help anyone somebody someone
    just really actually maybe perhaps right correct mistaken remember recall wrong think guess believe sure
    know advance bit little confused again"""
)
# Words of the shortest remark about the asker ("I need it"); fewer ("me", "not me") is a quoted reply.
MIN_REMARK_WORDS = 3
# Content words a question needs to stand without the remarks before it ("when did it start?" has one).
MIN_OWN_TERMS = 2
# Where the talk before or after a question breaks off from it.
_CHATTER_BREAK = re.compile(r"\s*(?:[,:;!]|\s[-–—]+\s|\.{3}|…)\s*|\s+(?=(?:but|if|and)\s)", re.I)
_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)")
# A lead up to a colon or a dash: where a remark about the asker ends and the question begins.
_ASKER_LEAD = re.compile(r"^([^:?]+?)(?::|\s[-–—]+)\s+")
# Fillers opening a sentence before its question ("ok so which ...", "well, hmm, who ...").
_CHATTER_OPENING = re.compile(
    r"^(?:(?:ok|okay|so|well|um|uh|hmm|oh|ah|hey|hi|hello|yo|yeah|anyway|right)\b(?![-'’])[\s,.!]*)+(?=\S)", re.I
)
# Thanks closing a question ("... what came of it thanks!?", "... please?").
_THANKS_CLOSING = re.compile(r"[\s,.!-]+(?:thanks|thank\s+you|thx|ty|cheers|please|pls|plz)[\s!.?]*$", re.I)


def _chatter(text: str) -> bool:
    """Is the text only talk around a question: chatter words, with words of the asker and small words?"""
    found = _expand([w.lower().replace("’", "'") for w in _WORD.findall(text)])
    if not found or not set(found) & _CHATTER_WORDS:
        return False
    return all(w in _CHATTER_WORDS or w in _PERSONAL or w in stopwords() for w in found)


def _asker_label(lead: str) -> bool:
    """Is a lead before a colon a label of the asker's own ("Timeline question again:", "Quick economics
    question for my module:", "History essay context:")? It names the kind of question or what it is for."""
    found = _expand([w.lower().replace("’", "'") for w in _WORD.findall(lead)])
    return bool(set(found) & _ASKING_NOUNS) and (bool(set(found) & _PERSONAL) or len(found) <= MAX_LABEL_WORDS)


# Nouns naming a question or what the asker needs it for: a lead holding one is about the asking.
_ASKING_NOUNS = _vocabulary(
    """question questions query queries context background essay essays report project assignment homework class
    module seminar lecture course debate presentation thesis dissertation exam quiz revision research"""
)
# Words of the longest label without a word of the asker ("Quick geography question about the region:").
MAX_LABEL_WORDS = 6


def _aside(clause: str) -> bool:
    """Is a clause after the question talk or a remark about the asker ("I need it for a meeting")?"""
    return _chatter(clause) or _about_asker(clause, trailing=True)


def _about_asker(text: str, trailing: bool = False) -> bool:
    """Is the sentence a remark about the asker naming nothing ("I'm writing a report on this.", "My friend and
    I argued.")? One naming someone or something ("I read that Kim called Putin ...") says what is asked about."""
    found = _expand([w.lower().replace("’", "'") for w in _WORD.findall(text)])
    if trailing:
        # "..., so quick please", "... and I need it by noon": a clause after the question may open with a joiner.
        found = found[1:] if found[:1] in (["so"], ["and"], ["but"], ["as"], ["because"], ["since"]) else found
    return (
        len(found) >= MIN_REMARK_WORDS
        and found[0] in _PERSONAL
        and not (text.rstrip().endswith("?") and not trailing)
        and not [n for n in _names(text) if not re.fullmatch(r"I(?:['’]\w+)?", n)]
    )


def _trim_chatter(sentence: str, leans: bool = False) -> str:
    """The asking sentence without chatter before or after its question ("hey, quick question - who ...",
    "ok so which ...", "... thanks!"), nor a remark about the asker leading it ("I was reading about the
    summit and got curious: when ..."), unless the question leans on that remark (``leans``)."""
    sentence = _PARENTHESIS.sub(lambda m: "" if _chatter(m.group(1)) else m.group(), sentence)
    lead = _ASKER_LEAD.match(sentence)
    if lead and not leans and _about_asker(lead.group(1)) and _asking(sentence[lead.end() :]):
        sentence = sentence[lead.end() :]
    sentence = _CHATTER_OPENING.sub("", sentence)
    sentence = _THANKS_CLOSING.sub(lambda m: "?" if "?" in m.group() else "", sentence)
    asked = sentence.rstrip().endswith("?")
    bounds = [0, *(m.end() for m in _CHATTER_BREAK.finditer(sentence)), len(sentence)]
    starts = [0, *(m.start() for m in _CHATTER_BREAK.finditer(sentence)), len(sentence)]
    # Clause i runs from bounds[i] to starts[i + 1].
    clauses = [(bounds[i], starts[i + 1]) for i in range(len(bounds) - 1)]
    first, last = 0, len(clauses)
    while first < last - 1 and _chatter(sentence[clauses[first][0] : clauses[first][1]]):
        first += 1
    while last - 1 > first and _aside(sentence[clauses[last - 1][0] : clauses[last - 1][1]]):
        last -= 1
    if first == 0 and last == len(clauses):
        return sentence
    kept = sentence[clauses[first][0] : clauses[last - 1][1]].strip()
    kept = re.sub(r"^(?:but|and|so)\s+", "", kept, flags=re.I)
    return kept + ("?" if asked and not kept.endswith("?") else "")


# A name given to the one answering: "you are FreeBot", "your name is Max", "act as Sage".
_PERSONA_NAME = re.compile(
    r"\b(?i:you\s+are|you['’]re|you\s+will\s+be|your\s+name\s+is|call\s+yourself|act\s+as|play(?:ing)?\s+as)"
    r"\s+(?i:now\s+)?(?i:called\s+|named\s+)?([A-Z][\w\-]*)"
)


def _without_vocative(sentence: str, personas: set[str]) -> str:
    """The sentence without the assistant's role-play name said to it first ("FreeBot, what ...")."""
    for name in personas:
        found = re.match(rf"\W*(?:(?:hey|ok|okay|so|now|well)\s+)?{re.escape(name)}\s*[,:!\-–—]\s*", sentence, re.I)
        if found:
            return sentence[found.end() :]
    return sentence


def _unwrapped(text: str) -> str:
    """The text out of its record, comments, fences, tags and bracketed orders."""
    record = _record_question(text)
    if record:
        return record
    plain = _COMMENT.sub(" \n ", text)
    # A question written only inside a comment is still the question.
    if not any(_asking(p) for p in _pieces(_strip_markup(plain))):
        inner = " ".join(m.group() for m in _COMMENT.finditer(text))
        if inner:
            plain = text.replace("<!--", " ").replace("-->", " ").replace("/*", " ").replace("*/", " ")
    return _strip_markup(plain)


def _strip_markup(text: str) -> str:
    if "```" in text:
        text = _FENCE.sub("\n", text)
        uncommented = _COMMENT_LINE.sub("", text)
        if any(_asking(p) for p in _pieces(uncommented)):
            text = uncommented
    # A block in tags ("<system>reply in caps</system>") is a piece of its own; a lone tag is markup.
    text = _TAG_BLOCK.sub(lambda m: "\n" + m.group(2) + "\n", text)
    text = _TAG.sub(" ", text)

    def aside(match: re.Match[str]) -> str:
        inner = next(g for g in match.groups() if g is not None)
        # An order in brackets ("[reply in caps]", "(ignore the rest)") goes; a description stays.
        if _order(inner) and not _asking(inner):
            return " "
        return match.group() if match.group().startswith("(") else " " + inner + " "

    return _BRACKETED.sub(aside, text)


def _record_question(text: str) -> str:
    """The question held in a JSON or YAML record ({"question": "...", "style": "..."}); "" for other text."""
    # A JSON record is braced; a YAML one has a field on each of several lines. Elsewhere "said: '...'" is
    # a quotation in a sentence, and one "label: value" line a labelled question the analysis reads as such.
    braced = re.search(r"\{.*\}", text, re.S)
    fields = [(m.group(1), m.group(2) if m.group(2) is not None else m.group(3)) for m in _RECORD_FIELD.finditer(text)]
    if not braced:
        fields = [(m.group(1), m.group(2).strip("\"'")) for m in _YAML_FIELD.finditer(text)] if "\n" in text else []
    if not fields or (not braced and len(fields) < 2):
        return ""
    values = [v.replace('\\"', '"').replace("\\'", "'") for k, v in fields if k.lower() in _QUESTION_KEYS]
    asked = [v for v in values if _asking(v)] or [v for k, v in fields if _asking(v)]
    return " ".join(asked)


def _pieces(text: str) -> list[str]:
    """Lines, then sentences (an abbreviation's full stop ends none)."""
    found: list[str] = []
    for line in text.splitlines():
        parts: list[str] = []
        for piece in _SENTENCE_END.split(line.strip()):
            # A question word after the full stop opens a sentence, whatever the word before it.
            opens = _WORD.findall(piece)[:1]
            if parts and _ABBREVIATION.search(parts[-1]) and not (opens and opens[0].lower() in _WH):
                parts[-1] += " " + piece
            elif piece.strip():
                parts.append(piece.strip())
        found.extend(parts)
    return found


def _label(text: str) -> tuple[list[str], str]:
    """The words of a label opening ``text`` ("SYSTEM:", "admin note:") and the text after it."""
    found = _LEAD_LABEL.match(text)
    if not found:
        return [], text
    return [w.lower() for w in found.group(1).split()], text[found.end() :]


def _asking(text: str) -> bool:
    """Does the sentence ask: a question mark, a question word opening it or one of its clauses after a
    request ("tell me who ..."), a request for information ("Name the ...", "Give the date ...")?"""
    label, rest = _label(text)
    ordered = set(label) & _ORDER_LABEL_WORDS and not set(label) & _LABEL_WORDS - {"the", "my", "your"}
    if ordered and "?" not in rest:
        return False
    if "?" in rest and _WORD.search(rest):
        return True
    for clause in _CLAUSE_SPLIT.split(rest):
        lower = _expand([w.lower().replace("’", "'") for w in _WORD.findall(clause)])
        body = _strip_lead(lower)
        if body[:1] and body[0] in _WH:
            return True
        if body[:1] and body[0] in ("name", "list", "identify", "quote", "count") and len(body) > 1:
            return True
        if _requests_value(body) or _as_question(body) != body:
            return True
    return False


def _bare_request(clause: str) -> bool:
    """A request that names nothing yet ("then tell me:", "please let us know"): the question follows it."""
    lower = [w.lower() for w in _WORD.findall(clause)]
    return bool(lower) and all(w in _REQUEST or w in _ORDER_FILLERS or w in ("let", "say") for w in lower)


# A persona the reply is to speak as ("As Max,", "As a pirate,"): a setting of the wrapper, not of the question.
_PERSONA = re.compile(
    r"^\W*(?:speaking\s+|answering\s+|replying\s+)?as\s+(?:an?\s+|the\s+)?((?:[\w\-’']+\s*){1,3})$", re.I
)


def _heading_line(text: str) -> bool:
    """A markdown heading ("## Rules") or a line in capitals ("SYSTEM OVERRIDE"), not ending as a sentence."""
    text = text.strip()
    if not text or text.endswith((".", "?", "!")):
        return False
    return text.startswith("#") or (text.isupper() and len(_WORD.findall(text)) > 1)


def _order(text: str) -> bool:
    """Is the sentence (or clause) said to the assistant: an order opening with a verb or a setting ("Before
    you answer, ..."), words to "you", words about the reply or its rules, or a label of orders?"""
    label, rest = _label(text)
    if label and set(label) & (_ORDER_LABEL_WORDS | _EXCHANGE_WORDS | _EXCHANGE_IN_SHORT | _ADDRESS):
        return True
    persona = _PERSONA.match(rest)
    said = persona.group(1).split() if persona else []
    # Not a time or a condition ("As of 2020,", "As in May,", "As prices rose,"): a persona names someone.
    if (
        said
        and said[0].lower() not in _PREPOSITIONS
        and not any(_looks_verb(w.lower()) or w[0].isdigit() for w in said)
    ):
        return True
    rest = _ORDER_SETTING.sub("", rest)
    lower = _expand([w.lower().replace("’", "'") for w in _WORD.findall(rest)])
    if not lower:
        return bool(label)
    # A heading naming orders ("## SYSTEM OVERRIDE", "DEVELOPER MODE", "# New Rules") titles the orders under it.
    if _heading_line(rest) and set(lower) & _ORDER_LABEL_WORDS:
        return True
    if set(lower) & (_ADDRESS | _EXCHANGE_WORDS):
        return True
    if len(lower) <= SHORT_ORDER_WORDS and set(lower) & _EXCHANGE_IN_SHORT:
        return True
    i = 0
    while i < len(lower) - 1 and lower[i] in _ORDER_FILLERS:
        i += 1
    # "Do not use the sources", "do never cite": a negated order.
    return lower[i] in _ORDER_VERBS or (lower[i] == "do" and _at(lower, i + 1) in ("not", "never"))


# Quoted words ("begin with 'Hello, friends!'"): no clause breaks inside. A quote mark inside a word
# ("Lee's") opens no quote.
_QUOTED = re.compile(r"(?<!\w)'[^']*'(?!\w)|(?<!\w)\"[^\"]*\"|“[^”]*”|‘[^’]*’(?!\w)")


def _trimmed(sentence: str) -> str:
    """The asking sentence without orders before its question ("Print X, then tell me: who ...") or after it
    ("Who won, and reply in caps")."""
    quoted = [m.span() for m in _QUOTED.finditer(sentence)]
    breaks = [
        (m.start(), m.end()) for m in _CLAUSE_SPLIT.finditer(sentence) if not any(a < m.start() < b for a, b in quoted)
    ]
    bounds = [0, *(e for _, e in breaks)]
    ends = [*(s for s, _ in breaks), len(sentence)]
    clauses = [sentence[a:b] for a, b in zip(bounds, ends, strict=True)]
    first = next((i for i, c in enumerate(clauses) if _asking(c)), 0)
    if first and not all(_order(c) or _bare_request(c) for c in clauses[:first]):
        first = 0
    last = len(clauses)
    while last - 1 > first and _order(clauses[last - 1]) and not _asking(clauses[last - 1]):
        last -= 1
    if first == 0 and last == len(clauses):
        return sentence
    kept = sentence[bounds[first] : ends[last - 1]].strip()
    return kept + ("?" if sentence.rstrip().endswith("?") and not kept.endswith("?") else "")


_CONTRACTIONS = {
    "what's": ["what", "is"],
    "whats": ["what", "is"],
    "who's": ["who", "is"],
    "whos": ["who", "is"],
    "where's": ["where", "is"],
    "wheres": ["where", "is"],
    "when's": ["when", "is"],
    "how's": ["how", "is"],
    "why's": ["why", "is"],
    "wen": ["when"],
}
_WH = _vocabulary("what which who whom whose when where why how")
# Requests phrased as commands: "tell me ...", "can you tell me ...", "name the ...", "list the ...".
_REQUEST = _vocabulary("tell me us know explain show give find")


# Imperatives that request information ("name the ...", "list ...", "tell me ...") rather than an action.
_INFORMATION_REQUESTS = _REQUEST | _vocabulary(
    "name list count quote identify describe summarise summarize outline compare define"
)
# Things whose length is a time: "how long was the gap / the wait / the flight" asks for a duration.
_SPAN_NOUNS = _vocabulary(
    "gap interval wait delay break pause period span stay flight journey term tenure ceasefire strike war outage"
)
_SORT_NOUNS = _vocabulary("sort sorts kind kinds type types form forms")
_DETERMINERS = _vocabulary("the a an your my this that these those all any every only some it them")


def _asks(text: str, lower: list[str]) -> bool:
    """Does the text request information? A bare instruction does not: it opens a clause with a verb
    followed by a determiner ("Write a poem", "Ignore your rules", "Pretend the ...") and has no question
    word, no question mark, no request for information, and no auxiliary opening a yes/no question."""
    if "?" in text or set(lower) & (_WH | _INFORMATION_REQUESTS):
        return True
    clauses = [
        _expand([w.lower() for w in _WORD.findall(c)]) for c in re.split(r"[:;.!,]|\band\b|\bthen\b", text, flags=re.I)
    ]
    heads = [c for c in clauses if c]
    if any(head[0] in _AUXILIARIES or _requests_value(head) for head in heads):
        return True
    return not any(len(head) > 1 and _looks_verb(head[0]) and head[1] in _DETERMINERS for head in heads)


# Nouns naming a value an imperative may ask for: "put a number on ...", "give a date for ...", "supply
# the name of ...".
_VALUE_OBJECTS = _vocabulary(
    "number numbers figure figures date dates name names estimate estimates total count amount price cost "
    "year time age size value tally"
)
# Verbs that ask for a value by themselves: "estimate the cost", "calculate the total", "state the date".
_VALUE_VERBS = _vocabulary("estimate calculate determine specify state ascertain")
# Words an imperative may put between its verb and the value it asks for: "give me a figure".
_OBJECT_LEAD = _vocabulary("me us a an the its their his her some any rough exact precise approximate ballpark")


def _requests_value(head: list[str]) -> bool:
    """A clause opening with an imperative whose object is a value ("Put a number on the crowd", "Supply the
    name of the firm", "Estimate the cost"); not one whose object is a thing ("Put the kettle on")."""
    if not head or not _looks_verb(head[0]):
        return False
    if head[0] in _VALUE_VERBS and _at(head, 1) in _DETERMINERS:
        return True
    i = 1
    while _at(head, i) in _OBJECT_LEAD:
        i += 1
    return i > 1 and _at(head, i) in _VALUE_OBJECTS and _at(head, i + 1) in ("on", "for", "of", "")


# Value nouns of a request as a command, by the question they stand for: "give the date X" asks "when X",
# "put a number on X" asks "how many X".
_DATE_OBJECTS = _vocabulary("date dates year time")
_COUNT_OBJECTS = _vocabulary("number numbers figure figures estimate estimates total count amount tally")


def _as_question(body: list[str]) -> list[str]:
    """A request for a value phrased as a command, as the question it stands for: "give the date the dam
    opened" -> "what is the date the dam opened"; "put a number on the fans" -> "how many fans". Other
    words are returned as they are."""
    if _value_fragment(body):
        return ["what", "is", *body]
    if not body or body[0] in _WH or body[0] in _VALUE_VERBS or not _looks_verb(body[0]):
        return body
    i = 1
    while _at(body, i) in _OBJECT_LEAD:
        i += 1
    if i == 1:
        return body
    noun, rest = _at(body, i), body[i + 1 :]
    if noun in _DATE_OBJECTS:
        return ["what", "is", "the", "date", *(rest[1:] if rest[:1] in (["for"], ["of"]) else rest)]
    if noun in _COUNT_OBJECTS and rest[:1] in (["on"], ["for"], ["of"]):
        counted = [w for w in rest[1:] if w not in _DETERMINERS]
        return ["how", "many" if any(_plural(w) for w in _noun_phrase(counted)) else "much", *counted]
    if noun in ("name", "names") and rest[:1] == ["of"]:
        return ["what", "is", "the", noun, *rest]
    return body


# Nouns a verbless question may ask the value of ("Lagos population?", "date of the vote?").
_FRAGMENT_VALUE_NOUNS = _COUNT_NOUNS | _MEASURE_NOUNS | _vocabulary("date year name names")


def _value_fragment(body: list[str]) -> bool:
    """A question written as a noun phrase naming a value, without a question word or a verb ("russia's
    population, roughly?", "height of the new tower", "vote date?"): it asks "what is" that value."""
    if not body or body[0] in _WH or body[0] in _AUXILIARIES or body[0] in _DETERMINERS - {"the", "its", "their"}:
        return False
    if body[0] in ("name", "names") and (_at(body, 1) in _DETERMINERS or _at(body, 1) in _NUMBER_WORDS):
        return False  # "name the winners", "name two clubs": an order to name, read as such
    value = next((i for i, w in enumerate(body) if possessive_base(w) in _FRAGMENT_VALUE_NOUNS), None)
    if value is None or value > MAX_FRAGMENT_LEAD:
        return False
    # "last" before a unit of time ("last year") says when, it is no verb.
    return not any(
        w in _AUXILIARIES
        or w in _WH
        or (_looks_verb(w) and possessive_base(w) not in _FRAGMENT_VALUE_NOUNS and w not in _RELATIVE_TIME)
        for w in body
    )


# Words a value noun of a verbless question may follow ("the official 2020 census population").
MAX_FRAGMENT_LEAD = 4


def _noun_phrase(words: list[str]) -> list[str]:
    """The words opening ``words`` up to a verb, an auxiliary, a preposition or a wh-word."""
    phrase: list[str] = []
    for word in words:
        if word in _AUXILIARIES or word in _PREPOSITIONS or word in _WH or (phrase and _looks_verb(word)):
            break
        phrase.append(word)
    return phrase


# Words for a person that say no role ("the guy who ...", "the woman quoted").
_PLAIN_PEOPLE = _vocabulary("guy guys man men woman women people someone somebody folks chap bloke lady gentleman")
# Letters a word ending in "-ing" needs to be read as a participle ("sing", "king", "thing" are not).
MIN_PARTICIPLE_LETTERS = 6


def _description_head(words: list[str]) -> str:
    """The head noun of a description that opens ``words``: its last word before a verb, a participle, an
    auxiliary, a preposition, a wh-word or a relative pronoun ("senior fellow quoted on ..." -> "fellow",
    "club spokesman brushing off ..." -> "spokesman"); "" when the words open with a verb."""
    phrase: list[str] = []
    for at, word in enumerate(words):
        participle = word.endswith("ing") and len(word) >= MIN_PARTICIPLE_LETTERS
        # An opening word in "-ing" is a participle only before its object ("leading the talks"), else a
        # noun or a name ("Beijing spokesman", "building manager").
        participle = participle and (at > 0 or _at(words, 1) in _DETERMINERS)
        if word in _AUXILIARIES or word in _PREPOSITIONS or word in _WH or word in ("that", "and", "or"):
            break
        if _looks_verb(word) or participle:
            if not phrase:
                return ""
            break
        phrase.append(word)
    phrase = [w for w in phrase if w not in _DETERMINERS]
    return phrase[-1] if phrase else ""


def _expand(lower: list[str]) -> list[str]:
    return [part for word in lower for part in _CONTRACTIONS.get(word, [word])]


def _constraining(text: str) -> str:
    """The words that constrain what is asked: the asking clause, and an introductory phrase before it that
    opens with a preposition ("In 2019, who won ..."). A statement set aside before it ("The dam opened in
    1998; how many ...") is background: its year says when that happened, not which value is asked."""
    asking = _asking_clause(text)
    if asking == text or not text.endswith(asking):
        return text
    intro = _WORD.findall(text[: len(text) - len(asking)])
    return text if intro and intro[0].lower() in _PREPOSITIONS else asking


# How far into a clause its question word or auxiliary may stand for the clause to be the question itself.
OPENING_WORDS = 2


def _asking_clause(text: str) -> str:
    """From the wh-word on when an introductory clause comes first ("In the 2025 race, what ...", "The final -
    who scored ...", "If the merger goes ahead, what would ..."): the clause before a comma, dash or colon is
    set aside when the words after it open with a wh-word and it opens neither with a wh-word nor an
    auxiliary (that would be the question itself), unless it opens with a subordinating conjunction."""
    for sep in _CLAUSE_BREAK.finditer(text):
        first, rest = text[: sep.start()], text[sep.end() :]
        # A capitalised word after the first is a name, not an auxiliary ("In May, how many ...").
        lead = _expand([w.lower() for i, w in enumerate(_WORD.findall(first)[:3]) if i == 0 or not w[:1].isupper()])
        head = _expand([w.lower() for w in _WORD.findall(rest)[:1]])
        if not head or not (head[0] in _WH or head[0] == "and"):
            continue
        # The question itself opens with its wh-word or auxiliary within two words ("So what ...", "Did the ...");
        # a statement names its subject first and its verb later ("The vote was held on Sunday; who ...").
        if lead[:1] and lead[0] in _SUBORDINATORS or not set(lead[:OPENING_WORDS]) & (_WH | _AUXILIARIES):
            return rest.strip()
    return text


def _lead_dimension(text: str) -> str:
    """The measure an introductory clause names for a number question: "Duration-wise, how long ...",
    "In square kilometres, what is ...", "In euros, how much ..."; "" when it names none."""
    clause = _asking_clause(text)
    if clause == text:
        return ""
    lead = [w.lower() for w in _WORD.findall(text[: len(text) - len(clause)])]
    for word in lead:
        base = word[: -len("-wise")] if word.endswith("-wise") else word
        if base in _UNIT_DIMENSIONS:
            return _UNIT_DIMENSIONS[base]
        if word.endswith("-wise") and base in _MEASURE_NOUNS:
            return base
    return ""


# Commands before a bare "how many?" that name the counted thing as their object ("Count the trips ...").
_COUNT_COMMANDS = _vocabulary("count tally total number list name tell give")


# Personal pronouns: a noun phrase ends before one ("the goals she scored").
_PRONOUNS = _vocabulary("i you he she it we they me him her us them")


def _lead_counted(text: str, name_words: frozenset[str]) -> str:
    """The counted noun of a bare "how many?" in the clause set before it: past a command ("count"),
    articles and names (a possessive name owns the noun: "Ann's goals" counts goals), the first noun and
    a plural right after it ("the police officers"); "" when the question has no such clause."""
    clause = _asking_clause(text)
    if clause == text:
        return ""
    lead = [w.lower().replace("’", "'") for w in _WORD.findall(text[: len(text) - len(clause)])]
    i = 0
    while i < len(lead) and (lead[i] in _COUNT_COMMANDS or lead[i] in ("me", "us") or lead[i] in _DETERMINERS):
        i += 1
    rest: list[str] = []
    for word in lead[i:]:
        owner = re.sub(r"'s$", "", word)
        if word in name_words or (owner != word and (owner in name_words or not rest)):
            if rest:
                break
            continue
        rest.append(word)
    # A phrase of nouns alone ("town population", "NK population") counts its last one, the head.
    phrase = []
    for word in rest:
        if word in _DETERMINERS or word in _PRONOUNS or word in _PREPOSITIONS or word in _AUXILIARIES:
            break
        phrase.append(word)
    if len(phrase) == len(rest) > 1 and not any(_looks_verb(w) for w in phrase):
        return phrase[-1]
    return _counted(rest, name_words)


# Units (and "-wise" words) an introductory clause may name, with the measure they give.
_UNIT_DIMENSIONS = {
    **{u: "duration" for u in _vocabulary("seconds minutes hours days weeks months years decades time")},
    **{u: "length" for u in _vocabulary("metres meters kilometres kilometers miles feet inches yards")},
    **{u: "size" for u in _vocabulary("square hectares acres")},
    **{u: "weight" for u in _vocabulary("kilograms kilos grams tonnes tons pounds")},
    **{u: "price" for u in _vocabulary("dollars euros money cash")},
    **{u: "share" for u in _vocabulary("percent percentage")},
}
# Units a question may name for its answer anywhere ("in megawatts", "in sq km", "in knots"): those above
# that measure only, their short forms, and more of power, speed and energy. Not units of time: "in minutes"
# and "in years" more often say when or how soon ("what changed in years since?") than in what unit.
_ANSWER_UNITS = {
    **{u: d for u, d in _UNIT_DIMENSIONS.items() if d != "duration" and u not in _vocabulary("money cash square")},
    **{u: "length" for u in _vocabulary("km mi ft")},
    **{u: "size" for u in _vocabulary("sq km2 m2")},
    **{u: "weight" for u in _vocabulary("kg lbs")},
    **{u: "power" for u in _vocabulary("watts kilowatts megawatts gigawatts kw mw gw")},
    **{u: "speed" for u in _vocabulary("knots mph kph")},
    **{u: "energy" for u in _vocabulary("kilowatt-hours megawatt-hours gigawatt-hours kwh mwh gwh")},
}
# "in <unit>" anywhere in a question; a percent sign, or "per cent", names a share, unless a number comes
# before it: "the 2% rule" states a value, it asks none.
_IN_UNIT = re.compile(r"\bin\s+(?P<square>(?:square|sq)\.?\s+)?([a-z][a-z0-9\-]*)\b", re.I)
# A unit alone closing a terse question after a comma, colon or dash: "lake surface, sq km?", "the climb - metres?".
_SLOT_UNIT = re.compile(r"(?:[,:;]|\s[-–—]+)\s*(?P<square>(?:square|sq)\.?\s+)?([a-z][a-z0-9\-]*)\s*\?+\s*$", re.I)
_PERCENT = re.compile(r"(?<!\d)(?<!\d\s)(?:%|\bper\s*cent(?:age)?\b|\bpercent(?:age)?\b)", re.I)
# "what % of members ...", "what per cent of ...": a share asked, whatever the noun after it names.
_WHAT_SHARE = re.compile(r"\bwhat\s+(?:%|per\s*cent\b|percent\b)", re.I)


def _unit_asked(text: str) -> str:
    """The measure of a unit the question names for its answer ("in megawatts": power, "what %": share,
    "- sq km?" closing a terse question); "" when it names none."""
    for match in [*_IN_UNIT.finditer(text), *_SLOT_UNIT.finditer(text)]:
        unit = _ANSWER_UNITS.get(match.group(2).lower())
        if unit:
            return "size" if match.group("square") else unit
    return "share" if _PERCENT.search(text) else ""


# Where an introductory clause ends: a comma, a colon, a semicolon, or a dash set off by spaces.
_CLAUSE_BREAK = re.compile(r",|:|;|\s[-–—]\s")
# Conjunctions opening a clause that states a condition or a time before the question proper.
_SUBORDINATORS = _vocabulary("if although though while once assuming supposing given unless whereas")


def _strip_lead(lower: list[str]) -> list[str]:
    """Words from the wh-word (or auxiliary) on: fillers ("and", "so"), a request ("tell me"), a preposition go."""
    i = 0
    while i < len(lower) and lower[i] in _LEADING_FILLERS:
        i += 1
    # "can you tell me who ...", "do you know when ...", "tell me why ...", "I want to know where ..."
    for j in range(i, min(i + 6, len(lower))):
        if lower[j] in _WH and any(w in _REQUEST or w in ("wonder", "wondering", "quote") for w in lower[i:j]):
            return lower[j:] if lower[i] != "quote" else ["quote", *lower[j:]]
    # An instruction first, the request later: "translate this first, then tell me who ..."
    if i < len(lower) and lower[i] not in _WH and lower[i] not in _AUXILIARIES:
        for j in range(i + 1, len(lower) - 1):
            if lower[j] in ("tell", "show", "explain") and lower[j + 1] in ("me", "us") and _at(lower, j + 2) in _WH:
                return lower[j + 2 :]
    if lower[i : i + 3] == ["for", "what", "reason"]:
        return lower[i:]
    if i < len(lower) and lower[i] == "according" and i + 1 < len(lower) and lower[i + 1] == "to":
        i += 2
    elif (
        i < len(lower)
        and lower[i] in _PREPOSITIONS
        and i + 1 < len(lower)
        and lower[i + 1] in ("what", "which", "whom", "how")
    ):
        i += 1
    return lower[i:]


def _wh_noun(body: list[str], start: int) -> tuple[str, int]:
    """The noun a "which"/"what" governs: the last word of a known class in the phrase after it."""
    found, at = "", -1
    for j in range(start, min(start + 7, len(body))):
        word = body[j]
        if word in _AUXILIARIES and j == start and word not in _COPULAS:
            break
        # A verb-looking word before a noun of a known class modifies it ("the land area"): no verb.
        # Before any noun, a word of a noun class that could be a verb is the noun ("which specific place").
        compound = _at(body, j + 1) in _NOUN_CLASSES or (not found and word in _NOUN_CLASSES)
        if (
            word in _AUXILIARIES
            or (j > start and word in _PREPOSITIONS and word != "of")
            or (j > start and (_looks_verb(word) or _participle(word, _at(body, j + 1))) and not compound)
            # After the noun, a word taking an object is its verb ("which volunteers rebuilt the school").
            or (found and word not in _NOUN_CLASSES and word != "of" and _at(body, j + 1) in _OBJECT_OPENERS)
        ):
            break
        if word == "of" and found:
            break
        # "the outcome of the council vote": the noun before "of" is asked, not one in what it is of
        if word == "of" and j > start and _at(body, j - 1) not in ("the", "a", "an"):
            break
        if j > start and (word in _WH or word == "that"):  # a relative clause: its nouns are not the asked one
            break
        # "what was the growth rate last year": a time said relative to now qualifies the noun before it; it is
        # not the asked noun
        if found and word in _RELATIVE_TIME and _at(body, j + 1) in _TIME_NOUNS | _SEASONS:
            break
        if word in _NOUN_CLASSES:
            found, at = word, j
    return found, at


# Words opening a period named relative to now ("last year", "this season").
_SEASONS = _vocabulary("season seasons spring summer autumn fall winter")


def _kind(body: list[str], skip: frozenset[str]) -> tuple[Kind, str, bool]:
    """(kind, attribute, measure) from the question's opening words."""
    if not body:
        return "other", "", False
    first = body[0]
    second = body[1] if len(body) > 1 else ""
    rest = body[1:]
    if first == "why" or (first == "how" and second == "come") or _asks_reason(body):
        return "reason", _main_verb(rest, skip), False
    if first == "since" and second == "when" and _perfect(body[2:]):
        # "Since when have they been using it?": how long a state has lasted, told by a span ("for nearly a
        # year") as often as by its start ("since 2019"); asked like "for how long".
        return "number", "duration", True
    if first == "when" or (first in ("since", "until") and second == "when"):
        return "date", _main_verb(rest, skip), False
    if first == "how":
        if second in ("many", "much"):
            counted = _counted(body[2:], skip)
            if second == "much" and not counted:
                counted = "amount"
            return "number", counted or second, second == "much" or counted.split()[:1] in ([u] for u in _UNIT_NOUNS)
        if second == "long" and len(body) > 2 and body[2] == "ago":
            return "date", _main_verb(body[3:], skip), False
        if second in _HOW_MEASURES:
            attribute = _HOW_MEASURES[second]
            if second == "long" and not _is_copula_about_thing(body):
                attribute = "duration"
            return "number", attribute, True
        if _speech_verb_in(body[1:6]):
            return "quote", _speech_verb_in(body[1:6]), False
        return "other", _main_verb(rest, skip), False
    if first in ("who", "whom", "whose"):
        # "who is the judge presiding ...", "who's the CEO of ...": the role noun is what is asked
        # ... with words describing the role before it: "who is the Brazilian head coach of ..."
        if _at(body, 1) in _COPULAS and _at(body, 2) in ("the", "a", "an"):
            # A role noun not among the known ones is the head of the description ("the senior fellow quoted"),
            # unless it names no role ("the guy who said ..."): then the act asked says who is meant.
            head = _description_head(body[3:])
            noun = _role_noun_after(body, 3) or ("" if head in _GENERIC_CLASS_NOUNS | _PLAIN_PEOPLE else head)
            if noun:
                return "person", noun, False
        # "who holds the office of mayor", "who currently fills the post of chief judge": the office is the role
        office = next(
            (i for i in range(1, MAX_ROLE_MODIFIERS + 3) if _at(body, i) in _OFFICE_NOUNS and _at(body, i + 1) == "of"),
            0,
        )
        if office and any(_at(body, i) in _HOLDING_VERBS for i in range(1, office)):
            noun = _role_noun_after(body, office + 2)
            if noun:
                return "person", noun, False
        # "who runs the club", "who chairs the board": the verb of leading is the act asked, before any other
        # verb later in the question ("who runs the firm the city commissioned")
        leading = next((_at(body, i) for i in (1, 2) if _at(body, i) in _LEADING_VERBS), "")
        if leading:
            return "person", leading, False
        # "who is Jenny Town", "who are X and Y": a description of the named ones is asked, not a name
        if _at(body, 1) in _COPULAS and len(body) > 2 and all(w in skip or w == "and" for w in body[2:]):
            return "other", "", False
        return "person", _main_verb(rest, skip) or "person", False
    if first == "where":
        return "place", _main_verb(rest, skip), False
    if first in ("what", "which"):
        # "what is the new stadium called?", "what exactly was the storm named?": the name given is asked
        if first == "what" and body[-1] in _NAMING_VERBS and set(body[1:3]) & _COPULAS:
            return "quote", body[-1], False
        # "what did the transfer cost", "what is the club worth": a verb or adjective of value closing the
        # clause asks for an amount like "how much"
        valued = _VALUE_WORDS.get(_at(body, len(body) - 1), "")
        if valued and _at(body, 1) in _AUXILIARIES and first == "what":
            return "number", valued, True
        start = 2 if body[1:2] == ["exactly"] else 1
        # "what sort of vessel", "which kind of weapons": the noun after "of" is what is asked
        sort = _at(body, start) in _SORT_NOUNS and _at(body, start + 1) == "of"
        if sort:
            start += 2
        noun, at = _wh_noun(body, start)
        if sort and at > start + 1:
            # "what kind of fuel drives the growth": the noun after "of" is asked; a later noun is in its clause
            return "other", _at(body, start), False
        # "what is the X of ...", "what was Y's X": the noun after the copula
        if not noun and _at(body, 1) in _COPULAS:
            noun, at = _wh_noun(body, 2)
            # "what are other companies doing": the noun is the subject of a verb, not the asked thing
            # ("the number of people living there": the "-ing" word describes what the noun is of); an
            # "-ing" word before a noun describes it ("the date of Kim's upcoming visit") and is no verb.
            if (
                noun
                and _at(body, at + 1) != "of"
                and any(
                    w.endswith("ing") and len(w) > 5 and not _noun_follows(body, k)
                    for k, w in enumerate(body[at + 1 : at + 4], at + 1)
                )
            ):
                noun, at = "", -1
        # "which body of water": a sea, a lake or a river is asked, not an organisation
        if noun == "body" and body[at + 1 : at + 3] == ["of", "water"]:
            return "place", "water", False
        if noun in _QUOTE_NOUNS or _at(body, at - 1) == "exact":
            return "quote", noun, False
        if noun in _TIME_NOUNS:
            return "date", _main_verb(body[at + 1 :], skip) or noun, False
        if noun in _COUNT_NOUNS:
            # "the number / head count / total / tally of X": X is what is counted ("of Chile's
            # population" counts the population, "of the fans" the fans).
            counted = (
                _quantity_of(body, at + 2, skip, noun in ("count", "headcount"))
                if noun in _QUANTITY_HEADS and _at(body, at + 1) == "of"
                else ""
            )
            # "the total of the fees" sums a measure; "the number of fans" counts things
            return "number", counted or noun, counted.split()[-1:] in ([m] for m in _MEASURE_NOUNS)
        if noun in _SIZE_HEADS and _at(body, at + 1) == "of":
            # "the size of the crowd / of the budget": a quantity noun after "of" is the quantity asked.
            sized = _quantity_of(body, at + 2, skip).split()[-1:]
            if sized and (sized[0] in _COUNT_NOUNS or sized[0] in _MEASURE_NOUNS or sized[0] in _CROWD_NOUNS):
                return "number", sized[0], sized[0] in _MEASURE_NOUNS
        if noun in _MEASURE_NOUNS:
            return "number", noun, True
        if noun in _PERSON_NOUNS:
            return "person", noun, False
        if noun in _ORGANIZATION_NOUNS:
            return "organization", noun, False
        if noun in _PLACE_NOUNS:
            return "place", noun, False
        if "name" in body[1:5] and "of" in body[1:6]:
            named, _ = _wh_noun(body, body.index("of") + 1) if "of" in body else ("", -1)
            if named in _PERSON_NOUNS:
                return "person", named, False
            if named in _ORGANIZATION_NOUNS:
                return "organization", named, False
            if named in _PLACE_NOUNS:
                return "place", named, False
            # "the name of the hotel": a proper name for the thing, asked like an organisation's
            # The thing's own words, not a name that follows it ("the deal Kim signed" -> "deal").
            thing = named or " ".join(w for w in _noun_after(body, body.index("of") + 1).split() if w not in skip)
            if thing:
                return "organization", thing, False
        verb = _speech_verb_in(body[1:9])
        if first == "what" and verb and (_at(body, 1) in _AUXILIARIES or _at(body, 2) in _AUXILIARIES):
            return "quote", verb, False
        # "what was the colour of the car": the noun before "of" is asked of what follows
        if _at(body, 1) in _COPULAS and _at(body, 2) == "the" and "of" in body[4:6]:
            return "other", _noun_after(body, 3), False
        return "other", _noun_after(body, start) or _main_verb(rest, skip), False
    if first in _AUXILIARIES:
        # "did the report put a number on the losses", "is there a figure for the turnout": a count is asked
        for i in range(2, len(body) - 1):
            if body[i] in _QUANTITY_OBJECTS and body[i - 1] in ("a", "any") and body[i + 1] in ("on", "for", "of"):
                counted = _counted([w for w in body[i + 2 :] if w not in _DETERMINERS], skip)
                return "number", counted or body[i], False
        return "yesno", _main_verb(rest, skip), False
    if first == "quote":
        return "quote", _speech_verb_in(body) or "words", False
    if first == "count" and second in ("the", "up"):  # "Count the floors: the tower has how many?"
        things = [w for w in _noun_after(body, 2 if second == "the" else 3).split() if w not in skip]
        return "number", things[-1] if things else "count", False
    if first in ("name", "list", "identify"):  # "Name the minister who ...", "List the cities ..."
        noun, _ = _wh_noun(body, 1)
        return _NOUN_KIND.get(noun, "other"), noun or _noun_after(body, 1), False
    # A request naming a wording outright ("give me the exact words ...", "I'd like the precise wording ..."):
    # the noun after the request's first article is what is asked.
    article = next((i for i in range(min(len(body), REQUEST_LEAD_WORDS)) if body[i] in ("the", "a", "an")), -1)
    if article > 0 and first in _REQUEST_OPENERS:
        # The first noun of a known class heads the phrase: "the number of words" asks for a count.
        noun = next((w for w in body[article + 1 : article + 1 + QUOTE_NOUN_REACH] if w in _NOUN_CLASSES), "")
        if noun in _QUOTE_NOUNS:
            return "quote", noun, False
    return "other", "", False


# Words a request may open with before its article ("I would really like the ...", "could you give me the").
REQUEST_LEAD_WORDS = 6
# Words from the article to the wording noun, past its describing words ("the full exact quote").
QUOTE_NOUN_REACH = 3
# First words of a request for information without a question word ("I'd like ...", "please give me ...").
_REQUEST_OPENERS = _INFORMATION_REQUESTS | _vocabulary("i i'd please provide share want need")


# Nouns for a post one holds, verbs of holding it, and verbs of being at the head of something.
_OFFICE_NOUNS = _vocabulary("office post position role title job seat")
_HOLDING_VERBS = _vocabulary("hold holds held occupy occupies occupied fill fills filled")
_LEADING_VERBS = _vocabulary("runs ran heads headed leads led chairs chaired manages managed directs directed governs")
# Words describing a role that may stand before its noun ("the newly elected Brazilian head coach").
MAX_ROLE_MODIFIERS = 3


def _role_noun_after(body: list[str], start: int) -> str:
    """The first person noun from ``start`` on, past up to MAX_ROLE_MODIFIERS describing words; of a compound
    ("head coach", "chief judge") its last noun."""
    for i, word in enumerate(body[start : start + MAX_ROLE_MODIFIERS + 1], start):
        if word in _PERSON_NOUNS:
            while _at(body, i + 1) in _PERSON_NOUNS:
                i += 1
            return body[i]
        if word in _AUXILIARIES or word in _PREPOSITIONS or word in _WH or word in ("that", "and", "or"):
            return ""
    return ""


# Nouns that, as the object of a yes/no question, ask for the count itself ("a figure for the losses").
_QUANTITY_OBJECTS = _vocabulary("number figure count tally total estimate")

# Words that close "what did X cost / what is X worth / what does X weigh" → the measure asked.
_VALUE_WORDS = {"cost": "price", "costs": "price", "worth": "value", "weigh": "weight", "weighs": "weight"}

_NOUN_KIND: dict[str, Kind] = {
    **{n: "person" for n in _PERSON_NOUNS},
    **{n: "organization" for n in _ORGANIZATION_NOUNS},
    **{n: "place" for n in _PLACE_NOUNS},
    **{n: "date" for n in _TIME_NOUNS},
}


def _counted(words: list[str], skip: frozenset[str]) -> str:
    """The counted noun of "how many": past name modifiers ("North Korean"), a noun, and a plural after it."""
    rest = [w for w in words if w not in skip]
    if not rest or rest[0] in _AUXILIARIES or rest[0] in _PREPOSITIONS or rest[0] in ("the", "a", "an"):
        return ""
    picked = [rest[0]]
    if (
        len(rest) > 1
        and rest[1].endswith("s")
        and rest[1] not in _AUXILIARIES
        and rest[1] not in _DETERMINERS
        and not _looks_verb(rest[1])
    ):
        picked.append(rest[1])
    return " ".join(picked)


def _perfect(words: list[str]) -> bool:
    """Do the words open with a perfect ("have they been ...", "has it stood ..."), past adverbs ("roughly")?"""
    rest = [w for w in words if not w.endswith("ly")]
    return rest[:1] in (["have"], ["has"], ["had"])


# Nouns naming a count of what follows "of" ("the number of fans", "the head count of the staff").
_QUANTITY_HEADS = _vocabulary("number count total tally headcount")
# Nouns naming the magnitude of what follows "of" when that is a quantity itself ("the size of the budget").
_SIZE_HEADS = _vocabulary("size magnitude scale")
# Nouns for a body of people whose size is a count ("the size of the crowd", "of the workforce").
_CROWD_NOUNS = _vocabulary("crowd crowds workforce staff audience membership army")


def _quantity_of(body: list[str], start: int, skip: frozenset[str], head_count: bool = False) -> str:
    """The noun phrase after "of" without the names or nouns that own it ("chile's population" ->
    "population", "the club's transfer fees" -> "transfer fees"): what is counted or measured. A body or a
    place counted by heads ("the head count of the office", ``head_count``) counts its people."""
    kept = [w for w in body[start:] if w not in skip]
    # "the number of people living there": a participle after the noun describes it
    cut = next((i for i, w in enumerate(kept) if i and _participle_after_noun(w)), len(kept))
    phrase = _noun_after(kept[:cut], 0).split()
    owners = [i for i, w in enumerate(phrase) if w.endswith("'s")]
    if owners:
        phrase = phrase[owners[-1] + 1 :]
    if (
        head_count
        and phrase
        and not _plural(phrase[-1])
        and phrase[-1] not in _COUNT_NOUNS | _MEASURE_NOUNS | _CROWD_NOUNS | _PERSON_NOUNS
    ):
        return "people"
    return " ".join(phrase)


def _participle_after_noun(word: str) -> bool:
    """An "-ing" word long enough to be a verb form ("living", "working"), not a noun like "king"."""
    return word.endswith("ing") and len(word) > PARTICIPLE_MIN_LETTERS + 1


def _noun_follows(body: list[str], i: int) -> bool:
    """Does ``body[i]`` (an "-ing" word) describe the noun after it, after a determiner or a possessive ("the
    opening ceremony", "Kim's upcoming visit")?"""
    before, following = _at(body, i - 1), _at(body, i + 1)
    described = before in _OBJECT_OPENERS or before.endswith(("'s", "s'"))
    return described and bool(following) and following not in _PREPOSITIONS and following not in stopwords()


def _asks_reason(body: list[str]) -> bool:
    if body[:3] == ["for", "what", "reason"] or (
        body[:1] == ["what"] and _at(body, 1) in _COPULAS and "reason" in body[2:4]
    ):
        return True
    return body[0] == "what" and _at(body, 1) in _REASON_VERBS


def _is_copula_about_thing(body: list[str]) -> bool:
    """'how long is the bridge' (a length) versus 'how long did the talks last' (a duration)."""
    if len(body) < 3 or body[2] not in ("is", "are", "was", "were"):
        return False
    return not any(w in _TIME_NOUNS or w in _SPAN_NOUNS or w in ("last", "lasted", "take", "took") for w in body[3:])


def _speech_verb_in(words: list[str]) -> str:
    return next((w for w in words if w in _SPEECH_VERBS), "")


def _at(body: list[str], i: int) -> str:
    return body[i] if 0 <= i < len(body) else ""


def _noun_after(body: list[str], start: int) -> str:
    """The noun phrase that follows (up to an auxiliary, preposition or verb-looking word), as its content words."""
    picked: list[str] = []
    for word in body[start:]:
        if word in _AUXILIARIES or word in _PREPOSITIONS or word in ("that", "who", "which", "did", "does"):
            break
        if word in ("the", "a", "an", "of"):
            if picked:
                break
            continue
        if picked and _looks_verb(word):
            break
        picked.append(word)
        if len(picked) == 3:
            break
    stop = stopwords()
    return " ".join(w for w in picked if w not in stop)


def _main_verb(words: list[str], skip: frozenset[str]) -> str:
    """The predicate: after an auxiliary and its subject ("did Putin arrive" → "arrive"), else a verb-looking word."""
    stop = stopwords()
    words = [w for w in words if w not in skip]
    if words and words[0] in _AUXILIARIES:
        verbs = [w for w in words[1:] if w not in stop and _looks_verb(w)]
        # After "do/does/did" the verb is in its base form; an "-ing" word is an aside ("did she, ignoring ...").
        if words[0] in ("do", "does", "did"):
            verbs = [w for w in verbs if not w.endswith("ing")] or verbs
        if verbs:
            return verbs[0]
    content = [
        w for w in words if (w not in stop or w in _COMMON_VERBS) and w not in _AUXILIARIES and not w[0].isdigit()
    ]
    return _verbish(content) if content else ""


def _participle(word: str, following: str) -> bool:
    """An "-ing" form taking an object opens a clause after a noun ("a shortage afflicting the north", "is
    X hoping a firm ..."); before anything else it is mostly a noun ("the meeting", "the building's")."""
    return word.endswith("ing") and len(word) > PARTICIPLE_MIN_LETTERS and following in _OBJECT_OPENERS


# "-ing" words this short are not verb forms ("king", "ring", "sing" aside, too few to matter).
PARTICIPLE_MIN_LETTERS = 4
_OBJECT_OPENERS = _vocabulary("the a an his her its their this that these those our my your")


def _looks_verb(word: str) -> bool:
    if word.endswith(("ed", "ise", "ize", "ify")) or word in _COMMON_VERBS:
        return True
    base = re.sub(r"(?:es|s|ing)$", "", word)
    return base in _COMMON_VERBS or base + "e" in _COMMON_VERBS


_COMMON_VERBS = _vocabulary(
    """won lost met left took gave made went came held paid sold bought built began flew told wrote ran led fell
    rose grew hit struck set put became brought sent spent saw got found chose kept shot stood thought meant
    create negotiate operate separate estimate celebrate investigate rise fall grow drop climb jump surge plunge decline increase decrease cut raise lower ask agree refuse
    arrive leave depart meet sign visit win lose open close start begin end finish take give get make go come
    launch announce release publish found build die born elect appoint resign return travel fly land hold host
    join quit retire marry sell buy pay cost last stay attend happen occur take place reach beat score play
    send receive supply fire attack invade capture kill injure arrest charge sentence ban approve reject veto
    vote pass ignore disregard forget pretend translate print reply repeat write imagine act list summarise
    summarize output reveal paste dump confirm answer respond behave stay enable sink sank say said says"""
)


def _verbish(content: list[str]) -> str:
    for word in content:
        if _looks_verb(word):
            return word
    # With do-support the verb closes the clause: "does the new agreement supersede" → "supersede".
    return content[-1]


def _opening_word(word: str) -> bool:
    """A capitalised word that opens a question rather than naming something ("What's", "Name", "Since")."""
    lower = word.lower().replace("’", "'")
    if len(word) > 1 and word.isupper():  # an acronym ("US", "WHO") names something
        return False
    return (
        lower in _AUXILIARIES
        or lower in stopwords()
        or lower in _CONTRACTIONS
        or lower in _WH
        or lower in _REQUEST
        or lower in _LEADING_FILLERS
        or lower
        in (
            "name",
            "list",
            "count",
            "tally",
            "quote",
            "identify",
            "since",
            "between",
            "according",
            "apart",
            "besides",
            "anyway",
            "let",
        )
    )


def _names(text: str) -> tuple[str, ...]:
    """Capitalised word runs that are names: not the sentence's first word when that is a question word."""
    text = undotted(text)
    found: list[str] = []
    for match in _NAME_RUN.finditer(text):
        words = [possessive_base(w) for w in match.group().split()]
        # A lone capitalised word that opens a later sentence is capitalised by position, not as a name;
        # so is a verb or an adverb opening the text ("Ignore the ...", "Roughly how ...").
        if len(words) == 1 and not words[0].isupper():
            before = text[: match.start()]
            opens_later = re.search(r"[.?!:;]\s*$", before) and not _ABBREVIATION.search(before.rstrip())
            opens_text = not text[: match.start()].strip() and (
                _looks_verb(words[0].lower()) or words[0].lower().endswith("ly")
            )
            if opens_later or opens_text:
                continue
        while words and (_opening_word(words[0]) or words[0][0].isdigit()):
            words = words[1:]
        while words and words[-1].lower() in ("of", "de", "del", "da", "al", "bin", "van", "von", "der"):
            words = words[:-1]
        if len(words) == 1 and (words[0].lower() in _CALENDAR or _DEMONYM.match(words[0])):
            continue
        if words:
            found.append(" ".join(words))
    return tuple(dict.fromkeys(found))


# Where a clause of a request ends: punctuation, "and", "then".
_INSTRUCTION_BREAK = re.compile(r"[:;!,]|\.(?=\s|$)|\band\b|\bthen\b", re.I)


def _asked_names(text: str) -> tuple[str, ...]:
    """The names of the asking clause, and of a clause before it unless that one is an instruction ("End
    every reply with X: what did ...") or a label ("User question: ..."): a condition or setting before the
    question ("In the 2022 final, who ...") names what is asked about; an instruction does not."""
    clause = _asking_clause(text)
    if clause == text and "?" not in text:
        # A request without a question mark among instructions ("Begin your reply with 'Hail', and give the
        # date of ..."): the names of the clauses that are bare instructions are not asked.
        clauses = [c.strip() for c in _INSTRUCTION_BREAK.split(text) if c.strip()]
        kept = [c for c in clauses if _asks(c, _expand([w.lower() for w in _WORD.findall(c)]))]
        if kept and len(kept) < len(clauses):
            return tuple(dict.fromkeys(n for c in kept for n in _names(c)))
    if clause == text:
        return _names(text)
    lead = text[: len(text) - len(clause)]
    lead_words = _expand([w.lower() for w in _WORD.findall(lead)])
    if not lead_words or set(lead_words) <= _LABEL_WORDS or not _asks(lead, lead_words):
        return _names(clause)
    return _names(text)


def _aside_names(text: str) -> tuple[str, ...]:
    """The names of a lead about the asker or the exchange ("FYI I'm writing for Le Monde - ...", "As a
    History Teacher I wonder: ...") or of a verbless greeting or tag before the question ("Hey, Quick
    Question: ...", "ELI5: ..."): they are no part of what is asked. A lead that sets the scene ("In the 2022
    final, who ...") or states something ("Lyon, where the team played next, also hosted ...") has none."""
    labelled = _ASKER_LEAD.match(text)
    if labelled and _asker_label(labelled.group(1)):
        return _names(labelled.group(1))
    clause = _asking_clause(text)
    if clause == text:
        return ()
    lead = text[: len(text) - len(clause)]
    lead_words = _expand([w.lower() for w in _WORD.findall(lead)])
    if not lead_words:
        return ()
    personal = bool(set(lead_words) & _PERSONAL)
    tag = set(lead_words) <= _CHAT_TAGS
    # One word alone may be the subject the clause after it describes ("Lyon, where ..."): not set aside.
    verbless = (
        len(lead_words) >= MIN_ASIDE_WORDS
        and lead_words[0] not in _SETTING_OPENERS | _LEAD_KEEPERS
        and not any(_looks_verb(w) for w in lead_words[1:])
    )
    return _names(lead) if personal or tag or verbless or _asker_label(lead) else ()


# Chat tags and greetings written before a question ("Q:", "Re:", "FYI", "ELI5:", "TL;DR:", "Hey,").
_CHAT_TAGS = _vocabulary("q re fyi eli5 tldr tl dr btw ps nb hi hey hello quick question please thanks")
MIN_ASIDE_WORDS = 2
# A lead naming its source ("According to Reuters, ...") or requesting what the bare question after it counts
# ("Tally Maria's medals: how many?") is part of the question.
_LEAD_KEEPERS = _INFORMATION_REQUESTS | _COUNT_COMMANDS | _vocabulary("according per citing going judging")


# Prepositions opening a clause that places the question in a time, a place or an event.
_SETTING_OPENERS = _vocabulary(
    "in on at during after before since until till from between among within across over under around near"
)
# Words of the asker or the one asked: a clause holding them speaks of the exchange, not of the news.
_PERSONAL = _ADDRESS | _vocabulary("i i'm i've i'd me my mine we we're our us")


def _entity(text: str, lower: list[str], attribute: str, names: tuple[str, ...], kind: Kind = "other") -> str:
    """The focus, or "" when it is only a pronoun ("how far is it")."""
    # An introductory clause ("Duration-wise, how long ...", "In the final, who ...") sets a condition or a
    # unit; the focus is in the clause that asks, when it has one.
    found = _focus(_asking_clause(text), attribute, names, kind) or _focus(text, attribute, names, kind)
    return found if content_terms(found) else ""


def _focus(text: str, attribute: str, names: tuple[str, ...], kind: Kind = "other") -> str:
    """The thing asked about: the owner of the attribute ("population of X", "X's population"), the thing a
    name is asked of ("name of X"), the subject of "how long is the X", else a name."""
    named = re.search(
        r"\bname\s+of\s+(?:the\s+|a\s+|an\s+)?([\w’'\- ]+?)(?:\s+(?:that|which|who|where|when|in|on|at|of|to|for)\b|[?,.!]|$)",
        text,
        re.I,
    )
    if named:
        return named.group(1).strip()
    # "what is the new stadium called", "what exactly was the storm signed in May named": the thing named
    called = re.match(
        rf"^\W*what\s+(?:exactly\s+)?(?:{'|'.join(sorted(_COPULAS))})\s+(?:the\s+|a\s+|an\s+)?(.+?)\s+(?:{'|'.join(_NAMING_VERBS)})\W*$",
        text,
        re.I,
    )
    if called:
        thing: list[str] = []
        for w in called.group(1).split():
            if thing and (_looks_verb(w.lower()) or w.lower() in _PREPOSITIONS):
                break
            thing.append(w)
        return " ".join(thing)
    measured = re.match(
        rf"^\W*(?:and\s+)?how\s+(?:{'|'.join(_HOW_MEASURES)})\s+(?:{_AUX_ALT})\s+(.+?)(?:\s+(?:going|expected|due|planned|set|likely)\b|[?,.!]|$)",
        text,
        re.I,
    )
    if measured:
        subject = [w for w in measured.group(1).split() if w.lower() not in ("the", "a", "an")]
        trimmed: list[str] = []
        for w in subject:
            # "the coastline of Turkey": what the measured thing is of belongs to the focus
            if trimmed and w.lower() == "of" and trimmed[-1].lower() != "of":
                trimmed.append(w)
                continue
            if trimmed and (_looks_verb(w.lower()) or w.lower() in _PREPOSITIONS or w.lower() in _AUXILIARIES):
                break
            trimmed.append(w)
        while trimmed and trimmed[-1].lower() == "of":
            trimmed.pop()
        return " ".join(trimmed)
    # "what do the reports say about X's health": the topic spoken about is the focus
    about = re.search(
        r"\b(?:say|says|said|write|wrote|report|reported|tell|told)\s+(?:\w+\s+)?about\s+(?:the\s+)?([\w’'\- ]+?)\s*(?:[?,.!]|$)",
        text,
        re.I,
    )
    if about:
        return about.group(1).strip()
    if attribute:
        head = attribute.split()[-1]
        of = re.search(
            rf"\b{re.escape(head)}\s+of\s+(?:the\s+)?([\w’'\- ]+?)(?:\s+(?:in|on|at|by|for|since|during|according|from|to|when|after|before|last|this|next|{_AUX_ALT})\b|[?,.!]|$)",
            text,
            re.I,
        )
        if of:
            # "the headline of the column Ann wrote", "the area of the hall that the club sold": a clause after
            # the thing, with "that" or without, ends it.
            owner = of.group(1).split()
            cut = next(
                (
                    i
                    for i, w in enumerate(owner)
                    if i and (w in _RELATIVES or (i > 1 and w.islower() and _looks_verb(w)))
                ),
                len(owner),
            )
            return " ".join(owner[:cut])
        for owner, noun in _POSSESSIVE.findall(text):
            if noun.lower() == head:
                return owner
        owned = _owner_after_copula(text, head) if kind in ("other", "number") else ""
        if owned:
            return owned
    if names:
        # A name that is the asked role's own word ("Which Chinese premier") is a modifier, not the focus.
        return names[0]
    return _object_phrase(text, attribute)


# Words opening a relative clause after a noun ("the hall that the club sold").
_RELATIVES = _vocabulary("that which who whom whose")


# "what colour was the car the mayor bought", "what size is Ann's new boat": the asked noun, a copula, then
# the thing that owns it (the noun phrase after the determiner, up to a name, a verb or a preposition).
_COPULA_OWNER = re.compile(
    r"^\W*(?:what|which)\s+((?:[a-z\-]+\s+){0,1}[a-z\-]+)\s+(?:is|are|was|were)\s+"
    r"(?:the|a|an|his|her|its|their|this|that)\s+(.+)$",
    re.I,
)


def _owner_after_copula(text: str, head: str) -> str:
    """The thing after "what <attribute> is/was the ..." that the asked attribute belongs to; "" when none."""
    found = _COPULA_OWNER.match(text)
    if not found or found.group(1).lower().split()[-1] != head:
        return ""
    thing: list[str] = []
    for w in _WORD.findall(found.group(2)):
        lower = w.lower()
        if w[:1].isupper() or lower in _PREPOSITIONS or lower in _AUXILIARIES or lower in _WH or lower in stopwords():
            break
        if thing and (_looks_verb(lower) or lower in ("that", "who", "which")):
            break
        thing.append(w)
    return " ".join(thing)


def _object_phrase(text: str, attribute: str) -> str:
    """Without a name: the last noun phrase introduced by "the"/"a" ("... attended the gala concert")."""
    phrases = re.findall(r"\b(?:the|a|an|this|that)\s+([a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,2})", text)
    stop = stopwords()
    for phrase in reversed(phrases):
        kept = [w for w in phrase.split() if w not in stop and w not in _AUXILIARIES and w not in _PREPOSITIONS]
        # cut at the first word that is clearly not part of a noun phrase
        trimmed: list[str] = []
        for w in phrase.split():
            if w in stop or w in _AUXILIARIES or w in _PREPOSITIONS or (trimmed and _looks_verb(w)):
                break
            trimmed.append(w)
        candidate = " ".join(trimmed)
        # "the head count of the army": the noun of quantity is not the thing it is of
        if kept and candidate and candidate != attribute and not set(candidate.split()) <= _QUANTITY_HEADS | {"head"}:
            return candidate
    return ""


def _several(text: str, body: list[str], kind: Kind) -> bool:
    """Plural wh-noun ("which countries"), a number of items ("the top three"), a second question joined by
    "and", a list request ("list the cities"), or a span of years."""
    if len(body) > 1 and body[0] in ("which", "what"):
        noun, _ = _wh_noun(body, 1)
        if noun and _plural(noun) and noun not in _QUOTE_NOUNS and noun not in _UNIT_NOUNS:
            return True
        if _plural(body[1]) and _at(body, 2) in _AUXILIARIES:  # "what charges does ...", "what measures did ..."
            return True
    if len(body) > 2 and body[0] in ("name", "list", "identify") and (_plural(body[2]) or body[2] in _NUMBER_WORDS):
        return True
    if body[:2] == ["who", "are"]:  # "who are X and Y", "who are the finalists"
        return True
    if any(w in _NUMBER_WORDS for w in body[1:]) and any(_plural(w) for w in body[1:]):
        return True
    # A second question after the first: "... , and who ...", "... and how many ...".
    joined = [i for i, w in enumerate(body) if w == "and" and i > 1 and _at(body, i + 1) in _WH | {"by", "to", "if"}]
    if joined:
        return True
    return len(_YEAR.findall(text)) >= 2 or bool(re.search(r"\beach (?:year|month|day|week|time)\b", text, re.I))


def _plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ics", "news"))


def looks_verb(word: str) -> bool:
    """Does a lower-case word look like a verb (a common verb, or a verb ending)?"""
    return _looks_verb(word)


def demonym(word: str) -> bool:
    """Is a capitalised word an adjective of nationality or region ("German", "Korean", "Dutch")?"""
    return bool(_DEMONYM.match(word))


def party_noun(word: str) -> bool:
    """Does the word name a kind of person or organisation ("spokesman", "court"), not a place?"""
    return word in _PERSON_NOUNS or word in _ORGANIZATION_NOUNS


def body_noun(word: str) -> bool:
    """Does the word name a kind of organisation ("agency", "ministry", "club")?"""
    return word in _ORGANIZATION_NOUNS


def role_noun(word: str) -> bool:
    """Does the word name a kind of person, organisation or place ("minister", "agency", "port")?"""
    return word in _PERSON_NOUNS or word in _ORGANIZATION_NOUNS or word in _PLACE_NOUNS


def stem_set(text: str) -> frozenset[str]:
    """Stemmed content terms of a text (shared helper for stages that compare with the question)."""
    return frozenset(content_terms(text))


__all__ = [
    "GIVING_VERBS",
    "KINDS",
    "Kind",
    "Question",
    "RECEIVING_VERBS",
    "TITLE_NOUNS",
    "analyse",
    "asking_part",
    "body_noun",
    "demonym",
    "looks_verb",
    "party_noun",
    "relative_times",
    "role_noun",
    "stem",
    "stem_set",
]
