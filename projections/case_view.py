"""The case view: one case as the record tells it, computed from its entries (pure)."""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections.abc import Collection, Iterable
from datetime import date
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from events.edtf import parse_edtf
from events.facts import each_agency_named
from events.sources import Source
from events.values import MAIN_GROUP
from projections.record import CaseRecord, TimelineEntry

# The ranking of outcomes: an outcome further down the list says more about where the
# people are now (a return to the country of origin is the furthest, a refusal outweighs a
# pending application). A status follows time (`status_said`): the ranking orders only
# outcomes whose dates overlap, where the record cannot say which came last.
_STAGES: tuple[tuple[str, frozenset[str]], ...] = (
    ("asylum requested", frozenset({"fled_to_mission", "asylum_requested", "agency_contacted"})),
    ("detained", frozenset({"detained"})),
    ("released", frozenset({"released"})),
    ("pending", frozenset({"application_pending"})),
    ("no protection", frozenset({"no_protection"})),
    ("refused", frozenset({"application_refused"})),
    ("protected", frozenset({"protection_granted"})),
    ("granted", frozenset({"asylum_granted"})),
    ("departed", frozenset({"departed_to_third_country"})),
    ("arrived", frozenset({"arrived"})),
    ("returned", frozenset({"returned"})),
)
_STAGE_OF = {kind: name for name, kinds in _STAGES for kind in kinds}
_ORDER = {name: n for n, (name, _) in enumerate(_STAGES)}

"""What `within` names to say the people are part of the case's main group (the group of
the events that name none), as `case show` names it."""

GroupKey = tuple[str | None, str | None]
"""A group as the views key it: (its name, None) for a named group, (None, None) for the
case's main group, (None, GROUP) for the unnamed part of GROUP an event is about when it
names no group of its own but is `within` one."""


def group_key(group: str | None, within: str | None) -> GroupKey:
    """The group an event is about: its own, or the unnamed part of the one it is within."""
    return (group, None) if group is not None or within is None else (None, within)


_tuple = tuple.__new__

MAIN: GroupKey = (None, None)
"""The case's main group, as the views key it."""


def _named(name: str) -> GroupKey:
    return MAIN if name == MAIN_GROUP else (name, None)


class Parts:
    """Which group each part is within: told by the events' `within`, the group of a part
    named on one of its events being its group on every event. Where two events put one
    group within two others, the first by name is taken, whatever order they were recorded
    in."""

    def __init__(self) -> None:
        self.parent: dict[GroupKey, GroupKey] = {}

    def note(self, key: GroupKey, within: str | None) -> None:
        if within is None:
            return
        parent = _named(within)
        if parent == key:
            return
        known = self.parent.get(key)
        if known is None or _by_name(parent) < _by_name(known):
            self.parent[key] = parent

    def holders(self, key: GroupKey) -> list[GroupKey]:
        """`key`, the group it is within, the group that one is within, ... (a circle of
        parts stops where it comes back)."""
        found = [key]
        while key in self.parent and self.parent[key] not in found:
            key = self.parent[key]
            found.append(key)
        return found

    def top(self, key: GroupKey) -> GroupKey:
        """The group that holds `key` and is within no other."""
        return self.holders(key)[-1]

    def rolled_up(self, numbers: dict[GroupKey, int]) -> dict[GroupKey, int]:
        """The number of each group that holds some of `numbers` (people, or people an
        outcome reached, by group): the larger of its own and the sum of its direct parts'
        (each found the same way). Parts named apart are different people, all within their
        group: 3 within the twelve and 4 within the twelve are 7 of them, never 4, and never
        more than the twelve added to them."""
        children: dict[GroupKey, list[GroupKey]] = {}
        for key in numbers:
            for part, holder in itertools.pairwise(self.holders(key)):
                if part not in children.setdefault(holder, []):
                    children[holder].append(part)
        found: dict[GroupKey, int] = {}

        def of(key: GroupKey, seen: frozenset[GroupKey]) -> int:
            if key not in found:
                below = sum(of(c, seen | {key}) for c in children.get(key, ()) if c not in seen)
                found[key] = max(numbers.get(key, 0), below)
            return found[key]

        for key in [*numbers, *children]:
            of(key, frozenset())
        return found


