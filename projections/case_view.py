"""The case view: one case as the record tells it, computed from its entries (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pydantic import BaseModel, ConfigDict

from events.facts import each_agency_named
from projections.record import CaseRecord, TimelineEntry

# An outcome further down the list says more about where the people are now: a return
# to the country of origin is the furthest, a refusal outweighs a pending application.
_STAGES: tuple[tuple[str, frozenset[str]], ...] = (
    ("asylum requested", frozenset({"fled_to_mission", "asylum_requested", "agency_contacted"})),
    ("detained", frozenset({"detained"})),
    ("released", frozenset({"released"})),
    ("pending", frozenset({"application_pending"})),
    ("refused", frozenset({"application_refused"})),
    ("protected", frozenset({"protection_granted"})),
    ("granted", frozenset({"asylum_granted"})),
    ("departed", frozenset({"departed_to_third_country"})),
    ("arrived", frozenset({"arrived"})),
    ("returned", frozenset({"returned"})),
)


class GroupView(BaseModel):
    """A group of people within a case: its name (None: the case's main group), its size
    (the largest number any of its events gives it), how many events are about it, and
    its status (the furthest outcome its own events reach)."""

    model_config = ConfigDict(frozen=True)

    name: str | None
    people: int | None
    events: int
    status: str


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


def status_of(closed: bool, kinds: set[str]) -> str:
    """`closed`, or the furthest outcome that events of these kinds reach, about one group
    of people (`open` if none)."""
    if closed:
        return "closed"
    reached = [name for name, stage in _STAGES if kinds & stage]
    return reached[-1] if reached else "open"


_ORDER = {name: n for n, (name, _) in enumerate(_STAGES)}


def case_status(closed: bool, groups: Iterable[GroupView]) -> str:
    """`closed`, or the furthest outcome of each group, the furthest first, without
    repeats: `returned, arrived` for a case one group of which reached safety and another
    was sent back. One group's outcome says nothing of another's, so neither hides the
    other. Groups whose events reach no outcome yet are left out (`open` if none has one).
    """
    if closed:
        return "closed"
    reached = {g.status for g in groups} - {"open"}
    return ", ".join(sorted(reached, key=_ORDER.__getitem__, reverse=True)) or "open"


def groups_of(entries: Iterable[TimelineEntry]) -> tuple[GroupView, ...]:
    """The groups a case's events are about, the main group first, then by first mention.

    A group's size is the largest number any of its events gives it: people are counted
    once, not once per event. Figures reported (counts of a population in a region)
    describe context, not the case's own people, and belong to no group.
    """
    sizes: dict[str | None, int | None] = {}
    events: dict[str | None, int] = {}
    kinds: dict[str | None, set[str]] = {}
    for e in sorted(entries, key=lambda e: (e.group is not None, e.position)):
        if e.kind == "figure_reported":
            continue
        known = [n for n in (sizes.get(e.group), e.people) if n is not None]
        sizes[e.group] = max(known) if known else None
        events[e.group] = events.get(e.group, 0) + 1
        kinds.setdefault(e.group, set()).add(e.kind)
    return tuple(
        GroupView(name=g, people=n, events=events[g], status=status_of(False, kinds[g]))
        for g, n in sizes.items()
    )


def people_in(groups: Iterable[GroupView]) -> int | None:
    """The people of a case: the sum of its groups' sizes (None if no event gives a number)."""
    sizes = [g.people for g in groups if g.people is not None]
    return sum(sizes) if sizes else None


def case_view(case: CaseRecord) -> CaseView:
    live = sorted((e for e in case.entries.values() if not e.retracted), key=lambda e: e.position)
    earliest = [e.earliest for e in live if e.earliest is not None]
    latest = [e.latest for e in live if e.latest is not None]
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
    )


def _distinct(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
