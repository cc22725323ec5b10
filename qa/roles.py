"""Who is who, learned from the articles: the role words a text attaches to a name.

A question often names a person or a body by a description ("the Pentagon spokesman", "Moscow's president",
"the court in The Hague"), while the articles say who fills it in a title or an apposition. Learned from the
text itself, never from a list of particular people:

- a title before a name: "<role words> <Name>" ("Foreign Minister Ann Lee", "the state broadcaster RTP");
- an apposition after a name: "<Name>, the/a <role words>," ("Ann Lee, the club's new coach,");
- a role before a name set off by a comma: "<role words>, <Name>" ("The ministry's spokesman, Ann Lee, said");
- an acronym after a name: "<Name> (<ACRONYM>)" ("the European Space Agency (ESA)"): each says the other.

``described(...)`` then tells which names of a sentence a question's description points at: the role noun of
the description and the name word qualifying it ("Pentagon" of "the Pentagon spokesman") must both be among a
name's learned role words, in the same word, a related one (qa/lexicon.py) or another spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from qa.lexicon import related, spelled_alike
from qa.question import Question, body_noun, demonym, party_noun, role_noun
from qa.text import possessive_base, stem, stopwords

# Role words before a name that a title may hold besides its role noun ("Russian state news agency").
TITLE_WORDS = 4
# Words of an apposition after a name, up to the next comma or stop ("Ann Lee, the club's long-serving coach,").
APPOSITION_WORDS = 8
# Words of a name run taken as one name ("Kim Jong Un", "Jens Stoltenberg").
NAME_WORDS = 4
# Last words of a name shorter than this do not stand for the whole name ("Li" alone is too often another's).
MIN_SURNAME_LETTERS = 3

_TOKEN = re.compile(r"[A-Za-z][\w’'\-]*|[,.;:!?()“”\"]|\S")
_DETERMINERS = frozenset({"the", "a", "an"})
_CONNECTIVES = frozenset({"of", "for", "at", "in", "and", "de", "von", "van"})
# Prepositions that make what follows a place or a time, not a person or a body in a role ("in Lyon, an aide
# said"; "In the city's newspaper, Ann Lee wrote").
_LOCATING = frozenset({"in", "on", "at", "during", "after", "before", "from", "since", "following", "under", "to"})

Roles = Mapping[str, frozenset[str]]


def _capitalised(token: str) -> bool:
    return token[:1].isupper() and token[:1].isalpha()


def _name_after(tokens: list[str], start: int) -> str:
    """The capitalised run starting at ``start`` (up to NAME_WORDS words, a possessive ending it)."""
    found: list[str] = []
    for token in tokens[start : start + NAME_WORDS]:
        if not _capitalised(token) or role_noun(token.lower()):
            break
        found.append(possessive_base(token))
        if token != found[-1]:  # "Lee's": the possessive closes the name
            break
    return " ".join(found)


def _name_before(tokens: list[str], end: int) -> str:
    """The capitalised run ending just before ``end``."""
    found: list[str] = []
    i = end - 1
    while i >= 0 and len(found) < NAME_WORDS and _capitalised(tokens[i]):
        found.insert(0, possessive_base(tokens[i]))
        i -= 1
    # "The" opening a sentence or a body's name is no word of the name.
    while found and found[0].lower() in _DETERMINERS:
        found.pop(0)
    return " ".join(found)


def _role_words(tokens: Iterable[str]) -> frozenset[str]:
    return frozenset(
        w
        for t in tokens
        for w in [possessive_base(t).lower()]
        if w[:1].isalpha() and w not in stopwords() and len(w) > 1
    )


def _titles(tokens: list[str]) -> Iterable[tuple[str, frozenset[str]]]:
    """ "<modifiers> <role noun> <Name>": "Pentagon Spokesperson Pat Ryder", "the state news agency RIA"."""
    for i, token in enumerate(tokens):
        if not role_noun(token.lower()):
            continue
        name = _name_after(tokens, i + 1)
        if not name:
            continue
        start = i
        while start > 0 and i - start < TITLE_WORDS:
            before = tokens[start - 1]
            lower = possessive_base(before).lower()
            if not before[:1].isalpha() or lower in _DETERMINERS or (lower in stopwords() and not role_noun(lower)):
                break
            start -= 1
        yield name, _role_words(tokens[start : i + 1])


def _appositions(tokens: list[str]) -> Iterable[tuple[str, frozenset[str]]]:
    """ "<Name>, the <role words>," and "<role words>, <Name>"."""
    for i, token in enumerate(tokens):
        if token != ",":
            continue
        # After the name: "Ann Lee, the club's coach," (a determiner or a possessive opens the apposition).
        name = _name_before(tokens, i)
        opening = i - len(name.split()) - 1
        if opening >= 0 and tokens[opening].lower() in _LOCATING:
            name = ""
        after = tokens[i + 1 : i + 1 + APPOSITION_WORDS]
        if name and after and (after[0].lower() in _DETERMINERS or re.search(r"['’]s$", after[0])):
            phrase = []
            for t in after:
                if not t[:1].isalpha():
                    break
                phrase.append(t)
            if any(role_noun(possessive_base(t).lower()) for t in phrase):
                yield name, _role_words(phrase)
        # Before the name: "The ministry's spokesman, Ann Lee, said": the clause before the comma ends in a
        # role noun.
        follower = _name_after(tokens, i + 1)
        if follower and i > 0 and role_noun(possessive_base(tokens[i - 1]).lower()):
            start = i - 1
            while start > 0 and i - start < APPOSITION_WORDS and tokens[start - 1][:1].isalpha():
                start -= 1
            # The clause opens the sentence or follows a stop (a longer one is no apposition), and is no
            # place or time ("In the city's newspaper, Ann Lee wrote").
            whole = start == 0 or not tokens[start - 1][:1].isalpha()
            if whole and tokens[start].lower() not in _LOCATING:
                yield follower, _role_words(tokens[start:i])


def _acronyms(tokens: list[str]) -> Iterable[tuple[str, frozenset[str]]]:
    """ "the European Space Agency (ESA)": the acronym and the name each say the other."""
    for i, token in enumerate(tokens):
        if token != "(" or i + 2 >= len(tokens) or tokens[i + 2] != ")":
            continue
        acronym = tokens[i + 1]
        if not (acronym.isupper() and len(acronym) > 1):
            continue
        run: list[str] = []
        j = i - 1
        while j >= 0 and (_capitalised(tokens[j]) or (run and tokens[j].lower() in _CONNECTIVES)):
            run.insert(0, tokens[j])
            j -= 1
        while run and (run[0].lower() in _CONNECTIVES or run[0].lower() in _DETERMINERS):
            run.pop(0)
        initials = "".join(w[0] for w in run if w.lower() not in _CONNECTIVES).upper()
        # The acronym is made of the name's initials ("KCNA" of "Korean Central News Agency").
        if run and initials.startswith(acronym[:2]) and len(acronym) <= len(run) + 1:
            name = " ".join(run)
            yield acronym, _role_words(run)
            yield name, frozenset({acronym.lower()})


@lru_cache(maxsize=4096)
def learn_text(text: str) -> Roles:
    """Role words the text attaches to each name (cached per text)."""
    found: dict[str, set[str]] = {}
    # Line by line: a heading or a caption ending in a role noun does not title the next line's first name.
    for line in text.splitlines():
        tokens = _TOKEN.findall(line)
        for name, roles in (*_titles(tokens), *_appositions(tokens), *_acronyms(tokens)):
            if roles:
                found.setdefault(name, set()).update(roles)
    return {name: frozenset(roles) for name, roles in found.items()}


def learn(texts: Iterable[str]) -> Roles:
    """Role words attached to each name over several texts (the candidate sentences of a question)."""
    merged: dict[str, set[str]] = {}
    for text in dict.fromkeys(texts):
        for name, roles in learn_text(text).items():
            merged.setdefault(name, set()).update(roles)
    return {name: frozenset(roles) for name, roles in merged.items()}


def _matches(word: str, roles: frozenset[str]) -> bool:
    """A description's word is one of the role words, in its stem, a related word or another spelling."""
    lower = word.lower()
    return any(
        stem(lower) == stem(r)
        or spelled_alike(lower, r)
        # Two nationalities are near in meaning and still two ("Welsh" / "Scottish"); a capital or a body
        # and its country's adjective are the same party ("Lisbon" / "Portuguese").
        or (len(lower) > 2 and related(lower, r) and not (demonym(lower.capitalize()) and demonym(r.capitalize())))
        for r in roles
    )