def _by_name(key: GroupKey) -> tuple[str, str]:
    return (key[0] or "", key[1] or "")


class Outcome(NamedTuple):
    """One outcome of a group, as its status is found: its stage, its date (as written) and
    the days it may fall on (a tuple: a case view makes one of most of its entries)."""

    stage: str
    when: str
    earliest: dt.date | None
    latest: dt.date | None

    def low(self) -> date:
        return self.earliest or date.min

    def high(self) -> date:
        return self.latest or date.max


def outcome_of(entry: TimelineEntry) -> Outcome | None:
    stage = _STAGE_OF.get(entry.kind)
    if stage is None:
        return None
    return Outcome(stage, entry.date, entry.earliest, entry.latest)


def status_said(outcomes: Iterable[Outcome]) -> tuple[str, str]:
    """A group's status, and where the words need more than its name, the words.

    The status is the latest outcome by date: the one no other certainly follows. Where
    several may be the latest (their dates overlap, or are open), the ranking of `_STAGES`
    picks among them, and the words say so: `granted or refused: the dates overlap`. Where
    an earlier outcome ranks further than the latest, the words give both, with their dates:
    `returned (2007), then protected (2016)`. Found from the outcomes alone, so the order
    the events were recorded in changes nothing.
    """
    # each outcome once, by when it may fall (two outcomes alike there say the same)
    found = sorted({_outcome_order(o): o for o in outcomes}.items())
    if not found:
        return "open", ""
    # the outcomes no other certainly follows: none starts after their last possible day
    starts = max(when[0] for when, _ in found)
    last = [(when, o) for when, o in found if when[1] >= starts]
    stages = sorted({o.stage for _, o in last}, key=_ORDER.__getitem__, reverse=True)
    status = stages[0]
    if len(stages) > 1:
        return status, f"{' or '.join(stages)}: the dates overlap"
    latest = max(last)[1]
    rank = _ORDER[status]
    further = [(when, o) for when, o in found if when[1] < starts and _ORDER[o.stage] > rank]
    if not further:
        return status, ""
    before = max(further, key=lambda found: (_ORDER[found[1].stage], *found[0]))[1]
    return status, f"{before.stage} ({before.when}), then {status} ({latest.when})"


def _outcome_order(o: Outcome) -> tuple[date, date, str, str]:
    return (o.earliest or date.min, o.latest or date.max, o.when, o.stage)


class GroupView(BaseModel):
    """A group of people within a case: its name (None: the case's main group, or an unnamed
    part of the group it is `within`), its size (the largest number any of its events or
    parts gives it), how many events are about it, its status (the latest outcome its own
    events reach, `status_said`) and the words for it where its name is not enough (`said`),
    and the group it is part of (`within`; `main group`: the case's main group)."""

    model_config = ConfigDict(frozen=True)

    name: str | None
    people: int | None
    events: int
    status: str
    said: str = ""
    within: str | None = None


class CaseView(BaseModel):
    """Title, status, people, date span, places, agencies, events and sources of a case."""

    model_config = ConfigDict(frozen=True)

    slug: str
    title: str
    status: str
    closed: bool
    people: int | None
    earliest: date | None
    latest: date | None
    places: tuple[str, ...]
    agencies: tuple[str, ...]
    events: int
    retracted: int
    sources: tuple[str, ...]
    groups: tuple[GroupView, ...] = ()
    first: str | None = None
    """The span's start as written: the start of the date (EDTF) whose earliest possible
    day is `earliest` (`199X` of `199X/200X`), never a day the record does not have."""
    last: str | None = None
    """The span's end as written: the end of the date whose latest possible day is
    `latest` (`2009-12` of `../2009-12`)."""


