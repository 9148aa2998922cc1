"""What every export says the same way: an event's kind in words, its sources, their numbers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from projections.record import TimelineEntry
from projections.wording import number, people

Write = Callable[[str], object]
"""Where an export writes its text, a piece at a time."""

KINDS = {
    "fled_to_mission": "Fled to a diplomatic mission",
    "asylum_requested": "Asylum requested",
    "asylum_granted": "Asylum granted",
    "agency_contacted": "Agency contacted",
    "departed_to_third_country": "Departed to a third country",
    "arrived": "Arrived",
    "application_pending": "Application pending",
    "returned": "Returned",
    "application_refused": "Application refused",
    "protection_granted": "Protection granted",
    "detained": "Detained",
    "released": "Released",
    "figure_reported": "Figure reported",
    "policy_stated": "Policy stated",
    "observation": "Observation",
}


def kind_words(kind: str) -> str:
    """`Departed to a third country` for `departed_to_third_country`."""
    return KINDS.get(kind) or kind.replace("_", " ").capitalize()


def headline(entry: TimelineEntry) -> str:
    """The kind of event and whom it is about: `Arrived: 12 people`, `Figure reported: about
    1,700 North Korean workers`."""
    words = kind_words(entry.kind)
    if entry.people is None:
        return words
    if entry.kind == "figure_reported":
        about = "about " if entry.details.get("about") else ""
        population = entry.details.get("population") or "people"
        return f"{words}: {about}{number(entry.people)} {population}"
    return f"{words}: {people(entry.people)}"


Cited = tuple[str, str, str | None]
"""A source as it is cited: outlet, publication date, reference."""


class Citable(Protocol):
    """A `Source`, or a summary's `Citation`."""

    @property
    def outlet(self) -> str: ...
    @property
    def published(self) -> str: ...
    @property
    def reference(self) -> str | None: ...


def cited(source: Citable) -> Cited:
    return (source.outlet, source.published, source.reference)


def citation(key: Cited) -> str:
    """`Kyodo, 2009-12-23 (ID 96523)`: as `Source.citation` writes it."""
    outlet, published, reference = key
    return f"{outlet}, {published}" + (f" ({reference})" if reference else "")


def sources_of(entry: TimelineEntry) -> tuple[Cited, ...]:
    """Every source of an entry (its corrections', citations' and disputes' included, as the
    summary cites them), each once, in order."""
    return tuple(dict.fromkeys(cited(s) for s in entry.all_sources()))


def notes_of(entry: TimelineEntry) -> tuple[str, ...]:
    """What amended the entry: `corrected (ID): reason`, `retracted (ID): reason`."""
    notes = [f"corrected ({c.id}): {c.reason}" for c in entry.corrections]
    if entry.retraction is not None:
        notes.append(f"retracted ({entry.retraction.id}): {entry.retraction.reason}")
    return tuple(notes)


class SourceNumbers:
    """One number per source: the summary's numbers first, then each new source in the
    order it is first cited."""

    def __init__(self, numbered: Iterable[tuple[int, Cited]] = ()) -> None:
        self._numbers: dict[Cited, int] = {key: n for n, key in numbered}

    def number(self, key: Cited) -> int:
        return self._numbers.setdefault(key, len(self._numbers) + 1)

    def numbers(self, entry: TimelineEntry) -> tuple[int, ...]:
        return tuple(self.number(key) for key in sources_of(entry))

    def listed(self) -> Iterator[tuple[int, str]]:
        """Every source numbered so far, as (number, citation), by number."""
        return ((n, citation(key)) for key, n in sorted(self._numbers.items(), key=_by_number))


def _by_number(item: tuple[Cited, int]) -> int:
    return item[1]