def descriptions(question: Question) -> list[tuple[str, str]]:
    """(name, role noun) pairs the question describes someone by: "the Pentagon spokesman", "Moscow's
    president", "the court in The Hague"; names of the question that qualify no role noun are left out."""
    tokens = _TOKEN.findall(question.original)
    lower = [possessive_base(t).lower() for t in tokens]
    found: list[tuple[str, str]] = []
    for name in question.names:
        parts = name.split()
        for i in range(len(tokens) - len(parts) + 1):
            if [possessive_base(t) for t in tokens[i : i + len(parts)]] != parts:
                continue
            end = i + len(parts)
            # "<Name> <role noun>" / "<Name>'s <role noun>" (a modifier word between allowed: "Moscow's top envoy")
            for j in (end, end + 1):
                if j < len(tokens) and party_noun(lower[j]) and all(t[:1].isalpha() for t in tokens[end:j]):
                    found.append((name, lower[j]))
                    break
            # "<role noun> in/of/at (the) <Name>": "the court in The Hague"
            back = i - 1
            while back >= 0 and lower[back] in _DETERMINERS:
                back -= 1
            if back >= 1 and lower[back] in _CONNECTIVES and party_noun(lower[back - 1]):
                found.append((name, lower[back - 1]))
    # "the North Korean leader", "the Dutch prime minister": a nationality qualifying a role noun, one word
    # of the role between ("the Russian state agency").
    for i, token in enumerate(tokens):
        if not demonym(possessive_base(token)):
            continue
        start = i - 1 if i > 0 and _capitalised(tokens[i - 1]) and lower[i - 1] not in stopwords() else i
        phrase = " ".join(possessive_base(t) for t in tokens[start : i + 1])
        for j in (i + 1, i + 2):
            if j < len(tokens) and party_noun(lower[j]) and all(t[:1].isalpha() for t in tokens[i + 1 : j]):
                found.append((phrase, lower[j]))
                break
    return list(dict.fromkeys(found))