def status_of(closed: bool, outcomes: Iterable[Outcome]) -> str:
    """`closed`, or the status the outcomes of one group give it (`status_said`)."""
    return "closed" if closed else status_said(outcomes)[0]


def case_status(closed: bool, groups: Iterable[GroupView]) -> str:
    """`closed`, or the status of each group, the furthest first, without repeats: `returned,
    arrived` for a case one group of which reached safety and another was sent back. One
    group's outcome says nothing of another's, so neither hides the other. Groups whose
    events reach no outcome yet are left out (`open` if none has one).
    """
    if closed:
        return "closed"
    reached = {g.status for g in groups} - {"open"}
    return ", ".join(sorted(reached, key=_ORDER.__getitem__, reverse=True)) or "open"


def groups_of(entries: Iterable[TimelineEntry]) -> tuple[GroupView, ...]:
    """The groups a case's events are about, the main group first, then by first mention,
    each part after the groups it is within.

    A group's size is the largest number any of its events gives it, or any of its parts:
    people are counted once, not once per event, and a part of a group is not more people.
    A number of 0 (stored before it was refused) gives no size. Figures reported (counts of
    a population in a region) describe context, not the case's own people, and belong to no
    group.
    """
    return _groups(sorted(map(gist, entries), key=_position))


def _groups(entries: list[Gist]) -> tuple[GroupView, ...]:
    """`groups_of` the gists of a case's entries, in the order they were recorded."""
    sizes: dict[GroupKey, int | None] = {}
    events: dict[GroupKey, int] = {}
    outcomes: dict[GroupKey, list[Outcome]] = {}
    parts = Parts()
    # the main group's events first, each side in the order recorded
    main = [e for e in entries if e.key == MAIN]
    for e in [*main, *(e for e in entries if e.key != MAIN)]:
        if e.kind == "figure_reported":
            continue
        key = e.key
        if e.within is not None:
            parts.note(key, e.within)
        known, n = sizes.get(key), e.people
        sizes[key] = max(known, n) if known and n else (known or n or None)
        events[key] = events.get(key, 0) + 1
        found = outcomes.setdefault(key, [])
        if e.outcome is not None:
            found.append(e.outcome)
    for key, parent in list(parts.parent.items()):  # a group named only by its parts
        for k in (key, parent):
            sizes.setdefault(k, None)
            events.setdefault(k, 0)
            outcomes.setdefault(k, [])
    given = {key: n for key, n in sizes.items() if n is not None}
    rolled = parts.rolled_up(given)
    views = []
    for key in sizes:
        # what happened to a group happened to each of its parts: the whole group's outcomes
        # count towards a part's status, not a part's towards the group's
        holders = parts.holders(key)
        status, said = status_said(o for k in holders for o in outcomes[k])
        holder = parts.parent.get(key)
        within = None if holder is None else (holder[0] or MAIN_GROUP)
        views.append((len(holders), GroupView(name=key[0], people=rolled.get(key),
                                              events=events[key], status=status, said=said,
                                              within=within)))  # fmt: skip
    # the parts after the groups they are within, in order of first mention at each depth
    views.sort(key=operator.itemgetter(0))
    return tuple(view for _, view in views)


def people_in(groups: Iterable[GroupView]) -> int | None:
    """The people of a case: the sum of the sizes of its groups that are part of no other
    (a part's people are counted in its group's); None if no event gives a number."""
    sizes = [g.people for g in groups if g.people is not None and g.within is None]
    return sum(sizes) if sizes else None


