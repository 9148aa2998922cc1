"""JSON Lines: the recorded history in the import format, ready to import into another store.

Each line is the instruction that recorded an event (`projections.history.as_line`),
in the order the events were recorded. Importing the lines into an empty store
gives the same timeline, case views and summary: openings, facts, corrections,
retractions, closings and reopenings are all there.
"""

from __future__ import annotations

import heapq
from collections.abc import Container, Iterable, Iterator, Sequence
from typing import Any

import orjson

from domain.application import Timeline
from projections.history import replay_entries
from projections.known import NOW, Known
from reports.exports.common import Write

_AMENDMENTS = ("correction", "citation", "dispute", "retraction")
_AMENDING_ONLY = ("correction", "retraction")
_OF_THE_CASE = ("case_opened", "case_closed", "case_reopened")
_ERASED = ("erased", "case_erased")


def history(
    app: Timeline, cases: Sequence[str] = (), known: Known = NOW
) -> Iterator[dict[str, Any]]:
    """The replayed history of these cases (of every case if none), in recorded order."""
    if not cases:
        return replay_entries(app, None, known)
    streams = [replay_entries(app, case, known) for case in dict.fromkeys(cases)]
    return heapq.merge(*streams, key=_position)


def _position(item: dict[str, Any]) -> int:
    position: int = item["position"]
    return position


def replayable(
    replayed: Iterable[dict[str, Any]], keep: Container[str] | None = None
) -> Iterator[dict[str, Any]]:
    """The import lines of a replayed history.

    With `keep`, only the facts whose ids it holds stay, with their corrections,
    retractions, citations and disputes (and those's corrections and retractions); every
    case's opening, closing and reopening stays. Events are
    renumbered as an empty store will number them, so a correction or retraction
    names the event it amends there.
    """
    counted: dict[str, int] = {}  # lines written so far, by case
    renamed: dict[str, str] = {}  # a kept fact's id here -> its id in the new store
    for item in replayed:
        if item["kind"] in _ERASED:
            continue  # an erased case is not carried into another store
        line = {k: v for k, v in item.items() if k not in ("position", "recorded", "id")}
        if line["kind"] in _AMENDMENTS:
            if line["event"] not in renamed:
                continue
            line["event"] = renamed[line["event"]]
        elif line["kind"] not in _OF_THE_CASE and keep is not None and item["id"] not in keep:
            continue
        case = item["id"].rpartition(":")[0]
        counted[case] = counted.get(case, 0) + 1
        if line["kind"] not in _AMENDING_ONLY and line["kind"] not in _OF_THE_CASE:
            # a fact, or a citation or dispute, which a correction or retraction may name
            renamed[item["id"]] = f"{case}:{counted[case]}"
        yield line


def write_jsonl(lines: Iterable[dict[str, Any]], write: Write) -> None:
    """One JSON object a line (orjson), in the order given."""
    for line in lines:
        write(orjson.dumps(line).decode() + "\n")
