"""Importing a stream of instructions of any length, all or nothing, in bounded memory.

`Timeline.carry_out` holds a whole batch (instructions, events, stored events) in
memory before its one save: fine for a command, not for a file of millions of lines.
Here the instructions are taken as they are read, a page at a time: each page is
applied to its cases, encoded and inserted through the store's own recorder, in one
transaction of the store that spans the whole import, so a refused line N rolls back
every page before it. What stays in memory is one page and the cases the import has
touched (the state their rules need: each fact's kind by version).

The library's recorders commit each call of their public `insert_events`; a page is
written through their per-cursor insert instead (as `storage.copy` does), which the
hash chain extends as it inserts. Snapshots are written in the same transaction
where a case passes its snapshotting interval, as `Application.save` would.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Any

from domain.application import Batch, Timeline
from domain.case import Case
from domain.errors import Refused, TimelineError
from events.ids import EventId
from events.instructions import Instruction

PAGE = 1000
EVERY_CASE = ["*"] * 1_000
"""What an import locks: as many cases as the store's lock takes as all of them."""

Numbered = Iterable[tuple[int, Instruction]]
"""Instructions with the number that names each in a refusal (a file's line number)."""


class Imported:
    """What an import stored: how many events, and each one's id and position, kept in a
    temporary file rather than in memory."""

    def __init__(self) -> None:
        self.count = 0
        # closed by `close`: the receipts are read after the import, then dropped
        self._spool: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115

    def add(self, event_id: EventId, position: int) -> None:
        self._spool.write(f"{event_id}\t{position}\n")
        self.count += 1

    def receipts(self) -> Iterator[tuple[str, int]]:
        """Each stored event's id and position, in the order of the instructions."""
        self._spool.seek(0)
        for line in self._spool:
            event_id, position = line.rstrip("\n").split("\t")
            yield event_id, int(position)

    def close(self) -> None:
        self._spool.close()


def import_stream(
    app: Timeline,
    numbered: Numbered,
    *,
    page: int = PAGE,
    by: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Imported:
    """Carry out every instruction, in one transaction, a page at a time.

    Raises `Refused` whose `index` is the number given with the first refused
    instruction; an error raised while reading `numbered` stops the import the same
    way. Either way nothing is stored. `progress` is told how many events are done.
    """
    from eventsourcing.popo import POPOApplicationRecorder

    from domain.codec import recording_by

    imported = Imported()
    if isinstance(app.recorder, POPOApplicationRecorder):
        # a throwaway store in this process's memory: one batch, as any command
        return _in_memory(app, list(numbered), imported, by)
    keyed: list[Any] = []
    try:
        with app.writing_cases(EVERY_CASE), recording_by(by), _transaction(app) as (insert, keys):
            batch = Batch(app)
            snapshotted: dict[str, int] = {}
            for chunk in _pages(numbered, page):
                _import_page(app, batch, chunk, (insert, keys), imported, snapshotted, keyed)
                if progress:
                    progress(imported.count)
    except BaseException:
        imported.close()
        for case_id in keyed:  # their keys were never stored
            app.keyring.forget(case_id)  # type: ignore[union-attr]
        raise
    return imported


def _in_memory(
    app: Timeline, numbered: list[tuple[int, Instruction]], imported: Imported, by: str | None
) -> Imported:
    try:
        receipts = app.carry_out([instruction for _, instruction in numbered], by=by)
    except Refused as refused:
        raise Refused(numbered[refused.index][0], refused.cause) from refused.cause
    for receipt in receipts:
        imported.add(receipt.id, receipt.at.position)
    return imported


def _pages(numbered: Numbered, size: int) -> Iterator[list[tuple[int, Instruction]]]:
    chunk: list[tuple[int, Instruction]] = []
    for item in numbered:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


Insert = Callable[[list[Any], list[Any]], list[int]]
"""Insert stored events (and stored snapshots) in the import's transaction; their positions."""
AddKeys = Callable[[list[tuple[str, bytes]]], None]
"""Insert wrapped data keys (an encrypted store's) in the import's transaction."""


def _import_page(
    app: Timeline,
    batch: Batch,
    chunk: list[tuple[int, Instruction]],
    writes: tuple[Insert, AddKeys],
    imported: Imported,
    snapshotted: dict[str, int],
    keyed: list[Any],
) -> None:
    insert, add_keys = writes
    ids: list[EventId] = []
    events: list[Any] = []
    for number, instruction in chunk:
        try:
            event_id = batch.apply(instruction)
        except TimelineError as error:
            raise Refused(number, error) from error
        ids.append(event_id)
        events.append(batch.cases[event_id.case].pending_events[-1])
    if app.keyring is not None:  # an encrypted store: a data key for each new case
        touched = [batch.cases[slug] for slug in dict.fromkeys(i.case for i in ids)]
        opened = [c.id for c in touched if c.version == len(c.pending_events)]
        keyed += app.keyring.prepare_in(opened, add_keys)
    snapshots = []
    interval = app.snapshotting_intervals.get(Case, 0)
    for slug in dict.fromkeys(event_id.case for event_id in ids):
        case = batch.cases[slug]
        case.collect_events()
        if interval and case.version // interval > snapshotted.get(slug, 0):
            snapshotted[slug] = case.version // interval
            snapshots.append(Case.Snapshot.take(case))
    stored = [app.mapper.to_stored_event(event) for event in events]
    positions = insert(stored, [app.mapper.to_stored_event(s) for s in snapshots])
    for event_id, position in zip(ids, positions, strict=True):
        imported.add(event_id, position)


@contextmanager
def _transaction(app: Timeline) -> Iterator[tuple[Insert, AddKeys]]:
    """One transaction of the store's recorder, and its per-cursor insert of a page."""
    from eventsourcing.sqlite import SQLiteApplicationRecorder

    from domain.store import on_postgres

    recorder: Any = app.recorder
    snapshots: Any = app.snapshots.recorder if app.snapshots else None
    if isinstance(recorder, SQLiteApplicationRecorder):
        with recorder.datastore.transaction(commit=True) as cursor:

            def insert_sqlite(events: list[Any], shots: list[Any]) -> list[int]:
                positions = list(recorder._insert_events(cursor, events) or [])
                if shots and snapshots is not None:
                    snapshots._insert_events(cursor, shots)
                return positions

            yield insert_sqlite, _key_adder(app, cursor)
    elif on_postgres(app):
        with recorder.datastore.transaction(commit=True) as cursor:

            def insert_postgres(events: list[Any], shots: list[Any]) -> list[int]:
                positions = list(recorder.insert_in(cursor, events))
                if shots and snapshots is not None:
                    snapshots._insert_stored_events(cursor, shots)
                return positions

            yield insert_postgres, _key_adder(app, cursor)
    else:
        raise NotImplementedError("an in-memory store imports through `Timeline.carry_out`")


def _key_adder(app: Timeline, cursor: Any) -> AddKeys:
    table: Any = app.keyring.table if app.keyring is not None else None
    return lambda rows: table.insert_in(cursor, rows) if rows else None
