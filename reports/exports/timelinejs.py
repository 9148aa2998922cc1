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

A slide tells a reader the story, not the record's bookkeeping: its headline is the
event's own words, its date is said in words ("Up to December 2009", not `../2009-12`),
the passage its source gives is its media (a blockquote, credited to the source), each
case is an era over its span, groups are the cases' titles made short, and no internal
id is shown (each slide's `unique_id` is the event's, for links). TimelineJS advises at
most 20 slides and 6 groups: above that the export warns (`TooManyForTimelineJS`), and
`timeline export --case`/`--key-events` choose fewer.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

import orjson

from events.edtf import Point, Precision, parse_edtf
from projections.case_view import CaseView
from projections.record import Corroboration, Dispute, TimelineEntry
from reports.exports.common import (
    Write,
    dispute_said,
    kind_words,
    middle_ellipsis,
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
    title = short(entry.text, HEADLINE)
    if entry.open_disputes():
        title = f"{title} (disputed)"
    if entry.retracted:
        title = f"Retracted: {title}"
    told: dict[str, Any] = {
        **slide_dates(entry.date, entry.part, opening),
        "display_date": escape(date_words(entry.date, entry.part)),
        "text": {"headline": escape(title), "text": _text(entry)},
        "group": escape(group),
        "unique_id": entry.id.replace(":", "-"),
    }
    quoted = next((s for s in supporting_of(entry) if s.quote), None)
    if quoted is not None and quoted.quote is not None:
        told["media"] = {
            "url": f"<blockquote>{escape(quoted.quote)}</blockquote>",
            "credit": escape(quoted.graded_citation()),
        }
    return told


HEADLINE = 90
"""A headline's length at most, in characters: the event's words, cut at a word."""


def short(text: str, most: int) -> str:
    """`text` whole where it fits in `most` characters, else cut at the last word that fits,
    with an ellipsis: a headline or a group name TimelineJS can show."""
    said = " ".join(text.split())
    if len(said) <= most:
        return said
    cut = said[: most - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut}…"


def date_words(date: str, part: str | None = None) -> str:
    """The date as a reader says it: `September 2009`, `Up to December 2009`, `Between
    2007 and 2009`, `Early March 2015`."""
    return capitalise(re.sub(r"^((?:possibly |around )*)(?:in|on) ", r"\1", when(date, part=part)))


def _text(entry: TimelineEntry) -> str:
    said = [f"<p>{escape(entry.text)}</p>"]
    facts = [kind_words(entry.kind), when(entry.date, part=entry.part)]
    if entry.people is not None:
        facts.append(people(entry.people))
    if entry.place:
        facts.append(entry.place)
    said.append(f"<p>{escape('; '.join(facts))}.</p>")
    said += [f"<p><em>{escape(capitalise(note))}</em></p>" for note in _notes(entry)]
    cited = "; ".join(s.graded_citation() for s in supporting_of(entry))
    said.append(f"<p><small>Sources: {escape(cited)}.</small></p>")
    return "".join(said)


def _notes(entry: TimelineEntry) -> list[str]:
    """What amended or disputes the event, said without the record's ids: a reader of the
    slides has no use for them."""
    notes = [f"corrected: {c.reason}" for c in entry.corrections]
    notes += [dispute_said(entry, d, with_id=False) for d in entry.live_disputes()]
    citing: list[Corroboration | Dispute] = [*entry.live_citations(), *entry.live_disputes()]
    notes += [
        f"note ({'; '.join(s.graded_citation() for s in c.sources)}): {c.note}"
        for c in citing
        if c.note
    ]
    if entry.retraction is not None:
        notes.append(f"retracted: {entry.retraction.reason}")
    return notes


def title_slide(cases: Sequence[CaseView]) -> dict[str, Any]:
    """The opening slide: the case's title, or the number of cases and their titles."""
    heading = cases[0].title if len(cases) == 1 else f"{len(cases):,} cases"
    listed = "".join(f"<li>{escape(c.title)}</li>" for c in cases)
    return {"text": {"headline": escape(heading), "text": f"<ul>{listed}</ul>" if listed else ""}}


GROUP = 40
"""A group's name at most, in characters: the case's title, its start and its end kept
(titles that begin alike stay apart)."""
MOST_SLIDES, MOST_GROUPS = 20, 6
"""TimelineJS's own advice: a timeline reads well with 20 slides or fewer, 6 groups or
fewer; above, its navigation crowds and it draws slowly (3,000 slides: 17 s)."""


class TooManyForTimelineJS(UserWarning):
    """An export with more slides or groups than TimelineJS shows well."""


def era(case: CaseView) -> dict[str, Any] | None:
    """The case as an era over its span: from the first day its first date may mean to
    the last day its last may mean. Days, as bounds of a band that shows no date: TimelineJS
    reads a year alone as its first day, and drops an end that agrees with its start in
    every part the start gives (`2004` to `2004-12-31`). None where the span has no known
    start or end, or is a single day."""
    if case.first is None or case.last is None:
        return None
    start, end = parse_edtf(case.first).start, parse_edtf(case.last).end
    if start is None or end is None or end.latest <= start.earliest:
        return None
    first, last = start.earliest, end.latest
    return {
        "start_date": {"year": str(first.year), "month": str(first.month), "day": str(first.day)},
        "end_date": {"year": str(last.year), "month": str(last.month), "day": str(last.day)},
        "text": {"headline": escape(middle_ellipsis(case.title, GROUP))},
    }


def write_timelinejs(
    entries: Iterable[TimelineEntry], cases: Sequence[CaseView], write: Write
) -> None:
    """The document `{"title": ..., "eras": [...], "events": [...]}`, a slide at a time;
    each event's group is its case's title, made short (`middle_ellipsis`). Warns
    (`TooManyForTimelineJS`) where there are more slides or groups than TimelineJS shows
    well."""
    titles = {c.slug: middle_ellipsis(c.title, GROUP) for c in cases}
    eras = [e for e in map(era, cases) if e is not None]
    write('{"title":' + orjson.dumps(title_slide(cases)).decode())
    write(',"eras":' + orjson.dumps(eras).decode() + ',"events":[')
    written = 0
    groups: set[str] = set()

    def told(entry: TimelineEntry, opening: Point | None) -> None:
        nonlocal written
        group = titles.get(entry.case, entry.case)
        groups.add(group)
        item = slide(entry, group, opening)
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
    if written > MOST_SLIDES or len(groups) > MOST_GROUPS:
        warnings.warn(
            TooManyForTimelineJS(
                f"{written:,} slides in {len(groups)} groups: TimelineJS shows {MOST_SLIDES} "
                f"slides and {MOST_GROUPS} groups well; choose fewer with --case or "
                "--key-events"
            ),
            stacklevel=2,
        )
