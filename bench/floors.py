"""Floors of the import and the rebuild: what the design card's libraries cost by themselves.

Each floor does the least that an import (or a rebuild) must do when pydantic
validates every event and eventsourcing makes (or decodes) an event object for it,
through the store's mapper, with none of timeline's rules; it is timed as a command of
its own, as `timeline import` and `timeline projections rebuild` are (start-up
included), against the same raw SQLite reference. Where a floor's ratio is above a
target, no code can meet that target that keeps those libraries in the path of every
event.

- The import's floor reads the file a line at a time, validates each line with the
  vocabulary's pydantic models (which the record needs whatever else it skips), makes
  one event per line on an eventsourcing aggregate of its case (`trigger_event`,
  the library's cheapest way to make an event), maps each through the store's
  pydantic+orjson mapper into the table eventsourcing's SQLite recorder made, and
  inserts them all with the raw reference's own `executemany`, in one transaction. It
  leaves out the Case's rules, the hash chain, snapshots, held pages, receipts and the
  progress bar.
- The rebuild's floor reads every stored event through the recorder a page at a time,
  decodes each through the mapper and writes each fact's JSON (pydantic's serializer)
  as one row of a table keyed as the timeline's view, in one transaction. It leaves out
  the fold (corrections, citations, disputes, retractions folded into their entries),
  the entries' dates and the case views.

Both pause Python's cycle collector, as ours do (`storage.cycles`).

Run by the benchmark as `python -m bench.floors import FILE STORE` and
`python -m bench.floors rebuild STORE TARGET`; each prints how many rows it wrote.
"""

from __future__ import annotations

import gc
import sqlite3
import sys
from pathlib import Path
from uuid import UUID

import orjson
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import Mapper

from events.ids import EventId
from events.instructions import Amending, Instruction, read_instruction
from storage.codec import OrjsonTranscoder, PydanticMapper

PAGE = 1000
"""Stored events read at a time by the rebuild's floor, as by the rebuild."""


class Kept(Aggregate):
    """An aggregate with no rules and no state: one event per instruction, the first of its
    case creating it."""

    @event("Opened")
    def __init__(self, instruction: Instruction) -> None:
        pass

    class Said(Aggregate.Event):
        instruction: Instruction


class Plain(Application[UUID]):
    """eventsourcing's application on its own SQLite recorder, with the store's mapper."""

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(transcoder=OrjsonTranscoder(), mapper_class=PydanticMapper)


def import_floor(source: Path, store: Path) -> int:
    """Store one event per line of `source` in a new SQLite store at `store`."""
    app = Plain(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(store)})
    cases: dict[str, Kept] = {}
    rows = []
    to_stored = app.mapper.to_stored_event
    with source.open("rb") as lines:
        for line in lines:
            if not line.strip():
                continue
            instruction = read_instruction(orjson.loads(line))
            slug = _case_of(instruction)
            case = cases.get(slug)
            if case is None:
                case = cases[slug] = Kept(instruction)
            else:
                case.trigger_event(Kept.Said, instruction=instruction)
            for event in case.collect_events():
                stored = to_stored(event)
                rows.append((_hex(stored.originator_id), stored.originator_version, stored.topic,
                             stored.state))  # fmt: skip
    # the raw reference's own statement: eventsourcing's recorder inserts a row at a time
    # (to learn each one's position), which costs more than this
    with sqlite3.connect(store, isolation_level=None) as db:
        db.execute("BEGIN")
        db.executemany("INSERT INTO stored_events (originator_id, originator_version, topic, "
                       "state) VALUES (?, ?, ?, ?)", rows)  # fmt: skip
        db.execute("COMMIT")
    return len(rows)


def _case_of(instruction: Instruction) -> str:
    """The slug of the case an instruction is about (an amendment names it in its event id)."""
    if isinstance(instruction, Amending):
        return EventId.parse(instruction.event).case
    return instruction.case


def rebuild_floor(store: Path, target: Path) -> int:
    """Write a row of each stored fact's JSON, keyed by case and version, into `target`."""
    from events.facts import complete
    from storage.opening import open_timeline

    complete()
    app = open_timeline(str(store))
    decode = app.mapper.to_domain_event
    written = 0
    with sqlite3.connect(target, isolation_level=None) as out:
        out.execute("PRAGMA journal_mode=WAL")
        out.execute("CREATE TABLE IF NOT EXISTS facts (case_id TEXT NOT NULL, "
                    "version INTEGER NOT NULL, position BIGINT NOT NULL, fact BLOB NOT NULL, "
                    "PRIMARY KEY (case_id, version))")  # fmt: skip
        out.execute("BEGIN")
        out.execute("DELETE FROM facts")
        done = 0
        while page := app.recorder.select_notifications(done, PAGE, inclusive_of_start=False):
            rows = []
            for notification in page:
                fact = getattr(decode(notification), "fact", None)
                if fact is not None:
                    json = bytes(fact.__pydantic_serializer__.to_json(fact))
                    rows.append((_hex(notification.originator_id),
                                 notification.originator_version, notification.id, json))  # fmt: skip
            out.executemany("INSERT INTO facts VALUES (?, ?, ?, ?)", rows)
            written += len(rows)
            done = page[-1].id
        out.execute("COMMIT")
    return written


def _hex(originator_id: UUID | str) -> str:
    """A case id as eventsourcing's SQLite recorder writes it."""
    return originator_id.hex if isinstance(originator_id, UUID) else originator_id


def main(argv: list[str]) -> None:
    gc.disable()
    job, first, second = argv
    jobs = {"import": import_floor, "rebuild": rebuild_floor}
    print(jobs[job](Path(first), Path(second)))


if __name__ == "__main__":
    main(sys.argv[1:])
