"""Chronological summaries: periods of sentences with counts, folded recurrences and sources.

Built from timeline entries alone (pure), so the same entries always give the
same summary, whatever order they were appended in.

Streamed in two passes so that memory stays bounded over any number of events:
the first reads the entries once, tells each in its sentence and tallies what
needs the whole record (the span, the totals); the sentences wait in a private
temporary SQLite database, where the recurrences are found and the periods
read back in order.
"""

from __future__ import annotations

import hashlib
import itertools
import sqlite3
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, NamedTuple, Protocol

import orjson
from pydantic import BaseModel, ConfigDict
from pydantic.main import IncEx

from events.citing import citation
from events.edtf import Point, Precision, parse_edtf
from projections import spool
from projections.case_view import GroupKey, Outcome, Parts, outcome_of, status_of
from projections.record import Corroboration, Dispute, TimelineEntry
from reports.counts import Application, Counts, Figure
from reports.sentences import can_recur, recurring, recurring_parts, told
from reports.wording import WHOLE, Scope, confirmed, disputed, number, period_name

PeriodKey = tuple[int, int, int] | None
"""(year, span, month): span 0 a century, 1 a decade, 2 a year, 3 a month; None: no known start."""

_SPAN = {Precision.CENTURY: 0, Precision.DECADE: 1, Precision.YEAR: 2, Precision.MONTH: 3,
         Precision.DAY: 3}  # fmt: skip
_KIND_ORDER = {kind: i for i, kind in enumerate([
    "fled_to_mission", "agency_contacted", "asylum_requested", "detained", "released",
    "application_pending", "application_refused", "no_protection", "protection_granted",
    "asylum_granted",
    "departed_to_third_country", "arrived", "returned", "figure_reported",
    "policy_stated", "observation",
])}  # fmt: skip


