"""Importing a stream of instructions of any length, all or nothing, in bounded memory.

`Timeline.carry_out` holds a whole batch (instructions, events, stored events) in
memory before its one save: fine for a command, not for a file of millions of lines.
Here the instructions are taken as they are read, a page at a time: each page is
applied to its cases, encoded and inserted through the store's own recorder, in one
transaction of the store that spans the whole import, so a refused line N rolls back
every page before it. What stays in memory is one page and the cases of the last pages
(the state their rules need: each fact's kind by version), up to `HELD_EVENTS` events'
worth: a case met again after it was let go is read back through the import's own
transaction, which sees the pages it wrote (another connection would not).

The library's recorders commit each call of their public `insert_events`; a page is
written through their per-cursor insert instead (as `storage.copy` does), which the
hash chain extends as it inserts. Snapshots are written in the same transaction
where a case passes its snapshotting interval, as `Application.save` would, so a case
read back loads from its latest snapshot; so are the restriction and grants of a case
opened restricted (`ImportStore.restrict`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from domain.access import CaseAccess
from domain.application import Batch, Timeline
from domain.case import Case
from domain.errors import Refused, TimelineError
from events.ids import EventId
from events.instructions import Instruction
from storage.backends import StoredTimeline, stored
from storage.import_store import ImportStore

PAGE = 1000
HELD_EVENTS = 10_000
"""How many events' worth of cases (their versions summed) stay in memory between pages."""
EVERY_CASE = ["*"] * 1_000
"""What an import locks: as many cases as the store's lock takes as all of them."""

Numbered = Iterable[tuple[int, Instruction]]
"""Instructions with the number that names each in a refusal (a file's line number)."""


class Imported:
    """What an import stored: how many events, and, where `receipts` are asked for, each
    one's id and position, kept in a temporary file rather than in memory (about 1% of an
    import's instructions): an import that prints only its count keeps none."""

    def __init__(self, receipts: bool = True) -> None:
        self.count = 0
        # closed by `close`: the receipts are read after the import, then dropped
        self._spool: IO[str] | None = (
            tempfile.TemporaryFile("w+", encoding="utf-8") if receipts else None  # noqa: SIM115
        )

    def add(self, event_id: EventId, position: int) -> None:
        self.add_page([event_id], [position])

    def add_page(self, event_ids: list[EventId], positions: list[int]) -> None:
        if self._spool is not None:
            pairs = zip(event_ids, positions, strict=True)
            self._spool.write("".join(f"{i}\t{p}\n" for i, p in pairs))
        self.count += len(event_ids)

    def receipts(self) -> Iterator[tuple[str, int]]:
        """Each stored event's id and position, in the order of the instructions."""
        if self._spool is None:
            raise RuntimeError("this import kept no receipts: import with receipts=True")
        self._spool.seek(0)
        for line in self._spool:
            event_id, position = line.rstrip("\n").split("\t")
            yield event_id, int(position)

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()


def import_stream(
    opened: Timeline,
    numbered: Numbered,
    *,
    page: int = PAGE,
    by: str | None = None,
    progress: Callable[[int], None] | None = None,
    receipts: bool = True,
) -> Imported:
    """Carry out every instruction, in one transaction, a page at a time.

    Raises `Refused` whose `index` is the number given with the first refused
    instruction; an error raised while reading `numbered` stops the import the same
    way. Either way nothing is stored. `progress` is told how many events are done;
    `receipts`: whether each event's id and position are kept, for `Imported.receipts`.
    """
    from domain.recorded import recording_by
    from storage.cycles import without_cycle_collection

    app = stored(opened)
    imported = Imported(receipts)
    if not app.backend.streams_imports:
        # a throwaway store in this process's memory: one batch, as any command
        return _in_memory(app, list(numbered), imported, by)
    keyed: list[Any] = []
    try:
        with (
            app.writing_cases(EVERY_CASE),
            recording_by(by),
            app.backend.import_transaction(app) as store,
            without_cycle_collection(),
        ):
            batch = _HeldCases(app, store)
            for chunk in _pages(numbered, page):
                _import_page(app, batch, chunk, store, imported, keyed)
                batch.let_go(HELD_EVENTS)
                if progress:
                    progress(imported.count)
    except BaseException:
        imported.close()
        for case_id in keyed:  # their keys were never stored
            app.keyring.forget(case_id)  # type: ignore[union-attr]
        raise
    return imported


def _in_memory(
    app: StoredTimeline, numbered: list[tuple[int, Instruction]], imported: Imported, by: str | None
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


class _HeldCases(Batch):
    """The import's cases: those of the last pages held in memory, others read back through
    the import's transaction (the repository's connection cannot see its pages)."""

    def __init__(self, app: StoredTimeline, store: ImportStore) -> None:
        super().__init__(app)
        self.store = store

    def case(self, slug: str) -> Case:
        case = self.cases.get(slug)
        if case is None:
            case = self.cases[slug] = self.store.load(slug)
        return case

    def exists(self, slug: str) -> bool:
        return self.store.exists(slug)

    def take_restricted(self) -> list[tuple[str, CaseAccess]]:
        """The cases opened restricted since this was last asked, with their access."""
        found = self.restricted()
        self.opened.clear()
        return found

    def touched(self, slugs: Iterable[str]) -> None:
        """Mark these cases as the latest used (a dict keeps the order of insertion)."""
        for slug in slugs:
            self.cases[slug] = self.cases.pop(slug)

    def let_go(self, events: int) -> None:
        """Drop the least recently used cases (all saved) until the rest hold at most
        `events` events' worth of state."""
        held = sum(case.version for case in self.cases.values())
        while held > events and len(self.cases) > 1:
            oldest = next(iter(self.cases))
            held -= self.cases.pop(oldest).version


def _import_page(
    app: StoredTimeline,
    batch: _HeldCases,
    chunk: list[tuple[int, Instruction]],
    store: ImportStore,
    imported: Imported,
    keyed: list[Any],
) -> None:
    ids: list[EventId] = []
    events: list[Any] = []
    for number, instruction in chunk:
        try:
            event_id = batch.apply(instruction)
        except TimelineError as error:
            raise Refused(number, error) from error
        ids.append(event_id)
        events.append(batch.cases[event_id.case].pending_events[-1])
    touched = list(dict.fromkeys(event_id.case for event_id in ids))
    batch.touched(touched)
    if app.keyring is not None:  # an encrypted store: a data key for each new case
        cases = [batch.cases[slug] for slug in touched]
        opened = [c.id for c in cases if c.version == len(c.pending_events)]
        keyed += app.keyring.prepare_in(opened, store.add_keys)
    snapshots = []
    interval = app.snapshotting_intervals.get(Case, 0)
    for slug in touched:
        case = batch.cases[slug]
        before = case.version - len(case.collect_events())
        if interval and case.version // interval > before // interval:
            snapshots.append(Case.Snapshot.take(case))
    stored = [app.mapper.to_stored_event(event) for event in events]
    if restricted := batch.take_restricted():
        store.restrict(restricted)
    positions = store.insert(stored, [app.mapper.to_stored_event(s) for s in snapshots])
    imported.add_page(ids, positions)
