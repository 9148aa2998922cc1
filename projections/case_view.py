"""The case view: one case as the record tells it, computed from its entries (pure)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict

from events.edtf import parse_edtf
from events.facts import each_agency_named
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


def _named(name: str) -> GroupKey:
    return (None, None) if name == MAIN_GROUP else (name, None)


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


@dataclass(frozen=True)
class Outcome:
    """One outcome of a group, as its status is found: its stage, its date (as written) and
    the days it may fall on."""

    stage: str
    when: str
    earliest: date | None
    latest: date | None

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
    found = sorted(set(outcomes), key=_outcome_order)
    if not found:
        return "open", ""
    # the outcomes no other certainly follows: none starts after their last possible day
    starts = max(o.low() for o in found)
    last = [o for o in found if o.high() >= starts]
    stages = sorted({o.stage for o in last}, key=_ORDER.__getitem__, reverse=True)
    status = stages[0]
    if len(stages) > 1:
        return status, f"{' or '.join(stages)}: the dates overlap"
    latest = max(last, key=_outcome_order)
    further = [o for o in found if o.high() < starts and _ORDER[o.stage] > _ORDER[status]]
    if not further:
        return status, ""
    before = max(further, key=lambda o: (_ORDER[o.stage], *_outcome_order(o)))
    return status, f"{before.stage} ({before.when}), then {status} ({latest.when})"


def _outcome_order(o: Outcome) -> tuple[date, date, str, str]:
    return (o.low(), o.high(), o.when, o.stage)


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
    sizes: dict[GroupKey, int | None] = {}
    events: dict[GroupKey, int] = {}
    outcomes: dict[GroupKey, list[Outcome]] = {}
    parts = Parts()
    for e in sorted(entries, key=lambda e: (e.group is not None or e.within is not None,
                                            e.position)):  # fmt: skip
        if e.kind == "figure_reported":
            continue
        key = group_key(e.group, e.within)
        parts.note(key, e.within)
        known = [n for n in (sizes.get(key), e.people) if n]
        sizes[key] = max(known) if known else None
        events[key] = events.get(key, 0) + 1
        outcome = outcome_of(e)
        outcomes.setdefault(key, [])
        if outcome is not None:
            outcomes[key].append(outcome)
    for key, parent in list(parts.parent.items()):  # a group named only by its parts
        for k in (key, parent):
            sizes.setdefault(k, None)
            events.setdefault(k, 0)
            outcomes.setdefault(k, [])
    given = {key: n for key, n in sizes.items() if n is not None}
    rolled = parts.rolled_up(given)
    whole = {key: rolled.get(key) for key in sizes}
    views = []
    for key in sizes:
        # what happened to a group happened to each of its parts: the whole group's outcomes
        # count towards a part's status, not a part's towards the group's
        status, said = status_said(o for k in parts.holders(key) for o in outcomes[k])
        holder = parts.parent.get(key)
        within = None if holder is None else (holder[0] or MAIN_GROUP)
        views.append(GroupView(name=key[0], people=whole[key], events=events[key],
                               status=status, said=said, within=within))  # fmt: skip
    depth = {key: len(parts.holders(key)) for key in sizes}
    order = {key: n for n, key in enumerate(sizes)}
    keys = sorted(sizes, key=lambda k: (depth[k], order[k]))
    by_key = dict(zip(sizes, views, strict=True))
    return tuple(by_key[k] for k in keys)


def people_in(groups: Iterable[GroupView]) -> int | None:
    """The people of a case: the sum of the sizes of its groups that are part of no other
    (a part's people are counted in its group's); None if no event gives a number."""
    sizes = [g.people for g in groups if g.people is not None and g.within is None]
    return sum(sizes) if sizes else None


def case_view(case: CaseRecord) -> CaseView:
    live = sorted((e for e in case.entries.values() if not e.retracted), key=lambda e: e.position)
    earliest = [e.earliest for e in live if e.earliest is not None]
    latest = [e.latest for e in live if e.latest is not None]
    first = min((e for e in live if e.earliest is not None), key=_starts, default=None)
    last = max((e for e in live if e.latest is not None), key=_ends, default=None)
    groups = groups_of(live)
    return CaseView(
        slug=case.slug,
        title=case.title,
        status=case_status(case.closed, groups),
        closed=case.closed,
        people=people_in(groups),
        groups=groups,
        earliest=min(earliest) if earliest else None,
        latest=max(latest) if latest else None,
        places=_distinct(e.place for e in sorted(live, key=TimelineEntry.sort_key) if e.place),
        agencies=_distinct(a for e in live for a in each_agency_named(e.agencies, e.details)),
        events=len(live),
        retracted=len(case.entries) - len(live),
        sources=_distinct(s.citation() for e in live for s in e.each_source()),
        first=first.date.split("/")[0] if first else None,
        last=last.date.split("/")[-1] if last else None,
    )


def _starts(entry: TimelineEntry) -> tuple[date, date, int]:
    """Of two dates that may start the same day, the more precise start says the span's
    start (`2009-12` before `200X`)."""
    start = parse_edtf(entry.date).start
    earliest = entry.earliest or date.min
    return earliest, start.latest if start else earliest, entry.position


def _ends(entry: TimelineEntry) -> tuple[date, date, int]:
    end = parse_edtf(entry.date).end
    latest = entry.latest or date.max
    return latest, end.earliest if end else latest, -entry.position


def _distinct(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
