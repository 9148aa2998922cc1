"""Reading views that are already current, without starting the application.

Most reads find nothing recorded since the views were last written. Such a read
needs no fold, no models and no eventsourcing application, only rows: where the store's
database can be read through the DB-API alone (`storage.opening.snapshot`: a plain
store in a file), it is checked and served here, which keeps `show --case`, `case show`
and `case list` near the interpreter's start-up. The rows are the JSON
the views wrote (`projections.sql_views`), handed on as they are stored.

Anything else is `None`, and the command takes the path that catches the views up,
upgrades them and explains what it cannot do: views behind the events or of another
layout, an encrypted or older store, a database server, memory, a case with no row.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

from domain import APPLICATION
from events.ids import case_id
from projections.layout import ORDER, VIEWS_LAYOUT, entry_filters
from storage.opening import snapshot
from storage.tables import Snapshot, SnapshotError, SnapshotRows


class FreshViews:
    """The views of one store, read in one snapshot in which they were current."""

    def __init__(self, db: Snapshot) -> None:
        self.db = db
        self.reading: list[SnapshotRows] = []
        """Cursors of `entries` not read to their end."""

    def close(self) -> None:
        """Finish every statement, so closing the connection closes it whole (and SQLite can
        remove the `-wal` and `-shm` files it made), even when a reader stopped half-way: a
        closed pipe, say."""
        for cursor in self.reading:
            cursor.close()
        self.db.close()

    def case(self, slug: str) -> UUID | None:
        """The id of case `slug`, if the views have its row (a case has one once opened)."""
        found = case_id(slug)
        row = self.db.execute("SELECT 1 FROM view_cases WHERE case_id = ?", (found.hex,))
        return found if row.fetchone() else None

    def entries(self, case: UUID | None, include_retracted: bool) -> Iterator[bytes]:
        """The timeline's entries as their JSON, of one case or all, in the timeline's order."""
        where, params = entry_filters(case, None, None, include_retracted)
        rows = self.db.execute(f"SELECT entry FROM view_entries{where}{ORDER}", params)
        self.reading.append(rows)
        while (row := rows.fetchone()) is not None:
            yield bytes(row[0])
        self.reading.remove(rows)
        rows.close()

    def case_views(self) -> list[bytes] | None:
        """Every case view's JSON, in the order the cases were opened; None if a case has
        none."""
        rows = self.db.execute("SELECT view FROM view_cases ORDER BY opened").fetchall()
        if any(view is None for (view,) in rows):
            return None
        return [bytes(view) for (view,) in rows]

    def case_view(self, case: UUID) -> bytes | None:
        """The case view's JSON, if the views hold it."""
        row = self.db.execute("SELECT view FROM view_cases WHERE case_id = ?", (case.hex,))
        found = row.fetchone()
        return bytes(found[0]) if found and found[0] is not None else None


@contextmanager
def fresh_views(location: str) -> Iterator[FreshViews | None]:
    """The views of the store at `location` if they can be read without the application (a
    plain store in a file) and are current, of this layout; otherwise None (the command
    then takes its usual path)."""
    with snapshot(location) as db:
        if db is None:
            yield None
            return
        current = _current(db)
        views = FreshViews(db)
        try:
            yield views if current else None
        finally:
            views.close()


def _current(db: Snapshot) -> bool:
    """Whether the views are of this layout and have applied every recorded event."""
    try:
        layout = db.execute("SELECT version FROM view_layout").fetchall()
        tracked = db.execute(
            "SELECT notification_id FROM tracking WHERE application_name = ?", (APPLICATION,)
        ).fetchone()
        (last,) = db.execute("SELECT MAX(rowid) FROM stored_events").fetchone()
    except SnapshotError:  # no such table: views never made, or of an older timeline;
        # whatever this read cannot make sense of, the usual path explains
        return False
    position = tracked[0] if tracked else 0
    return layout == [(VIEWS_LAYOUT,)] and position == (last or 0)
