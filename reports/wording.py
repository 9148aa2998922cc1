"""Plain English for dates and numbers, as a careful style guide would have them.

Dates are told at their real precision ("in 2004", "in September 2009", "on 23
December 2009"), intervals as spans ("between 2007 and 2009", "from 2004 on"),
approximate and uncertain dates say so ("around", "possibly"). Numbers one to
nine are words, larger ones digits with thousands separators.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from projections.known import Known
    from projections.record import Dispute, TimelineEntry

import calendar
import re
from dataclasses import dataclass
from datetime import datetime

from events.edtf import Edtf, Point, Precision, parse_edtf

_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def number(n: int) -> str:
    """`three`, `12`, `1,700`."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else f"{n:,}"


SPELLED = [*_WORDS, "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
            "seventeen", "eighteen", "nineteen", "twenty"]  # fmt: skip


def says_number(text: str, n: int) -> bool:
    """Whether `text` already gives the number `n`, in digits or in words."""
    words = text.lower().replace(",", "").split()
    return f"{n}" in words or f"{n:,}" in text or (n < len(SPELLED) and SPELLED[n] in words)


def people(n: int) -> str:
    """`one person`, `three people`, `1,700 people`."""
    if n == 0:
        return "nobody"
    return f"{number(n)} {'person' if n == 1 else 'people'}"


def _point(p: Point, part: str | None = None) -> tuple[str, str]:
    """(the preposition, the bare phrase) of a point: ("in", "September 2009"); with the
    part of it the source gives: ("in", "early September 2009"), ("in", "the mid-1990s")."""
    if p.precision is Precision.DAY:
        return "on", f"{p.earliest.day} {calendar.month_name[p.earliest.month]} {p.earliest.year}"
    if p.precision is Precision.MONTH:
        bare = f"{calendar.month_name[p.earliest.month]} {p.earliest.year}"
    elif p.precision in (Precision.DECADE, Precision.CENTURY):
        bare = f"the {p.earliest.year}s"
    else:
        bare = str(p.earliest.year)
    return "in", _with_part(bare, part)


def point_words(p: Point, part: str | None = None) -> tuple[str, str]:
    """(the preposition, the bare phrase) of a point, without its qualifiers: ("in",
    "early March 2015")."""
    return _point(p, part)


def _with_part(bare: str, part: str | None) -> str:
    """`early March 2015`, `mid-2015`, `the late 1990s`."""
    if part is None:
        return bare
    the, rest = ("the ", bare[4:]) if bare.startswith("the ") else ("", bare)
    return f"{the}mid-{rest}" if part == "mid" else f"{the}{part} {rest}"


_IN_THAT = {"early": "early in that", "mid": "midway through that", "late": "late in that"}


def _qualified(p: Point, *, with_preposition: bool, part: str | None = None) -> str:
    preposition, bare = _point(p, part)
    if p.approximate:
        bare = f"around {bare}"
    elif with_preposition:
        bare = f"{preposition} {bare}"
    return f"possibly {bare}" if p.uncertain else bare


def when(text: str, *, bracketed: bool = False, part: str | None = None) -> str:
    """The date as a phrase that can open a sentence: `in 2004`, `between 2007 and 2009`.
    `bracketed`: for a phrase told in brackets, which holds no brackets of its own
    (`from 2004, end unknown`, not `from 2004 (end unknown)`). `part`: `early`, `mid` or
    `late`, the part of the date the source gives: `in early March 2015`; of a day or a span,
    `on 3 March 2015, early in that day`, `between 2007 and 2009, late in that span`."""
    parsed = parse_edtf(text)
    if part is None:
        return _phrase(parsed, bracketed=bracketed)
    if not parsed.interval and parsed.start and parsed.start.precision is not Precision.DAY:
        return _qualified(parsed.start, with_preposition=True, part=part)
    unit = "span" if parsed.interval else "day"
    return f"{_phrase(parsed, bracketed=True)}, {_IN_THAT.get(part, part)} {unit}"


def as_of(text: str) -> str:
    """`as of December 2009`: when a count or a state held (told in brackets)."""
    phrase = when(text, bracketed=True)
    return "as of " + phrase.removeprefix("in ").removeprefix("on ")