class Gist(NamedTuple):
    """What a case view reads of one entry (`gist`): a rebuild holds this much of each entry
    of the cases it holds (`projections.compiled` makes it of a recorded fact)."""

    position: int
    retracted: bool
    kind: str
    date: str
    earliest: dt.date | None
    latest: dt.date | None
    people: int | None
    within: str | None
    place: str | None
    names: tuple[str, ...]
    """Every agency, mission or authority it names (`events.facts.each_agency_named`)."""
    cites: tuple[str, ...]
    """The citation of each of its sources (`TimelineEntry.each_source`)."""
    key: GroupKey
    """The group it is about (`group_key`)."""
    outcome: Outcome | None
    order: tuple[dt.date, dt.date, int]
    """Its place in the timeline (`TimelineEntry.sort_key`)."""

    @classmethod
    def of(cls, position: int, retracted: bool, kind: str, date: str, earliest: dt.date | None,
           latest: dt.date | None, people: int | None, group: str | None, within: str | None,
           place: str | None, names: tuple[str, ...], cites: tuple[str, ...]) -> Gist:  # fmt: skip
        """The gist of an entry with these fields, given the agencies it names and its
        sources' citations."""
        stage = _STAGE_OF.get(kind)
        # made as tuples are, without the named tuples' own (Python) constructors: a rebuild
        # makes one of each of its entries
        outcome = None if stage is None else _tuple(Outcome, (stage, date, earliest, latest))
        key = MAIN if group is None and within is None else group_key(group, within)
        order = (earliest or dt.date.min, latest or dt.date.max, position)
        return _tuple(cls, (position, retracted, kind, date, earliest, latest, people, within,
                            place, names, cites, key, outcome, order))  # fmt: skip


def gist(entry: TimelineEntry) -> Gist:
    """What the case view reads of `entry`."""
    return Gist.of(entry.position, entry.retracted, entry.kind, entry.date, entry.earliest,
                   entry.latest, entry.people, entry.group, entry.within, entry.place,
                   tuple(each_agency_named(entry.agencies, entry.details)),
                   tuple(map(Source.citation, entry.each_source())))  # fmt: skip


def case_view(case: CaseRecord) -> CaseView:
    return view_of(case, [gist(e) for e in case.entries.values()])


def view_of(case: CaseRecord, entries: Collection[Gist]) -> CaseView:
    """The view of `case` whose entries, all of them, are told by `entries` (its own
    `entries` are not read)."""
    # builtins over the gists' fields: a rebuild computes hundreds of thousands of these
    live = sorted(itertools.filterfalse(_retracted, entries), key=_position)
    earliest = min(filter(None, map(_earliest, live)), default=None)
    latest = max(filter(None, map(_latest, live)), default=None)
    # the span's ends as written, found among the entries that reach its first and last day
    first = min((e for e in live if e.earliest == earliest), key=_starts) if earliest else None
    last = max((e for e in live if e.latest == latest), key=_ends) if latest else None
    groups = _groups(live)
    return CaseView(
        slug=case.slug,
        title=case.title,
        status=case_status(case.closed, groups),
        closed=case.closed,
        people=people_in(groups),
        groups=groups,
        earliest=earliest,
        latest=latest,
        places=_distinct(map(_place, sorted(filter(_place, live), key=_order))),
        agencies=_distinct(itertools.chain.from_iterable(map(_names, live))),
        events=len(live),
        retracted=len(entries) - len(live),
        sources=_distinct(itertools.chain.from_iterable(map(_cites, live))),
        first=first.date.split("/")[0] if first else None,
        last=last.date.split("/")[-1] if last else None,
    )


_retracted = operator.attrgetter("retracted")
_position = operator.attrgetter("position")
_earliest = operator.attrgetter("earliest")
_latest = operator.attrgetter("latest")
_place = operator.attrgetter("place")
_order = operator.attrgetter("order")
_names = operator.attrgetter("names")
_cites = operator.attrgetter("cites")


def _starts(entry: Gist) -> tuple[date, date, int]:
    """Of two dates that may start the same day, the more precise start says the span's
    start (`2009-12` before `200X`)."""
    start = parse_edtf(entry.date).start
    earliest = entry.earliest or date.min
    return earliest, start.latest if start else earliest, entry.position


def _ends(entry: Gist) -> tuple[date, date, int]:
    end = parse_edtf(entry.date).end
    latest = entry.latest or date.max
    return latest, end.earliest if end else latest, -entry.position


def _distinct(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
