"""The timeline drawn: a year axis scaled to the record, a lane per case, a mark per event.

`drawing(entries, cases, numbers)` gives an HTML fragment (SVG lanes in HTML rows),
its CSS and its JS, with no external asset: the page of `timeline export --format
html` shows it, and any other page can. Events about people and figures reported
about a population are drawn apart: the figures in lanes of their own, below.
Lanes follow the first known date of their cases, are grouped by how their cases
ended when there are many, and start collapsed (one row each, no labels) when there
are many events. Hover or focus on a mark shows the event, Enter, Space or a click
opens it beside the drawing; each lane is one tab stop, the arrow keys move within
it (left, right) and between lanes (up, down).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from itertools import groupby
from typing import Any

import orjson

from events.edtf import parse_edtf
from projections.case_view import CaseView
from projections.record import TimelineEntry
from reports.exports.common import SourceNumbers, headline_marked, middle_ellipsis, notes_of
from reports.exports.drawing_assets import CSS, JS
from reports.exports.frame import DEFS, PAD, axis, class_of, colour_css, controls, grid, overview
from reports.exports.marks import (
    BASE_WIDTH,
    GLYPHS,
    Piece,
    anchor,
    extent,
    label_width,
    pieces,
    rows,
    scale_of,
)
from reports.wording import capitalise, people, when

ROW, TOP, BAR = 20, 4, 10
"""A row's height, a lane's top margin, a bar's height (pixels)."""
COLLAPSED_OVER = 400
"""Lanes start collapsed to one row when more events than this are drawn, and each lane's
marks are drawn when it nears the view."""
GROUPED_OVER = 12
"""Lanes are grouped by their case's status when there are more than this."""
_STATUS_ORDER = ("arrived", "departed", "granted", "protected", "refused", "no protection",
                 "pending", "released", "detained", "asylum requested", "returned", "open",
                 "closed")  # fmt: skip
_SHORT = {
    "fled_to_mission": "fled", "asylum_requested": "asked for asylum",
    "asylum_granted": "granted asylum", "agency_contacted": "in contact",
    "departed_to_third_country": "departed", "arrived": "arrived",
    "application_pending": "pending", "policy_stated": "policy", "observation": "noted",
    "returned": "returned", "application_refused": "refused",
    "protection_granted": "protected", "detained": "detained", "released": "released",
    "no_protection": "no protection",
}  # fmt: skip
"""A mark's label: what happened, after the people it happened to (`1 person returned`)."""
TITLE_MOST = 60
"""A lane's title longer than this keeps its start and its end, an ellipsis between."""


@dataclass(frozen=True)
class Drawing:
    """An HTML fragment and the CSS and JS it needs, to put inline in a page."""

    html: str
    css: str
    js: str


@dataclass(frozen=True)
class _Mark:
    index: int
    entry: TimelineEntry
    drawn: list[Piece]
    label: str

    def span(self) -> tuple[float, float]:
        left, right = extent(self.drawn)
        x, offset = anchor(self.drawn)
        return left, max(right, x + offset + label_width(self.label))


@dataclass(frozen=True)
class _Lane:
    case: CaseView
    marks: list[_Mark]
    figures: bool


def drawing(
    entries: Sequence[TimelineEntry], cases: Sequence[CaseView], numbers: SourceNumbers
) -> Drawing:
    """The entries (in timeline order) drawn in lanes of their cases."""
    if not entries:
        return Drawing('<div class="tl-drawing"><p>No events to draw.</p></div>', CSS, "")
    scale = scale_of(e.date for e in entries)
    marks = [_Mark(i, e, pieces(e.date, scale), _label(e)) for i, e in enumerate(entries)]
    lanes = _lanes(marks, cases)
    collapsed = len(entries) > COLLAPSED_OVER
    width = 2 * PAD + BASE_WIDTH + _overhang(marks)
    data = {
        "events": [_details(e, numbers) for e in entries],
        "sources": {str(n): text for n, text in numbers.listed()},
    }
    html = "".join(
        [
            '<a class="tl-skip" href="#tl-after">Skip the timeline</a>',
            f'<div class="tl-drawing" data-pad="{PAD}" data-width="{BASE_WIDTH:g}" '
            f'data-row="{ROW}" data-top="{TOP}" data-years="{len(scale.years)}" '
            f'data-first="{scale.first.year}" '
            f'data-overhang="{width - 2 * PAD - BASE_WIDTH:.1f}">',
            DEFS,
            controls(scale),
            overview(scale),
            # a table for print, whose header (the axis) Chromium repeats on every page; on
            # screen its rows are laid out as flex rows
            '<div class="tl-scroll"><table class="tl-table" role="presentation">',
            axis(scale, width),
            f'<tbody class="tl-body"><tr class="tl-gridrow"><td>{grid(scale, width)}</td></tr>',
            *_sections(lanes, collapsed, width),
            '</tbody></table></div><div class="tl-tip" id="tl-tip" role="tooltip" hidden></div>',
            '<section class="tl-detail" id="tl-detail" tabindex="-1" aria-live="polite" '
            'aria-label="The event chosen" hidden></section>',
            f'<script type="application/json" id="tl-data">{_script_json(data)}</script>',
            '</div><span id="tl-after"></span>',
        ]
    )
    return Drawing(html, colour_css() + CSS, JS)


