"""Where each event goes on the drawing: the year axis, each date's shapes, rows without overlap.

Positions are in pixels of the drawing at zoom 1, from the first day of the
first year drawn. Zooming multiplies them; sizes that are not time (a dot's
radius, a label) stay as they are, so what does not overlap at zoom 1 never
overlaps when zoomed in.

How a date is drawn, the ink following what is known:

- a day (`2009-12-23`): a glyph, the shape of its kind (`drawing.KIND_CLASS`);
- a month or a year (`2009-09`, `2004`): a solid bar over all of it;
- a decade or a century (`199X`): a thin dotted whisker over it, never a bar;
- an interval (`2007/2009`): a solid bar from its start to its end, where an end
  known only to its month or year fades over that month or year ("some time in
  these years"), an end known only to its decade is a whisker over that decade, and
  an open or unknown end is a whisker to the edge of the drawing (`../2009-12`: a
  whisker up to a solid December 2009; `2004/..`: a solid 2004, then a whisker);
- approximate (`~`), uncertain (`?`) or both (`%`): the solid part hatched; a day's
  glyph is hollow.

Every mark but a day's also has its kind's glyph, where its known part starts (the
middle of its first known end's span when nothing of it is solid), so no kind is told
by colour alone.
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
    """The shapes that draw an EDTF date, from left to right, then a hatch over its solid
    part, then (but for a day) the glyph of its kind."""
    parsed = parse_edtf(text)
    if not parsed.interval:
        assert parsed.start is not None
        drawn = [_point(parsed.start, scale)]
    else:
        drawn = _interval(parsed.start, parsed.end, scale)
    if drawn[0].shape == "dot":
        return drawn
    ends = [p for p in (parsed.start, parsed.end) if p is not None]
    solid = [p for p in drawn if p.shape == "bar"]
    if solid and any(p.approximate or p.uncertain for p in ends):
        left = solid[0].x
        drawn.append(Piece("hatch", left, max(p.x + p.w for p in solid) - left))
    if solid:
        return [*drawn, Piece("glyph", solid[0].x)]
    first = ends[0]
    return [*drawn, Piece("glyph", (scale.x(first.earliest) + scale.after(first.latest)) / 2)]


def _bar(shape: str, x: float, end: float) -> Piece:
    return Piece(shape, x, max(end - x, MIN_WIDTH))


def _vague(p: Point) -> bool:
    """Known only to its decade or century: drawn as a whisker, never as a bar."""
    return p.precision in (Precision.DECADE, Precision.CENTURY)


def _point(p: Point, scale: Scale) -> Piece:
    if p.precision is Precision.DAY:
        return Piece("dot", scale.x(p.earliest))
    shape = "whisker" if _vague(p) else "bar"
    return _bar(shape, scale.x(p.earliest), scale.after(p.latest))


def _interval(start: Point | None, end: Point | None, scale: Scale) -> list[Piece]:
    """Whiskers over the open and decade-wide parts, fades over the ends' month or year
    (never past the other end), a solid bar over what is known."""
    low = scale.x(start.earliest) if start else 0.0
    high = scale.after(end.latest) if end else BASE_WIDTH
    drawn: list[Piece] = []
    if start is None:
        assert end is not None, "an interval has at least one known end"
        core = scale.x(end.earliest)
        drawn.append(_bar("whisker", 0.0, core))
    elif start.precision is Precision.DAY:
        core = low
    elif end is None and not _vague(start):
        core = low  # `2004/..`: the year it began is known, and drawn solid
    else:
        core = min(scale.after(start.latest), high)
        drawn.append(_bar("whisker" if _vague(start) else "in", low, core))
    last: Piece | None = None
    if end is None:
        assert start is not None
        core_end = max(scale.after(start.latest), core)
        last = _bar("whisker", core_end, BASE_WIDTH)
    elif end.precision is Precision.DAY or (start is None and not _vague(end)):
        core_end = high  # `../2009-12`: the month it ended is known, and drawn solid
    else:
        core_end = max(scale.x(end.earliest), low)
        last = _bar("whisker" if _vague(end) else "out", core_end, high)
    if core_end > core or (not drawn and last is None):
        drawn.append(_bar("bar", core, core_end))
    return [*drawn, last] if last else drawn


GLYPHS = ("dot", "glyph")
"""The shapes drawn at a point, DOT wide each side of it, whatever the zoom."""


def extent(drawn: Sequence[Piece]) -> tuple[float, float]:
    """Where a mark's shapes begin and end, a glyph's radius included."""
    left = min(p.x - (DOT if p.shape in GLYPHS else 0) for p in drawn)
    right = max(p.x + (DOT if p.shape in GLYPHS else p.w) for p in drawn)
    return left, right


def anchor(drawn: Sequence[Piece]) -> tuple[float, float]:
    """Where a mark's label goes: the x that zooms, and the offset that does not (past a
    glyph's radius when a glyph ends the mark)."""
    right = max(p.x + p.w for p in drawn)
    at_glyph = any(p.shape in GLYPHS and p.x >= right for p in drawn)
    return (right, DOT + LABEL_GAP) if at_glyph else (right, LABEL_GAP)


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
