"""What every export says the same way: an event's kind in words, its sources, their numbers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from events import citing
from events.sources import Source
from projections.record import Corroboration, Dispute, TimelineEntry
from reports.wording import number, people

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
    "no_protection": "No protection reported",
    "detained": "Detained",
    "released": "Released",
    "figure_reported": "Figure reported",
    "policy_stated": "Policy stated",
    "observation": "Observation",
}


def middle_ellipsis(text: str, most: int) -> str:
    """The text, or its start and its end with an ellipsis between when it is longer than
    `most`: titles that begin alike stay told apart by their ends."""
    if len(text) <= most:
        return text
    tail = (most - 1) // 2
    return text[: most - 1 - tail].rstrip() + "…" + text[-tail:].lstrip()


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


def headline_marked(entry: TimelineEntry) -> str:
    """The headline, `(disputed)` after it while a dispute of the event is open:
    `Arrived: 12 people (disputed)`."""
    said = headline(entry)
    return f"{said} (disputed)" if entry.open_disputes() else said


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
    return citing.citation(*key)


def supporting_of(entry: TimelineEntry) -> tuple[Source, ...]:
    """The sources that say what the record says, each once, in order: the event's own, its
    corrections' and its citations' (as `show` lists them), never a source of a dispute
    still open, even where that source is cited on the event too. A settled dispute's
    source supports the event only where a correction or citation cites it."""
    disputing = {cited(s) for d in entry.open_disputes() for s in d.sources}
    found: dict[Cited, Source] = {}
    for source in entry.supporting():
        key = cited(source)
        if key not in disputing and key not in found:
            found[key] = source
    return tuple(found.values())


def sources_of(entry: TimelineEntry) -> tuple[Cited, ...]:
    """The supporting sources of an entry (`supporting_of`), as cited."""
    return tuple(cited(s) for s in supporting_of(entry))


def disputes_of(entry: TimelineEntry) -> tuple[str, ...]:
    """Each dispute of the entry in `show`'s words: `disputed (c:9): Chosun Ilbo,
    2010-01-05 [C3] gives people 14 where the record has 12`; once a correction settled
    it, `dispute (c:9) settled by c:10: Chosun Ilbo, 2010-01-05 [C3] gave people 14`. A
    retracted dispute disputes nothing: it is not told."""
    return tuple(dispute_said(entry, d) for d in entry.live_disputes())


def dispute_said(entry: TimelineEntry, dispute: Dispute, *, with_id: bool = True) -> str:
    return citing.dispute_said(
        dispute.id if with_id else None,
        "; ".join(s.graded_citation() for s in dispute.sources),
        dispute.values,
        dispute.settled_by,
        lambda name: entry.details[name] if name in entry.details else getattr(entry, name, None),
    )


def citation_notes(entry: TimelineEntry) -> tuple[str, ...]:
    """The note of each citation and dispute of the entry that has one, with its id and its
    sources: `note (c:8, Yonhap, 2009-12-24 [B2]): names the twelve`; a retracted one says
    nothing, its note included."""
    citing: list[Corroboration | Dispute] = [*entry.live_citations(), *entry.live_disputes()]
    return tuple(
        f"note ({item.id}, {'; '.join(s.graded_citation() for s in item.sources)}): {item.note}"
        for item in citing
        if item.note
    )


def notes_of(entry: TimelineEntry) -> tuple[str, ...]:
    """What amended or disputes the entry: `corrected (ID): reason`, each dispute
    (`disputes_of`), each citation's or dispute's note (`citation_notes`), `retracted (ID):
    reason`."""
    notes = [f"corrected ({c.id}): {c.reason}" for c in entry.corrections]
    notes += disputes_of(entry)
    notes += citation_notes(entry)
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
        """The numbers of the sources that support the entry (`supporting_of`)."""
        return tuple(self.number(key) for key in sources_of(entry))

    def graded(self, entry: TimelineEntry) -> tuple[tuple[int, str | None], ...]:
        """The numbers of the sources that support the entry, each with its grade there."""
        return tuple((self.number(cited(s)), s.grade) for s in supporting_of(entry))

    def listed(self) -> Iterator[tuple[int, str]]:
        """Every source numbered so far, as (number, citation), by number."""
        return ((n, citation(key)) for key, n in sorted(self._numbers.items(), key=_by_number))


def _by_number(item: tuple[Cited, int]) -> int:
    return item[1]