def _overhang(marks: Sequence[_Mark]) -> float:
    """How far labels reach past the end of the axis, at any zoom."""
    return max(anchor(m.drawn)[1] + label_width(m.label) for m in marks)


def _label(entry: TimelineEntry) -> str:
    if entry.kind == "figure_reported":
        about = "≈" if entry.details.get("about") else ""
        region = str(entry.details.get("region") or "")
        region = region if len(region) <= 24 else region[:23] + "…"
        return f"{about}{entry.people or 0:,} {region}".strip()
    short = _SHORT.get(entry.kind, entry.kind.replace("_", " "))
    if entry.people is None:
        return short
    return f"{entry.people:,} {'person' if entry.people == 1 else 'people'} {short}"


def first_known(entry: TimelineEntry) -> tuple[date, int]:
    """Where an event begins to be known (an unknown start: its known end), then its order."""
    parsed = parse_edtf(entry.date)
    known = parsed.start or parsed.end
    assert known is not None, "a date has at least one known end"
    return known.earliest, entry.position


def _lanes(marks: list[_Mark], cases: Sequence[CaseView]) -> list[_Lane]:
    """A lane per case with events about people, then one per case with figures; each in
    the order of its case's first known date (`../2009-12` is known from December 2009)."""
    views = {c.slug: c for c in cases}
    found: dict[tuple[bool, str], list[_Mark]] = {}
    for mark in marks:
        figure = mark.entry.kind == "figure_reported"
        found.setdefault((figure, mark.entry.case), []).append(mark)
    ordered = sorted(
        found.items(),
        key=lambda item: (item[0][0], min(first_known(m.entry) for m in item[1])),
    )
    return [
        _Lane(views.get(case) or _unknown(case), lane_marks, figures)
        for (figures, case), lane_marks in ordered
    ]


def _unknown(slug: str) -> CaseView:
    return CaseView(
        slug=slug, title=slug, status="open", closed=False, people=None, earliest=None,
        latest=None, places=(), agencies=(), events=0, retracted=0, sources=(),
    )  # fmt: skip


def group_of(status: str) -> tuple[int, str]:
    """The group of a case of this status: its furthest outcome (a status lists each
    group's, the furthest first: `returned, departed` is grouped with `returned`)."""
    furthest = status.split(", ")[0]
    order = _STATUS_ORDER.index(furthest) if furthest in _STATUS_ORDER else len(_STATUS_ORDER)
    return (order, capitalise(furthest))


def _group(lane: _Lane, many: bool) -> tuple[int, str]:
    if lane.figures:
        return (len(_STATUS_ORDER) + 1, "Figures reported")
    if not many:
        return (0, "")
    return group_of(lane.case.status)


def _sections(lanes: list[_Lane], collapsed: bool, width: float) -> Iterator[str]:
    many = sum(not lane.figures for lane in lanes) > GROUPED_OVER
    ordered = sorted(lanes, key=lambda lane: _group(lane, many))  # stable: keeps lane order
    for (_, name), group in groupby(ordered, key=lambda lane: _group(lane, many)):
        members = list(group)
        if name:
            count = f"{len(members)} case{'s' if len(members) != 1 else ''}"
            yield (
                f'<tr class="tl-group"><td colspan="2"><h3>{escape(name)} <small>({count})'
                "</small></h3></td></tr>"
            )
        for lane in members:
            yield _lane(lane, collapsed, width)