def _phrase(d: Edtf, *, bracketed: bool = False) -> str:
    if not d.interval:
        assert d.start is not None
        return _qualified(d.start, with_preposition=True)
    start = _qualified(d.start, with_preposition=False) if d.start else None
    end = _qualified(d.end, with_preposition=False) if d.end else None
    if start and end:
        return f"between {start} and {end}"
    if start:
        unknown = ", end unknown" if bracketed else " (end unknown)"
        return f"from {start} on" if d.open_end else f"from {start}{unknown}"
    return f"up to {end}" if d.open_start else f"at an unknown date up to {end}"


def period_name(key: tuple[int, int, int] | None) -> str:
    """`the 1990s`, `2004`, `September 2009`, or `Earlier` for events with no known start."""
    if key is None:
        return "Earlier"
    year, span, month = key
    if span < 2:
        return f"the {year}s"
    return f"{calendar.month_name[month]} {year}" if span == 3 else str(year)


def capitalise(text: str) -> str:
    """`They left` for `they left`: a capital first, only where that changes nothing but the
    first letter. A first word that already holds a capital (`iPhone`, `eBay`, `mRNA`) is
    left as it is written, and so is a text that starts with anything but a small letter."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    if not text[:1].islower() or any(c.isupper() for c in first[1:]):
        return text
    upper = text[0].upper()
    return upper + text[1:] if len(upper) == 1 else text  # `ß` has no one-letter capital


_ABBREVIATIONS = {"al", "approx", "cf", "etc", "ibid", "vs"}
"""Words whose final full stop is an abbreviation's (`et al.`, `etc.`), not a sentence's."""
_NAMED_ABBREVIATIONS = {
    "ave", "capt", "co", "col", "corp", "dept", "dr", "ft", "gen", "gov", "govt", "inc",
    "jr", "lt", "ltd", "messrs", "mr", "mrs", "ms", "mt", "no", "nos", "prof", "rd", "rep",
    "sen", "sgt", "sr", "st", "univ",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
"""Abbreviations written with a capital (`Acme Inc.`, `No.`, `Dec.`): in lower case most are
ordinary words that end sentences (`The UNHCR said no.`)."""


def sentence_end(text: str) -> str:
    """`text` without its last full stop where that stop plainly ends a sentence (`they
    left.`); left as written where the stop may belong to its last word: an abbreviation
    (`the U.S.`, `Kim J.`, `Acme Inc.`) or an ellipsis (`records...`)."""
    if not text.endswith(".") or text.endswith(".."):
        return text
    words = text[:-1].split()
    if not words:  # the stop is all there is: it is not a sentence's end
        return text
    last = words[-1].lstrip("\"'([{")
    named = last[:1].isupper() and last.lower() in _NAMED_ABBREVIATIONS
    if "." in last or (len(last) == 1 and last.isalpha()) or last.lower() in _ABBREVIATIONS:
        return text
    if named:  # `Acme Inc.`; but `said no.` ends its sentence
        return text
    return text[:-1]


def dated(text: str, date: str, part: str | None = None) -> str:
    """The date phrase a person's own words need, in brackets after them ("" if they give
    the date): `in May` after `They left in 2010` (the text gives the year, not the month);
    `in May 2010` after `They left`; with the part of the date the source gives, the whole
    phrase unless the text says it too (`in early May 2010`)."""
    if part is not None:
        words = set(re.findall(r"[A-Za-z]+", text.lower()))
        gives = says_date(text, date) and part in words
        return "" if gives else when(date, bracketed=True, part=part)
    if says_date(text, date):
        return ""
    parsed = parse_edtf(date)
    p = parsed.start
    words = set(re.findall(r"[0-9]+s?|[A-Za-z]+", text))
    if (
        p is None
        or parsed.interval
        or p.approximate
        or p.uncertain
        or p.precision not in (Precision.MONTH, Precision.DAY)
        or str(p.earliest.year) not in words
    ):
        return when(date, bracketed=True)
    month = calendar.month_name[p.earliest.month]
    return f"on {p.earliest.day} {month}" if p.precision is Precision.DAY else f"in {month}"


def says_date(text: str, date: str) -> bool:
    """Whether `text` already gives `date` as precisely as the date is known: `in 2001` gives
    `2001`, `in the 1990s and 2000s` gives `199X/200X`; a date with a qualifier (`~`, `?`)
    or an open end is never taken as given, since the text may not say so."""
    parsed = parse_edtf(date)
    points = [p for p in (parsed.start, parsed.end) if p is not None]
    if not points or parsed.open_start or parsed.open_end or len(points) < 1 + parsed.interval:
        return False
    if any(p.approximate or p.uncertain for p in points):
        return False
    words = set(re.findall(r"[0-9]+s?|[A-Za-z]+", text))
    return all(set(_date_words(p)) <= words for p in points)


def _date_words(p: Point) -> list[str]:
    year = str(p.earliest.year)
    if p.precision in (Precision.DECADE, Precision.CENTURY):
        return [f"{year}s"]
    month = calendar.month_name[p.earliest.month]
    if p.precision is Precision.DAY:
        return [str(p.earliest.day), month, year]
    return [month, year] if p.precision is Precision.MONTH else [year]


def full_sentence(text: str, *, own_words: bool = False) -> str:
    """`text` as a sentence: a capital first (`capitalise`), a stop last. The stop a text
    ends with is kept as written (`the U.S.`, `records...`), and a source's own words
    (`own_words`) keep a last `?` or `!`; a sentence of ours ends in a full stop even where
    its last value does not (an agency named "?")."""
    text = capitalise(text.strip())
    return text if text.endswith(".") or (own_words and text.endswith(("?", "!"))) else text + "."


_THE_COUNTRIES = {"Bahamas", "Gambia", "Maldives", "Netherlands", "Philippines", "Comoros",
                  "Seychelles", "Marshall Islands", "Solomon Islands"}  # fmt: skip
_THE_ENDINGS = ("Republic", "Kingdom", "Federation", "States", "Emirates", "Islands", "Union")


def country(name: str) -> str:
    """`the United States`, `the Republic of Korea`, `the Philippines`; `South Korea`, `Russia`:
    a country's name with the article English gives it."""
    first = name.split(" ", 1)[0]
    if first.lower() == "the" or not first[:1].isupper():
        return name
    needs = (name in _THE_COUNTRIES or name.endswith(_THE_ENDINGS) or " of " in name
             or name.startswith("United "))  # fmt: skip
    return f"the {name}" if needs else name


