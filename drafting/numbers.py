"""How many people a sentence counts: numerals in words or digits, before a word for people.

"Twelve North Korean men", "one male worker", "four other North Koreans", "around 1,700
workers" (approximate), "the 12 include" (a group named by its number), "another" (one
more). A number counts people only where a word for people follows it within a few
words, or where it stands for a group already named: "two other cities" counts none.
Words are read as numbers by `text2num` (`text_to_num`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

from events.values import PEOPLE

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million"]  # fmt: skip
_WORD = "|".join(sorted(_UNITS, key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?<![\w.,-])(?P<n>[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+(?:\.[0-9]+)? (?:million|thousand)|[0-9]+"
    rf"|(?:{_WORD})(?:(?:[ -]|-| and )(?:{_WORD}))*|a dozen|a hundred|a thousand)(?![\w,]*[0-9])(?!-(?:year|month|week|day)s?-old)",
    re.I,
)
_ABOUT = re.compile(
    r"(?:around|about|some|nearly|almost|approximately|roughly|an estimated|estimated|"
    r"more than|over|at least|up to|fewer than|less than|close to|as many as)\s+$",
    re.I,
)
PEOPLE_WORDS = frozenset(
    [
        "people",
        "persons",
        "person",
        "men",
        "man",
        "women",
        "woman",
        "children",
        "child",
        "boys",
        "boy",
        "girls",
        "girl",
        "workers",
        "worker",
        "refugees",
        "refugee",
        "defectors",
        "defector",
        "migrants",
        "migrant",
        "asylum-seekers",
        "seekers",
        "seeker",
        "detainees",
        "detainee",
        "prisoners",
        "prisoner",
        "residents",
        "resident",
        "civilians",
        "civilian",
        "nationals",
        "national",
        "citizens",
        "citizen",
        "students",
        "student",
        "soldiers",
        "soldier",
        "journalists",
        "journalist",
        "activists",
        "activist",
        "members",
        "member",
        "family",
        "families",
        "others",
        "individuals",
        "individual",
        "fishermen",
        "fisherman",
        "sailors",
        "crew",
        "victims",
        "victim",
        "laborers",
        "labourers",
        "applicants",
        "applicant",
        "minors",
        "minor",
        "adults",
        "adult",
        "teenagers",
        "villagers",
        "escapees",
        "deportees",
        "returnees",
        "passengers",
        "survivors",
        "mothers",
        "fathers",
        "sons",
        "daughters",
        "wives",
    ]
)
_SINGULAR = ["man", "woman", "boy", "girl", "child", "worker", "logger", "refugee", "defector", "migrant", "student", "soldier", "fisherman", "sailor", "journalist", "activist", "resident", "national", "citizen", "teenager", "minor", "diplomat", "escapee", "deportee", "applicant", "detainee", "prisoner", "mother", "father", "son", "daughter", "wife", "husband", "member"]  # fmt: skip
_ONE = re.compile(rf"(?<![\w-])[Aa]n? (?:[\w'-]+ ){{0,3}}?(?:{'|'.join(_SINGULAR)})\b(?!-)")
"""One person: "a North Korean logger", "an escapee"."""
PERSON_WORDS = PEOPLE_WORDS | frozenset(_SINGULAR)
"""Every word for people, plural and singular."""
_NOT_PEOPLE = frozenset(
    [
        "years",
        "year",
        "months",
        "month",
        "days",
        "day",
        "weeks",
        "week",
        "percent",
        "cities",
        "countries",
        "times",
        "hours",
        "kilometers",
        "kilometres",
        "miles",
        "dollars",
        "yen",
        "won",
        "rubles",
        "euros",
        "cases",
        "letters",
        "calls",
    ]
)
_HEAD = re.compile(r"[ -]+((?:[A-Za-z.'-]+ ?){1,5})")
_DEMONYM_PLURAL = re.compile(r"^[A-Z][a-z]+(?:ans|ese|is|ians|ns)$")
_GROUP_VERB = re.compile(
    r"^\s*(?:who|include|includes|included|were|are|was|have|had|all|each|,? (?:who|all))\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Count:
    """A count of people in a sentence: its span, the number, whether approximate, and the
    words that gave it."""

    start: int
    end: int
    value: int
    about: bool
    words: str


def find_counts(sentence: str) -> list[Count]:
    """Every count of people in `sentence`, left to right."""
    counts = []
    for match in _NUMBER.finditer(sentence):
        value = _value(match["n"])
        if not value or value > PEOPLE:  # "zero" is no one; more than live on Earth, a typo
            continue
        after = sentence[match.end() :]
        before = sentence[: match.start()]
        if not _counts_people(after, before, value):
            continue
        about = bool(_ABOUT.search(before))
        length = _head_length(after)
        if _named_group(after, before):
            # "the 12 include": the group is "the 12"
            words = f"the {match['n']}"
            counts.append(Count(match.start(), match.end(), value, about, words))
            continue
        words = sentence[match.start() : match.end() + length]
        counts.append(
            Count(match.start(), match.end(), value, about, " ".join(words.split()).rstrip(".,;:"))
        )
    for match in _ONE.finditer(sentence):
        words = " ".join(match.group().split())
        counts.append(Count(match.start(), match.end(), 1, False, words))
    for match in re.finditer(
        r"\band another\b(?! (?:[a-z]+ ){0,2}(?:years?|months?|days?|time))", sentence
    ):
        counts.append(Count(match.start() + 4, match.end(), 1, False, "another"))
    return sorted(counts, key=lambda c: c.start)


def _value(words: str) -> int | None:
    text = words.lower().replace(",", "")
    if text.isdigit():
        return int(text)
    if text in ("a dozen",):
        return 12
    if text in ("a hundred", "a thousand"):
        return 100 if "hundred" in text else 1000
    scaled = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?) (million|thousand)", text)
    if scaled:
        factor = 1_000_000 if scaled[2] == "million" else 1000
        return round(float(scaled[1]) * factor)
    try:
        return int(text2num(text.replace(" and ", " "), "en"))
    except ValueError:
        return None


def _head_length(after: str) -> int:
    head = _HEAD.match(after)
    if not head:
        return 0
    length = 0
    for word in re.finditer(r"[^ ]+", head.group(0)):
        length = word.end()
        bare = word.group().strip(".,").lower()
        if bare in PEOPLE_WORDS or _DEMONYM_PLURAL.match(word.group().strip(".,")):
            break
    return length


def _counts_people(after: str, before: str, value: int) -> bool:
    head = _HEAD.match(after)
    if head:
        words = head[1].split()
        for word in words:
            bare = word.strip(".,").lower()
            if bare in _NOT_PEOPLE:
                return False
            if bare in PEOPLE_WORDS or _DEMONYM_PLURAL.match(word.strip(".,")):
                return True
    if 1500 <= value <= 2100 and not before.rstrip().lower().endswith(("around", "about")):
        return False  # a year, read as a date
    return _named_group(after, before)


def _named_group(after: str, before: str) -> bool:
    """ "the 12 include ...", "like the 12 who ...": a group named by its number."""
    return bool(re.search(r"\bthe\s+$", before, re.I)) and bool(_GROUP_VERB.match(after))