def described(question: Question, text: str, roles: Roles) -> set[str]:
    """Names of the question said in ``text`` by a name the articles give the described role: "Pentagon"
    of "what did the Pentagon spokesman say" is said by a sentence naming the one learned as "Pentagon
    spokesperson". A description matching no one, or matching a name the text does not mention, says nothing."""
    said: set[str] = set()
    present = set(re.findall(r"[A-Za-z][\w’'\-]*", text))
    for name, head in descriptions(question):
        for known, words in roles.items():
            if not _mentioned(known, present, text):
                continue
            # The name qualifies the role ("Pentagon" of "Pentagon spokesperson"): it matches a qualifier of the
            # title, not its role noun ("Bundesbank" is not said by the "Bank" of "Lagarde Bank").
            qualifiers = frozenset(w for w in words if not role_noun(w))
            if _matches(head, words) and all(
                _matches(w, qualifiers) for w in name.split() if w.lower() not in stopwords()
            ):
                said.add(name)
                break
    return said


def aliased(question: Question, text: str, roles: Roles) -> set[str]:
    """Names of the question the text says by another form the articles give them: an acronym for its
    name or the name for its acronym ("EFAS" / "European Flood Awareness System")."""
    said: set[str] = set()
    for name in question.names:
        if name.isupper():
            # The acronym's full name in the text: a name the articles gave this acronym.
            if any(name.lower() in words and known in text for known, words in roles.items() if known != name):
                said.add(name)
        elif any(re.search(rf"\b{re.escape(w.upper())}\b", text) for w in roles.get(name, ()) if w.isalpha()):
            said.add(name)
    return said


