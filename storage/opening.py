"""Opening the store a location names: it must exist unless created, be a timeline store,
and be read with the format it records.

A location is inspected before eventsourcing is let near it (the library creates
tables and switches SQLite to WAL as it opens a file): a file or schema that is not a
timeline store is refused untouched. A store this process may not write is opened
read-only and never written. What differs between kinds of store is its backend's
(`storage.backends`); what they share is here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.access import give_access
from storage.backends import backend_at
from storage.format import CURRENT_FORMAT, Inspection, Kind, StoreFormat, write_format
from storage.keyring import KeyMissing, Keyring, NotEncrypted, StoreKey, WrongKey, key_opens

if TYPE_CHECKING:
    from storage.timeline import StoredTimeline


def store_exists(location: str) -> bool:
    """Whether a store is already at `location` (never true of `:memory:`)."""
    return backend_at(location).exists()


def open_timeline(
    location: str, *, create: bool = False, key: StoreKey | None = None, threads: int = 1
) -> StoredTimeline:
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
    return backend_at(location).open(create=create, key=key, threads=threads)


def finish_opening(
    app: StoredTimeline, found: Inspection, store_format: StoreFormat, key: StoreKey | None
) -> None:
    """What opening does once eventsourcing's application is made: an older store chained
    and given what it lacks, the keyring of an encrypted store, the format record last."""
    from storage.chain import chain_earlier_events
    from storage.once import TABLE as ONCE_TABLE

    if found.kind is Kind.OLDER:
        chain_earlier_events(app)
    if ONCE_TABLE not in found.tables and not app.read_only:
        app.recorder.once.make()  # type: ignore[attr-defined]  # a store made before it
    if key is not None:
        use_keyring(app, app.backend.keyring(app, key.key, new=found.kind is not Kind.OURS))
    give_access(app)  # its tables are made when first used
    if found.kind is not Kind.OURS:
        write_format(app, store_format)  # last: a store half made is not yet a store


def use_keyring(app: StoredTimeline, keyring: Keyring) -> None:
    app.keyring = keyring
    app.mapper.keyring = keyring  # type: ignore[attr-defined]


def check_key(where: str, found: Inspection, key: StoreKey | None) -> None:
    """An encrypted store opens with its own key only; a plain one with none. Checked
    before the store is touched."""
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


def check_found(where: str, found: Inspection, create: bool) -> None:
    from storage.errors import NotAStore, StoreNeedsUpgrade, StoreNotFound

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
