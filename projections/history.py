"""The recorded history as a user reads it: each event in the import vocabulary.

A replayed event is the JSONL line that would record it again, plus its id, its
position in the log and when it was recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
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
        case Case.FactRetracted():
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
    app: Timeline, case: str | None = None, known: Known = NOW
) -> Iterator[dict[str, Any]]:
    """Every event recorded up to `known` (of one case, if given), in recorded order, streamed."""
    wanted = check_case(app, case) if case is not None else None
    slugs: dict[UUID, str] = {}
    for at in read_recorded(app, until=known.until, as_of=known.as_of, originator=wanted):
        if isinstance(at.event, Case.Opened | Case.Erased):
            slugs[at.case_id] = at.event.slug
        yield replay_entry(at, slugs.get(at.case_id, ""))


def event_history(app: Timeline, event: str, known: Known = NOW) -> list[dict[str, Any]]:
    """The recorded history of one dated event: the line that recorded it, then each
    correction and retraction of it, in recorded order."""
    from domain.errors import EventNotFound
    from events.instructions import INSTRUCTION_KINDS

    wanted = EventId.parse(event)
    found = [
        line
        for line in replay_entries(app, wanted.case, known)
        if line["id"] == str(wanted) or line.get("event") == str(wanted)
    ]
    if not found or found[0]["id"] != str(wanted) or found[0]["kind"] in INSTRUCTION_KINDS:
        raise EventNotFound(str(wanted))
    return found
