"""A rebuild's fold: the cases held in memory from page to page, so that the views are
written once and each case view is computed from what is already in hand.

A catch-up folds a page and forgets it: the next page reads the rows it needs back
from the views (`Loader`). A rebuild starts from empty views and meets each case from
its opening, so while a case is held the gist of each of its entries is there (what its
case view reads of it, `projections.case_view.Gist`): its case view is computed from
them, not read back and decoded. Cases are held while their events keep coming (a case's
events come close together in any real record) and let go, least recently met first,
past `held` entries, so memory stays bounded on any store. A case met again after it was
let go is loaded lazily as in a catch-up, and its case view is recomputed from the stored
rows at the end.

A recorded fact is folded by its compiled form (`projections.compiled`): its row is
written from the fact, and no entry is built; so is a correction or a retraction of a fact
recorded in the same page and not amended since (most are made soon after the fact). Every
other event goes through `Record.apply`; an entry it amends is read back from its row, as a
catch-up reads it (from the page's rows not yet written, else from the views).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol, runtime_checkable
from uuid import UUID

from domain.case import Case
from domain.recorded import Recorded
from projections.case_view import Gist, gist, view_of
from projections.compiled import Fresh, corrected_entry, fresh_entry, retracted_entry
from projections.record import CaseRecord, Loader, Record, TimelineEntry
from projections.views import ViewWriter

_RECORDED = Case.FactRecorded
_AMENDING = frozenset({Case.FactCorrected, Case.FactRetracted})
"""The amendments folded by their compiled form where they amend an entry made in the page."""

HELD = 20_000
"""Entries a rebuild holds (the gist of each, a few hundred bytes) before it lets cases go."""


@runtime_checkable
class RowWriter(Protocol):
    """A view writer that writes a fresh entry's row from its JSON, and can keep the old
    timeline rows for a rebuild to write over (the views in a database)."""

    def put_fresh(self, rows: Sequence[Fresh]) -> None:
        """Write these rows."""

    def clear_keeping_entries(self, application_name: str) -> None:
        """`ViewWriter.clear`, but the timeline rows stay for the rebuild to write over."""

    def count_entries(self) -> int:
        """How many timeline rows the views hold."""

    def rebuilding(self) -> AbstractContextManager[None]:
        """The writer's transaction set to rewrite the views whole (`Tables.rebuilding`)."""


class _Met:
    """A case the rebuild holds (in `Record.cases`), and the gists of its entries where it
    holds it whole (from its opening, never let go)."""

    __slots__ = ("case", "case_id", "gists", "hex", "last")

    def __init__(self, case_id: UUID, case: CaseRecord, gists: dict[int, Gist] | None) -> None:
        self.case_id, self.hex, self.case, self.gists = case_id, case_id.hex, case, gists
        self.last = 0
        """The page that last met it."""


class _Rows(Loader):
    """Where a rebuild's fold finds the entries it amends: this page's fresh entries not yet
    written, then the views. (Apart from `Rebuilding`, which holds the fold: a loader that
    held it back would make a reference cycle, and a rebuild pauses the cycle collector.)"""

    def __init__(self, writer: ViewWriter) -> None:
        self.writer = writer
        self.fresh: dict[tuple[int, int], Fresh] = {}
        """The entries of facts recorded in this page, until they are written."""
        self.unamended: dict[tuple[int, int], Any] = {}
        """The facts recorded in this page (the events) whose entries are not amended yet."""

    def load_case(self, case_id: UUID) -> CaseRecord | None:
        return self.writer.load_case(case_id)

    def load_entry(self, case_id: UUID, version: int) -> TimelineEntry | None:
        self.unamended.pop((case_id.int, version), None)
        found = self.fresh.pop((case_id.int, version), None)
        return found.entry() if found else self.writer.load_entry(case_id, version)


