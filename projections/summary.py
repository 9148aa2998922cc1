"""Chronological summaries: periods of sentences with counts, folded recurrences and sources.

Built from timeline entries alone (pure), so the same entries always give the
same summary, whatever order they were appended in.

Streamed in two passes so that memory stays bounded over any number of events:
the first pass reads the entries once (in timeline order), tells each in its
sentence, tallies what needs the whole record (the span, the recurrences, the
totals) and spools the sentences to a temporary file; the second reads the
spool back one start year at a time and yields the periods.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

import orjson
from pydantic import BaseModel, ConfigDict

from events.edtf import Point, Precision, parse_edtf
from projections.case_view import status_of
from projections.record import TimelineEntry
from projections.sentences import can_recur, recurring, recurring_parts, sentence
from projections.wording import period_name

PeriodKey = tuple[int, int, int] | None
"""(year, span, month): span 0 a century, 1 a decade, 2 a year, 3 a month; None: no known start."""

_SPAN = {Precision.CENTURY: 0, Precision.DECADE: 1, Precision.YEAR: 2, Precision.MONTH: 3,
         Precision.DAY: 3}  # fmt: skip
_KIND_ORDER = {kind: i for i, kind in enumerate([
    "fled_to_mission", "agency_contacted", "asylum_requested", "application_pending",
    "asylum_granted", "departed_to_third_country", "arrived", "figure_reported",
    "policy_stated", "observation",
])}  # fmt: skip


class Citation(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int
    outlet: str
    published: str
    reference: str | None


class Sentence(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    events: tuple[str, ...]
    cites: tuple[int, ...]
    notes: tuple[str, ...] = ()


class Figure(BaseModel):
    model_config = ConfigDict(frozen=True)

    population: str
    region: str
    people: int
    about: bool
    date: str
    reported_by: str | None
    event: str


class Counts(BaseModel):
    """People by outcome, each case's people counted once."""

    model_config = ConfigDict(frozen=True)

    reached: dict[str, int]
    granted: int
    pending: int
    figures: tuple[Figure, ...]


