"""The recorded history as a user reads it: each event in the import vocabulary.

A replayed event is the JSONL line that would record it again, plus its id, its
position in the log and when it was recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any
from uuid import UUID

from domain.application import Timeline
from domain.case import Case
from domain.erasure import ErasedEvent
from domain.recorded import Receipt, Recorded
from events.ids import EventId
from projections.known import NOW, Known
from projections.recorded import read_recorded
from projections.timeline import check_case


def as_line(at: Recorded, slug: str) -> dict[str, Any]:
    """The instruction (as a JSONL object) that recorded this event."""
    e = at.event
    match e:
        case Case.Opened():
            return {"kind": "case_opened", "case": slug, "title": e.title}
        case Case.FactRecorded():
            fact: dict[str, Any] = e.fact.model_dump(mode="json")
            return {"kind": fact.pop("kind"), "case": slug, **fact}
        case Case.FactCorrected():
            return {
                "kind": "correction",
                "event": str(EventId(slug, e.target)),
                "changes": e.changes,
                "reason": e.reason,
                "sources": [s.model_dump(mode="json") for s in e.sources],
            }
        case Case.SourceCited():
            return {
                "kind": "citation",
                "event": str(EventId(slug, e.target)),
                "sources": [s.model_dump(mode="json") for s in e.sources],
                "note": e.note,
            }
        case Case.ValueDisputed():
            return {
                "kind": "dispute",
                "event": str(EventId(slug, e.target)),
                "values": e.values,
                "sources": [s.model_dump(mode="json") for s in e.sources],
                "note": e.note,
            }
        case Case.CitationCorrected():  # replays as the correction that recorded it
            return {
                "kind": "correction",
                "event": str(EventId(slug, e.target)),
                "changes": e.changes,
                "reason": e.reason,
                "sources": [],
            }
        case Case.FactRetracted() | Case.CitationRetracted():
            return {"kind": "retraction", "event": str(EventId(slug, e.target)), "reason": e.reason}
        case Case.Closed():
            return {"kind": "case_closed", "case": slug, "reason": e.reason}
        case Case.Reopened():
            return {"kind": "case_reopened", "case": slug, "reason": e.reason}
        case Case.Erased():
            return {"kind": "case_erased", "case": e.slug, "reason": e.reason}
        case ErasedEvent():
            return {"kind": "erased", "erased": e.kind}
    raise TypeError(f"no replay form for {type(e).__name__}")  # pragma: no cover


def moment(at: Recorded) -> str:
    """When the event was recorded, as the timeline's entries write it: ISO 8601 in UTC,
    ending in `Z` (`2026-11-28T14:11:06.951217Z`)."""
    return at.recorded.isoformat().replace("+00:00", "Z")


def replay_entry(at: Recorded, slug: str) -> dict[str, Any]:
    """`position`, `recorded`, `id`, then the line itself; of an erased case's event only
    its position, time and kind."""
    if isinstance(at.event, ErasedEvent):
        return {"position": at.position, "recorded": moment(at), **as_line(at, "")}
    return {
        "position": at.position,
        "recorded": moment(at),
        "id": str(EventId(slug, at.event.originator_version)),
        **as_line(at, slug),
    }


def receipt_entry(receipt: Receipt) -> dict[str, Any]:
    """A new event as `replay --json` shows it; an opening that restricts its case adds
    `restricted` and `grants` (the accounts granted it), as its import line gives them.
    They are not in the replay: who sees a case is kept beside the record, not in it."""
    entry = replay_entry(receipt.at, receipt.id.case)
    if receipt.access is not None and receipt.access.restricted:
        entry |= {"restricted": True, "grants": list(receipt.access.granted)}
    return entry


def replay_entries(
    app: Timeline,
    case: str | None = None,
    known: Known = NOW,
    *,
    after: int = 0,
    sees: Callable[[str], bool] | None = None,
) -> Iterator[dict[str, Any]]:
    """Every event recorded after position `after` and up to `known` (of one case, if given),
    in recorded order, streamed from `after` on, not from the start of the log; with `sees`,
    only the events of the cases it sees."""
    wanted = check_case(app, case) if case is not None else None
    yield from replayed(
        app,
        read_recorded(app, after=after, until=known.until, as_of=known.as_of, originator=wanted),
        sees,
    )


def replayed(
    app: Timeline, recorded: Iterable[Recorded], sees: Callable[[str], bool] | None = None
) -> Iterator[dict[str, Any]]:
    """The events of `recorded` as `replay --json` shows them; with `sees`, only those of
    the cases it sees."""
    slugs = _Slugs(app)
    for at in recorded:
        slug = slugs.of(at)
        if sees is None or sees(slug):
            yield replay_entry(at, slug)


class _Slugs:
    """Each case's slug by its id: from its opening, as the log is read; for a case opened
    before the reading started, from the views (read once, where one is met); for an
    erased case, from its last event, the erasure, which names it."""

    def __init__(self, app: Timeline) -> None:
        self.app = app
        self.by_id: dict[UUID, str] = {}
        self.viewed = False

    def of(self, at: Recorded) -> str:
        if isinstance(at.event, Case.Opened | Case.Erased):
            self.by_id[at.case_id] = at.event.slug
        elif at.case_id not in self.by_id and not isinstance(at.event, ErasedEvent):
            self._view()
        if at.case_id not in self.by_id:
            (last,) = self.app.recorder.select_events(at.case_id, desc=True, limit=1)
            erasure = self.app.mapper.to_domain_event(last)
            assert isinstance(erasure, Case.Erased)
            self.by_id[at.case_id] = erasure.slug
        return self.by_id[at.case_id]

    def _view(self) -> None:
        if not self.viewed:
            from projections.cases import case_views

            self.viewed = True
            self.by_id |= {Case.create_id(v.slug): v.slug for v in case_views(self.app)}


def event_history(app: Timeline, event: str, known: Known = NOW) -> list[dict[str, Any]]:
    """The recorded history of one dated event: the line that recorded it, then each
    correction, citation, dispute and retraction of it, and each correction and retraction
    of those citations and disputes, in recorded order."""
    from domain.errors import EventNotFound
    from events.instructions import INSTRUCTION_KINDS

    wanted = EventId.parse(event)
    named = {str(wanted)}
    found = []
    for line in replay_entries(app, wanted.case, known):
        if line["id"] in named or line.get("event") in named:
            found.append(line)
            if line["kind"] in ("citation", "dispute") and line["event"] == str(wanted):
                named.add(line["id"])
    if not found or found[0]["id"] != str(wanted) or found[0]["kind"] in INSTRUCTION_KINDS:
        raise EventNotFound(str(wanted))
    return found