class Rebuilding:
    """One rebuild, within the views' write transaction of `writer`."""

    def __init__(self, writer: ViewWriter, held: int = HELD) -> None:
        self.writer = writer
        self.held = held
        self.loader = _Rows(writer)
        self.fresh, self.unamended = self.loader.fresh, self.loader.unamended
        self.record = Record(loader=self.loader)
        self.met: dict[int, _Met] = {}
        """The cases held, by their id as a number (a `UUID` hashes in Python)."""
        self.let_go: set[UUID] = set()
        """Cases let go at least once: their entries in memory may be a part only."""
        self.stale: set[UUID] = set()
        """Cases let go and met again: their case view is recomputed from the stored rows."""
        self.rows: Counter[int] = Counter()
        """The timeline rows written of each case (by its id as a number)."""
        self.pages = 0

    def apply(self, page: Iterable[tuple[int, Any]]) -> None:
        """Fold a page of (position, event) and write the rows it touched (case views wait
        for `finish`)."""
        met, fresh, rows, pages = self.met, self.fresh, self.rows, self.pages
        unamended = self.unamended
        for position, event in page:
            kind = type(event)
            if kind is _RECORDED:
                key = event.originator_id.int
                case = met.get(key) or self._meet(event.originator_id)
                case.last = pages
                row, told = fresh_entry(case.hex, case.case.slug, position, event)
                made = (key, row.version)
                fresh[made], unamended[made] = row, event
                rows[key] += 1
                if case.gists is not None:
                    case.gists[row.version] = told
            elif kind in _AMENDING and (event.originator_id.int, event.target) in unamended:
                self._amend(Recorded(position, event))
            else:
                self._apply(Recorded(position, event))
        self._write()
        self.pages += 1
        if self._holding() > self.held:
            self._let_go()

    def _amend(self, at: Recorded) -> None:
        """A correction or retraction of an entry made in this page and not amended since,
        as `Record.apply` makes it (`projections.compiled`)."""
        event = at.event
        found = (event.originator_id.int, event.target)
        recorded, row, case = self.unamended.pop(found), self.fresh[found], self.met[found[0]]
        case.last = self.pages
        told: Gist | None
        if type(event) is Case.FactRetracted:
            row, told = retracted_entry(row, (case.gists or {}).get(event.target), case.case, at)
        else:
            row, told = corrected_entry(row, recorded, case.case, at)
        self.fresh[found] = row
        if case.gists is not None and told is not None:
            case.gists[event.target] = told

    def _meet(self, case_id: UUID) -> _Met:
        """A case met by an event after it was let go: loaded as a catch-up loads it."""
        case = self.met[case_id.int] = _Met(case_id, self.record.case(case_id), None)
        self.stale.add(case_id)
        return case

    def _apply(self, at: Recorded) -> None:
        """`Record.apply` itself, and what it did to the cases held."""
        self.record.apply(at)
        key = at.case_id.int
        if type(at.event) is Case.Opened:
            self.met[key] = _Met(at.case_id, self.record.cases[at.case_id], {})
        elif type(at.event) is Case.Erased:
            self.met.pop(key, None)
            self.rows.pop(key, None)
            self.stale.discard(at.case_id)
            for erased in [k for k in self.fresh if k[0] == key]:
                del self.fresh[erased]
                self.unamended.pop(erased, None)
        elif at.case_id in self.record.cases and key not in self.met:
            self._meet(at.case_id)
        if key in self.met:
            self.met[key].last = self.pages

    def _write(self) -> None:
        """Write what the page changed: the case rows and the entries `Record.apply` touched,
        the fresh entries, and remove the erased cases."""
        record, writer = self.record, self.writer
        writer.put_cases((case_id, record.cases[case_id]) for case_id in record.touched)
        rows = list(self.fresh.values())
        if isinstance(writer, RowWriter):
            writer.put_fresh(rows)
        else:
            writer.put_entries((UUID(row.case), row.entry()) for row in rows)
        self.fresh.clear()
        self.unamended.clear()
        amended = [(case_id, record.cases[case_id].entries[v]) for case_id, v in record.changed]
        writer.put_entries(amended)
        for case_id, entry in amended:
            held = self.met[case_id.int].gists
            if held is not None:
                held[entry.version] = gist(entry)
        if record.erased:
            writer.remove_cases(record.erased)
        record.touched, record.changed, record.erased = set(), set(), set()

    def _holding(self) -> int:
        """Entries held: the gists of the cases held whole, the entries read back of any."""
        return sum(len(case.gists or ()) + len(case.case.entries) for case in self.met.values())

    def _let_go(self) -> None:
        """Let the least recently met cases go until half of `held` entries remain,
        writing the case view of each one held whole."""
        views, count = [], self._holding()
        for case in sorted(self.met.values(), key=_last_met):
            if count <= self.held // 2:
                break
            del self.met[case.case_id.int]
            del self.record.cases[case.case_id]
            count -= len(case.gists or ()) + len(case.case.entries)
            if case.gists is not None:
                views.append((case.case_id, view_of(case.case, case.gists.values())))
            self.let_go.add(case.case_id)
        self.writer.put_case_views(views)

    def written(self) -> int:
        """How many timeline rows the fold made (of cases not erased)."""
        return self.rows.total()

    def finish(self) -> None:
        """Write the case views of the cases still held whole, and recompute the stale ones."""
        self.writer.put_case_views(
            (case.case_id, view_of(case.case, case.gists.values()))
            for case in self.met.values()
            if case.gists is not None
        )
        self.writer.refresh_case_views(self.stale)


def _last_met(case: _Met) -> int:
    return case.last
