"""Where each event goes on the drawing: the year axis, each date's shapes, rows without overlap.

Positions are in pixels of the drawing at zoom 1, from the first day of the
first year drawn. Zooming multiplies them; sizes that are not time (a dot's
radius, a label) stay as they are, so what does not overlap at zoom 1 never
overlaps when zoomed in.

How a date is drawn:

- a day (`2009-12-23`): a dot;
- a month, a year, a decade (`2009-09`, `2004`, `199X`): a bar over all of it;
- an interval (`2007/2009`): a bar from its start to its end, where an end known
  only to its month or year fades over that month or year ("some time in these
  years"), and an open or unknown end fades to the edge of the drawing
  (`../2009-12`: "up to December 2009"; `2004/..`: "from 2004 on");
- approximate (`~`), uncertain (`?`) or both (`%`): hatched; a dot is hollow.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from events.edtf import Point, Precision, parse_edtf

BASE_WIDTH = 960.0
"""The width of the time axis at zoom 1, in pixels."""
DOT = 4.5
"""A dot's radius."""
MIN_WIDTH = 2.0
"""The narrowest bar: a day at zoom 1 is well under a pixel."""
LABEL_GAP = 4.0
CHAR_WIDTH = 6.0
"""An upper bound of the mean width of a label's character (10px sans-serif)."""


@dataclass(frozen=True)
class Scale:
    """Whole years from `first` to `end` (exclusive), over BASE_WIDTH pixels."""

    first: date
    end: date

    @property
    def per_day(self) -> float:
        return BASE_WIDTH / (self.end - self.first).days

    def x(self, day: date) -> float:
        return (day - self.first).days * self.per_day

    def after(self, day: date) -> float:
        """The end of `day`: where the next day starts."""
        return self.x(day + timedelta(days=1))

    @property
    def years(self) -> range:
        return range(self.first.year, self.end.year)


def scale_of(dates: Iterable[str]) -> Scale:
    """The whole years that hold every end of every EDTF date given, and a year more before
    (after) them when a date's start (end) is open or unknown, for it to fade into."""
    days: list[date] = []
    open_start = open_end = False
    for text in dates:
        parsed = parse_edtf(text)
        for end in (parsed.start, parsed.end):
            if end is not None:
                days += [end.earliest, end.latest]
        open_start = open_start or parsed.start is None
        open_end = open_end or parsed.end is None
    first, last = min(days).year - open_start, max(days).year + open_end
    return Scale(date(max(first, 1), 1, 1), date(last + 1, 1, 1))


@dataclass(frozen=True)
class Piece:
    """One shape of a mark: a `dot` at x, or a `bar`, a fade `in`, a fade `out` or a `hatch`
    from x over w."""

    shape: str
    x: float
    w: float = 0.0


def pieces(text: str, scale: Scale) -> list[Piece]:
    """The shapes that draw an EDTF date, from left to right (a hatch last)."""
    parsed = parse_edtf(text)
    if not parsed.interval:
        assert parsed.start is not None
        drawn = [_point(parsed.start, scale)]
    else:
        drawn = _interval(parsed.start, parsed.end, scale)
    ends = [p for p in (parsed.start, parsed.end) if p is not None]
    if drawn[0].shape != "dot" and any(p.approximate or p.uncertain for p in ends):
        left = drawn[0].x
        drawn.append(Piece("hatch", left, max(p.x + p.w for p in drawn) - left))
    return drawn


def _bar(shape: str, x: float, end: float) -> Piece:
    return Piece(shape, x, max(end - x, MIN_WIDTH))


def _point(p: Point, scale: Scale) -> Piece:
    if p.precision is Precision.DAY:
        return Piece("dot", scale.x(p.earliest))
    return _bar("bar", scale.x(p.earliest), scale.after(p.latest))


def _interval(start: Point | None, end: Point | None, scale: Scale) -> list[Piece]:
    """Fades over the ends' uncertain spans (never past the other end), a bar between."""
    low = scale.x(start.earliest) if start else 0.0
    high = scale.after(end.latest) if end else BASE_WIDTH
    drawn: list[Piece] = []
    if start is None:
        assert end is not None, "an interval has at least one known end"
        core = scale.x(end.earliest)
        drawn.append(_bar("in", 0.0, core))
    elif start.precision is Precision.DAY:
        core = low
    else:
        core = min(scale.after(start.latest), high)
        drawn.append(_bar("in", low, core))
    last: Piece | None = None
    if end is None:
        core_end, last = core, _bar("out", core, BASE_WIDTH)
    elif end.precision is Precision.DAY:
        core_end = high
    else:
        core_end = max(scale.x(end.earliest), low)
        last = _bar("out", core_end, high)
    if core_end > core or (not drawn and last is None):
        drawn.append(_bar("bar", core, core_end))
    return [*drawn, last] if last else drawn


def extent(drawn: Sequence[Piece]) -> tuple[float, float]:
    """Where a mark's shapes begin and end, a dot's radius included."""
    left = min(p.x - (DOT if p.shape == "dot" else 0) for p in drawn)
    right = max(p.x + (DOT if p.shape == "dot" else p.w) for p in drawn)
    return left, right


def anchor(drawn: Sequence[Piece]) -> tuple[float, float]:
    """Where a mark's label goes: the x that zooms, and the offset that does not."""
    right = max(p.x + p.w for p in drawn)
    return (right, DOT + LABEL_GAP) if drawn[-1].shape == "dot" else (right, LABEL_GAP)


def label_width(label: str) -> float:
    return len(label) * CHAR_WIDTH


def rows(spans: Sequence[tuple[float, float]], gap: float = 2.0) -> list[int]:
    """A row for each (left, right) span, in the order given: the first row where it fits
    after what the row already holds, so no two spans of a row overlap."""
    ends: list[float] = []
    chosen = []
    for left, right in spans:
        for row, end in enumerate(ends):
            if end + gap <= left:
                ends[row] = right
                chosen.append(row)
                break
        else:
            ends.append(right)
            chosen.append(len(ends) - 1)
    return chosen
