"""Accounts, restricted cases and grants: tables of their own beside the record's log.

The same SQL on SQLite and PostgreSQL (in the store's schema), through the datastore
eventsourcing opened, so access lives wherever the record does. Only a token's
SHA-256 is stored.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.application import Application

from domain.access import Account, AccountExists, AccountNotFound, Role, checked_name, same_hash
from storage.locks import take_sqlite_writer

_TABLES = (
    "CREATE TABLE IF NOT EXISTS {t}users (name TEXT PRIMARY KEY, role TEXT NOT NULL, "
    "token_hash TEXT NOT NULL UNIQUE, revoked INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS {t}restricted (slug TEXT PRIMARY KEY)",
    "CREATE TABLE IF NOT EXISTS {t}grants (slug TEXT NOT NULL, name TEXT NOT NULL, "
    "PRIMARY KEY (slug, name))",
)

_COLUMNS = {"users": "name, role, token_hash, revoked", "restricted": "slug",
            "grants": "slug, name"}  # fmt: skip

_MEMORY: weakref.WeakKeyDictionary[object, AccessStore] = weakref.WeakKeyDictionary()


class AccessStore:
    """Accounts and grants of one store."""

    def __init__(self, app: object, datastore: Any, prefix: str, param: str) -> None:
        # the application is held: its datastore's connections close when it is collected
        self.app, self.datastore, self.t, self.p = app, datastore, prefix, param
        with self.datastore.transaction(commit=True) as c:  # only reads where they exist
            for statement in _TABLES:
                c.execute(statement.format(t=self.t))

    @contextmanager
    def _cursor(self) -> Iterator[Any]:
        with self.datastore.transaction(commit=True) as cursor:
            if self.p == "?":  # SQLite: each change reads first (`take_sqlite_writer`)
                take_sqlite_writer(cursor, f"{self.t}users")  # made when this store was
            yield cursor

    def _reading(self) -> AbstractContextManager[Any]:
        # not the pool's one writer: every request reads its account here
        return self.datastore.transaction(commit=False)  # type: ignore[no-any-return]

    def _sql(self, statement: str) -> str:
        return statement.replace("{t}", self.t).replace("?", self.p)

    def add_user(self, name: str, role: Role, hashed: str) -> None:
        checked_name(name)
        with self._cursor() as c:
            c.execute(self._sql("SELECT 1 FROM {t}users WHERE name = ?"), (name,))
            if c.fetchall():
                raise AccountExists(name)
            c.execute(
                self._sql("INSERT INTO {t}users (name, role, token_hash) VALUES (?, ?, ?)"),
                (name, role.value, hashed),
            )

    def revoke(self, name: str) -> None:
        """The account's token stops working; its past writes keep its name."""
        with self._cursor() as c:
            self._check_account(c, name)
            c.execute(self._sql("UPDATE {t}users SET revoked = 1 WHERE name = ?"), (name,))

    def _check_account(self, c: Any, name: str) -> None:
        c.execute(self._sql("SELECT 1 FROM {t}users WHERE name = ?"), (name,))
        if not c.fetchall():
            raise AccountNotFound(name)

    def account(self, token: str) -> Account | None:
        """The live account holding `token`, if any."""
        from domain.access import token_hash

        hashed = token_hash(token)
        with self._reading() as c:
            c.execute(
                self._sql("SELECT name, role, token_hash FROM {t}users "
                          "WHERE token_hash = ? AND revoked = 0"),
                (hashed,),
            )  # fmt: skip
            rows = c.fetchall()
        for name, role, stored in (_values(row) for row in rows):
            if same_hash(stored, token):
                return Account(name, Role(role))
        return None

    def restrict(self, slug: str) -> None:
        with self._cursor() as c:
            c.execute(self._sql("DELETE FROM {t}restricted WHERE slug = ?"), (slug,))
            c.execute(self._sql("INSERT INTO {t}restricted (slug) VALUES (?)"), (slug,))

    def grant(self, slug: str, name: str) -> None:
        with self._cursor() as c:
            self._check_account(c, name)
            c.execute(self._sql("DELETE FROM {t}grants WHERE slug = ? AND name = ?"), (slug, name))
            c.execute(self._sql("INSERT INTO {t}grants (slug, name) VALUES (?, ?)"), (slug, name))

    def unrestrict(self, slug: str) -> bool:
        """Open a restricted case to every account again; False if it was not restricted."""
        with self._cursor() as c:
            c.execute(self._sql("SELECT 1 FROM {t}restricted WHERE slug = ?"), (slug,))
            found = bool(c.fetchall())
            c.execute(self._sql("DELETE FROM {t}restricted WHERE slug = ?"), (slug,))
        return found

    def ungrant(self, slug: str, name: str) -> bool:
        """Take back an account's grant of a case; False if it held none."""
        with self._cursor() as c:
            self._check_account(c, name)
            where = "FROM {t}grants WHERE slug = ? AND name = ?"
            c.execute(self._sql(f"SELECT 1 {where}"), (slug, name))
            found = bool(c.fetchall())
            c.execute(self._sql(f"DELETE {where}"), (slug, name))
        return found

    def users(self) -> list[dict[str, Any]]:
        """Every account: name, role, whether revoked, and the restricted cases granted it."""
        with self._reading() as c:
            c.execute(self._sql("SELECT name, role, revoked FROM {t}users ORDER BY name"))
            users = [_values(row) for row in c.fetchall()]
            c.execute(self._sql("SELECT name, slug FROM {t}grants ORDER BY slug"))
            grants = [_values(row) for row in c.fetchall()]
        return [
            {"name": name, "role": role, "revoked": bool(revoked),
             "granted": [slug for who, slug in grants if who == name]}
            for name, role, revoked in users
        ]  # fmt: skip

    def rows(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of the access tables, to copy them into another store."""
        with self._reading() as c:
            found = {}
            for table, columns in _COLUMNS.items():
                c.execute(self._sql(f"SELECT {columns} FROM {{t}}{table}"))
                found[table] = [_values(row) for row in c.fetchall()]
        return found

    def replace_with(self, rows: dict[str, list[tuple[Any, ...]]]) -> None:
        """Make these tables hold exactly `rows` (those of another store), in one transaction."""
        with self._cursor() as c:
            for table, columns in _COLUMNS.items():
                c.execute(self._sql(f"DELETE FROM {{t}}{table}"))
                marks = ", ".join("?" * len(columns.split(", ")))
                statement = self._sql(f"INSERT INTO {{t}}{table} ({columns}) VALUES ({marks})")
                for row in rows[table]:
                    c.execute(statement, row)

    def restricted(self) -> frozenset[str]:
        with self._reading() as c:
            c.execute(self._sql("SELECT slug FROM {t}restricted"))
            return frozenset(_values(row)[0] for row in c.fetchall())

    def granted(self, name: str) -> frozenset[str]:
        with self._reading() as c:
            c.execute(self._sql("SELECT slug FROM {t}grants WHERE name = ?"), (name,))
            return frozenset(_values(row)[0] for row in c.fetchall())


def _values(row: Any) -> tuple[Any, ...]:
    """A row's values, whether the driver gives tuples, `sqlite3.Row`s or dicts (psycopg)."""
    return tuple(row.values()) if isinstance(row, dict) else tuple(row)


def access_store(app: Application[UUID]) -> AccessStore:
    """The accounts and grants of the store `app` is open on (tables made when missing)."""
    import sqlite3

    from storage.timeline import stored

    tables = stored(app).backend.tables(stored(app))
    if tables is not None:
        return AccessStore(app, tables.datastore, tables.name("access_"), tables.param)
    # a store in memory: its accounts in a private in-memory SQLite database, the same SQL
    recorder = app.recorder
    if recorder not in _MEMORY:
        memory = _MemoryDatastore(sqlite3.connect(":memory:", check_same_thread=False))
        _MEMORY[recorder] = AccessStore(None, memory, "access_", "?")
    return _MEMORY[recorder]


class _MemoryDatastore:
    """A throwaway store's accounts: a private in-memory SQLite database, the same SQL."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        from contextlib import contextmanager

        @contextmanager
        def cursor() -> Any:
            with self.connection:
                yield self.connection.cursor()

        return cursor()
