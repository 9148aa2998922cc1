"""TimelineJS 3: the JSON that Knight Lab's TimelineJS reads, a slide per event.

Dates keep their real precision: `start_date` (and `end_date`) give a year; a
year and a month; or a year, a month and a day, as the EDTF date has them, never
a day it does not have. A decade (`199X`) spans its first to its last year.
`display_date` is the date as written.

An event whose start is not known (`../2009-12`, `/2009-12`) is an open range: it
runs from the first known date of the export (its `start_date` says "Start
unknown") to its known end, and its text says "Up to December 2009". An event
whose end is open or unknown (`2004/..`) is placed at its start, without an end.
A date TimelineJS cannot write as it is known says so in words in its
`display_date`: an approximate or uncertain point ("Around 2004", "Possibly
2004"), the part of a month or year a source gives ("Early March 2015", while the
date still spans the whole month). No event is left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

import orjson

from events.edtf import Point, Precision, parse_edtf
from projections.case_view import CaseView
from projections.record import TimelineEntry
from reports.exports.common import (
    Write,
    headline_marked,
    notes_of,
    supporting_of,
)
from reports.wording import capitalise, people, point_words, when


def components(point: Point, *, last: bool = False) -> dict[str, str]:
    """The parts of a point that are known: `{"year": "2009", "month": "9"}` for `2009-09`.
    A decade or century gives its first year (its last with `last`)."""
    day = point.latest if last else point.earliest
    parts = {"year": str(day.year)}
    if point.precision in (Precision.MONTH, Precision.DAY):
        parts["month"] = str(day.month)
    if point.precision is Precision.DAY:
        parts["day"] = str(day.day)
    return parts


def slide_dates(
    date: str, part: str | None = None, opening: Point | None = None
) -> dict[str, dict[str, str]]:
    """`start_date`, and `end_date` where the date spans more than its start says. A date
    whose start is unknown runs from `opening` (the export's first known date), or from its
    end's own start where that is later or there is none."""
    parsed = parse_edtf(date)
    first = parsed.start or parsed.end
    assert first is not None, "an EDTF date has at least one known end"
    final = parsed.end if parsed.end else first
    if parsed.start is None:
        assert parsed.end is not None
        begins = opening if opening and opening.earliest <= parsed.end.earliest else parsed.end
        start = {**components(begins), "display_date": "Start unknown"}
        end = {**components(parsed.end, last=True), **_words(parsed.end)}
        return {"start_date": start, "end_date": end}
    start, end = components(first), components(final, last=True)
    if end == start:
        return {"start_date": {**start, **_words(first, part)}}
    return {
        "start_date": {**start, **_words(first, None if parsed.interval else part)},
        "end_date": {**end, **_words(final)},
    }


def _words(point: Point, part: str | None = None) -> dict[str, str]:
    """`{"display_date": "Around 2004"}` where TimelineJS's own writing of the point would
    lose what is known of it (an approximate or uncertain point, a part of it); else `{}`."""
    if not (point.approximate or point.uncertain or part):
        return {}
    bare = point_words(point, part)[1]
    said = f"around {bare}" if point.approximate else bare
    return {"display_date": capitalise(f"possibly {said}" if point.uncertain else said)}


def slide(entry: TimelineEntry, group: str, opening: Point | None = None) -> dict[str, Any]:
    """One event as a TimelineJS slide; its headline and text are HTML, every value escaped.
    `opening`: the export's first known date, where an event whose start is unknown begins."""
    title = headline_marked(entry)
    if entry.retracted:
        title = f"Retracted: {title}"
    return {
        **slide_dates(entry.date, entry.part, opening),
        "display_date": escape(entry.date),
        "text": {"headline": escape(title), "text": _text(entry)},
        "group": escape(group),
        "unique_id": entry.id.replace(":", "-"),
    }


def _text(entry: TimelineEntry) -> str:
    said = [f"<p>{escape(entry.text)}</p>"]
    facts = [capitalise(when(entry.date, part=entry.part))]
    if entry.people is not None:
        facts.append(people(entry.people))
    if entry.place:
        facts.append(entry.place)
    said.append(f"<p>{escape('; '.join(facts))}.</p>")
    said += [f"<p><em>{escape(capitalise(note))}</em></p>" for note in notes_of(entry)]
    cited = "; ".join(s.graded_citation() for s in supporting_of(entry))
    said.append(f"<p><small>Sources: {escape(cited)}. Event {escape(entry.id)}.</small></p>")
    return "".join(said)


def title_slide(cases: Sequence[CaseView]) -> dict[str, Any]:
    """The opening slide: the case's title, or the number of cases and their titles."""
    heading = cases[0].title if len(cases) == 1 else f"{len(cases):,} cases"
    listed = "".join(f"<li>{escape(c.title)}</li>" for c in cases)
    return {"text": {"headline": escape(heading), "text": f"<ul>{listed}</ul>" if listed else ""}}


def write_timelinejs(
    entries: Iterable[TimelineEntry], cases: Sequence[CaseView], write: Write
) -> None:
    """The document `{"title": ..., "events": [...]}`, a slide at a time; each event's
    group is its case's title."""
    titles = {c.slug: c.title for c in cases}
    write('{"title":' + orjson.dumps(title_slide(cases)).decode() + ',"events":[')
    written = 0

    def told(entry: TimelineEntry, opening: Point | None) -> None:
        nonlocal written
        item = slide(entry, titles.get(entry.case, entry.case), opening)
        write(("," if written else "") + "\n" + orjson.dumps(item).decode())
        written += 1

    # events whose start is unknown come first in the timeline's order: they wait for the
    # first known start, where their open range begins
    waiting: list[TimelineEntry] = []
    opening: Point | None = None
    for entry in entries:
        start = parse_edtf(entry.date).start
        if opening is None and start is None:
            waiting.append(entry)
            continue
        if opening is None:
            opening = start
            for held in waiting:
                told(held, opening)
            waiting.clear()
        told(entry, opening)
    for held in waiting:
        told(held, None)
    write("\n]}\n")
