"""The audit: who recorded what, and when, one row per recorded event.

A projection of its own, beside the case and timeline views: `view_audit` holds one
row per position of the log, with the case, the event's id and kind, the moment it
was recorded and the account that recorded it (`null`: the command line, which has
no account). It carries no facts, so an audit names no person.

Its position is its highest row. eventsourcing's SQLite tracking table has one row
per upstream application, which the case views already hold; the audit needs no
second tracking row because each event gives exactly one row keyed by its position,
written in the same statement: a row applied twice is refused by the primary key,
and none is skipped because a catch-up always starts after the highest row.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Notification, OperationalError

from domain.case import Case
from domain.recorded import Recorded
from events.ids import EventId
from projections.audit_view import AuditRow, AuditView, MemoryAuditView
from projections.runner import Behind, Lagging, told, waited_out
from projections.sql_audit import SQLAuditView
from storage.codec import recorded_by

__all__ = ["AuditRow", "as_json", "audit_row", "audited", "catch_up_audit", "open_audit"]

PAGE = 1000
_RETRIES = 50


_AMENDING = (Case.FactCorrected, Case.FactRetracted, Case.CitationCorrected,
             Case.CitationRetracted)  # fmt: skip


def audit_row(at: Recorded, slug: str, account: str | None) -> AuditRow:
    from projections.history import as_line

    line = as_line(at, slug)
    return AuditRow(
        position=at.position,
        recorded=at.recorded,
        id=str(EventId(slug, at.event.originator_version)),
        case=slug,
        kind=line["kind"],
        event=line.get("event") if isinstance(at.event, _AMENDING) else None,
        account=account,
    )  # fmt: skip


def open_audit(app: Application[UUID]) -> AuditView:
    """The audit of the store `app` is on, in its database's tables (given by its backend)
    or, in memory, a list; its table is made on first use (older stores have none)."""
    found: AuditView | None = getattr(app, "_audit_view", None)
    if found is None:
        from storage.backends import stored

        tables = stored(app).backend.tables(stored(app))
        found = MemoryAuditView() if tables is None else SQLAuditView(tables)
        app._audit_view = found  # type: ignore[attr-defined]
    return found


def _read_only(app: Application[UUID]) -> bool:
    return bool(getattr(app, "read_only", False))


def catch_up_audit(app: Application[UUID], view: AuditView) -> int:
    """Add a row for each event recorded after the audit's position and before this call;
    returns how many. A read-only store's audit is read as it stands.

    Each page is read before the audit's write transaction begins, as the views' catch-up
    does (`projections.runner`): no connection is asked for while the writer is held.
    """
    if _read_only(app):
        return 0
    done, last, retries = 0, app.recorder.max_notification_id() or 0, 0
    slugs = _Slugs(app)
    while True:
        start = view.position()
        if start >= last:
            return done
        page = app.recorder.select_notifications(start, PAGE, stop=last, inclusive_of_start=False)
        if not page:
            return done
        rows = [_row_of(app, n, slugs) for n in page]
        try:
            with view.adding() as writer:
                if writer.position() != start:
                    continue  # another thread or process added these rows first
                writer.add(rows)
                done += len(rows)
        except IntegrityError:
            retries += 1
            if retries == _RETRIES:
                raise


def _row_of(app: Application[UUID], n: Notification, slugs: _Slugs) -> AuditRow:
    at = Recorded(n.id, app.mapper.to_domain_event(n))
    return audit_row(at, slugs.of(at), recorded_by(app.mapper, n))


class _Slugs:
    """Each case's slug by its id, read from the case's first event (a primary-key read)."""

    def __init__(self, app: Application[UUID]) -> None:
        self.app = app
        self.by_id: dict[UUID, str] = {}

    def of(self, at: Recorded) -> str:
        if isinstance(at.event, Case.Opened | Case.Erased):
            self.by_id[at.case_id] = at.event.slug
        if at.case_id not in self.by_id:
            (first,) = self.app.recorder.select_events(at.case_id, lte=1)
            opened = self.app.mapper.to_domain_event(first)
            if not isinstance(opened, Case.Opened):  # erased: its last event still names it
                (first,) = self.app.recorder.select_events(at.case_id, desc=True, limit=1)
                opened = self.app.mapper.to_domain_event(first)
            assert isinstance(opened, Case.Opened | Case.Erased)
            self.by_id[at.case_id] = opened.slug
        return self.by_id[at.case_id]


def audited(
    app: Application[UUID],
    *,
    after: int = 0,
    limit: int = 1000,
    case: str | None = None,
    account: str | None = None,
    lagging: Lagging | None = None,
) -> list[AuditRow]:
    """The audit, caught up first: the rows after `after`, at most `limit`. Where it cannot
    be (a read-only store, or another process has held the store's writer past the lock
    timeout: a long import) it is read as it stands, and `lagging` is told how far behind."""
    view = open_audit(app)
    why = "the store is read-only" if _read_only(app) else None
    try:
        catch_up_audit(app, view)
    except OperationalError as error:
        if not waited_out(error):
            raise
        from storage.backends import stored

        # the store's one writer (an import, a rebuild), or the audit's own writer
        held = "writing the store" if stored(app).backend.one_writer else "adding to the audit"
        why = f"another process is {held}"
    tell = told(lagging)
    if tell is not None and why is not None:
        position, last = view.position(), app.recorder.max_notification_id() or 0
        if last > position:
            tell(Behind(position, last, why, shown="the audit"))
    return view.rows(after=after, limit=limit, case=case, account=account)


def as_json(row: AuditRow) -> dict[str, Any]:
    return row.model_dump(mode="json")
