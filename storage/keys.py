"""The key table of an encrypted store (`timeline_keys`): each data key wrapped with the
store key, beside the events in the same database.

One row per key: `id` (a case's id in hex, `check` or `record`, see `domain.keys`) and
`wrapped`, NULL once the key is destroyed (the row stays, so an erased case's key is
never made again). Each call is one short transaction of its own.

On SQLite every transaction that writes the table runs with `secure_delete`, so that what
it replaces or moves (a destroyed key, a row moved by a page split) is overwritten with
zeros in the file rather than left in the page's free space; `storage.scrub` then takes
the old pages out of the write-ahead log. PostgreSQL keeps an old row as a dead tuple
until a vacuum: `storage.scrub` rewrites the table.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

TABLE = "timeline_keys"
SECURE_DELETE = "PRAGMA secure_delete = ON"
"""SQLite zeroes what this connection's writes delete or move. It is a setting of the
connection, not of the file, and eventsourcing's pool makes the connections: so it is set
at the start of each transaction that writes keys (and stays set on that connection)."""


def create_statement(table: str, blob: str) -> str:
    return f"CREATE TABLE IF NOT EXISTS {table} (id TEXT PRIMARY KEY, wrapped {blob})"


class SQLKeyTable:
    """The key table on the store's own datastore (SQLite or PostgreSQL)."""

    def __init__(self, datastore: Any) -> None:
        from eventsourcing.postgres import PostgresDatastore

        self.datastore = datastore
        if isinstance(datastore, PostgresDatastore):
            self.table, self.param, self.blob = f'"{datastore.schema}".{TABLE}', "%s", "BYTEA"
            self.secure: tuple[str, ...] = ()
        else:
            self.table, self.param, self.blob = TABLE, "?", "BLOB"
            self.secure = (SECURE_DELETE,)

    def _sql(self, statement: str) -> str:
        return statement.replace("{t}", self.table).replace("?", self.param)

    def writing(self, cursor: Any) -> Any:
        """`cursor`, its transaction now set to leave nothing it replaces in the file."""
        for statement in self.secure:
            cursor.execute(statement)
        return cursor

    def create(self) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(create_statement(self.table, self.blob))

    def get(self, key_id: str) -> tuple[bool, bytes | None]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(self._sql("SELECT wrapped FROM {t} WHERE id = ?"), (key_id,))
            row = c.fetchone()
        if row is None:
            return False, None
        wrapped = _values(row)[0]
        return True, None if wrapped is None else bytes(wrapped)

    def add(self, key_id: str, wrapped: bytes) -> None:
        with self.datastore.transaction(commit=True) as c:
            self.writing(c).execute(
                self._sql(
                    "INSERT INTO {t} (id, wrapped) VALUES (?, ?) ON CONFLICT (id) DO NOTHING"
                ),
                (key_id, wrapped),
            )

    def insert_in(self, cursor: Any, rows: list[tuple[str, bytes]]) -> None:
        """Insert wrapped keys in the transaction of `cursor` (an import's)."""
        if rows:
            self.writing(cursor).executemany(
                self._sql("INSERT INTO {t} VALUES (?, ?) ON CONFLICT (id) DO NOTHING"), rows
            )

    def add_many(self, rows: list[tuple[str, bytes]]) -> None:
        if rows:
            with self.datastore.transaction(commit=True) as c:
                self.writing(c).executemany(
                    self._sql("INSERT INTO {t} VALUES (?, ?) ON CONFLICT (id) DO NOTHING"), rows
                )

    def destroy(self, key_id: str) -> None:
        with self.datastore.transaction(commit=True) as c:
            destroy_in(c, self, [key_id])

    def rows(self) -> Iterable[tuple[str, bytes | None]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(self._sql("SELECT id, wrapped FROM {t} ORDER BY id"))
            rows = [_values(row) for row in c.fetchall()]
        return [(str(i), None if w is None else bytes(w)) for i, w in rows]

    def replace(self, rows: Iterable[tuple[str, bytes]]) -> None:
        with self.datastore.transaction(commit=True) as c:
            self.writing(c).executemany(self._sql("UPDATE {t} SET wrapped = ? WHERE id = ?"),
                          [(wrapped, key_id) for key_id, wrapped in rows])  # fmt: skip


def copy_keys(source: Any, target: Any) -> None:
    """Give the encrypted store `target` (new, same store key) the key table of `source`, so
    the events copied as stored read there as here: erased cases erased."""
    rows = source.keyring.table.rows()
    table = target.keyring.table
    with table.datastore.transaction(commit=True) as c:
        table.writing(c).execute(table._sql("DELETE FROM {t}"))
        c.executemany(table._sql("INSERT INTO {t} VALUES (?, ?)"), list(rows))
    target.keyring.forget_all()


def destroy_statement(table: str, param: str) -> str:
    """The statement that destroys the key of one id (given as `param`) in `table`."""
    return f"UPDATE {table} SET wrapped = NULL WHERE id = {param}"


def destroy_in(cursor: Any, table: SQLKeyTable, key_ids: list[str]) -> None:
    """Destroy these keys in the transaction of `cursor`."""
    table.writing(cursor).executemany(
        destroy_statement(table.table, table.param), [(k,) for k in key_ids]
    )


def _values(row: Any) -> tuple[Any, ...]:
    return tuple(row.values()) if isinstance(row, dict) else tuple(row)