class Citation(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int
    outlet: str
    published: str
    reference: str | None
    grades: tuple[str, ...] = ()
    """Each grade the source is given where it is cited, in the order first given."""
    notes: tuple[str, ...] = ()
    """The notes of the citations and disputes that cite it: `amur-2009-group:8: names the
    twelve`."""
    via: str | None = None
    """The outlet whose report it carries, where it says so."""

    def said(self) -> str:
        """`Yonhap, 2009-12-24 [B2]; amur-2009-group:8: names the twelve`, `Korea Herald,
        2009-12-25, via Yonhap`: the source as the summary lists it."""
        cited = citation(self.outlet, self.published, self.reference)
        cited += f", via {self.via}" if self.via else ""
        grades = f" [{', '.join(self.grades)}]" if self.grades else ""
        return cited + grades + "".join(f"; {note}" for note in self.notes)


class Sentence(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    events: tuple[str, ...]
    cites: tuple[int, ...]
    notes: tuple[str, ...] = ()
    """What the sentence says of its events (an open dispute, an unconfirmed report), told in
    brackets inside it."""
    amended: tuple[str, ...] = ()
    """What amended its events (`corrected by c:3: <its reason>`): told after the sentence and
    its sources, never inside it, since a reason is the researcher's, not the record's."""


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
    if (
        start is None
        or not can_recur(entry)
        or entry.retracted
        or entry.corrected
        or entry.disputed
        or entry.part is not None  # a period's name has no part
        or entry.live_citations()  # their confirmation would be lost in the fold
        or entry.rests_on_low_grades()  # its note would be lost in the fold
    ):
        return None
    if parse_edtf(entry.date).interval:
        return None
    return {Precision.YEAR: "year", Precision.MONTH: "month"}.get(start.precision)


def _shape(entry: TimelineEntry, start: Point, own: str) -> str:
    """What makes two events the same but for their date: a digest of everything else (`own`:
    the own words told after the sentence its fields make)."""
    shape = (entry.kind, entry.people, entry.within, entry.actors, entry.place, entry.agencies,
             sorted(entry.details.items()), start.approximate, start.uncertain, own)  # fmt: skip
    return hashlib.sha1(orjson.dumps(shape, option=orjson.OPT_SORT_KEYS)).hexdigest()


_WHEN: set[str] = {"position", "recorded"}
_NOT_CONTENT: dict[str, IncEx | bool] = {
    "id": True, "position": True, "recorded": True,
    "corrections": {"__all__": _WHEN}, "retraction": _WHEN,
    "citations": {"__all__": _WHEN}, "disputes": {"__all__": _WHEN},
}  # fmt: skip
"""Not what an entry says: its id, and when it and its amendments were recorded (a copy of
the record records them at other moments)."""


def _order(entry: TimelineEntry) -> list[object]:
    """Chronological, then in the order things happen to people, then by content:
    independent of the order the events were appended in."""
    content = entry.model_dump_json(exclude=_NOT_CONTENT)
    kind = f"{_KIND_ORDER[entry.kind]:02d}"  # two digits: the order is compared as text
    return [str(entry.earliest or ""), str(entry.latest or "~"), kind,
            entry.text, hashlib.sha1(content.encode()).hexdigest()]  # fmt: skip


def _cites(entry: TimelineEntry) -> tuple[list[list[Any]], list[str], list[str]]:
    """Every source of the entry, in the order `all_sources` gives them; the notes on its
    open disputes and grades; what amended it (its corrections and retraction)."""
    noted: dict[tuple[str, str, str | None], list[str]] = {}
    citing: list[Corroboration | Dispute] = [*entry.live_citations(), *entry.live_disputes()]
    for item in citing:
        for s in item.sources if item.note else ():
            key = (s.outlet, s.published, s.reference)
            noted.setdefault(key, []).append(f"{item.id}: {item.note}")
    cites = [
        [s.outlet, s.published, s.reference, s.grade, noted.get(key, []), s.via]
        for s in entry.all_sources()
        for key in [(s.outlet, s.published, s.reference)]
    ]
    notes = [disputed(entry, d) for d in entry.open_disputes()]
    if entry.live_citations():
        notes.insert(0, confirmed(tuple(dict.fromkeys(s.origin() for s in entry.supporting()))))
    if entry.rests_on_low_grades():
        notes.insert(0, "according to an unconfirmed report")
    amended = [f"corrected by {c.id}: {c.reason}" for c in entry.corrections]
    if entry.retraction is not None:
        amended.append(f"retracted by {entry.retraction.id}: {entry.retraction.reason}")
    return cites, notes, amended


Group = tuple[str, str]
"""(case, group) as the totals key them: the group's name, "" for the case's main group,
`PART` and the name of a group for the unnamed part of it an event is about (`group_text`)."""

PART = "\x1f"
"""Before the name of a group, in a totals key: the unnamed part of that group (a group's name
holds no control character, so no name starts with it)."""


def group_text(group: str | None, within: str | None) -> str:
    """The group an event is about, as the totals key it."""
    if group is not None:
        return group
    return "" if within is None else PART + within


def _key(text: str) -> GroupKey:
    if text.startswith(PART):
        return (None, text[len(PART) :])
    return (text or None, None)


def _text(key: GroupKey) -> str:
    return group_text(key[0], key[1])


_APPLIED = {"asylum_requested"}
_ANSWERS = {"asylum_granted": "granted", "protection_granted": "granted",
            "application_refused": "refused", "no_protection": "not_protected",
            "returned": "returned"}  # fmt: skip
"""The outcomes of an application, by kind."""
_ANSWER_RANK = {"not_protected": 0, "refused": 1, "granted": 2, "returned": 3}
"""Of outcomes given on the same last day, the one told first (as a status ranks them)."""


@dataclass
class _Tally:
    """People by outcome: for each group of each case, its largest number per outcome; then
    summed, so that each group is counted once per outcome. A part of a group is counted in
    the group it is within (`parts`, by case): the largest of the group's and its parts'
    numbers, never their sum."""

    parts: dict[str, Parts] = field(default_factory=dict)
    """By case: which group each part is within, over the whole record."""
    largest: dict[tuple[str, str, str, str], int] = field(default_factory=dict)
    """(kind, value, case, group) -> the largest number of people."""
    protection: dict[tuple[str, str, str], int] = field(default_factory=dict)
    """(country, case, group) -> the largest number that arrived in or was granted asylum by
    the country."""
    applied: dict[tuple[str, str, str, str], tuple[int, date]] = field(default_factory=dict)
    """(case, group, country, applied for) -> the largest number who applied, and the first
    day they may have."""
    answers: dict[tuple[str, str, str, str, date], int] = field(default_factory=dict)
    """(case, group, country or "", answer, the last day it may have been given) -> the
    largest number given that answer then; a return names no country (it answers the
    group's every application)."""
    figures: list[tuple[Any, ...]] = field(default_factory=list)
    """Figures reported, as plain tuples, for a tally of one period; the whole record's wait
    in the spool (`SummaryStream.figures`)."""
    disputed: set[str] = field(default_factory=set)
    """The counted events whose number of people a source disputes."""

    def add(self, case: str, group: str, kind: str, people: int | None, value: str,
            protector: str, disputed: str = "", country: str = "",
            days: tuple[str, str] = ("", "")) -> None:  # fmt: skip
        """`value`: what the outcome is counted by (the country reached or returned to, the
        protection granted, what was applied for), from `counted_by`; `protector`: the
        country whose protection it gives, from `protector_of`; `country`: the country an
        application was made in or answered by; `days`: the first and last days the event
        may fall on (ISO, "" where open)."""
        if people is None:
            return
        # interned: a million events name a few thousand cases and countries
        case, group, country = sys.intern(case), sys.intern(group), sys.intern(country)
        if kind in _APPLIED:
            low = date.fromisoformat(days[0]) if days[0] else date.min
            slot4 = (case, group, country, sys.intern(value))
            n, first = self.applied.get(slot4, (0, date.max))
            self.applied[slot4] = (max(n, people), min(first, low))
        elif kind in _ANSWERS:
            high = date.fromisoformat(days[1]) if days[1] else date.max
            answer = _ANSWERS[kind]
            slot5 = (case, group, "" if answer == "returned" else country, answer, high)
            self.answers[slot5] = max(self.answers.get(slot5, 0), people)
        if kind not in _COUNTED:
            return
        if disputed:
            self.disputed.add(disputed)
        slot = (kind, sys.intern(value), case, group)
        self.largest[slot] = max(self.largest.get(slot, 0), people)
        if protector:
            place = (sys.intern(protector), case, group)
            self.protection[place] = max(self.protection.get(place, 0), people)

    def top(self, case: str, group: str) -> str:
        """The group that holds `group`, in the totals' key: a part is counted in it."""
        parts = self.parts.get(case)
        return group if parts is None else _text(parts.top(_key(group)))

    def _rolled_up(self, numbers: Mapping[Any, int]) -> dict[Any, int]:
        """`numbers` keyed by (..., case, group), each case's groups rolled up into the groups
        within no other (`Parts.rolled_up`): parts named apart add up within their group."""
        by_slot: dict[tuple[str, ...], dict[GroupKey, int]] = defaultdict(dict)
        for (*slot, group), n in numbers.items():
            by_slot[tuple(slot)][_key(group)] = n
        rolled: dict[tuple[str, ...], int] = {}
        for slot, groups in by_slot.items():
            parts = self.parts.get(slot[-1], Parts())
            for key, n in parts.rolled_up(groups).items():
                if parts.top(key) == key:
                    rolled[(*slot, _text(key))] = n
        return rolled

    def counts(self, figures: bool = True) -> Counts:
        """`figures`: with the figures reported (without: the stream writes them one by one)."""
        largest = self._rolled_up(self.largest)
        reached = self._rolled_up(self.protection)
        totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for (kind, value, _, _), n in sorted(largest.items()):
            totals[kind][value] += n
        protection: dict[str, int] = defaultdict(int)
        for (country, _, _), n in sorted(reached.items()):
            protection[country] += n

        def by(kind: str) -> dict[str, int]:
            return dict(totals.get(kind, {}))

        return Counts(
            reached=by("arrived"),
            granted=sum(by("asylum_granted").values()),
            pending=sum(by("application_pending").values()),
            protected=by("protection_granted"),
            refused=by("application_refused"),
            not_protected=by("no_protection"),
            detained=sum(by("detained").values()),
            released=sum(by("released").values()),
            returned=by("returned"),
            protection=dict(protection),
            applications=self.applications(),
            disputed=tuple(sorted(self.disputed)),
            figures=tuple(_figure(row) for row in sorted(self.figures, key=_figure_order))
            if figures
            else (),
        )

    def applications(self) -> tuple[Application, ...]:
        """Applications by country and what was applied for, with their outcomes: each
        group's (its parts' counted in it) numbers, summed over the groups.

        Each who applied is counted once. A group's outcomes may be the same people (six
        refused, then six sent back), and so may a group's and a part's within it, so they
        are told latest first, each adding only the people none of those told (the six are
        `returned`); parts named apart are different people, whose outcomes add up (three
        refused, four returned, five granted: twelve). The rest of those who applied have no
        outcome reported. An outcome counts if it may
        have come after the application; one that names no country, where the group applied
        if it applied in one country.
        """
        applied: dict[tuple[str, str, str, str], tuple[int, date]] = {}
        for (case, group, country, sought), (n, first) in self.applied.items():
            slot = (case, self.top(case, group), country, sought)
            m, day = applied.get(slot, (0, date.max))
            applied[slot] = (max(m, n), min(day, first))
        countries: dict[tuple[str, str], set[str]] = defaultdict(set)
        for case, group, country, _ in applied:
            countries[(case, group)].add(country)
        # by case, then by group: a case's application meets only its own case's answers
        answers: dict[str, dict[GroupKey, list[tuple[date, int, str, int]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for (case, group, country, answer, high), n in self.answers.items():
            top = self.top(case, group)
            where = countries.get((case, top), set())
            if not country and answer != "returned" and len(where) == 1:
                country = next(iter(where))
            answers[case][_key(group)].append(
                (high, _ANSWER_RANK[answer], f"{answer}|{country}", n)
            )
        rows: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for (case, group, country, sought), (n, first) in sorted(applied.items()):
            row = rows[(country, sought)]
            row["applied"] += n
            parts = self.parts.get(case, Parts())
            # latest first; an outcome's people are new but for those already told of the
            # same people: of its own group, of the parts within it, of the groups it is
            # within (siblings named apart are different people)
            done: list[tuple[list[GroupKey], int]] = []
            told = 0
            mine = [
                (high, rank, told_as, m, parts.holders(key))
                for key, found in answers.get(case, {}).items()
                if parts.top(key) == _key(group)
                for high, rank, told_as, m in found
            ]
            for high, _, told_as, m, holders in sorted(mine, key=lambda a: a[:3], reverse=True):
                answer, _, answered_in = told_as.partition("|")
                if high < first or (answer != "returned" and answered_in != country):
                    continue
                same = sum(k for held, k in done if holders[0] in held or held[0] in holders)
                more = max(0, min(min(m, n) - same, n - told))
                row[answer] += more
                told += more
                done.append((holders, more))
            row["no_outcome"] += n - told
        return tuple(Application(country=country, applied_for=sought, **row)
                     for (country, sought), row in sorted(rows.items()))  # fmt: skip


_COUNTED = {"arrived": "destination", "asylum_granted": None, "application_pending": None,
            "protection_granted": "protection", "application_refused": "applied_for",
            "no_protection": "applied_for", "asylum_requested": "applied_for",
            "detained": None, "released": None, "returned": "country"}  # fmt: skip
"""The outcomes counted in the totals (and the requests counted with their outcomes), and the
field each is counted by (None: one count)."""


def protector_of(entry: TimelineEntry) -> str:
    """The country whose protection the people reached: where they arrived, or who granted
    them asylum (at home or at one of its missions abroad); "" for other kinds."""
    name = {"arrived": "destination", "asylum_granted": "country"}.get(entry.kind)
    return str(entry.details.get(name) or "") if name else ""


def counted_by(entry: TimelineEntry) -> str:
    """The value an entry's outcome is counted by (`South Korea` for an arrival there; a
    request that names nothing else, `asylum`)."""
    name = _COUNTED.get(entry.kind)
    value = str(entry.details.get(name) or "") if name else ""
    return value or ("asylum" if entry.kind == "asylum_requested" else "")


_FIGURE_FIELDS = ("date", "region", "population", "people", "about", "reported_by", "event")


def _figure_row(entry: TimelineEntry) -> tuple[Any, ...]:
    d = entry.details
    return (sys.intern(entry.date), sys.intern(str(d["region"])), sys.intern(str(d["population"])),
            entry.people, bool(d.get("about")), d.get("reported_by"), entry.id)  # fmt: skip


def _figure_order(row: tuple[Any, ...]) -> tuple[object, ...]:
    """Chronological, then by what is counted: not by when it was recorded."""
    parsed = parse_edtf(row[0])
    return (parsed.earliest or date.min, parsed.latest or date.max, *row[1:5], row[5] or "")


def _spooled_figure(row: tuple[Any, ...]) -> tuple[str, str, bytes]:
    """A figure as the spool keeps it: its span in clear (ISO days sort as text), the rest
    sealed; `_figure_order` puts figures of the same span in order as they are read back."""
    parsed = parse_edtf(row[0])
    low, high = parsed.earliest or date.min, parsed.latest or date.max
    return low.isoformat(), high.isoformat(), spool.seal(orjson.dumps(row))


def _figure(row: tuple[Any, ...]) -> Figure:
    return Figure.model_validate(dict(zip(_FIGURE_FIELDS, row, strict=True)))


class EntryTold(NamedTuple):
    """What a summary tells of one entry, whatever else it tells (`entry_told`): its
    periods, its shape for folding, its order and spooled sentence, what it adds to the
    totals. A server telling summaries again of mostly the same entries keeps these."""

    year: str
    month: str
    fold_by: str | None
    shape: str | None
    """The digest of what it shares with its recurrences (`_shape`), where it may fold."""
    order: list[object]
    payload: bytes
    counted: tuple[Any, ...]
    group: str
    outcome: Outcome | None
    figure: tuple[Any, ...] | None
    """Its figure's row, if it reports a figure and is not retracted."""


def entry_told(entry: TimelineEntry) -> EntryTold:
    """What a summary tells of `entry` alone."""
    start = parse_edtf(entry.date).start
    cites, notes, amended = _cites(entry)
    people_disputed = any("people" in d.values for d in entry.open_disputes())
    group = group_text(entry.group, entry.within)
    days = (entry.earliest.isoformat() if entry.earliest else "",
            entry.latest.isoformat() if entry.latest else "")  # fmt: skip
    counted = (entry.case, group, entry.kind, entry.people, counted_by(entry),
               protector_of(entry), entry.id if people_disputed else "",
               str(entry.details.get("country") or ""), days)  # fmt: skip
    text, own = told(entry)
    payload = {"text": text, "cites": cites, "notes": notes, "id": entry.id,
               "amended": amended, "count": counted}  # fmt: skip
    fold_by = _foldable_by(entry, start)
    shape = _shape(entry, start, own) if fold_by and start else None
    figure = _figure_row(entry) if entry.kind == "figure_reported" and not entry.retracted else None
    return EntryTold(
        _key_text(period_of(start, "year")), _key_text(period_of(start, "month")), fold_by,
        shape, _order(entry), orjson.dumps(payload), counted, group, outcome_of(entry), figure,
    )  # fmt: skip


@dataclass(frozen=True)
class _Shape:
    """What events told together share: the words for them, and their number of people."""

    parts: tuple[str, str, str]
    people: int | None


@dataclass(frozen=True)
class _Run:
    """Events of one shape, one a period in consecutive periods: told once, at the first."""

    shape: int
    first: str
    last: str
    count: int


def _key_text(key: PeriodKey) -> str:
    """A period key as text that sorts like the key (no start: first)."""
    return "" if key is None else f"{key[0]:04d}.{key[1]}.{key[2]:02d}"


def _key_of(text: str) -> PeriodKey:
    return None if not text else (int(text[:4]), int(text[5]), int(text[7:9]))


def scratch() -> sqlite3.Connection:
    """The spool: a private temporary SQLite database ("": on disk, deleted when closed)."""
    return sqlite3.connect("")


class SummaryStream:
    """A summary told period by period.

    The first pass tells each entry in its sentence and writes it to a private
    temporary SQLite database; the runs of recurring events, and the order of
    the periods, are then found there with indexed queries instead of in memory.
    `totals` and `still_pending` are known at once; `sources` is complete once
    `periods()` has been read to the end.
    """

    _FLUSH = 5000

    def __init__(
        self,
        entries: Iterable[TimelineEntry],
        by: str = "auto",
        scope: Scope = WHOLE,
        told_of: Callable[[TimelineEntry], EntryTold] | None = None,
    ) -> None:
        self.scope = scope
        self._telling = told_of or entry_told
        """What it tells of each entry alone: `entry_told`, or one that keeps what it told."""
        self._db = scratch()
        self._db.execute(
            "CREATE TABLE told (ykey TEXT, mkey TEXT, yshape INTEGER, mshape INTEGER, "
            "ord TEXT, payload BLOB, tie BLOB)"
        )
        self._db.execute("CREATE TABLE figures (earliest TEXT, latest TEXT, payload BLOB)")
        self._rows: list[tuple[Any, ...]] = []
        self._figure_rows: list[tuple[str, str, bytes]] = []
        self._shapes: dict[str, int] = {}
        self._shape_words: list[_Shape] = []
        self._parts: dict[str, Parts] = {}  # by case: which group each part is within
        self._tally = _Tally(parts=self._parts)
        self._outcomes: dict[Group, set[Outcome]] = {}  # each group's possible last outcomes
        self._sources: dict[tuple[str, str, str | None], int] = {}
        self._said: dict[tuple[str, str, str | None], tuple[dict[str, None], ...]] = {}
        low, high, cases = date.max, date.min, set()
        for entry in entries:
            self._first_pass(entry)
            cases.add(entry.case)
            low = min(low, entry.earliest or low)
            high = max(high, entry.latest or high)
        self._flush()
        self.cases = tuple(sorted(cases))
        self.by = by if by != "auto" else ("month" if (high - low).days <= 2 * 366 else "year")
        self._key, self._shape = ("mkey", "mshape") if self.by == "month" else ("ykey", "yshape")
        self._db.execute(f"CREATE INDEX told_order ON told ({self._key}, ord)")
        self._db.execute(f"CREATE INDEX told_shape ON told ({self._shape}, {self._key})")
        self.still_pending = self._still_pending()
        self._runs = self._find_runs()

    def _still_pending(self) -> int:
        """The people whose group's status is pending at the end: each group once, a part in
        the group it is within (the largest of their numbers), less the people of its parts
        whose own status has moved on (12 pending, three of whom since arrived: nine)."""
        statuses: dict[str, dict[str, str]] = defaultdict(dict)
        for case, group in self._outcomes:
            parts = self._parts.get(case, Parts())
            holders = [(case, _text(k)) for k in parts.holders(_key(group))]
            outcomes = (o for k in holders for o in self._outcomes.get(k, ()))
            statuses[case][group] = status_of(False, outcomes)
        sizes: dict[tuple[str, str], int] = defaultdict(int)
        for (_, _, case, group), n in self._tally.largest.items():
            sizes[(case, group)] = max(sizes[(case, group)], n)
        pending: dict[Group, int] = {}
        for case, by_group in statuses.items():
            parts = self._parts.get(case, Parts())
            for group, status in by_group.items():
                if status != "pending":
                    continue
                n = self._tally.largest.get(("application_pending", "", case, group), 0)
                moved_on = sum(
                    sizes[(case, other)]
                    for other, its in by_group.items()
                    if its != "pending" and _key(group) in parts.holders(_key(other))[1:]
                )
                top = (case, self._tally.top(case, group))
                pending[top] = max(pending.get(top, 0), max(0, n - moved_on))
        return sum(pending.values())

    @cached_property
    def totals(self) -> Counts:
        """Outcomes over the entries told (`scope`), every figure reported among them (made
        when first asked: it holds every figure; `counted` and `figures` write them one at a
        time)."""
        return self.counted.model_copy(update={"figures": tuple(self.figures())})

    @cached_property
    def counted(self) -> Counts:
        """The totals without the figures reported."""
        return self._tally.counts(figures=False).model_copy(update={"scope": self.scope})

    def figures(self) -> Iterator[Figure]:
        """The figures reported over the whole record, in the totals' order, one at a time
        from the spool: chronological in SQL, then by what is counted within each span."""
        rows = self._db.execute(
            "SELECT earliest, latest, payload FROM figures ORDER BY earliest, latest, rowid"
        )
        for _, tied in itertools.groupby(rows, key=lambda row: row[:2]):
            unsealed = [tuple(orjson.loads(spool.unseal(row[2]))) for row in tied]
            yield from map(_figure, sorted(unsealed, key=_figure_order))

    def _first_pass(self, entry: TimelineEntry) -> None:
        t = self._telling(entry)
        shape = None if t.shape is None else self._shape_id(entry, t.shape)
        self._rows.append((
            t.year, t.month, shape if t.fold_by == "year" else None,
            shape if t.fold_by == "month" else None, *spool.spool_row(t.order, t.payload),
        ))  # fmt: skip
        if len(self._rows) >= self._FLUSH:
            self._flush()
        if not entry.retracted:
            self._tally.add(*t.counted)
            if entry.within is not None and entry.kind != "figure_reported":
                parts = self._parts.setdefault(sys.intern(entry.case), Parts())
                parts.note(_key(t.group), entry.within)
            if t.outcome is not None:
                _latest(self._outcomes.setdefault((sys.intern(entry.case), sys.intern(t.group)),
                                                  set()), t.outcome)  # fmt: skip
            if t.figure is not None:
                self._figure_rows.append(_spooled_figure(t.figure))

    def _flush(self) -> None:
        self._db.executemany("INSERT INTO told VALUES (?, ?, ?, ?, ?, ?, ?)", self._rows)
        self._db.executemany("INSERT INTO figures VALUES (?, ?, ?)", self._figure_rows)
        self._rows.clear()
        self._figure_rows.clear()

    def _shape_id(self, entry: TimelineEntry, digest: str) -> int:
        if digest not in self._shapes:
            self._shapes[digest] = len(self._shape_words)
            self._shape_words.append(_Shape(recurring_parts(entry), entry.people))
        return self._shapes[digest]

    def _find_runs(self) -> dict[tuple[int, str], _Run]:
        """Each folded event's (shape, period) and its run: two or more consecutive
        periods with exactly one event of the shape each."""
        runs: dict[tuple[int, str], _Run] = {}
        singles = self._db.execute(
            f"SELECT {self._shape}, {self._key} FROM told WHERE {self._shape} IS NOT NULL "
            f"GROUP BY 1, 2 HAVING COUNT(*) = 1 ORDER BY 1, 2"
        )
        run: list[str] = []
        shape_of_run = -1
        for shape, key in [*singles, (None, None)]:
            follows = run and shape == shape_of_run and _key_of(key) == _next(_key_of(run[-1]))  # type: ignore[arg-type]
            if run and not follows:
                if len(run) > 1:
                    folded = _Run(shape_of_run, run[0], run[-1], len(run))
                    runs.update(((shape_of_run, k), folded) for k in run)
                run = []
            shape_of_run = shape
            if key is not None:
                run.append(key)
        return runs

    def periods(self) -> Iterator[Telling]:
        """The periods in order, each telling its sentences one at a time, read back
        from the scratch database: memory holds one sentence, not one period."""
        rows = spool.ordered(self._db.execute(
            f"SELECT {self._key}, {self._shape}, payload, ord, tie FROM told "
            f"ORDER BY {self._key}, ord"
        ))  # fmt: skip
        ahead: list[Any] = list(itertools.islice(rows, 1))
        while ahead:
            key: str = ahead[0][0]
            tally = _Tally(parts=self._parts)
            telling = Telling(key, self._sentences_of(key, rows, ahead, tally), tally)
            yield telling
            for _ in telling.sentences():  # what the reader left unread
                pass

    def _sentences_of(
        self, key: str, rows: Iterator[Any], ahead: list[Any], tally: _Tally
    ) -> Iterator[Sentence]:
        """The sentences of period `key`; `ahead` holds the next row, shared between periods."""
        while ahead and ahead[0][0] == key:
            _, shape, payload = ahead.pop()
            ahead.extend(itertools.islice(rows, 1))
            item = orjson.loads(payload)
            tally.add(*item["count"])
            run = self._runs.get((shape, key)) if shape is not None else None
            if run is None:
                yield self._sentence(
                    item["text"], [item["id"]], item["cites"], item["notes"], item["amended"]
                )
            elif run.first == key:
                yield self._folded(run)

    def _folded(self, run: _Run) -> Sentence:
        members = [
            orjson.loads(spool.unseal(payload))
            for (payload,) in self._db.execute(
                f"SELECT payload FROM told WHERE {self._shape} = ? AND {self._key} BETWEEN ? AND ? "
                f"ORDER BY {self._key}",
                (run.shape, run.first, run.last),
            )
        ]
        words = self._shape_words[run.shape]
        unit = "month" if self.by == "month" else "year"
        first, last = period_name(_key_of(run.first)), period_name(_key_of(run.last))
        text = recurring(words.parts, words.people, run.count, unit, first, last)
        cites = [c for m in members for c in m["cites"]]
        return self._sentence(text, [m["id"] for m in members], cites, [])

    def _sentence(
        self, text: str, events: list[str], cites: list[list[Any]], notes: list[str],
        amended: Sequence[str] = (),
    ) -> Sentence:  # fmt: skip
        numbers = [self._cite(*c) for c in cites]
        return Sentence(text=text, events=tuple(events), cites=tuple(dict.fromkeys(numbers)),
                        notes=tuple(notes), amended=tuple(amended))  # fmt: skip

    def _cite(
        self, outlet: str, published: str, reference: str | None, grade: str | None = None,
        notes: Sequence[str] = (), via: str | None = None,
    ) -> int:  # fmt: skip
        key = (outlet, published, reference)
        number = self._sources.setdefault(key, len(self._sources) + 1)
        if grade is not None or notes or via:
            said = self._said.setdefault(key, ({}, {}, {}))
            said[0].update({grade: None} if grade else {})
            said[1].update(dict.fromkeys(notes))
            said[2].update({via: None} if via else {})
        return number

    def sources(self) -> Iterator[Citation]:
        """Every source cited, numbered in order of first citation, one at a time, with
        the grades it is given and the notes of the citations that cite it."""
        for (o, p, r), n in self._sources.items():
            grades, notes, via = self._said.get((o, p, r), ({}, {}, {}))
            yield Citation(number=n, outlet=o, published=p, reference=r, grades=tuple(grades),
                           notes=tuple(notes), via=next(iter(via), None))  # fmt: skip


def _latest(outcomes: set[Outcome], outcome: Outcome) -> None:
    """Keep in `outcomes` only those that may be a group's last: the status is found among
    them (`status_said`), and a group of a million events keeps a few."""
    if any(o.low() > outcome.high() for o in outcomes):
        return
    outcomes.difference_update([o for o in outcomes if outcome.low() > o.high()])
    outcomes.add(outcome)


class Telling:
    """One period as it is told: its sentences one at a time, then its counts."""

    def __init__(self, key: str, sentences: Iterator[Sentence], tally: _Tally) -> None:
        period = _key_of(key)
        self.name = period_name(period)
        self.start = date(period[0], period[2] or 1, 1) if period else None
        self._sentences = sentences
        self._tally = tally

    def sentences(self) -> Iterator[Sentence]:
        return self._sentences

    @property
    def counts(self) -> Counts:
        """The period's outcomes: complete once its sentences have been read."""
        return self._tally.counts()

    def whole(self) -> Period:
        return Period(name=self.name, start=self.start, sentences=tuple(self._sentences),
                      counts=self.counts)  # fmt: skip


def summarise(
    entries: Iterable[TimelineEntry], *, by: str = "auto", scope: Scope = WHOLE
) -> Summary:
    """The whole summary at once, for a record that fits in memory, in any order; `scope`:
    what the entries are (the whole record, or what filters chose)."""
    stream = SummaryStream(sorted(entries, key=TimelineEntry.sort_key), by, scope)
    periods = tuple(telling.whole() for telling in stream.periods())
    return Summary(by=stream.by, cases=stream.cases, periods=periods, totals=stream.totals,
                   still_pending=stream.still_pending, sources=tuple(stream.sources()))  # fmt: skip


class PeriodTold(Protocol):
    """A period as the writers read it: its sentences one at a time, then its counts."""

    name: str
    start: date | None

    def sentences(self) -> Iterator[Sentence]: ...

    @property
    def counts(self) -> Counts: ...


class Told(Protocol):
    """A summary as the writers read it: a `SummaryStream`, or a `Summary` held whole."""

    cases: tuple[str, ...]
    by: str
    still_pending: int

    @property
    def totals(self) -> Counts: ...

    @property
    def counted(self) -> Counts:
        """The totals without the figures reported, which `figures` gives one at a time."""
        ...

    def figures(self) -> Iterator[Figure]: ...

    def periods(self) -> Iterator[PeriodTold]: ...

    def sources(self) -> Iterable[Citation]: ...


def covered(told: Told) -> str:
    """What a summary covers, after `Summary of`: `three cases, by year`, then the part of
    the record its filters chose (`: the events that may have happened in 2004`)."""
    cases = len(told.cases)
    said = f"{number(cases)} case{'s' if cases != 1 else ''}, by {told.by}"
    return said + told.counted.scope.header()
