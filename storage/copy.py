"""Copying a store's events into an empty store of either backend, proved by a checksum.

Events are copied as stored (topic and encoded state, so each keeps its recorded
time and its exact bytes), in recorded order, in one transaction of the target:
an interrupted copy leaves the target empty. The library's recorders write a
batch through a private per-cursor insert (`_insert_events` on SQLite,
`_insert_stored_events` on PostgreSQL, wrapped by `storage.chain` so the copy's hash
chain is written with its events); its public `insert_events` commits each call, which
would leave a half-copied store behind a failure.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Notification, StoredEvent

from storage.backends import stored
from storage.errors import CopyMismatch, StoreNotEmpty

PAGE = 1000
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CopyReport:
    events: int
    cases: int
    checksum: str
    """SHA-256 over every stored event in recorded order (case, version, topic, state)."""


def stored_events(app: Application[UUID]) -> Iterator[Sequence[Notification]]:
    """The store's events in recorded order, a page at a time."""
    after = 0
    while notifications := app.recorder.select_notifications(after, PAGE, inclusive_of_start=False):
        yield notifications
        after = notifications[-1].id


def checksum(app: Application[UUID]) -> CopyReport:
    """How many events and cases the store holds, and the checksum of its events."""
    digest, events, cases = hashlib.sha256(), 0, set()
    for page in stored_events(app):
        for event in page:
            _add(digest, event)
            cases.add(UUID(str(event.originator_id)))
        events += len(page)
    return CopyReport(events, len(cases), digest.hexdigest())


def _add(digest: Any, event: StoredEvent) -> None:
    case = UUID(str(event.originator_id)).hex
    digest.update(f"{case}:{event.originator_version}:{event.topic}:".encode())
    digest.update(len(event.state).to_bytes(8, "big"))
    digest.update(event.state)


def check_empty(target: Application[UUID], name: str) -> None:
    """Refuse a target that already holds events."""
    held = target.recorder.max_notification_id() or 0
    if held:
        raise StoreNotEmpty(name, held)


def take_compression(source: Application[UUID], target: Application[UUID]) -> None:
    """Record in the target's format row how the source compresses its payloads: they are
    copied as stored, and whoever reads the target by its row must read them. A zstd
    source's payloads copied into an empty store an older timeline made (zlib) would
    otherwise be taken by that timeline for damage; it refuses a store recorded as zstd."""
    from dataclasses import replace

    from storage.format import write_format

    found = stored(source).backend.inspect().store_format
    into = stored(target).backend.inspect().store_format
    if found is not None and into is not None and found.compressor != into.compressor:
        write_format(target, replace(into, compressor=found.compressor))


def copy_events(
    source: Application[UUID],
    target: Application[UUID],
    *,
    target_name: str = "to copy into",
    progress: Progress | None = None,
) -> CopyReport:
    """Copy every event of `source` into the empty `target`, then check counts and checksum."""
    check_empty(target, target_name)
    take_compression(source, target)
    last = source.recorder.max_notification_id() or 0
    with stored(target).backend.inserting(stored(target)) as insert:
        done = 0
        for page in stored_events(source):
            insert([StoredEvent(e.originator_id, e.originator_version, e.topic, e.state)
                    for e in page])  # fmt: skip
            done += len(page)
            if progress:
                progress(done, last)
    copied, original = checksum(target), checksum(source)
    if copied != original:
        raise CopyMismatch(
            f"the copy holds {copied.events:,} events (checksum {copied.checksum[:12]}) "
            f"where the source holds {original.events:,} ({original.checksum[:12]})"
        )
    return copied
