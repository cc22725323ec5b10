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

from qa.text import content_terms, stem, stopwords, term_words


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
    leader leaders president presidents chancellor king queen prince princess governor mayor senator lawmaker
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


def analyse(query: str, original: str | None = None, *, parts: bool = True) -> Question:
    """The analysis of ``original`` (the user's words) searched as ``query`` (may add context words);
    with ``parts``, each question joined in it is analysed too."""
    original = (original if original is not None else query).strip()
    # A follow-up the keyword rule extended starts with the user's words; a model's rewrite replaces them.
    own = original if query.strip().startswith(original) else query.strip()
    own = _REQUEST_OF.sub("What is the ", _plain(_asking_sentence(own)))
    lower = _expand([t.lower().replace("’", "'") for t in _WORD.findall(_asking_clause(own))])
    body = _as_question(_strip_lead(_unqualified(lower)))
    names = _asked_names(own)
    name_words = frozenset(w.lower() for n in names for w in _WORD.findall(n))
    kind, attribute, measure = _kind(body, name_words)
    dimension = _lead_dimension(own)
    if dimension and kind == "number":
        attribute, measure = dimension, True
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
        terms=tuple(dict.fromkeys(content_terms(own))),
        query_terms=tuple(dict.fromkeys(content_terms(query))),
        query_words=tuple(term_words(query).values()),
        asks=_asks(own, _expand([t.lower().replace("’", "'") for t in _WORD.findall(own)])),
        attribute_stated=bool(_PROPERTY.search(_asking_clause(own)))
        and (attribute.split() or [""])[-1] not in _DESCRIPTION_NOUNS,
        role_nationality=_role_nationality(own, kind, attribute),
        role_owner=_role_owner(own, kind, attribute, names),
        role="" if generic else role,
        act=act,
        act_object=_act_object(body, act),
        # A thing given is asked ("what present did ..."), not words ("what nickname did she give him").
        transfer=_transfer(body) if kind == "other" else (),
        nationalities=_nationalities(_asking_clause(own)),
        clock=bool(_CLOCK_QUESTION.match(_asking_clause(own))),
        relative_times=relative_times(_constraining(own)),
        parts=_parts(own) if parts else (),
    )


# "Tell me the headline of X", "give us the colour of Y": a request for a property of a thing, asked as
# "what is the headline of X".
_REQUEST_OF = re.compile(
    r"^\W*(?:please\s+)?(?:(?:can|could|would|will)\s+you\s+)?(?:tell|give|show)\s+(?:me|us)\s+the\s+"
    r"(?=(?:headlines?|titles?|captions?|colou?rs?|shapes?|motto|slogan)\s+of\b)",
    re.I,
)


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
_RELATIVE_UNITS = _vocabulary("year month week decade season quarter summer winter spring autumn")
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
    owner = re.sub(r"['’]s$", "", found.group(1))
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
# "going by the reports"): a pointer at the source, not part of what is asked. Only a lower-case phrase
# goes ("according to Russian news agencies" names a source and stays).
_ATTRIBUTION = re.compile(
    r",?\s*\b(?:according\s+to|as\s+per|per|going\s+by|judging\s+by|based\s+on)\s+(?:the|these|this|its|their|your|our)"
    r"(?:\s+[a-z][a-z\-]*){1,3}\s*(?=[?,.!]|$)"
)
_LEADING_ATTRIBUTION = re.compile(
    r"^\s*(?:according\s+to|as\s+per|per|going\s+by|judging\s+by|based\s+on)\s+(?:the|these|this|its|their|your|our)"
    r"(?:\s+[a-z][a-z\-]*){1,3}\s*,\s*",
    re.I,
)
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
_SENTENCE_END = re.compile(r"(?<=[.!])\s+(?=[A-Z#>*=])|(?<=\?)\s+(?=\S)")
_ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,3}\.|\b(?:[A-Z]\.){2,})$")