_INSTITUTIONS = {"government", "ministry", "office", "consulate", "embassy", "service",
                 "police", "authorities", "authority", "agency", "committee", "commission",
                 "court", "guards", "army", "council", "parliament", "administration",
                 "department", "bureau", "mission", "military", "navy"}  # fmt: skip


def bare_plural(name: str) -> bool:
    """Whether `name` is a common noun in the plural, written without an article: its head
    (the last word before `in`, `of`, `at`, `from` or a comma) is a small-letter plural."""
    head = re.split(r",| in | of | at | from | for ", name, maxsplit=1)[0].split()
    word = head[-1] if head else ""
    return word[:1].islower() and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def authority(name: str) -> str:
    """`the Russian government` for `Russian government`: an institution takes its article;
    a person, an outlet or a name that has its article is left alone."""
    words = name.split()
    if not words or words[0].lower() in ("the", "a", "an") or not words[0][:1].isupper():
        return name
    if bare_plural(name):
        return name
    institution = words[-1].lower() in _INSTITUTIONS or (name.isupper() and len(name) > 1)
    return f"the {name}" if institution else name


def disputed(entry: TimelineEntry, dispute: Dispute) -> str:
    """`according to Kyodo; Yonhap gives 2009`: a dispute as a note on the sentence."""
    recorded = " and ".join(dict.fromkeys(s.outlet for s in entry.sources))
    others = " and ".join(dict.fromkeys(s.outlet for s in dispute.sources))
    verb = "give" if " and " in others else "gives"
    values = " and ".join(_value(name, value) for name, value in dispute.values.items())
    return f"according to {recorded}; {others} {verb} {values}"


def confirmed(origins: Sequence[str]) -> str:
    """`confirmed by two independent sources`: how many reports of their own the sources that
    support an event make, where others confirmed it (a newspaper carrying an agency's story
    is the agency's report); `its sources carry one report, Yonhap's` where they make one."""
    if len(origins) == 1:
        return f"its sources carry one report, {origins[0]}'s"
    return f"confirmed by {number(len(origins))} independent sources"


