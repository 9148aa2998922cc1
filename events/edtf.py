"""Dates as people know them: EDTF (ISO 8601-2) levels 0 and 1, and intervals of them.

A date says how much is known and no more: `2004` is a year, `2009-09` a month,
`2007/2009` an interval, `2004/..` open-ended, `2004~` approximate, `2004?`
uncertain, `201X` a decade. Each date has an earliest and a latest possible day.

Written by hand, because the one maintained EDTF library (`edtf`) costs 5-8 ms a
parse and 0.1 s to import, accepts 2010-02-29 and fails on some level-1
intervals; it stays in the test suite as the oracle this parser is checked against.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache


class EdtfError(ValueError):
    """A string that is not an EDTF date this project accepts."""


class Precision(StrEnum):
    """How much of a single date is known."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"


@dataclass(frozen=True, slots=True)
class Point:
    """One date of known precision, possibly approximate (`~`) or uncertain (`?`)."""

    earliest: date
    latest: date
    precision: Precision
    approximate: bool = False
    uncertain: bool = False


@dataclass(frozen=True, slots=True)
class Edtf:
    """A parsed EDTF string: a single point, or an interval of two ends.

    An end is a `Point`, `None` when unknown (`2004/`) or open (`2004/..`).
    `earliest`/`latest` are `None` only where an end is open or unknown.
    """

    text: str
    start: Point | None
    end: Point | None
    interval: bool
    open_start: bool = False
    open_end: bool = False

    @property
    def earliest(self) -> date | None:
        return self.start.earliest if self.start else None

    @property
    def latest(self) -> date | None:
        return self.end.latest if self.end else None


_POINT = re.compile(
    r"(?P<year>[0-9]{4}|[0-9]{3}X|[0-9]{2}XX)"  # ASCII digits: \d takes any script's
    r"(?:-(?P<month>[0-9]{2}|XX)(?:-(?P<day>[0-9]{2}|XX))?)?"
    r"(?P<qualifier>[?~%])?"
)


def _point(text: str, whole: str) -> Point:
    if "T" in text or ":" in text:
        raise EdtfError(f"{whole!r}: times of day are not supported; give the day")
    match = _POINT.fullmatch(text)
    if match is None:
        raise EdtfError(
            f"{whole!r} is not an EDTF date: use YYYY, YYYY-MM or YYYY-MM-DD, "
            "optionally ending in ~ (approximate), ? (uncertain) or % (both), "
            "X for unknown digits (201X, 2004-XX), or an interval A/B"
        )
    year, month, day, qualifier = match.group("year", "month", "day", "qualifier")
    flags = {"approximate": qualifier in ("~", "%"), "uncertain": qualifier in ("?", "%")}
    if "X" in year:
        if month is not None:
            raise EdtfError(f"{whole!r}: a year with unknown digits cannot have a month")
        unknown = year.count("X")
        first = int(year.replace("X", "0"))
        if first < 1:
            raise EdtfError(f"{whole!r}: years before 0001 are not supported")
        last = first + 10**unknown - 1
        precision = Precision.DECADE if unknown == 1 else Precision.CENTURY
        return Point(date(first, 1, 1), date(last, 12, 31), precision, **flags)
    y = int(year)
    if y < 1:
        raise EdtfError(f"{whole!r}: years before 0001 are not supported")
    if month is None or (month == "XX" and day in (None, "XX")):
        return Point(date(y, 1, 1), date(y, 12, 31), Precision.YEAR, **flags)
    if month == "XX":
        raise EdtfError(f"{whole!r}: a day cannot be known when the month is not")
    m = int(month)
    if 21 <= m <= 24:
        raise EdtfError(
            f"{whole!r}: seasons are not supported; give a month interval such as 2001-03/2001-05"
        )
    if not 1 <= m <= 12:
        raise EdtfError(f"{whole!r}: month {month} does not exist")
    last_day = calendar.monthrange(y, m)[1]
    if day is None or day == "XX":
        return Point(date(y, m, 1), date(y, m, last_day), Precision.MONTH, **flags)
    d = int(day)
    if not 1 <= d <= last_day:
        raise EdtfError(f"{whole!r}: day {day} does not exist in {year}-{month}")
    exact = date(y, m, d)
    return Point(exact, exact, Precision.DAY, **flags)


@lru_cache(maxsize=65536)
def parse_edtf(text: str) -> Edtf:
    """Parse `text`, or raise `EdtfError` saying what is wrong with it."""
    if text != text.strip() or not text:
        raise EdtfError(f"{text!r} is not an EDTF date: it is empty or has spaces around it")
    if "/" not in text:
        return Edtf(text, _point(text, text), _point(text, text), interval=False)
    if text.count("/") > 1:
        raise EdtfError(f"{text!r}: an interval has exactly one '/'")
    left, right = text.split("/")
    if left in ("", "..") and right in ("", ".."):
        raise EdtfError(f"{text!r}: an interval needs at least one known end")
    start = None if left in ("", "..") else _point(left, text)
    end = None if right in ("", "..") else _point(right, text)
    if start and end and start.earliest > end.latest:
        raise EdtfError(f"{text!r}: the interval ends before it starts")
    return Edtf(text, start, end, interval=True, open_start=left == "..", open_end=right == "..")
