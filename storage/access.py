"""Accounts, restricted cases and grants: tables of their own beside the record's log.

The same SQL on SQLite and PostgreSQL (in the store's schema), through the datastore
eventsourcing opened, so access lives wherever the record does. Only a token's
SHA-256 is stored. The `restricted` table is the one place that says a case is
restricted; a case opened restricted gets its row (and its grants) in the transaction
that stores its opening, written by the recorder's insert (`storage.chain.ALSO_WRITE`).
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from functools import partial
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.application import Application

from storage.chain import ALSO_WRITE
from storage.locks import take_sqlite_writer
from storage.tables import Tables

if TYPE_CHECKING:
    from domain.access import CaseAccess, Policy, Role

# `domain.access` (its accounts, roles and policies) is imported where an account is asked
# about: a store is opened with these tables, and most commands never read them

_TABLES = (
    "CREATE TABLE IF NOT EXISTS {t}users (name TEXT PRIMARY KEY, role TEXT NOT NULL, "
    "token_hash TEXT NOT NULL UNIQUE, revoked INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS {t}restricted (slug TEXT PRIMARY KEY)",
    "CREATE TABLE IF NOT EXISTS {t}grants (slug TEXT NOT NULL, name TEXT NOT NULL, "
    "PRIMARY KEY (slug, name))",
    "CREATE TABLE IF NOT EXISTS {t}settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
)

_COLUMNS = {"users": "name, role, token_hash, revoked", "restricted": "slug",
            "grants": "slug, name", "settings": "name, value"}  # fmt: skip

_RESTRICT = "INSERT INTO {t}restricted (slug) VALUES (?) ON CONFLICT (slug) DO NOTHING"
_GRANT = "INSERT INTO {t}grants (slug, name) VALUES (?, ?) ON CONFLICT (slug, name) DO NOTHING"

_POLICY = (
    "SELECT 'account' AS what, name AS slug, role AS role, token_hash AS hash "
    "FROM {t}users WHERE token_hash = ? AND revoked = 0 "
    "UNION ALL SELECT 'restricted', slug, NULL, NULL FROM {t}restricted "
    "UNION ALL SELECT 'granted', g.slug, NULL, NULL FROM {t}grants g "
    "JOIN {t}users u ON u.name = g.name WHERE u.token_hash = ? AND u.revoked = 0"
)
"""An account's policy in one read: its row, every restricted case, and the cases granted
it (columns aliased: psycopg's dict rows keep one column of a name)."""

NEW_CASES = "new_cases"
"""The setting that says whether a case opened without saying otherwise is restricted."""
RESTRICTED, OPEN = "restricted", "open"


class AccessStore:
    """Accounts, grants and restricted cases of one store."""

    def __init__(
        self, app: object, datastore: Any, prefix: str, param: str, tables: Tables | None = None
    ) -> None:
        # the application is held: its datastore's connections close when it is collected
        # (the copy the application itself holds, `Timeline.access`, holds none)
        self.app, self.datastore, self.t, self.p = app, datastore, prefix, param
        self.tables = tables
        """The store's tables, which read one statement alone (`Tables.read`); None in memory."""
        self._made = False

    def held_by(self, app: object) -> AccessStore:
        """These tables, holding `app` (and so its datastore) for as long as they are used."""
        held = copy.copy(self)
        held.app = app
        return held

    def ensure_tables(self) -> None:
        """Make the tables where they are missing (a store made before one of them)."""
        if not self._made:
            with self.datastore.transaction(commit=True) as c:  # only reads where they exist
                for statement in _TABLES:
                    c.execute(statement.format(t=self.t))
            self._made = True

    @contextmanager
    def _cursor(self) -> Iterator[Any]:
        self.ensure_tables()
        with self.datastore.transaction(commit=True) as cursor:
            if self.p == "?":  # SQLite: each change reads first (`take_sqlite_writer`)
                take_sqlite_writer(cursor, f"{self.t}users")  # made with the others
            yield cursor

    def _reading(self) -> AbstractContextManager[Any]:
        self.ensure_tables()
        # not the pool's one writer: every request reads its account here
        return self.datastore.transaction(commit=False)  # type: ignore[no-any-return]

    def _read(self, statement: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        """The rows of one statement: alone where the store's tables can (a server asks for a
        policy at every request), else in a transaction of their own."""
        if self.tables is not None:
            self.ensure_tables()
            return self.tables.read(self._sql(statement), params)
        with self._reading() as c:
            c.execute(self._sql(statement), tuple(params))
            return [_values(row) for row in c.fetchall()]

    def _sql(self, statement: str) -> str:
        return statement.replace("{t}", self.t).replace("?", self.p)

    def add_user(self, name: str, role: Role, hashed: str) -> None:
        from domain.access import AccountExists, checked_name

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
            from domain.access import AccountNotFound

            raise AccountNotFound(name)

    def policy(self, token: str) -> Policy | None:
        """The policy of the live account holding `token`, if any: the account, every
        restricted case and the cases granted it, in one read, as the store says now (a
        server asks it at every request)."""
        from domain.access import Account, Policy, Role, same_hash, token_hash

        hashed = token_hash(token)
        rows = self._read(_POLICY, (hashed, hashed))
        found = [(name, role) for what, name, role, stored in rows
                 if what == "account" and same_hash(stored, token)]  # fmt: skip
        if not found:
            return None
        (name, role), *_ = found
        restricted = frozenset(slug for what, slug, _, _ in rows if what == "restricted")
        granted = frozenset(slug for what, slug, _, _ in rows if what == "granted")
        return Policy(Account(name, Role(role)), restricted, granted)

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

    def check_accounts(self, names: Collection[str]) -> None:
        """`AccountNotFound` for the first of `names` that names no account."""
        wanted = list(dict.fromkeys(names))
        with self._reading() as c:
            marks = ", ".join([self.p] * len(wanted))
            c.execute(self._sql(f"SELECT name FROM {{t}}users WHERE name IN ({marks})"), wanted)
            found = {_values(row)[0] for row in c.fetchall()}
        for name in wanted:
            if name not in found:
                from domain.access import AccountNotFound

                raise AccountNotFound(name)

    def new_cases_restricted(self) -> bool:
        """Whether a case opened without saying otherwise is restricted (default: open)."""
        with self._reading() as c:
            c.execute(self._sql("SELECT value FROM {t}settings WHERE name = ?"), (NEW_CASES,))
            row = c.fetchone()
        return row is not None and _values(row)[0] == RESTRICTED

    def restrict_new_cases(self, restricted: bool) -> None:
        """Make every case opened from now on without saying otherwise restricted, or open."""
        with self._cursor() as c:
            c.execute(self._sql("DELETE FROM {t}settings WHERE name = ?"), (NEW_CASES,))
            c.execute(self._sql("INSERT INTO {t}settings (name, value) VALUES (?, ?)"),
                      (NEW_CASES, RESTRICTED if restricted else OPEN))  # fmt: skip

    def restricting(
        self, cases: Sequence[tuple[str, CaseAccess]]
    ) -> AbstractContextManager[dict[str, Any]]:
        """The recorder's keyword argument that writes these cases' rows in the transaction
        storing the events (`storage.chain.ALSO_WRITE`)."""
        self.ensure_tables()  # before the events' transaction, which SQLite would make it wait on
        return _given({ALSO_WRITE: partial(self.write_in, cases=list(cases))})

    def write_in(self, cursor: Any, cases: Sequence[tuple[str, CaseAccess]]) -> None:
        """Restrict these cases and grant them, in the transaction of `cursor` (the one that
        stores their openings). No row is read: a write only, as the recorders' hooks and
        PostgreSQL's pipeline mode want."""
        restricted = [(slug,) for slug, access in cases if access.restricted]
        grants = [(slug, name) for slug, access in cases for name in access.granted]
        if restricted:
            cursor.executemany(self._sql(_RESTRICT), restricted)
        if grants:
            cursor.executemany(self._sql(_GRANT), grants)

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
    attached = getattr(app, "access", None)
    return (attached if isinstance(attached, AccessStore) else give_access(app)).held_by(app)


def give_access(app: Application[UUID]) -> AccessStore:
    """Give `app` (a `Timeline`) the access tables of its store, as `Timeline.access`: made
    on first use, and holding nothing of the application (which holds them)."""
    import sqlite3

    opened: Any = app  # a `storage.backends.StoredTimeline`: the backends give access
    tables = opened.backend.tables(opened)
    access: AccessStore
    if tables is not None:
        access = AccessStore(None, tables.datastore, tables.name("access_"), tables.param, tables)
    else:  # a store in memory: its accounts in a private in-memory SQLite database, the same SQL
        memory = _MemoryDatastore(sqlite3.connect(":memory:", check_same_thread=False))
        access = _MemoryAccessStore(None, memory, "access_", "?")
    app.access = access  # type: ignore[attr-defined]
    return access


class _MemoryDatastore:
    """A throwaway store's accounts: a private in-memory SQLite database, the same SQL, one
    transaction at a time."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.lock = threading.RLock()

    def transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        @contextmanager
        def cursor() -> Any:
            with self.lock, self.connection:
                yield self.connection.cursor()

        return cursor()


class _MemoryAccessStore(AccessStore):
    """The access tables of a store in memory, beside eventsourcing's in-memory recorder,
    which takes no part in another's transaction."""

    @contextmanager
    def restricting(self, cases: Sequence[tuple[str, CaseAccess]]) -> Iterator[dict[str, Any]]:
        """The rows written in a transaction of the access tables that is committed once the
        events are stored within the block, and rolled back if they are not."""
        with self.datastore.transaction(commit=True) as cursor:
            self.write_in(cursor, cases)
            yield {}


@contextmanager
def _given(kwargs: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield kwargs
