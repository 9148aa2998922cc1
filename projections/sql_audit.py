"""The audit's table in a relational store (see `projections.audit`), on the tables its
backend gives (`storage.tables`).

The table is made on first use, inside the first writing transaction, so stores made
before the audit existed gain it when first read; writers of the audit take turns (the
backend's `begin_writing`), as they do for the views.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from projections.audit_view import AuditRow, AuditView, AuditWriter
from storage.tables import Tables

COLUMNS = "position, recorded, id, case_slug, kind, target, account"


def create_statements(table: str, index: str) -> list[str]:
    return [
        f"CREATE TABLE IF NOT EXISTS {table} (position BIGINT PRIMARY KEY, "
        "recorded TEXT NOT NULL, id TEXT NOT NULL, case_slug TEXT NOT NULL, "
        "kind TEXT NOT NULL, target TEXT, account TEXT)",
        f"CREATE INDEX IF NOT EXISTS {index} ON {table} (case_slug, position)",
    ]


class SQLAuditView(AuditView):
    """The audit in the store's own database."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.table = tables.name("view_audit")

    def transaction(self, *, commit: bool) -> Any:
        """A cursor in one transaction of the store's database."""
        return self.tables.transaction(commit=commit)

    def exists(self, cursor: Any) -> bool:
        """Whether the audit's table has been made."""
        return self.tables.exists(cursor, "view_audit")

    def begin_adding(self, cursor: Any) -> None:
        """Make this transaction the one writer of the audit, waiting for another (only a
        read catches the audit up: it waits within the store's lock timeout, then reads the
        audit as it stands, `projections.audit.audited`), and make its table if need be
        (after the lock: the table's statements only read once it is made)."""
        self.tables.begin_writing(cursor, "audit", bounded=True)
        for statement in create_statements(self.table, "view_audit_by_case"):
            cursor.execute(statement)

    def sql(self, statement: str) -> str:
        return self.tables.sql(statement.replace("view_audit", self.table))

    @contextmanager
    def adding(self) -> Iterator[AuditWriter]:
        with self.transaction(commit=True) as cursor:
            self.begin_adding(cursor)
            yield _SQLWriter(cursor, self)

    def rows(
        self, *, after: int, limit: int, case: str | None = None, account: str | None = None
    ) -> list[AuditRow]:
        clauses: list[str] = ["position > ?"]
        params: list[Any] = [after]
        if case is not None:
            clauses.append("case_slug = ?")
            params.append(case)
        if account == "":
            clauses.append("account IS NULL")
        elif account is not None:
            clauses.append("account = ?")
            params.append(account)
        statement = (
            f"SELECT {COLUMNS} FROM view_audit WHERE {' AND '.join(clauses)} "
            "ORDER BY position LIMIT ?"
        )
        with self.transaction(commit=False) as cursor:
            if not self.exists(cursor):
                return []
            cursor.execute(self.sql(statement), (*params, limit))
            return [_row_of(_values(row)) for row in cursor.fetchall()]

    def position(self) -> int:
        with self.transaction(commit=False) as cursor:
            return _position(cursor, self) if self.exists(cursor) else 0


def _position(cursor: Any, view: SQLAuditView) -> int:
    cursor.execute(view.sql("SELECT MAX(position) FROM view_audit"))
    found = _values(cursor.fetchone())[0]
    return int(found or 0)


def _values(row: Any) -> tuple[Any, ...]:
    """A row as a tuple, whether the driver gives tuples, sqlite3.Row or dicts."""
    return tuple(row.values()) if isinstance(row, dict) else tuple(row)


def _row_of(values: tuple[Any, ...]) -> AuditRow:
    position, recorded, id_, case, kind, target, account = values
    return AuditRow(
        position=position, recorded=recorded, id=id_, case=case, kind=kind, event=target,
        account=account,
    )  # fmt: skip


class _SQLWriter(AuditWriter):
    def __init__(self, cursor: Any, view: SQLAuditView) -> None:
        self.c = cursor
        self.view = view

    def position(self) -> int:
        return _position(self.c, self.view)

    def add(self, rows: Sequence[AuditRow]) -> None:
        self.c.executemany(
            self.view.sql(f"INSERT INTO view_audit ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            [
                (r.position, r.recorded.isoformat(), r.id, r.case, r.kind, r.event, r.account)
                for r in rows
            ],
        )
