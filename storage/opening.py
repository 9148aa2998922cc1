"""Opening the store a location names: it must exist unless created, be a timeline store,
and be read with the format it records.

A location is inspected before eventsourcing is let near it (the library creates
tables and switches SQLite to WAL as it opens a file): a file or schema that is not a
timeline store is refused untouched. A store this process may not write is opened
read-only and never written.
"""

from __future__ import annotations

from pathlib import Path

from domain.application import Timeline
from domain.keys import (
    KeyMissing,
    Keyring,
    MemoryKeyTable,
    NotEncrypted,
    StoreKey,
    WrongKey,
    key_opens,
    new_keyring,
)
from domain.store import (
    CURRENT_FORMAT,
    ENCRYPTED_FORMAT,
    MEMORY,
    StoreFormat,
    describe,
    is_postgres,
    postgres_store,
)
from storage.access import give_access
from storage.chain import chain_earlier_events, recorder_env
from storage.format import Inspection, Kind, inspect_sqlite, read_only_uri, writable, write_format
from storage.keys import SQLKeyTable
from storage.locks import sqlite_store_lock
from storage.once import TABLE as ONCE_TABLE
from storage.scrub import PostgresScrub, SQLiteScrub


def store_exists(location: str) -> bool:
    """Whether a store is already at `location` (never true of `:memory:`)."""
    return location != MEMORY and inspect(location).kind in (Kind.OURS, Kind.OLDER)


def inspect(location: str) -> Inspection:
    if is_postgres(location):
        from storage import postgres

        return postgres.inspect(postgres_store(location))
    return inspect_sqlite(Path(location))


def open_timeline(
    location: str, *, create: bool = False, key: StoreKey | None = None, threads: int = 1
) -> Timeline:
    """The Timeline on the store at `location`; it must exist unless `create`, which makes
    it where nothing is (or upgrades a store made before format records).

    Raises `StoreNotFound` for a missing store, `NotAStore` for anything else found there,
    `StoreNeedsUpgrade` for an older store, `StoreUnreachable` for a database that cannot
    be used, `StoreLocationError` for a location that cannot hold one. An encrypted store
    needs its `key` (`KeyMissing`, `WrongKey`); a plain one refuses a key (`NotEncrypted`).

    `threads`: how many threads of this process use the store at once (a server's); on
    PostgreSQL each may hold two pooled connections at a time (a lock or a stream, and a
    read it needs meanwhile), so the pool is made large enough for all of them and one over.
    """
    if location == MEMORY:
        from storage.memory import memory_env

        app = Timeline.at(location, ENCRYPTED_FORMAT if key else CURRENT_FORMAT, **memory_env())
        if key:
            _use_keyring(app, new_keyring(key.key, MemoryKeyTable()))
        give_access(app)
        return app
    from domain.store import store_env

    store_env(location)  # a location that cannot hold a store is refused first
    found = inspect(location)
    _check(location, found, create)
    _check_key(location, found, key)
    store_format = found.store_format or (ENCRYPTED_FORMAT if key else CURRENT_FORMAT)
    if is_postgres(location):
        app = _open_postgres(location, store_format, create, threads)
    elif found.kind is Kind.OURS and not create and not writable(Path(location)):
        app = Timeline.at(
            location, store_format, SQLITE_DBNAME=read_only_uri(Path(location)),
            CREATE_TABLE="no", **recorder_env(postgres=False),
        )  # fmt: skip
        app.read_only = True
        app.scrub = SQLiteScrub(Path(location), describe(location))  # says it cannot write
    else:
        app = Timeline.at(
            location, store_format, CREATE_TABLE="yes" if create else "no",
            **recorder_env(postgres=False),
        )  # fmt: skip
        app.writing_cases = sqlite_store_lock(str(Path(location).absolute()))
        app.scrub = SQLiteScrub(Path(location), describe(location))
    if found.kind is Kind.OLDER:
        chain_earlier_events(app)
    if ONCE_TABLE not in found.tables and not app.read_only:
        app.recorder.once.make()  # type: ignore[attr-defined]  # a store made before it
    if key is not None:
        table = SQLKeyTable(app.factory.datastore)  # type: ignore[attr-defined]
        if found.kind is Kind.OURS:
            _use_keyring(app, Keyring(key.key, table))
        else:
            table.create()
            _use_keyring(app, new_keyring(key.key, table))
    give_access(app)  # its tables are made when first used
    if found.kind is not Kind.OURS:
        write_format(app, store_format)  # last: a store half made is not yet a store
    return app


def _use_keyring(app: Timeline, keyring: Keyring) -> None:
    app.keyring = keyring
    app.mapper.keyring = keyring  # type: ignore[attr-defined]


def _check_key(location: str, found: Inspection, key: StoreKey | None) -> None:
    """An encrypted store opens with its own key only; a plain one with none. Checked
    before the store is touched."""
    where = describe(location)
    encrypted = found.store_format is not None and found.store_format.encrypted
    if found.kind is Kind.OLDER and key is not None:
        raise NotEncrypted(where)
    if found.kind is not Kind.OURS:
        return
    if not encrypted:
        if key is not None:
            raise NotEncrypted(where)
        return
    if key is None:
        raise KeyMissing(where)
    if found.key_check is None:
        from storage.errors import StoreDamaged

        raise StoreDamaged(
            f"store {where} is encrypted but holds no key check value: it is damaged"
        )
    if not key_opens(key.key, found.key_check):
        raise WrongKey(where, key.path)


def _check(location: str, found: Inspection, create: bool) -> None:
    from storage.errors import NotAStore, StoreNeedsUpgrade, StoreNotFound

    where = describe(location)
    if found.kind is Kind.FOREIGN:
        raise NotAStore(where, found.why)
    if create:
        return
    if found.kind in (Kind.MISSING, Kind.EMPTY):
        raise StoreNotFound(where)
    if found.kind is Kind.OLDER:
        raise StoreNeedsUpgrade(where)
    if found.store_format and found.store_format.version > CURRENT_FORMAT.version:
        from domain.errors import StoreTooNew

        raise StoreTooNew(f"store layout {found.store_format.version}")


def _open_postgres(
    location: str, store_format: StoreFormat, create: bool, threads: int
) -> Timeline:
    from storage import postgres
    from storage.locks import postgres_case_locks

    store = postgres_store(location)
    if create:
        postgres.create_schema(store)
    # tables are created by `init` only: many processes opening a store at once
    # must not race to create (or replace) its tables and functions
    pool = {"POSTGRES_MAX_OVERFLOW": str(2 * threads)} if threads > 1 else {}
    app = Timeline.at(
        location, store_format, CREATE_TABLE="yes" if create else "no",
        **recorder_env(postgres=True), **pool,
    )  # fmt: skip
    datastore = app.recorder.datastore  # type: ignore[attr-defined]
    if not create:
        datastore.register_type_adapters()
    app.writing_cases = postgres_case_locks(datastore)
    app.scrub = PostgresScrub(datastore, describe(location))
    return app