class Period(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    start: date | None
    sentences: tuple[Sentence, ...]
    counts: Counts


class Summary(BaseModel):
    model_config = ConfigDict(frozen=True)

    by: str
    cases: tuple[str, ...]
    periods: tuple[Period, ...]
    totals: Counts
    still_pending: int
    sources: tuple[Citation, ...]


def period_of(start: Point | None, by: str) -> PeriodKey:
    """The period where an event starts, never finer than the start is known.

    By month, an event known only to its year is told in a period of its year
    (before that year's months); a decade's in a period of its decade.
    """
    if start is None:
        return None
    span = min(_SPAN[start.precision], 3 if by == "month" else 2)
    return (start.earliest.year, span, start.earliest.month if span == 3 else 0)


def _next(key: tuple[int, int, int]) -> tuple[int, int, int]:
    year, span, month = key
    if span == 2:
        return (year + 1, 2, 0)
    return (year + 1, 3, 1) if month == 12 else (year, 3, month + 1)


def _foldable_by(entry: TimelineEntry, start: Point | None) -> str | None:
    """`year` or `month`: the grouping under which this event may be told with its recurrences."""
    if start is None or not can_recur(entry) or entry.retracted or entry.corrected:
        return None
    if parse_edtf(entry.date).interval:
        return None
    return {Precision.YEAR: "year", Precision.MONTH: "month"}.get(start.precision)


def _shape(entry: TimelineEntry, start: Point) -> str:
    """What makes two events the same but for their date: a digest of everything else."""
    shape = (entry.kind, entry.people, entry.actors, entry.place, entry.agencies,
             sorted(entry.details.items()), start.approximate, start.uncertain)  # fmt: skip
    return hashlib.sha1(orjson.dumps(shape, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _order(entry: TimelineEntry) -> list[object]:
    """Chronological, then in the order things happen to people, then by content:
    independent of the order the events were appended in."""
    content = entry.model_dump_json(exclude={"id", "position", "recorded"})
    return [str(entry.earliest or ""), str(entry.latest or "~"), _KIND_ORDER[entry.kind],
            entry.text, hashlib.sha1(content.encode()).hexdigest()]  # fmt: skip


def _cites(entry: TimelineEntry) -> tuple[list[list[Any]], list[str]]:
    cites = [[s.outlet, s.published, s.reference] for s in entry.sources]
    notes = []
    for correction in entry.corrections:
        cites += [[s.outlet, s.published, s.reference] for s in correction.sources]
        notes.append(f"corrected ({correction.id}): {correction.reason}")
    if entry.retraction is not None:
        notes.append(f"retracted ({entry.retraction.id}): {entry.retraction.reason}")
    return cites, notes


@dataclass
class _Tally:
    """People by outcome: for each case, its largest group per outcome; then summed."""

    largest: dict[tuple[str, str, str], int] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)

    def add(self, case: str, kind: str, people: int | None, destination: str) -> None:
        if people is None or kind not in ("arrived", "asylum_granted", "application_pending"):
            return
        slot = (kind, destination if kind == "arrived" else "", case)
        self.largest[slot] = max(self.largest.get(slot, 0), people)

    def counts(self) -> Counts:
        totals: dict[tuple[str, str], int] = defaultdict(int)
        for (kind, value, _), n in sorted(self.largest.items()):
            totals[(kind, value)] += n
        reached = {value: n for (kind, value), n in totals.items() if kind == "arrived"}
        return Counts(
            reached=reached,
            granted=totals.get(("asylum_granted", ""), 0),
            pending=totals.get(("application_pending", ""), 0),
            figures=tuple(sorted(self.figures, key=_figure_order)),
        )


def _figure_order(figure: Figure) -> tuple[object, ...]:
    """Chronological, then by what is counted: not by when it was recorded."""
    parsed = parse_edtf(figure.date)
    return (parsed.earliest or date.min, parsed.latest or date.max, figure.region,
            figure.population, figure.people, figure.about, figure.reported_by or "")  # fmt: skip


def _figure(entry: TimelineEntry) -> Figure:
    return Figure.model_validate(
        {**entry.details, "people": entry.people, "date": entry.date, "event": entry.id}
    )


@dataclass
class _Run:
    """Events of one shape, one a period in consecutive periods: told once, at the first."""

    head: str
    members: list[str]
    first: tuple[int, int, int]
    last: tuple[int, int, int]
    cites: list[list[Any]]
    shape: _Shape


@dataclass
class _Shape:
    parts: tuple[str, str]
    people: int | None
    periods: dict[tuple[int, int, int], list[Any]] = field(default_factory=dict)
    """Per period: [how many, and if one, its id and its sources]."""


class SummaryStream:
    """A summary told period by period, from entries given in timeline order.

    `totals` and `still_pending` are known at once; `sources` is complete once
    `periods()` has been read to the end.
    """

    def __init__(self, entries: Iterable[TimelineEntry], by: str = "auto") -> None:
        # closed once the periods have been read to the end
        self._spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115
        self._shapes: dict[str, dict[str, _Shape]] = {"year": {}, "month": {}}
        self._tally = _Tally()
        self._pending: dict[str, tuple[set[str], _Tally]] = {}
        self._sources: dict[tuple[str, str, str | None], int] = {}
        low, high, cases = date.max, date.min, set()
        for entry in entries:
            self._first_pass(entry)
            cases.add(entry.case)
            low = min(low, entry.earliest or low)
            high = max(high, entry.latest or high)
        self.cases = tuple(sorted(cases))
        self.by = by if by != "auto" else ("month" if (high - low).days <= 2 * 366 else "year")
        self.totals = self._tally.counts()
        self.still_pending = sum(
            tally.counts().pending
            for kinds, tally in self._pending.values()
            if status_of(False, kinds) == "pending"
        )
        self._runs = self._find_runs()

    def _first_pass(self, entry: TimelineEntry) -> None:
        start = parse_edtf(entry.date).start
        cites, notes = _cites(entry)
        destination = str(entry.details.get("destination") or "")
        told = {
            "keys": {"year": period_of(start, "year"), "month": period_of(start, "month")},
            "order": _order(entry), "text": sentence(entry), "cites": cites, "notes": notes,
            "id": entry.id, "count": [entry.case, entry.kind, entry.people, destination],
        }  # fmt: skip
        self._spool.write(orjson.dumps(told) + b"\n")
        if not entry.retracted:
            self._tally.add(entry.case, entry.kind, entry.people, destination)
            kinds, tally = self._pending.setdefault(entry.case, (set(), _Tally()))
            kinds.add(entry.kind)
            tally.add(entry.case, entry.kind, entry.people, destination)
            if entry.kind == "figure_reported":
                self._tally.figures.append(_figure(entry))
        by = _foldable_by(entry, start)
        if by is not None and start is not None:
            shape = self._shapes[by].setdefault(
                _shape(entry, start), _Shape(recurring_parts(entry), entry.people)
            )
            key = period_of(start, by)
            assert key is not None
            seen = shape.periods.setdefault(key, [0, entry.id, cites])
            seen[0] += 1
            if seen[0] > 1:  # no longer a single: only the count matters
                seen[1:] = [None, []]

    def _find_runs(self) -> dict[str, _Run]:
        """Every folded event's run: two or more consecutive periods with exactly one each."""
        runs: dict[str, _Run] = {}
        for shape in self._shapes[self.by].values():
            singles = sorted(k for k, seen in shape.periods.items() if seen[0] == 1)
            run: list[tuple[int, int, int]] = []
            for key in [*singles, None]:
                if run and (key is None or key != _next(run[-1])):
                    if len(run) > 1:
                        members = [shape.periods[k] for k in run]  # [1, id, cites] each
                        folded = _Run(members[0][1], [m[1] for m in members], run[0], run[-1],
                                      [c for m in members for c in m[2]], shape)  # fmt: skip
                        runs.update((m, folded) for m in folded.members)
                    run = []
                if key is not None:
                    run.append(key)
        return runs

    def periods(self) -> Iterator[Period]:
        """The periods in order, read back from the spool one start year at a time."""
        self._spool.seek(0)
        year: object = ()
        group: list[dict[str, Any]] = []
        for line in self._spool:
            told = orjson.loads(line)
            key = told["keys"][self.by]
            told_year = key[0] if key else None
            if group and told_year != year:
                yield from self._periods_of(group)
                group = []
            year = told_year
            group.append(told)
        if group:
            yield from self._periods_of(group)
        self._spool.close()

    def _periods_of(self, group: list[dict[str, Any]]) -> Iterator[Period]:
        by_key: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for told in group:
            key = told["keys"][self.by]
            by_key[tuple(key) if key else None].append(told)
        for key in sorted(by_key, key=lambda k: k or (0, 0, 0)):
            yield self._period(key, sorted(by_key[key], key=lambda t: t["order"]))

    def _period(self, key: PeriodKey, told: list[dict[str, Any]]) -> Period:
        sentences = []
        tally = _Tally()
        for item in told:
            tally.add(*item["count"])
            run = self._runs.get(item["id"])
            if run is None:
                sentences.append(
                    self._sentence(item["text"], [item["id"]], item["cites"], item["notes"])
                )
            elif run.head == item["id"]:
                sentences.append(self._sentence(self._folded(run), run.members, run.cites, []))
        start = date(key[0], key[2] or 1, 1) if key else None
        return Period(name=period_name(key), start=start, sentences=tuple(sentences),
                      counts=tally.counts())  # fmt: skip

    def _folded(self, run: _Run) -> str:
        unit = "month" if self.by == "month" else "year"
        shape = run.shape
        return recurring(shape.parts, shape.people, len(run.members), unit,
                         period_name(run.first), period_name(run.last))  # fmt: skip

    def _sentence(
        self, text: str, events: list[str], cites: list[list[Any]], notes: list[str]
    ) -> Sentence:
        numbers = [self._cite(c[0], c[1], c[2]) for c in cites]
        return Sentence(text=text, events=tuple(events), cites=tuple(dict.fromkeys(numbers)),
                        notes=tuple(notes))  # fmt: skip

    def _cite(self, outlet: str, published: str, reference: str | None) -> int:
        return self._sources.setdefault((outlet, published, reference), len(self._sources) + 1)

    def sources(self) -> tuple[Citation, ...]:
        """Every source cited, numbered in order of first citation."""
        return tuple(
            Citation(number=n, outlet=o, published=p, reference=r)
            for (o, p, r), n in self._sources.items()
        )


def summarise(entries: Iterable[TimelineEntry], *, by: str = "auto") -> Summary:
    """The whole summary at once, for a record that fits in memory, in any order."""
    stream = SummaryStream(sorted(entries, key=TimelineEntry.sort_key), by)
    periods = tuple(stream.periods())
    return Summary(by=stream.by, cases=stream.cases, periods=periods, totals=stream.totals,
                   still_pending=stream.still_pending, sources=stream.sources())  # fmt: skip
