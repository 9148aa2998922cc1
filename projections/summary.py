"""Chronological summaries: periods of sentences with counts, folded recurrences and sources.

Built from timeline entries alone (pure), so the same entries always give the
same summary, whatever order they were appended in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict

from events.edtf import Precision, parse_edtf
from projections.case_view import status_of
from projections.record import TimelineEntry
from projections.sentences import can_recur, recurring, sentence
from projections.wording import period_name

PeriodKey = tuple[int, int, int] | None
"""(year, span, month): span 0 a century, 1 a decade, 2 a year, 3 a month; None: no known start."""

_SPAN = {Precision.CENTURY: 0, Precision.DECADE: 1, Precision.YEAR: 2, Precision.MONTH: 3,
         Precision.DAY: 3}  # fmt: skip


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


def choose_by(entries: Sequence[TimelineEntry], by: str) -> str:
    """`year` or `month`; `auto` takes months when the dated events span two years or less."""
    if by != "auto":
        return by
    starts = [e.earliest for e in entries if e.earliest]
    ends = [e.latest for e in entries if e.latest]
    if starts and ends and (max(ends) - min(starts)).days <= 2 * 366:
        return "month"
    return "year"


def period_of(entry: TimelineEntry, by: str) -> PeriodKey:
    """The period where the event starts, never finer than the start is known.

    By month, an event known only to its year is told in a period of its year
    (before that year's months); a decade's in a period of its decade.
    """
    start = parse_edtf(entry.date).start
    if start is None:
        return None
    span = min(_SPAN[start.precision], 3 if by == "month" else 2)
    return (start.earliest.year, span, start.earliest.month if span == 3 else 0)


def _next(key: tuple[int, int, int]) -> tuple[int, int, int]:
    year, span, month = key
    if span == 2:
        return (year + 1, 2, 0)
    return (year + 1, 3, 1) if month == 12 else (year, 3, month + 1)


def _shape(entry: TimelineEntry) -> tuple[object, ...]:
    parsed = parse_edtf(entry.date)
    assert parsed.start is not None
    return (entry.kind, entry.people, entry.actors, entry.place, entry.agencies,
            tuple(sorted((k, repr(v)) for k, v in entry.details.items())),
            parsed.start.approximate, parsed.start.uncertain)  # fmt: skip


def _foldable(entry: TimelineEntry, by: str) -> bool:
    parsed = parse_edtf(entry.date)
    precision = Precision.MONTH if by == "month" else Precision.YEAR
    return (
        can_recur(entry)
        and not entry.retracted
        and not entry.corrected
        and not parsed.interval
        and parsed.start is not None
        and parsed.start.precision is precision
    )


def recurrences(entries: Sequence[TimelineEntry], by: str) -> list[list[TimelineEntry]]:
    """Runs of two or more events of one shape, exactly one a period, in consecutive periods."""
    groups: dict[tuple[object, ...], dict[tuple[int, int, int], list[TimelineEntry]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for entry in entries:
        key = period_of(entry, by)
        if key is not None and _foldable(entry, by):
            groups[_shape(entry)][key].append(entry)
    runs: list[list[TimelineEntry]] = []
    for by_period in groups.values():
        singles = sorted(k for k, found in by_period.items() if len(found) == 1)
        run: list[tuple[int, int, int]] = []
        for key in singles:
            if run and key != _next(run[-1]):
                runs.append([by_period[k][0] for k in run]) if len(run) > 1 else None
                run = []
            run.append(key)
        if len(run) > 1:
            runs.append([by_period[k][0] for k in run])
    return runs


_KIND_ORDER = {kind: i for i, kind in enumerate([
    "fled_to_mission", "agency_contacted", "asylum_requested", "application_pending",
    "asylum_granted", "departed_to_third_country", "arrived", "figure_reported",
    "policy_stated", "observation",
])}  # fmt: skip


def _order(entry: TimelineEntry) -> tuple[object, ...]:
    """Chronological, then in the order things happen to people, then by content:
    independent of the order the events were appended in."""
    content = entry.model_dump_json(exclude={"id", "position", "recorded"})
    return (entry.earliest or date.min, entry.latest or date.max, _KIND_ORDER[entry.kind],
            entry.text, content)  # fmt: skip


def summarise(entries: Iterable[TimelineEntry], *, by: str = "auto") -> Summary:
    """The summary of these entries (retracted ones are told only if given, and marked)."""
    entries = sorted(entries, key=_order)
    by = choose_by(entries, by)
    told: dict[PeriodKey, list[tuple[tuple[object, ...], list[TimelineEntry], str]]] = defaultdict(
        list
    )
    folded: set[str] = set()
    unit = "month" if by == "month" else "year"
    for run in recurrences(entries, by):
        first, last = period_of(run[0], by), period_of(run[-1], by)
        text = recurring(run, unit, period_name(first), period_name(last))
        told[first].append((_order(run[0]), run, text))
        folded.update(e.id for e in run)
    for entry in entries:
        if entry.id not in folded:
            told[period_of(entry, by)].append((_order(entry), [entry], sentence(entry)))
    sources = _Sources()
    periods = []
    keys = sorted(told, key=lambda k: (k is not None, k or (0, 0, 0)))
    for key in keys:
        lines = [
            sources.sentence(text, group)
            for _, group, text in sorted(told[key], key=lambda t: t[0])
        ]
        in_period = [e for e in entries if period_of(e, by) == key]
        start = date(key[0], key[2] or 1, 1) if key else None
        periods.append(Period(name=period_name(key), start=start, sentences=tuple(lines),
                              counts=count(in_period)))  # fmt: skip
    return Summary(
        by=by,
        cases=tuple(sorted({e.case for e in entries})),
        periods=tuple(periods),
        totals=count(entries),
        still_pending=still_pending(entries),
        sources=sources.listed(),
    )


class _Sources:
    """Numbers every distinct source in order of first citation."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[str, str, str | None], int] = {}

    def cite(self, outlet: str, published: str, reference: str | None) -> int:
        return self.numbers.setdefault((outlet, published, reference), len(self.numbers) + 1)

    def sentence(self, text: str, group: list[TimelineEntry]) -> Sentence:
        cites: list[int] = []
        notes: list[str] = []
        for entry in group:
            cites += [self.cite(s.outlet, s.published, s.reference) for s in entry.sources]
            for correction in entry.corrections:
                cites += [self.cite(s.outlet, s.published, s.reference) for s in correction.sources]
                notes.append(f"corrected ({correction.id}): {correction.reason}")
            if entry.retraction is not None:
                notes.append(f"retracted ({entry.retraction.id}): {entry.retraction.reason}")
        return Sentence(text=text, events=tuple(e.id for e in group),
                        cites=tuple(dict.fromkeys(cites)), notes=tuple(notes))  # fmt: skip

    def listed(self) -> tuple[Citation, ...]:
        return tuple(
            Citation(number=n, outlet=o, published=p, reference=r)
            for (o, p, r), n in self.numbers.items()
        )


def _by_case_max(
    entries: Iterable[TimelineEntry], kind: str, key: str | None = None
) -> dict[str, int]:
    """For each `key` value (or all), the sum over cases of each case's largest group."""
    largest: dict[tuple[str, str], int] = {}
    for e in entries:
        if e.kind == kind and e.people is not None and not e.retracted:
            slot = (str(e.details.get(key, "")) if key else "", e.case)
            largest[slot] = max(largest.get(slot, 0), e.people)
    totals: dict[str, int] = defaultdict(int)
    for (value, _), n in sorted(largest.items()):
        totals[value] += n
    return dict(totals)


def count(entries: Iterable[TimelineEntry]) -> Counts:
    """People who reached each country, were granted asylum, had applications pending."""
    entries = list(entries)
    figures = tuple(
        Figure.model_validate({**e.details, "people": e.people, "date": e.date, "event": e.id})
        for e in entries
        if e.kind == "figure_reported" and not e.retracted
    )
    return Counts(
        reached=_by_case_max(entries, "arrived", "destination"),
        granted=sum(_by_case_max(entries, "asylum_granted").values()),
        pending=sum(_by_case_max(entries, "application_pending").values()),
        figures=figures,
    )


def still_pending(entries: Iterable[TimelineEntry]) -> int:
    """People in cases whose furthest outcome is still a pending application."""
    by_case: dict[str, list[TimelineEntry]] = defaultdict(list)
    for e in entries:
        if not e.retracted:
            by_case[e.case].append(e)
    return sum(
        sum(_by_case_max(found, "application_pending").values())
        for found in by_case.values()
        if status_of(False, {e.kind for e in found}) == "pending"
    )
