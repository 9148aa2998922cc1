"""The dates a news sentence gives, in EDTF, never more precise than its words.

A small grammar in the manner of HeidelTime's and SUTime's rules for news text: each
expression is found with its span and resolved against the article's reference day
(the dateline's day, else the publication date). What a sentence leaves unsaid stays
unsaid: "in September" is a month (the last September up to the reference day), "In
2004" a year, "the 1990s" a decade, "last week" the week's days, "Wednesday" the last
Wednesday up to the reference day; "earlier this year" is the year. A date after the
publication date is given only where the words name one ("next year", "in 2031").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from events.edtf import EdtfError, parse_edtf

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
PARTS = ("early", "mid", "late")
"""The parts of a period a sentence may name: kept in the draft's words, the date being
the whole period (the vocabulary has no field for the part yet)."""

_MONTH = r"(?P<{n}>(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?)"
_YEAR = r"(?P<{n}>(?:1[5-9]|20)[0-9]{{2}})(?![0-9]|,[0-9])"
_DAY = r"(?P<{n}>[0-3]?[0-9])(?:st|nd|rd|th)?(?![0-9])"
_PART = r"(?:(?P<part>early|mid|late|the (?:beginning|start|end|middle) of)[ -]+)?"


def _m(n: str) -> str:
    return _MONTH.format(n=n)


def _y(n: str) -> str:
    return _YEAR.format(n=n)


def _d(n: str) -> str:
    return _DAY.format(n=n)


_DECADE = r"(?:the )?(?:(?P<{n}a>(?:1[5-9]|20)[0-9])0s|'?(?P<{n}b>[0-9])0s)"

# the patterns, tried in this order at each place: the longest first
_RULES: list[tuple[str, str]] = [
    (
        "recurring",
        rf"(?:each|every) year (?:from|between) {_y('a')} (?:to|and|through|until) {_y('b')}",
    ),
    (
        "recurring",
        rf"(?:annually|yearly) (?:from|between) {_y('a')} (?:to|and|through|until) {_y('b')}",
    ),
    ("decades", rf"(?:in )?{_DECADE.format(n='a')} and (?:the )?{_DECADE.format(n='b')}"),
    (
        "span",
        r"(?:between|from) (?P<a>.{3,40}?) (?:and|to|through|until) (?P<b>.{3,40}?)(?=[,.;:)]|$| according| the | said)",
    ),
    ("span", rf"{_y('a')} ?[-\u2013] ?{_y('b')}"),
    ("day", rf"{_m('m')} {_d('d')},? {_y('y')}"),
    ("day", rf"{_d('d')} {_m('m')},? {_y('y')}"),
    ("day", r"(?P<iso>[0-9]{4}-[01][0-9]-[0-3][0-9])(?![0-9])"),
    ("month", rf"{_PART}{_m('m')},? (?:of )?{_y('y')}"),
    ("day_no_year", rf"{_m('m')} {_d('d')}(?!,? [0-9])"),
    ("day_no_year", rf"(?<![0-9] ){_d('d')} {_m('m')}(?!,? [0-9])"),
    (
        "month_no_year",
        rf"(?:(?:in|since|until|by|during|last|this|of|from) )?{_PART}(?P<m>january|february|april|june|july|august|september|october|november|december)(?![a-z])",
    ),
    (
        "month_no_year",
        rf"(?:in|since|until|by|during|last|this|of|from) {_PART}(?P<m>may|march|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.)(?![a-z])",
    ),
    ("since", rf"since (?:the )?(?:{_DECADE.format(n='a')}|{_y('y')})"),
    ("decade", rf"{_PART}{_DECADE.format(n='a')}"),
    ("year", rf"{_PART}{_y('y')}"),
    (
        "relative",
        r"(?P<rel>(?:earlier|later) this (?:year|month)|this (?:year|month|week)|last (?:year|month|week)|next (?:year|month|week)|(?:the )?previous (?:year|month|week)|(?:a|one|two|three|four|five|six|seven|eight|nine|ten|[0-9]{1,2}) (?:years?|months?) ago|yesterday|today|tomorrow|currently|at present|as of now|(?<!right )now(?= [a-z]+(?:s|ed|ing)\b)|(?:so far )?this year)",
    ),
    (
        "weekday",
        r"(?:on |last |this |next )?(?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
    ),
]
_COMPILED = [
    (name, re.compile(rf"(?<![\w-])(?:{pattern})(?![\w])", re.I)) for name, pattern in _RULES
]
_SPEECH = re.compile(
    r"\b(?:said|says|told|announced|reported|stated|added|confirmed|according to [^,]+,?)"
    r"(?: [a-z]+){0,2} (?:on |late |early )?$",
    re.I,
)
_SUBJECT_SPEECH = re.compile(r"^,? (?:[a-z]+ )?(?:said|told|announced|reported)\b", re.I)
_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Found:
    """A date expression of a sentence: its span there, the EDTF dates it gives (one, or
    one a year for "each year from 2006 to 2008"), why, and whether it is when something
    was said rather than when it happened."""

    start: int
    end: int
    dates: tuple[str, ...]
    why: str
    reporting: bool = False
    part: str | None = None


def find_dates(sentence: str, reference: date, published: date) -> list[Found]:
    """Every date expression of `sentence`, left to right, none overlapping another."""
    found: list[Found] = []
    taken = 0
    for start, end, name, match in _matches(sentence):
        if start < taken:
            continue
        resolved = _resolve(name, match, reference, published)
        if resolved is None:
            continue
        dates, why = resolved
        if not all(_valid(d) for d in dates):
            continue
        part = _part(match)
        words = sentence[start:end]
        reporting = bool(_SPEECH.search(sentence[:start])) and name in (
            "weekday",
            "relative",
            "day_no_year",
        )
        reporting = reporting or (name == "weekday" and bool(_SUBJECT_SPEECH.match(sentence[end:])))
        note = f"'{' '.join(words.split())}' gives {why}"
        if part:
            note += f" ('{part}' kept in the words: the date is the whole period)"
        found.append(Found(start, end, dates, note, reporting, part))
        taken = end
    return found


def _matches(sentence: str) -> Iterator[tuple[int, int, str, re.Match[str]]]:
    hits = []
    for order, (name, pattern) in enumerate(_COMPILED):
        for match in pattern.finditer(sentence):
            if match.end() > match.start():
                hits.append((match.start(), -match.end(), order, name, match))
    for start, neg_end, _, name, match in sorted(hits, key=lambda h: h[:3]):
        yield start, -neg_end, name, match


def _part(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    part = groups.get("part")
    if not part:
        return None
    part = part.lower()
    return {"the beginning of": "early", "the start of": "early", "the middle of": "mid",
            "the end of": "late"}.get(part, part)  # fmt: skip


def _valid(text: str) -> bool:
    try:
        parse_edtf(text)
    except EdtfError:
        return False
    return True


def _resolve(
    name: str, match: re.Match[str], reference: date, published: date
) -> tuple[tuple[str, ...], str] | None:
    g = match.groupdict()
    if name == "recurring":
        first, last = int(g["a"]), int(g["b"])
        if not 0 < last - first < 50:
            return None
        years = tuple(str(y) for y in range(first, last + 1))
        return years, f"one date a year, {first} to {last}"
    if name == "decades":
        a, b = _decade(g, "a", reference), _decade(g, "b", reference)
        return (f"{a}/{b}",), "an interval of two decades"
    if name == "span":
        return _span(g, reference, published)
    if name == "day":
        if g.get("iso"):
            return (g["iso"],), "a day"
        y, m = int(g["y"]), MONTHS[g["m"].lower().rstrip(".")]
        return (f"{y:04d}-{m:02d}-{int(g['d']):02d}",), "a day"
    if name == "month":
        return (f"{int(g['y']):04d}-{MONTHS[g['m'].lower().rstrip('.')]:02d}",), "a month"
    if name == "day_no_year":
        m, d = MONTHS[g["m"].lower().rstrip(".")], int(g["d"])
        y = reference.year if (m, d) <= (reference.month, reference.day) else reference.year - 1
        return (f"{y:04d}-{m:02d}-{d:02d}",), "a day, the last such day up to the article's"
    if name == "month_no_year":
        m = MONTHS[g["m"].lower().rstrip(".")]
        y = reference.year if m <= reference.month else reference.year - 1
        return (f"{y:04d}-{m:02d}",), "a month, the last such month up to the article's"
    if name == "decade":
        return (_decade(g, "a", reference),), "a decade"
    if name == "since":
        start = _decade(g, "a", reference) if g.get("aa") or g.get("ab") else g["y"]
        return (f"{start}/..",), "an interval from then, its end open"
    if name == "year":
        year = int(g["y"])
        if year > published.year + 30:
            return None
        return (str(year),), "a year"
    if name == "relative":
        return _relative(g["rel"].lower(), reference, published)
    if name == "weekday":
        return _weekday(match, reference)
    return None


def _decade(g: dict[str, str | None], n: str, reference: date) -> str:
    full = g.get(f"{n}a")
    if full:
        return f"{full}X"
    digit = g.get(f"{n}b") or "0"
    century = reference.year // 100 * 100
    first = century + int(digit) * 10
    if first > reference.year:
        first -= 100
    return f"{first // 10}X"


def _span(
    g: dict[str, str | None], reference: date, published: date
) -> tuple[tuple[str, ...], str] | None:
    ends = []
    for side in ("a", "b"):
        inner = find_dates(g[side] or "", reference, published)
        if len(inner) != 1 or len(inner[0].dates) != 1 or "/" in inner[0].dates[0]:
            return None
        ends.append(inner[0].dates[0])
    first, last = ends
    if (
        len(first) == 7
        and len(last) == 7
        and g["b"]
        and re.search(r"[0-9]{4}", g["b"])
        and not re.search(r"[0-9]{4}", g["a"] or "")
    ):
        first = last[:4] + first[4:]  # "from January to March 2009": the one year for both
    if first == last:
        return (first,), "one date"
    try:
        parse_edtf(f"{first}/{last}")
    except EdtfError:
        return None
    return (f"{first}/{last}",), "an interval from the one to the other"


def _relative(words: str, reference: date, published: date) -> tuple[tuple[str, ...], str] | None:
    year, month = published.year, published.month
    previous_month = (year, month - 1) if month > 1 else (year - 1, 12)
    next_month = (year, month + 1) if month < 12 else (year + 1, 1)
    monday = reference - timedelta(days=reference.weekday())
    table: dict[str, tuple[str, str]] = {
        "this year": (f"{year}", "the year of the article"),
        "so far this year": (f"{year}", "the year of the article"),
        "earlier this year": (f"{year}", "the year of the article, before it"),
        "later this year": (f"{year}", "the year of the article, after it"),
        "last year": (f"{year - 1}", "the year before the article's"),
        "the previous year": (f"{year - 1}", "the year before the article's"),
        "previous year": (f"{year - 1}", "the year before the article's"),
        "next year": (f"{year + 1}", "the year after the article's"),
        "this month": (f"{year}-{month:02d}", "the month of the article"),
        "earlier this month": (f"{year}-{month:02d}", "the month of the article"),
        "later this month": (f"{year}-{month:02d}", "the month of the article"),
        "last month": ("{}-{:02d}".format(*previous_month), "the month before the article's"),
        "the previous month": ("{}-{:02d}".format(*previous_month), "the month before"),
        "previous month": ("{}-{:02d}".format(*previous_month), "the month before"),
        "next month": ("{}-{:02d}".format(*next_month), "the month after the article's"),
        "currently": (f"{year}-{month:02d}", "the month of the article (as it is now)"),
        "at present": (f"{year}-{month:02d}", "the month of the article (as it is now)"),
        "as of now": (f"{year}-{month:02d}", "the month of the article (as it is now)"),
        "now": (f"{year}-{month:02d}", "the month of the article (as it is now)"),
        "today": (reference.isoformat(), "the day of the article"),
        "yesterday": ((reference - timedelta(days=1)).isoformat(), "the day before the article's"),
        "tomorrow": ((reference + timedelta(days=1)).isoformat(), "the day after the article's"),
        "this week": (
            f"{monday.isoformat()}/{reference.isoformat()}",
            "the week of the article, up to its day",
        ),
        "last week": (
            f"{(monday - timedelta(days=7)).isoformat()}/{(monday - timedelta(days=1)).isoformat()}",
            "the week before the article's, Monday to Sunday",
        ),
        "the previous week": (
            f"{(monday - timedelta(days=7)).isoformat()}/{(monday - timedelta(days=1)).isoformat()}",
            "the week before, Monday to Sunday",
        ),
        "previous week": (
            f"{(monday - timedelta(days=7)).isoformat()}/{(monday - timedelta(days=1)).isoformat()}",
            "the week before, Monday to Sunday",
        ),
        "next week": (
            f"{(monday + timedelta(days=7)).isoformat()}/{(monday + timedelta(days=13)).isoformat()}",
            "the week after the article's",
        ),
    }
    if words in table:
        value, why = table[words]
        return (value,), why
    ago = re.fullmatch(r"(\w+) (years?|months?) ago", words)
    if ago:
        count = int(ago[1]) if ago[1].isdigit() else _NUMBER_WORDS.get(ago[1])
        if count is None:
            return None
        if ago[2].startswith("year"):
            return (f"{year - count}",), f"{count} year(s) before the article's year"
        y, m = divmod(year * 12 + month - 1 - count, 12)
        return (f"{y}-{m + 1:02d}",), f"{count} month(s) before the article's month"
    return None


def _weekday(match: re.Match[str], reference: date) -> tuple[tuple[str, ...], str] | None:
    wanted = WEEKDAYS[match["w"].lower()]
    said = match.group(0).lower()
    back = (reference.weekday() - wanted) % 7
    if said.startswith("next "):
        day = reference + timedelta(days=(wanted - reference.weekday()) % 7 or 7)
        return (day.isoformat(),), "the next such weekday after the article's day"
    if said.startswith("last ") and back == 0:
        back = 7
    day = reference - timedelta(days=back)
    return (day.isoformat(),), "the last such weekday up to the article's day"