def _lane(lane: _Lane, collapsed: bool, width: float) -> str:
    chosen = rows([mark.span() for mark in lane.marks])
    count = max(chosen) + 1
    shown = 1 if collapsed else count
    height = TOP * 2 + shown * ROW
    case = lane.case
    about = [case.status]
    if case.people is not None and not lane.figures:
        about.append(people(case.people))
    n = len(lane.marks)
    about.append(f"{n} {'figure' if lane.figures else 'event'}{'s' if n != 1 else ''}")
    stacked = (
        f'<small class="tl-stacked" title="The arrow keys reach each; the title spreads them '
        f'on rows of their own">{n} marks stacked</small>'
        if count > 1
        else ""
    )
    marks = "".join(
        _mark(mark, row, first=i == 0)
        for i, (mark, row) in enumerate(zip(lane.marks, chosen, strict=True))
    )
    anchor_id = f' id="lane-{escape(case.slug)}"' if not lane.figures else ""
    title = escape(case.title)
    # Many events: a lane's marks are parsed and drawn when the lane nears the view (the
    # page's script), not all at load: 100,000 marks took the page 3.6 s more to open.
    drawn, later = (
        ("", f'<script type="text/x-marks" class="tl-later">{marks}</script>')
        if (collapsed)
        else (marks, "")
    )
    return (
        f'<tr class="tl-lane{" tl-collapsed" if collapsed else ""}"{anchor_id} '
        f'data-rows="{count}"><td class="tl-label">'
        f'<button type="button" class="tl-toggle" aria-expanded="{str(not collapsed).lower()}" '
        f'title="{title}" aria-label="{title}">'
        f"{escape(middle_ellipsis(case.title, TITLE_MOST))}</button>"
        f"<small>{escape(' · '.join(about))}</small>{stacked}</td>"
        f'<td class="tl-cell"><svg class="tl-plot" width="{width:.1f}" height="{height}" '
        f'viewBox="0 0 {width:.1f} {height}" role="group" '
        f'aria-label="{title}: {n} mark{"s" if n != 1 else ""}">{drawn}</svg>{later}</td></tr>'
    )


def _mark(mark: _Mark, row: int, first: bool) -> str:
    entry = mark.entry
    kind = class_of(entry.kind)
    classes = ["m", f"c-{kind}"]
    if mark.drawn[0].shape == "dot" and _qualified(entry.date):
        classes.append("q")
    flags = _flags(entry)
    classes += [_FLAG_CLASS[flag] for flag in flags]
    shapes = "".join(_shape(piece, kind, i == 0) for i, piece in enumerate(mark.drawn))
    x, offset = anchor(mark.drawn)
    said = escape(f"{capitalise(when(entry.date))}: {headline_marked(entry)}")
    if entry.corrected:
        said += " (corrected)"
    if entry.retracted:
        said += " (retracted)"
    badges = "".join(f'<tspan class="f">, {flag}</tspan>' for flag in flags)
    stop = ' tabindex="0"' if first else ""
    return (
        f'<g class="{" ".join(classes)}"{stop} role="button" '
        f'data-i="{mark.index}" aria-label="{said}" transform="translate(0,{TOP + row * ROW})">'
        f'{shapes}<text class="l" x="{PAD + x:.1f}" dx="{offset:g}" y="{BAR - 1}">'
        f"{escape(mark.label)}{badges}</text></g>"
    )


_FLAG_CLASS = {"disputed": "d", "corrected": "k", "retracted": "x"}


def _flags(entry: TimelineEntry) -> list[str]:
    """What the mark says beside it of the event's standing."""
    flags = ["disputed"] if entry.open_disputes() else []
    if entry.corrected:
        flags.append("corrected")
    if entry.retracted:
        flags.append("retracted")
    return flags


def _qualified(text: str) -> bool:
    return any(q in text for q in "~?%")


def _shape(piece: Piece, kind: str, first: bool) -> str:
    if piece.shape in GLYPHS:
        glyph = ' class="s g"' if first else ' class="g"'
        return f'<use{glyph} href="#tl-g-{kind}" x="{PAD + piece.x:.1f}" y="{BAR / 2:g}"/>'
    if piece.shape == "whisker":
        kind_class = ' class="s w"' if first else ' class="w"'
        return (
            f'<rect{kind_class} x="{PAD + piece.x:.1f}" y="{BAR / 2 - 1:g}" width="{piece.w:.1f}" '
            f'height="2" fill="url(#tl-w-{kind})"/>'
        )
    fill = {
        "in": f' fill="url(#tl-in-{kind})"',
        "out": f' fill="url(#tl-out-{kind})"',
        "hatch": ' fill="url(#tl-hatch)"',
    }.get(piece.shape, "")
    shape = f' class="{"s " if first else ""}{piece.shape}"'
    return f'<rect{shape} x="{PAD + piece.x:.1f}" width="{piece.w:.1f}" height="{BAR}"{fill}/>'


def _details(entry: TimelineEntry, numbers: SourceNumbers) -> list[Any]:
    """What hover or focus shows: headline, date as written and in words, text, people and
    place, notes (corrections, disputes, retraction), the numbers of the sources that support
    it each with its grade (`[2, " [B2]"]`), id."""
    about = []
    if entry.people is not None:
        about.append(people(entry.people))
    if entry.place:
        about.append(entry.place)
    return [
        headline_marked(entry),
        f"{entry.date} ({when(entry.date)})",
        entry.text,
        " · ".join(about),
        list(notes_of(entry)),
        [[n, f" [{grade}]" if grade else ""] for n, grade in numbers.graded(entry)],
        entry.id,
    ]


def _script_json(data: object) -> str:
    """JSON that cannot end its <script> element early."""
    text = orjson.dumps(data).decode()
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