def fills_role(question: Question, text: str, roles: Roles) -> bool:
    """A name of ``text``, new to the question, holds the asked role by the title the articles give it ("which
    Chinese premier": "Chinese Prime Minister Ann Lee"), its nationality too when the question asks one."""
    role = [w for w in (question.role or question.attribute).split() if w not in stopwords()]
    if not role or not party_noun(role[-1]):
        return False
    asked = {w.lower() for n in question.names for w in re.findall(r"[A-Za-z]+", n)}
    present = set(re.findall(r"[A-Za-z][\w’'\-]*", text))
    for known, words in roles.items():
        if not _mentioned(known, present, text) or {w.lower() for w in known.split()} & asked:
            continue
        qualifiers = frozenset(w for w in words if not role_noun(w))
        nation = question.role_nationality
        if (
            _matches(role[-1], words)
            and (not nation or _matches(nation, qualifiers))
            and not _body_for_person(question, role[-1], words)
        ):
            return True
    return False


def _body_for_person(question: Question, asked: str, words: frozenset[str]) -> bool:
    """A body's title ("the official news agency Xinhua") matching an asked kind of person ("ministers") only
    by a word near in meaning: a body holds no person's role."""
    if question.kind != "person" or not any(body_noun(w) for w in words):
        return False
    return not any(stem(asked.lower()) == stem(w) or spelled_alike(asked.lower(), w) for w in words)


def in_like_role(question: Question, text: str, roles: Roles) -> bool:
    """The text names someone in a role like a described one who is not the one described: another
    spokesman than "the Pentagon spokesman"."""
    present = set(re.findall(r"[A-Za-z][\w’'\-]*", text))
    for name, head in descriptions(question):
        for known, words in roles.items():
            if not _mentioned(known, present, text) or not _matches(head, words):
                continue
            qualifiers = frozenset(w for w in words if not role_noun(w))
            if not all(_matches(w, qualifiers) for w in name.split() if w.lower() not in stopwords()):
                return True
    return False


def _mentioned(name: str, present: set[str], text: str) -> bool:
    """The text names ``name`` in full or by its last word ("Ryder" for "Pat Ryder")."""
    if name in text:
        return True
    last = name.split()[-1]
    return len(last) >= MIN_SURNAME_LETTERS and last[:1].isupper() and last in present


def _nations(words: Iterable[str]) -> set[str]:
    """The nationality adjectives among role words ("russian" of "russian president")."""
    return {w for w in words if demonym(w.capitalize())}


def of_another_party(question: Question, text: str, roles: Roles) -> bool:
    """Everyone the text names in the asked role holds it for another party than the role's owner: "Ukrainian
    Foreign Minister Ann Lee" for "which ministers from Bo Park's cabinet" when the articles title Bo Park
    "Russian president". A holder whose title gives no nationality, or an owner whose nationality the
    articles do not give, may be the asked one (False)."""
    owner = question.role_owner
    role = [w for w in (question.role or question.attribute).split() if w not in stopwords()]
    if not owner or not role:
        return False
    owned = {w.lower() for w in owner.split()}
    nations = {
        n for known, words in roles.items() if owned & {w.lower() for w in known.split()} for n in _nations(words)
    }
    nations |= _nations(w.lower() for w in owner.split())
    present = set(re.findall(r"[A-Za-z][\w’'\-]*", text))
    holders = [
        words
        for known, words in roles.items()
        if _mentioned(known, present, text)
        and not owned & {w.lower() for w in known.split()}
        and _matches(role[-1], words)
    ]
    if not holders or not nations:
        return False
    for words in holders:
        theirs = _nations(words)
        if not theirs or theirs & nations or any(related(t, owner) for t in theirs):
            return False
    return True