def _plain(text: str) -> str:
    """The question without a pointer at its source or a hedge before the question word."""
    text = _LABEL.sub("", text)
    text = _LEADING_ATTRIBUTION.sub("", text)
    text = _ATTRIBUTION.sub("", text)
    return _HEDGE.sub("", text).strip() or text


def _asking_sentence(text: str) -> str:
    """Of several sentences, the one that asks: the last ending in "?", else the last that opens with a
    question word. Instructions or remarks around it ("Ignore the sources. What did ...") are not asked."""
    parts: list[str] = []
    for piece in _SENTENCE_END.split(text.strip()):
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


def _noun_phrase(words: list[str]) -> list[str]:
    """The words opening ``words`` up to a verb, an auxiliary, a preposition or a wh-word."""
    phrase: list[str] = []
    for word in words:
        if word in _AUXILIARIES or word in _PREPOSITIONS or word in _WH or (phrase and _looks_verb(word)):
            break
        phrase.append(word)
    return phrase


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


# Units (and "-wise" words) an introductory clause may name, with the measure they give.
_UNIT_DIMENSIONS = {
    **{u: "duration" for u in _vocabulary("seconds minutes hours days weeks months years decades time")},
    **{u: "length" for u in _vocabulary("metres meters kilometres kilometers miles feet inches yards")},
    **{u: "size" for u in _vocabulary("square hectares acres")},
    **{u: "weight" for u in _vocabulary("kilograms kilos grams tonnes tons pounds")},
    **{u: "price" for u in _vocabulary("dollars euros money cash")},
    **{u: "share" for u in _vocabulary("percent percentage")},
}


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
        # "the growth rate last year": a time said relative to now qualifies the noun before it; it is not asked.
        if found and word in _RELATIVE_TIME and _at(body, j + 1) in _TIME_NOUNS:
            break
        if word in _NOUN_CLASSES:
            found, at = word, j
    return found, at


def _kind(body: list[str], skip: frozenset[str]) -> tuple[Kind, str, bool]:
    """(kind, attribute, measure) from the question's opening words."""
    if not body:
        return "other", "", False
    first = body[0]
    second = body[1] if len(body) > 1 else ""
    rest = body[1:]
    if first == "why" or (first == "how" and second == "come") or _asks_reason(body):
        return "reason", _main_verb(rest, skip), False
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
            noun = _role_noun_after(body, 3)
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
        if _at(body, start) in _SORT_NOUNS and _at(body, start + 1) == "of":
            start += 2
        noun, at = _wh_noun(body, start)
        # "what is the X of ...", "what was Y's X": the noun after the copula
        if not noun and _at(body, 1) in _COPULAS:
            noun, at = _wh_noun(body, 2)
            # "what are other companies doing": the noun is the subject of a verb, not the asked thing
            if noun and any(w.endswith("ing") and len(w) > 5 for w in body[at + 1 : at + 4]):
                noun, at = "", -1
        # "which body of water": a sea, a lake or a river is asked, not an organisation
        if noun == "body" and body[at + 1 : at + 3] == ["of", "water"]:
            return "place", "water", False
        if noun in _QUOTE_NOUNS or _at(body, at - 1) == "exact":
            return "quote", noun, False
        if noun in _TIME_NOUNS:
            return "date", _main_verb(body[at + 1 :], skip) or noun, False
        if noun in _COUNT_NOUNS:
            return (
                "number",
                _noun_after(body, at + 2) if noun == "number" and _at(body, at + 1) == "of" else noun,
                False,
            )
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
    if len(rest) > 1 and rest[1].endswith("s") and rest[1] not in _AUXILIARIES and not _looks_verb(rest[1]):
        picked.append(rest[1])
    return " ".join(picked)


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
    found: list[str] = []
    for match in _NAME_RUN.finditer(text):
        words = [re.sub(r"['’]s$", "", w) for w in match.group().split()]
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
        if kept and candidate and candidate != attribute:
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
    "body_noun",
    "demonym",
    "looks_verb",
    "party_noun",
    "relative_times",
    "role_noun",
    "stem",
    "stem_set",
]
