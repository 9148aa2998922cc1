"""Countries, their adjectives, places and agencies as a sentence names them.

Countries come from ISO 3166 (`pycountry`): their names, common names and official
names, and a few names news text uses that ISO does not (Russia, Britain, the U.S.).
A country's adjective ("South Korean", "Japanese") is derived from its name by the
usual English endings, with a short table of the irregular ones: it says whose mission
"the South Korean Consulate General" is. Places are the capitalised names a sentence
puts after "in", "at" or "from"; agencies the capitalised names of offices, missions,
ministries and the like, and "the Russian government" and its kin.
"""

from __future__ import annotations

import re
from functools import cache

_SHORT_NAMES = {
    "Russia": "Russia", "Russian Federation": "Russia", "Britain": "United Kingdom",
    "Great Britain": "United Kingdom", "UK": "United Kingdom", "U.K.": "United Kingdom",
    "U.S.": "United States", "US": "United States", "USA": "United States",
    "America": "United States", "South Korea": "South Korea", "North Korea": "North Korea",
    "Czech Republic": "Czechia", "Turkey": "Türkiye", "Burma": "Myanmar",
}  # fmt: skip
_IRREGULAR = {
    "United States": ("U.S.", "American", "US"), "United Kingdom": ("British", "UK", "U.K."),
    "France": ("French",), "Netherlands": ("Dutch",), "Switzerland": ("Swiss",),
    "Thailand": ("Thai",), "Philippines": ("Philippine", "Filipino"), "Türkiye": ("Turkish",),
    "Greece": ("Greek",), "Germany": ("German",), "Spain": ("Spanish",),
    "Ireland": ("Irish",), "Poland": ("Polish",), "Sweden": ("Swedish",),
    "Denmark": ("Danish",), "Finland": ("Finnish",), "Norway": ("Norwegian",),
    "Israel": ("Israeli",), "Yemen": ("Yemeni",), "Iraq": ("Iraqi",), "Pakistan": ("Pakistani",),
    "Bangladesh": ("Bangladeshi",), "Afghanistan": ("Afghan",), "China": ("Chinese",),
    "Japan": ("Japanese",), "Vietnam": ("Vietnamese",), "Laos": ("Lao", "Laotian"),
    "Mongolia": ("Mongolian",), "Myanmar": ("Burmese", "Myanmar"), "Canada": ("Canadian",),
    "Peru": ("Peruvian",), "Türkiye ": ("Turkish",),
}  # fmt: skip
_ORG_WORDS = (
    "Office|Consulate|Consulate General|Embassy|Mission|Ministry|Commission|Commissioner|"
    "Agency|Service|Police|Government|Council|Committee|Court|Bureau|Department|"
    "Organization|Organisation|Authority|Authorities|Administration|Red Cross|Army|Navy|"
    "Guard|Prosecutors|Parliament|Assembly|Nations|Union|Watch|International|Center|Centre"
)
_CAP = r"(?:[A-Z][\w.'\u2019-]*|of|the|for|and|de|on)"
_AGENCY = re.compile(
    rf"(?:[Tt]he )?(?:[A-Z][\w.'\u2019-]* )*(?:{_ORG_WORDS})(?:(?: (?:of|the|for|and|de|on))* [A-Z][\w.'\u2019-]*)*"
    rf"|\b[A-Z]{{3,}}\b(?: [A-Z][a-z]+ (?:office|Office))?"
    rf"|\b[Tt]he (?:[A-Z][a-z]+ )+(?:government|authorities|police|military|army|officials)\b",
)
_LOWER_HEAD = re.compile(r" (?:government|authorities|police|military|army|officials)$")
_PLACE = re.compile(
    r"\b(?:in|at|from|near|to) (?:the )?((?:[A-Z][\w'\u2019.-]*)(?:(?: |-)(?:[A-Z][\w'\u2019.-]*|of))*(?:'s (?:[A-Z][\w'\u2019.-]*)(?: [A-Z][\w'\u2019.-]*)*)?)"
)
_CALENDAR = frozenset(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday",
     "Friday", "Saturday", "Sunday"]
)  # fmt: skip
"""Capitalised words that begin a date, never a name."""
_NOT_AGENCIES = _CALENDAR | {"According"}
_NOT_PLACES = _CALENDAR | {"The", "South", "North", "East", "West"}


