"""The timeline drawn: a year axis scaled to the record, a lane per case, a mark per event.

`drawing(entries, cases, numbers)` gives an HTML fragment (SVG lanes in HTML rows),
its CSS and its JS, with no external asset: the page of `timeline export --format
html` shows it, and any other page can. Events about people and figures reported
about a population are drawn apart: the figures in lanes of their own, below.
Lanes are grouped by the case's status when there are many, and start collapsed
(one row each, no labels) when there are many events. Hover or focus on a mark
shows the event; the arrow keys go to the previous or next event in timeline order.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape
from itertools import groupby
from typing import Any

import orjson

from projections.case_view import CaseView
from projections.record import TimelineEntry
from reports.exports.common import SourceNumbers, headline_marked, notes_of
from reports.exports.drawing_assets import CSS, JS
from reports.exports.frame import COLOURS, DEFS, PAD, axis, controls, grid
from reports.exports.marks import (
    BASE_WIDTH,
    DOT,
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
"""Lanes start collapsed to one row when more events than this are drawn."""
GROUPED_OVER = 12
"""Lanes are grouped by their case's status when there are more than this."""
_STATUS_ORDER = ("arrived", "departed", "granted", "protected", "refused", "no protection",
                 "pending", "released", "detained", "asylum requested", "returned", "open",
                 "closed")  # fmt: skip
_COLOUR_OF = {kind: colour for colour, kinds in COLOURS.items() for kind in kinds}
_SHORT = {
    "fled_to_mission": "fled", "asylum_requested": "asked asylum", "asylum_granted": "granted",
    "agency_contacted": "contacted", "departed_to_third_country": "departed",
    "arrived": "arrived", "application_pending": "pending", "policy_stated": "policy",
    "observation": "noted", "returned": "returned", "application_refused": "refused",
    "protection_granted": "protected", "detained": "detained", "released": "released",
    "no_protection": "not protected",
}  # fmt: skip


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
            f'<div class="tl-drawing" data-pad="{PAD}" data-width="{BASE_WIDTH:g}" '
            f'data-row="{ROW}" data-top="{TOP}" data-years="{len(scale.years)}" '
            f'data-overhang="{width - 2 * PAD - BASE_WIDTH:.1f}">',
            DEFS,
            controls(scale),
            '<div class="tl-scroll">',
            axis(scale, width),
            f'<div class="tl-body">{grid(scale, width)}',
            *_sections(lanes, collapsed, width),
            '</div></div><div class="tl-tip" id="tl-tip" role="tooltip" hidden></div>',
            f'<script type="application/json" id="tl-data">{_script_json(data)}</script>',
            "</div>",
        ]
    )
    return Drawing(html, CSS, JS)


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
    return short if entry.people is None else f"{short} {entry.people:,}"


def _lanes(marks: list[_Mark], cases: Sequence[CaseView]) -> list[_Lane]:
    """A lane per case with events about people, then one per case with figures; each in
    the order of its case's first event."""
    views = {c.slug: c for c in cases}
    found: dict[tuple[bool, str], list[_Mark]] = {}
    for mark in marks:
        figure = mark.entry.kind == "figure_reported"
        found.setdefault((figure, mark.entry.case), []).append(mark)
    ordered = sorted(found.items(), key=lambda item: (item[0][0], item[1][0].index))
    return [
        _Lane(views.get(case) or _unknown(case), lane_marks, figures)
        for (figures, case), lane_marks in ordered
    ]


def _unknown(slug: str) -> CaseView:
    return CaseView(
        slug=slug, title=slug, status="open", closed=False, people=None, earliest=None,
        latest=None, places=(), agencies=(), events=0, retracted=0, sources=(),
    )  # fmt: skip


def _group(lane: _Lane, many: bool) -> tuple[int, str]:
    if lane.figures:
        return (len(_STATUS_ORDER) + 1, "Figures reported")
    if not many:
        return (0, "")
    status = lane.case.status
    order = _STATUS_ORDER.index(status) if status in _STATUS_ORDER else len(_STATUS_ORDER)
    return (order, capitalise(status))


def _sections(lanes: list[_Lane], collapsed: bool, width: float) -> Iterator[str]:
    many = sum(not lane.figures for lane in lanes) > GROUPED_OVER
    ordered = sorted(lanes, key=lambda lane: _group(lane, many)[0])  # stable: keeps lane order
    for (_, name), group in groupby(ordered, key=lambda lane: _group(lane, many)):
        members = list(group)
        if name:
            count = f"{len(members)} case{'s' if len(members) != 1 else ''}"
            yield f'<div class="tl-group"><h3>{escape(name)} <small>({count})</small></h3></div>'
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
    marks = "".join(_mark(mark, row) for mark, row in zip(lane.marks, chosen, strict=True))
    anchor_id = f' id="lane-{escape(case.slug)}"' if not lane.figures else ""
    return (
        f'<div class="tl-lane{" tl-collapsed" if collapsed else ""}"{anchor_id} '
        f'data-rows="{count}"><div class="tl-label">'
        f'<button type="button" class="tl-toggle" aria-expanded="{str(not collapsed).lower()}" '
        f'title="{escape(case.title)}">{escape(case.title)}</button>'
        f"<small>{escape(' · '.join(about))}</small></div>"
        f'<svg class="tl-plot" width="{width:.1f}" height="{height}" '
        f'viewBox="0 0 {width:.1f} {height}" role="group" '
        f'aria-label="{escape(case.title)}">{marks}</svg></div>'
    )


def _mark(mark: _Mark, row: int) -> str:
    entry = mark.entry
    classes = ["m", f"c-{_COLOUR_OF.get(entry.kind, 'said')}"]
    if mark.drawn[0].shape == "dot" and _qualified(entry.date):
        classes.append("q")
    if entry.retracted:
        classes.append("x")
    colour = classes[1][2:]
    shapes = "".join(_shape(piece, colour, i == 0) for i, piece in enumerate(mark.drawn))
    x, offset = anchor(mark.drawn)
    said = escape(f"{entry.date}: {headline_marked(entry)}")
    return (
        f'<g class="{" ".join(classes)}" tabindex="0" role="button" data-i="{mark.index}" '
        f'aria-label="{said}" transform="translate(0,{TOP + row * ROW})">{shapes}'
        f'<text class="l" x="{PAD + x:.1f}" dx="{offset:g}" y="{BAR - 1}">'
        f"{escape(mark.label)}</text></g>"
    )


def _qualified(text: str) -> bool:
    return any(q in text for q in "~?%")


def _shape(piece: Piece, colour: str, first: bool) -> str:
    start = ' class="s"' if first else ""
    if piece.shape == "dot":
        return f'<circle{start} cx="{PAD + piece.x:.1f}" cy="{BAR / 2:g}" r="{DOT:g}"/>'
    fill = {
        "in": f' fill="url(#tl-in-{colour})"',
        "out": f' fill="url(#tl-out-{colour})"',
        "hatch": ' fill="url(#tl-hatch)"',
    }.get(piece.shape, "")
    kind = f' class="{"s " if first else ""}{piece.shape}"'
    return f'<rect{kind} x="{PAD + piece.x:.1f}" width="{piece.w:.1f}" height="{BAR}"{fill}/>'


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
