"""Walking the whole log once to prove it whole: every event decodes, versions are dense per
case, positions increase (dense on SQLite), and the hash chain holds (`storage.chain`).

The first problem found stops the walk with `StoreDamaged`, naming the event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification

from domain.errors import StoredEventUnreadable
from storage.chain import GENESIS, chain_rows, has_chain, link
from storage.errors import StoreDamaged

PAGE = 1000
Decoded = Callable[[int, Any], None]
"""Called with each event's position and its decoded domain event, in recorded order."""


@dataclass(frozen=True)
class Audit:
    events: int
    cases: int
    position: int
    head: str | None
    """The chain's last digest (hex), None where the store keeps no chain (memory)."""
    heads: dict[int, str]
    """The digest after the Nth event, for each N asked for."""


def audit(app: Any, *, decoded: Decoded | None = None, heads_at: tuple[int, ...] = ()) -> Audit:
    """Walk every stored event in recorded order; raise `StoreDamaged` at the first problem."""
    walk = _Walk(app, heads_at)
    for notification in _notifications(app):
        event = walk.check(notification)
        if decoded:
            decoded(notification.id, event)
    walk.finish()
    head = walk.previous.hex() if walk.chained else None
    return Audit(walk.count, len(walk.versions), walk.position, head, walk.heads)


def _notifications(app: Any) -> Iterator[Notification]:
    after = 0
    while page := app.recorder.select_notifications(after, PAGE, inclusive_of_start=False):
        yield from page
        after = page[-1].id


class _Walk:
    def __init__(self, app: Any, heads_at: tuple[int, ...]) -> None:
        self.app = app
        self.chained = has_chain(app.recorder)
        self.chain = chain_rows(app.recorder) if self.chained else iter(())
        self.next_link = next(self.chain, None)
        self.previous = GENESIS
        self.dense = app.backend.dense
        self.count = self.position = 0
        self.versions: dict[UUID, int] = {}
        self.slugs: dict[UUID, str] = {}
        self.heads_at = set(heads_at)
        self.heads: dict[int, str] = {}

    def name(self, position: int, case: UUID | None = None, version: int | None = None) -> str:
        if case is None:
            return f"position {position}"
        return f"position {position} ({self.slugs.get(case, str(case))}:{version})"

    def check(self, n: Notification) -> Any:
        case = UUID(str(n.originator_id))
        where = self.name(n.id, case, n.originator_version)
        if self.dense and n.id != self.position + 1:
            missing = self.name(self.position + 1)
            raise StoreDamaged(f"the store is damaged: no event at {missing}: it was removed")
        if self.chained:
            self.check_link(n, where)
        if n.originator_version != self.versions.get(case, 0) + 1:
            raise StoreDamaged(
                f"the store is damaged: the event at {where} follows version "
                f"{self.versions.get(case, 0)} of its case: versions must follow one another"
            )
        try:
            event = self.app.mapper.to_domain_event(n)
        except StoredEventUnreadable as error:
            raise StoreDamaged(f"the event at {where}: {error}") from None
        slug = getattr(event, "slug", None)
        if n.originator_version == 1 and isinstance(slug, str):
            self.slugs[case] = slug
        self.versions[case] = n.originator_version
        self.position = n.id
        self.count += 1
        if self.count in self.heads_at:
            self.heads[self.count] = self.previous.hex()
        return event

    def check_link(self, n: Notification, where: str) -> None:
        if self.next_link is not None and self.next_link[0] < n.id:
            raise StoreDamaged(
                f"the store is damaged: the event at {self.name(self.next_link[0])} was "
                "removed (its digest is still in the chain)"
            )
        if self.next_link is None or self.next_link[0] != n.id:
            raise StoreDamaged(
                f"the store is damaged: the event at {where} has no digest in the chain: "
                "it was inserted behind timeline's back"
            )
        digest = link(self.previous, n)
        if digest != self.next_link[1]:
            raise StoreDamaged(
                f"the store is damaged: the event at {where} does not match its digest: "
                "it, or the chain before it, was changed after it was recorded"
            )
        self.previous = digest
        self.next_link = next(self.chain, None)

    def finish(self) -> None:
        if self.next_link is not None:
            raise StoreDamaged(
                f"the store is damaged: the event at {self.name(self.next_link[0])} was "
                "removed (its digest is still in the chain)"
            )
