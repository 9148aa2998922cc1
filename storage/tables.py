"""The tables timeline keeps beside eventsourcing's in the store's own database: the views,
the audit, the keys, the accounts, the format record and the idempotency keys.

The statements are the same on SQLite and PostgreSQL; what differs is said by the store's
`Tables` (given by its backend, `storage.backends`): how a table is named (PostgreSQL
qualifies it with the store's schema), how parameters are written, which type holds bytes,
how a writer's transaction begins, and how rows are streamed. Written by hand because
eventsourcing's datastores offer transactions but no dialect to write other tables in.
"""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

Snapshot = sqlite3.Connection
"""A store's database read with the DB-API alone, in one transaction
(`storage.opening.snapshot`)."""
SnapshotRows = sqlite3.Cursor
SnapshotError = sqlite3.Error
"""What a read of a `Snapshot` raises (no such table: views never made, or older)."""


class Tables(ABC):
    """The store's database, as the tables beside the events use it."""

    param = "?"
    """How a statement writes a parameter."""
    blob = "BLOB"
    """The column type of bytes."""
    secure: tuple[str, ...] = ()
    """Statements that make a transaction leave nothing it replaces in the file (`storage.keys`)."""

    def __init__(self, datastore: Any) -> None:
        self.datastore = datastore

    def name(self, table: str) -> str:
        """`table` as a statement names it."""
        return table

    def sql(self, statement: str) -> str:
        """`statement`, written with `?` for parameters, in this database's style."""
        return statement.replace("?", self.param)

    def transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        """A cursor in one transaction of the store's database (eventsourcing's datastore)."""
        transaction: AbstractContextManager[Any] = self.datastore.transaction(commit=commit)
        return transaction

    @abstractmethod
    def read(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of one query, run alone, outside any transaction begun for it: a statement
        reads one snapshot by itself, and a `BEGIN` and a `ROLLBACK` around it are two more
        calls (round trips to PostgreSQL, where psycopg also drops its prepared statements
        at every `ROLLBACK` and prepares them again later, a round trip each)."""

    def derived_transaction(self) -> AbstractContextManager[Any]:
        """A cursor in one writing transaction of rows made from the events alone, with the
        position they were made up to (the views): committed, it may still be undone by a
        power cut or a crash of the machine, never in part. The events stay, and the rows
        are made again from them. So its commit need not wait for the disk, as an event's
        does; in a server a read that catches the views up commits one. Here it waits."""
        return self.transaction(commit=True)

    def stream(self, statement: str, params: tuple[Any, ...]) -> Iterator[Any]:
        """The rows of one query, fetched as they are read, from one snapshot."""
        with self.transaction(commit=False) as c:
            c.execute(statement, params)
            while (row := c.fetchone()) is not None:
                yield row

    def rebuilding(self, cursor: Any) -> AbstractContextManager[None]:
        """Settings of the transaction of `cursor` while it rewrites the views whole, put back
        as they were at the end; none unless the database says (`storage.sqlite`)."""
        return nullcontext()

    @abstractmethod
    def exists(self, cursor: Any, table: str) -> bool:
        """Whether `table` has been made."""

    @abstractmethod
    def begin_writing(self, cursor: Any, lock: str, *, bounded: bool) -> None:
        """Make this transaction the one writer of what `lock` names, waiting for another:
        within the store's lock timeout where `bounded`, else as long as it takes."""

    @contextmanager
    def derived_writing(self, lock: str, *, bounded: bool) -> Iterator[Any]:
        """A cursor in a `derived_transaction` that `begin_writing` made the one writer of
        what `lock` names."""
        with self.derived_transaction() as cursor:
            self.begin_writing(cursor, lock, bounded=bounded)
            yield cursor


def values(row: Any) -> tuple[Any, ...]:
    """A row as a tuple, whether the driver gives tuples, `sqlite3.Row`s or dicts (psycopg)."""
    return tuple(row.values()) if isinstance(row, dict) else tuple(row)
