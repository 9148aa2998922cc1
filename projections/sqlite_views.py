"""The views of an SQLite store: two tables beside the events, and the tracking row.

`view_cases` holds one row per case (and its computed case view); `view_entries`
one row per dated event, keyed by case and indexed by earliest/latest day, so a
read of one case or of a date range uses an index, not a scan.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteTrackingRecorder

from projections.case_view import CaseView
from projections.record import CaseRecord, TimelineEntry
from projections.views import RecordView, ViewWriter, stored_case_view

_FIRST, _LAST = "0000-00-00", "9999-99-99"  # sort keys of an open or unknown end

_TABLES = [
    "CREATE TABLE IF NOT EXISTS view_cases ("
    "case_id TEXT PRIMARY KEY, slug TEXT NOT NULL, title TEXT NOT NULL, "
    "opened INTEGER NOT NULL, closed INTEGER NOT NULL, view BLOB) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS view_entries ("
    "case_id TEXT NOT NULL, version INTEGER NOT NULL, "
    "earliest TEXT NOT NULL, latest TEXT NOT NULL, position INTEGER NOT NULL, "
    "retracted INTEGER NOT NULL, entry BLOB NOT NULL, "
    "PRIMARY KEY (case_id, version)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS view_entries_by_day ON view_entries (earliest, latest, position)",
]
_ORDER = " ORDER BY earliest, latest, position"


def _entry(blob: bytes) -> TimelineEntry:
    return TimelineEntry.model_validate(orjson.loads(blob))


class SQLiteRecordView(SQLiteTrackingRecorder, RecordView):
    """Case and timeline views in the store's own SQLite file."""

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *_TABLES]

    @contextmanager
    def writing(self) -> Iterator[ViewWriter]:
        with self.datastore.transaction(commit=True) as c:
            yield _SQLiteWriter(c, self)

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(sql, tuple(params))
            rows: list[Any] = c.fetchall()
            return rows

    def timeline(
        self,
        case_id: UUID | None = None,
        low: date | None = None,
        high: date | None = None,
        include_retracted: bool = False,
    ) -> Iterator[TimelineEntry]:
        where, params = _filters(case_id, low, high, include_retracted)
        # one read transaction: one snapshot of the view, however long the reading takes
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT entry FROM view_entries{where}{_ORDER}", tuple(params))
            while (row := c.fetchone()) is not None:
                yield _entry(row[0])

    def case_view(self, case_id: UUID) -> CaseView | None:
        rows = self._rows("SELECT view FROM view_cases WHERE case_id = ?", [case_id.hex])
        return CaseView.model_validate(orjson.loads(rows[0][0])) if rows else None

    def case_views(self) -> list[CaseView]:
        rows = self._rows("SELECT view FROM view_cases ORDER BY opened")
        return [CaseView.model_validate(orjson.loads(row[0])) for row in rows]

    def counts(self) -> tuple[int, int]:
        rows = self._rows(
            "SELECT (SELECT COUNT(*) FROM view_cases), (SELECT COUNT(*) FROM view_entries)"
        )
        return rows[0][0], rows[0][1]


def _filters(
    case_id: UUID | None, low: date | None, high: date | None, include_retracted: bool
) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if case_id is not None:
        clauses.append("case_id = ?")
        params.append(case_id.hex)
    if low is not None:
        clauses.append("latest >= ?")
        params.append(low.isoformat())
    if high is not None:
        clauses.append("earliest <= ?")
        params.append(high.isoformat())
    if not include_retracted:
        clauses.append("retracted = 0")
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


class _SQLiteWriter(ViewWriter):
    def __init__(self, cursor: Any, view: SQLiteRecordView) -> None:
        self.c = cursor
        self.view = view

    def _one(self, sql: str, params: Iterable[Any]) -> Any:
        self.c.execute(sql, tuple(params))
        return self.c.fetchone()

    def load_case(self, case_id: UUID) -> CaseRecord | None:
        row = self._one(
            "SELECT slug, title, opened, closed FROM view_cases WHERE case_id = ?", [case_id.hex]
        )
        return CaseRecord(row[0], row[1], row[2], bool(row[3])) if row else None

    def load_entry(self, case_id: UUID, version: int) -> TimelineEntry | None:
        row = self._one(
            "SELECT entry FROM view_entries WHERE case_id = ? AND version = ?",
            [case_id.hex, version],
        )
        return _entry(row[0]) if row else None

    def put_cases(self, cases: Iterable[tuple[UUID, CaseRecord]]) -> None:
        self.c.executemany(
            "INSERT INTO view_cases (case_id, slug, title, opened, closed) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (case_id) DO UPDATE SET closed = excluded.closed",
            [(i.hex, c.slug, c.title, c.opened, int(c.closed)) for i, c in cases],
        )

    def put_entries(self, entries: Iterable[tuple[UUID, TimelineEntry]]) -> None:
        self.c.executemany(
            "INSERT OR REPLACE INTO view_entries VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    case_id.hex,
                    entry.version,
                    entry.earliest.isoformat() if entry.earliest else _FIRST,
                    entry.latest.isoformat() if entry.latest else _LAST,
                    entry.position,
                    int(entry.retracted),
                    orjson.dumps(entry.model_dump(mode="json")),
                )
                for case_id, entry in entries
            ],
        )

    def refresh_case_views(self, case_ids: Iterable[UUID] | None) -> None:
        if case_ids is None:
            self.c.execute("SELECT case_id FROM view_cases")
            case_ids = [UUID(row[0]) for row in self.c.fetchall()]
        for case_id in case_ids:
            case = self.load_case(case_id)
            assert case is not None
            self.c.execute("SELECT entry FROM view_entries WHERE case_id = ?", (case_id.hex,))
            view = stored_case_view(case, (_entry(row[0]) for row in self.c.fetchall()))
            self.c.execute(
                "UPDATE view_cases SET view = ? WHERE case_id = ?",
                (orjson.dumps(view.model_dump(mode="json")), case_id.hex),
            )

    def clear(self, application_name: str) -> None:
        self.c.execute("DELETE FROM view_cases")
        self.c.execute("DELETE FROM view_entries")
        self.c.execute("DELETE FROM tracking WHERE application_name = ?", (application_name,))

    def track(self, tracking: Tracking) -> None:
        self.view._insert_tracking(self.c, tracking)

    def position(self, application_name: str) -> int:
        return self.view._max_tracking_id(application_name, self.c) or 0
