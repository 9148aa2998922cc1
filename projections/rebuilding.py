"""A rebuild's fold: the cases held in memory from page to page, so that the views are
written once and each case view is computed from the entries already in hand.

A catch-up folds a page and forgets it: the next page reads the rows it needs back
from the views (`Loader`). A rebuild starts from empty views and meets each case from
its opening, so while a case is held its entries are all there: its case view is
computed from them, not read back and decoded. Cases are held while their events keep
coming (a case's events come close together in any real record) and let go, least
recently touched first, past `held` entries, so memory stays bounded on any store. A
case met again after it was let go is loaded lazily as in a catch-up, and its case
view is recomputed from the stored rows at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from domain.recorded import Recorded
from projections.case_view import case_view
from projections.record import Record
from projections.views import ViewWriter, write_changes

HELD = 20_000
"""Entries a rebuild keeps in memory (a few kB each) before it lets cases go."""


class Rebuilding:
    """One rebuild, within the views' write transaction of `writer`."""

    def __init__(self, writer: ViewWriter, held: int = HELD) -> None:
        self.writer = writer
        self.held = held
        self.record = Record(loader=writer)
        self.last_touched: dict[UUID, int] = {}
        self.let_go: set[UUID] = set()
        """Cases let go at least once: their entries in memory may be a part only."""
        self.stale: set[UUID] = set()
        """Cases let go and met again: their case view is recomputed from the stored rows."""
        self.pages = 0

    def apply(self, page: Sequence[Recorded]) -> None:
        """Fold a page and write the rows it touched (case views wait for `finish`)."""
        record = self.record
        for at in page:
            record.apply(at)
        write_changes(self.writer, record)
        for case_id in record.touched:
            self.last_touched[case_id] = self.pages
        self.stale |= record.touched & self.let_go
        for case_id in record.erased:
            self.last_touched.pop(case_id, None)
            self.stale.discard(case_id)
        record.touched, record.changed, record.erased = set(), set(), set()
        self.pages += 1
        if sum(len(case.entries) for case in record.cases.values()) > self.held:
            self._let_go()

    def _let_go(self) -> None:
        """Let the least recently touched cases go until half of `held` entries remain,
        writing the case view of each one held whole."""
        record, views = self.record, []
        count = sum(len(case.entries) for case in record.cases.values())
        for case_id in sorted(record.cases, key=self.last_touched.__getitem__):
            if count <= self.held // 2:
                break
            case = record.cases.pop(case_id)
            count -= len(case.entries)
            if case_id not in self.let_go:
                views.append((case_id, case_view(case)))
            self.let_go.add(case_id)
        self.writer.put_case_views(views)

    def finish(self) -> None:
        """Write the case views of the cases still held, and recompute the stale ones."""
        whole = [(i, case) for i, case in self.record.cases.items() if i not in self.let_go]
        self.writer.put_case_views((case_id, case_view(case)) for case_id, case in whole)
        self.writer.refresh_case_views(self.stale)