def _value(name: str, value: object) -> str:
    if name == "date" and isinstance(value, str):
        return when(value, bracketed=True).removeprefix("in ").removeprefix("on ")
    if name == "people" and isinstance(value, int):
        return people(value)
    return f"the {name.replace('_', ' ')} as {value}"


@dataclass(frozen=True)
class Scope:
    """What a summary covers: the whole record, or the part of it its filters chose."""

    cases: tuple[str, ...] = ()
    """The cases chosen (none: every case)."""
    start: str | None = None
    """`--from`: only events that may have happened on or after this EDTF date."""
    end: str | None = None
    """`--to`: only events that may have happened on or before this EDTF date."""
    as_of: datetime | None = None
    until: int | None = None
    include_retracted: bool = False
    kinds: tuple[str, ...] = ()
    """Only events of these kinds (none: every kind)."""

    @classmethod
    def of(
        cls, cases: Sequence[str], start: str | None, end: str | None, known: Known,
        include_retracted: bool = False, kinds: Sequence[str] = (),
    ) -> Scope:  # fmt: skip
        """The scope the filters of a summary, an export or a request give."""
        return cls(
            cases=tuple(cases), start=start, end=end, as_of=known.as_of, until=known.until,
            include_retracted=include_retracted, kinds=tuple(kinds),
        )  # fmt: skip

    @property
    def whole(self) -> bool:
        return self == Scope(include_retracted=self.include_retracted)

    def events(self) -> str:
        """`the whole record`, `the record of case amur-2009-group`, `the events that may have
        happened in 2004, as known after position 40`, `the arrived events`."""
        of = f" of {_cases(self.cases)}" if self.cases else ""
        events = "events"
        if self.kinds:
            events = f"{' and '.join(k.replace('_', ' ') for k in self.kinds)} events"
        if self.start is not None or self.end is not None:
            said = f"the {events}{of} that may have happened {_span(self.start, self.end)}"
        elif self.kinds:
            said = f"the {events}{of}"
        else:
            said = f"the record{of}" if of else "the whole record"
        if self.as_of is not None:
            said += f", as known at {self.as_of.isoformat().replace('+00:00', 'Z')}"
        if self.until is not None:
            said += f", as known {'up to' if self.as_of else 'after'} position {self.until}"
        return said

    def header(self) -> str:
        """What follows `Summary of three cases, by year` ("" for the whole record)."""
        said = "" if self.whole else f": {self.events()}"
        return said + ("; retracted events told, not counted" if self.include_retracted else "")

    def totals(self) -> str:
        retracted = " (retracted events not counted)" if self.include_retracted else ""
        return f"In {self.events()}{retracted}"

    def pending(self) -> str:
        return "Still pending at the end of " + ("the record" if self.whole else self.events())


WHOLE = Scope()


def _cases(cases: tuple[str, ...]) -> str:
    if len(cases) > 3:
        return f"the {number(len(cases))} cases chosen"
    return f"case{'s' if len(cases) > 1 else ''} {' and '.join(cases)}"


def _span(start: str | None, end: str | None) -> str:
    """`in 2004`, `from 2004 to 2006`, `on or after 2004`, `on or before May 2006`."""
    if start == end and start is not None:
        return when(start, bracketed=True)

    def bare(d: str) -> str:
        return when(d, bracketed=True).removeprefix("in ").removeprefix("on ")

    if start is not None and end is not None:
        return f"from {bare(start)} to {bare(end)}"
    return f"on or after {bare(start)}" if start is not None else f"on or before {bare(end or '')}"


def noted(text: str, notes: Iterable[str]) -> str:
    """A sentence with its notes in brackets before its last full stop (or `?`, `!`), so
    it still ends as a sentence: `... reached South Korea (according to Kyodo; Yonhap
    gives 14 people).`"""
    said = "".join(f" ({note})" for note in notes)
    if not said:
        return text
    if text.endswith((".", "?", "!")):
        return f"{text[:-1]}{said}{text[-1]}"
    return f"{text}{said}"


def amended_said(amended: Iterable[str]) -> str:
    """What amended a sentence's events, told after it and its sources, each in brackets as
    a sentence of its own: ` (Corrected by c:3: a second source.)`."""
    return "".join(f" ({full_sentence(note)})" for note in amended)
