"""Counts of a population in a region, as reports give them.

"around 1,700 North Korean workers live in Amur", "some 300 refugees are staying in
the camp", and the list that follows one: "Khabarovsk has around 1,100 and the coastal
region around 700", whose population is the one just counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafting.numbers import Count

_STATIVE = re.compile(
    r"^\s*(?:(?:are|were|is|was) )?(?:still |now |currently )?(?:live|lived|living|work|worked|"
    r"working|reside|resided|residing|remain|remained|stay|stayed|staying|are estimated to live|"
    r"are believed to live|are held|were held|are housed|were housed|(?:have |has )?resettled|"
    r"(?:have |has )?settled)\b[^.;]*?\bin "
    r"(?P<region>(?:the )?[A-Z][\w'\u2019.-]*(?: [A-Z][\w'\u2019.-]*)*)",
)
_ABOUT = r"(?:(?P<about{n}>around|about|some|nearly|almost|approximately|roughly|more than|over) )?"
_AMOUNT = r"(?P<n{n}>[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?![\w,]*[0-9])"
_REGION = r"(?P<region{n}>[A-Z][\w'\u2019.-]*(?: [A-Z][\w'\u2019.-]*)*|the (?:[a-z]+ ){{0,2}}(?:region|province|area|city|state|district|camp|prefecture))"
_LIST = re.compile(
    _REGION.format(n=1)
    + r" (?:has|had|hosts|hosted|holds|held|counts|counted) "
    + _ABOUT.format(n=1)
    + _AMOUNT.format(n=1)
    + r"(?:,? and "
    + _REGION.format(n=2)
    + r"(?: (?:has|had))? "
    + _ABOUT.format(n=2)
    + _AMOUNT.format(n=2)
    + r")?"
)
_REPORTED = re.compile(r"^\s*According to ([^,]{3,80}),|,? ([^,]{3,60}?) (?:said|says|reported)\b")


@dataclass(frozen=True, slots=True)
class Figure:
    """A count reported of a population in a region."""

    start: int
    end: int
    people: int
    about: bool
    population: str
    region: str
    words: str


def find_figures(sentence: str, counts: list[Count], population: str | None) -> list[Figure]:
    """The figures of `sentence`: a count of people followed by where they live or work,
    or a list of regions and numbers of the population last counted (`population`)."""
    found = []
    for count in counts:
        after = sentence[count.end :]
        head = count.words[len(sentence[count.start : count.end]) :].strip()
        stative = _STATIVE.match(
            after[len(head) + 1 :] if after.strip().startswith(head) else after
        )
        if stative and head and count.value > 1:
            words = " ".join(
                sentence[count.start : count.end + len(head) + 1 + stative.end()].split()
            )
            found.append(Figure(count.start, count.end, count.value, count.about, head,
                                stative["region"].removeprefix("the "), words))  # fmt: skip
    if found or population is None:
        return found
    for match in _LIST.finditer(sentence):
        for n in ("1", "2"):
            if match[f"n{n}"] is None:
                continue
            found.append(Figure(match.start(f"n{n}"), match.end(f"n{n}"),
                                int(match[f"n{n}"].replace(",", "")), match[f"about{n}"] is not None,
                                population, match[f"region{n}"], " ".join(match.group().split())))  # fmt: skip
    return found


def reported_by(sentence: str) -> str | None:
    """Who gives the figures: "According to the Russian government, ..."."""
    found = _REPORTED.search(sentence)
    if not found:
        return None
    return " ".join((found[1] or found[2]).split())