@cache
def countries() -> dict[str, str]:
    """Every country's names as a sentence may write them, to the name a record gives it."""
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        shown = getattr(country, "common_name", None) or country.name
        for name in (country.name, shown, getattr(country, "official_name", None)):
            if name and "," not in name:
                names[name] = shown
    names.update(_SHORT_NAMES)
    return names


@cache
def adjectives() -> dict[str, str]:
    """A country's adjective ("South Korean") to the country's name ("South Korea")."""
    found: dict[str, str] = {}
    for name, shown in countries().items():
        if len(name.split()) > 3:
            continue
        for adjective in _derived(name):
            found.setdefault(adjective, shown)
    for shown, irregular in _IRREGULAR.items():
        for adjective in irregular:
            found[adjective] = shown.strip()
    return found


def _derived(name: str) -> list[str]:
    if name.endswith("a"):
        return [name + "n", name[:-1] + "ese", name[:-1] + "an"]
    if name.endswith("y"):
        return [name[:-1] + "ian", name[:-1] + "ish"]
    if name.endswith(("stan", "q", "n")):
        return [name + "i", name + "ese", name + "ian"]
    return [name + "ian", name + "ese", name + "i", name + "an"]


def country_in(text: str) -> str | None:
    """The first country `text` names, by name, else by adjective."""
    found = _first(text, countries())
    return found if found is not None else _first(text, adjectives())


def _first(text: str, names: dict[str, str]) -> str | None:
    best: tuple[int, int, str] | None = None
    for name, shown in names.items():
        at = _word_at(text, name)
        if at >= 0 and (best is None or (at, -len(name)) < best[:2]):
            best = (at, -len(name), shown)
    return best[2] if best else None


def _word_at(text: str, name: str) -> int:
    index = text.find(name)
    while index >= 0:
        before = text[index - 1] if index else " "
        after = text[index + len(name)] if index + len(name) < len(text) else " "
        if not before.isalnum() and not (after.isalnum() or after in "-\u2019'"):
            return index
        index = text.find(name, index + 1)
    return -1


def agencies_in(text: str) -> list[str]:
    """The agencies, missions and authorities `text` names, in order, once each."""
    seen: list[str] = []
    for match in _AGENCY.finditer(text):
        name = " ".join(match.group().split())
        if (
            name.startswith(("the ", "The "))
            and name[4:5].isupper()
            and not _LOWER_HEAD.search(name)
        ):
            name = name[4:]
        if name and name not in seen and name.split()[0] not in _NOT_AGENCIES:
            seen.append(name)
    return seen


_PLACE_OF = re.compile(
    r"\bin the (?:[a-z]+ ){0,3}(?:city|town|village|port|province|region|county|district|"
    r"prefecture|state|capital) of ([A-Z][\w'\u2019.-]*(?: [A-Z][\w'\u2019.-]*)*)"
)


def place_in(text: str, skip: tuple[str, ...] = ()) -> str | None:
    """The first place `text` puts after in, at, from or near ("in the northeastern city
    of Shenyang" too): not a month, not an agency."""
    named = _PLACE_OF.search(text)
    if named:
        return named[1].rstrip(".")
    for match in _PLACE.finditer(text):
        name = match[1].rstrip(".")
        if name.split()[0] in _NOT_PLACES or any(name in s or s in name for s in skip):
            continue
        if re.search(rf"\b(?:{_ORG_WORDS})\b", name) or name.isupper():
            continue
        return name
    return None
