"""One backend per kind of store, made once from its location (`storage.opening.backend_at`).

As eventsourcing picks one persistence module from its settings (`sqlite`, `postgres`,
`popo`) and nothing above it asks which, a store location (a file path, a
`postgresql://` URL, `:memory:`) is read once into an `SQLiteBackend`,
`PostgresBackend` or `MemoryBackend`, and whatever differs between them is asked of it:
how it may be printed, eventsourcing's settings, what is there, opening the application,
the tables beside the events (views, audit, keys, accounts), the writers' locks, the
import's transaction, reading one case's events, copying into it and backing it up.
The application it opens carries it (`StoredTimeline.backend`); what opening checks and
does on every backend is here too.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.utils import get_topic

from domain import APPLICATION
from domain.application import Timeline
from storage.codec import OrjsonTranscoder, PydanticMapper
from storage.format import (
    CURRENT_FORMAT,
    ENCRYPTED_FORMAT,
    Inspection,
    Kind,
    StoreFormat,
    write_format,
)

if TYPE_CHECKING:
    from eventsourcing.persistence import Notification, StoredEvent

    from storage.audit import Audit
    from storage.import_store import ImportStore
    from storage.keyring import Keyring, StoreKey
    from storage.tables import Tables

V = TypeVar("V")


class Backend(ABC):
    """A store of one kind, at one location."""

    shared = False
    """Several processes may serve it at once (a server's workers)."""
    subscribable = False
    """Other processes' new events are told to a follower as they are saved (LISTEN/NOTIFY),
    so eventsourcing's `ProjectionRunner` can follow it; else a follower polls."""
    dense = True
    """Positions run without a gap (PostgreSQL's sequence skips those of a rolled-back
    insert)."""
    one_writer = True
    """One process writes the whole store at a time (SQLite): a lock waited out is the store's
    writer's (an import, a rebuild), not that of the table written (the audit's, the views')."""
    streams_imports = True
    """An import is written a page at a time in one transaction of the store
    (`import_transaction`); else it is carried out as one batch."""

    @abstractmethod
    def __str__(self) -> str:
        """The location as it may be printed: a URL without its password."""

    @abstractmethod
    def env(self) -> dict[str, str]:
        """eventsourcing's settings that select this store's persistence module."""

    @abstractmethod
    def inspect(self) -> Inspection:
        """What is at the location, read without changing it."""

    def exists(self) -> bool:
        """Whether a store is already there (never true of `:memory:`)."""
        return self.inspect().kind in (Kind.OURS, Kind.OLDER)

    def open(
        self, *, create: bool = False, key: StoreKey | None = None, threads: int = 1
    ) -> StoredTimeline:
        """The Timeline on this store (`storage.opening.open_timeline` says the contract)."""
        self.check_location()  # a location that cannot hold a store is refused first
        found = self.inspect()
        check_found(str(self), found, create)
        check_key(str(self), found, key)
        store_format = found.store_format or (ENCRYPTED_FORMAT if key else CURRENT_FORMAT)
        app = self.application(found, store_format, create=create, threads=threads)
        finish_opening(app, found, store_format, key)
        return app

    def check_location(self) -> None:  # noqa: B027  # most locations are checked as parsed
        """Raise `StoreLocationError` where the location cannot hold a store."""

    @abstractmethod
    def application(
        self, found: Inspection, store_format: StoreFormat, *, create: bool, threads: int
    ) -> StoredTimeline:
        """eventsourcing's application on the store `found` here, read in `store_format`, with
        the services this backend gives it (locks, scrub)."""

    def settings(self, store_format: StoreFormat = CURRENT_FORMAT) -> dict[str, str]:
        """eventsourcing's settings of an application on this store written in
        `store_format`: its persistence module, timeline's mapper, the format's compressor."""
        return {**self.env(), **mapper_env(), **store_format.env()}

    def timeline(self, store_format: StoreFormat, **env: str) -> StoredTimeline:
        """The application with this backend's `settings` and `env`."""
        app = StoredTimeline(env={**self.settings(store_format), **env})
        app.backend = self
        return app

    @abstractmethod
    def tables(self, app: StoredTimeline) -> Tables | None:
        """The database of the store `app` is on, for the tables beside the events; None
        where it has none (memory)."""

    @abstractmethod
    def views(
        self, app: StoredTimeline, name: str, on_tables: type[Any], in_memory: Callable[[], V]
    ) -> V:
        """The persisted view `name` of the store `app` is on: `on_tables` (an eventsourcing
        tracking recorder written over `Tables`, `projections.sql_views`) given this
        backend's tracking recorder and tables, else `in_memory()` where the store has no
        database."""

    def keyring(self, app: StoredTimeline, store_key: bytes, *, new: bool) -> Keyring:
        """The keyring of the encrypted store `app` is on, its keys in the store's key table
        (`storage.keys`); made there if `new`."""
        from storage.keyring import Keyring, new_keyring
        from storage.keys import SQLKeyTable

        tables = self.tables(app)
        assert tables is not None  # memory keeps its keys itself (`MemoryBackend`)
        table = SQLKeyTable(tables)
        if not new:
            return Keyring(store_key, table)
        table.create()
        return new_keyring(store_key, table)

    @abstractmethod
    def import_transaction(self, app: StoredTimeline) -> AbstractContextManager[ImportStore]:
        """One transaction of the store's recorder for a streamed import
        (`storage.importing`): committed when the block ends, rolled back if it raises."""

    @abstractmethod
    def case_notifications(
        self, app: StoredTimeline, case_id: UUID, until: int | None
    ) -> Sequence[Notification]:
        """The stored events of one case recorded up to position `until`, in version order,
        with their positions (`storage.cases`)."""

    @abstractmethod
    def inserting(
        self, app: StoredTimeline
    ) -> AbstractContextManager[Callable[[list[StoredEvent]], Any]]:
        """One transaction of the store's recorder, and a function that inserts a page of
        stored events (and their chain rows) in it (`storage.copy`)."""

    def why_not_opened(self, create: bool) -> str:
        """What the driver's error on opening leaves unsaid, where it can be seen ('' if
        nothing)."""
        return ""

    def check_backup(self) -> None:
        """Raise `StoreError` unless `backup` can copy this store."""
        from storage.errors import StoreError

        raise StoreError(
            "backup copies an SQLite file; back up a PostgreSQL store with pg_dump, or copy it "
            "into a file with `timeline store copy --to FILE`"
        )

    def backup(self, target: Path, key: StoreKey | None = None) -> Audit:
        """Copy the store into the new file `target` while others go on using it, and
        return the audit of the copy (`storage.backup`)."""
        self.check_backup()
        raise AssertionError("unreachable")  # pragma: no cover


class StoredTimeline(Timeline):
    """The Timeline on a store, with the backend it was opened by: code above the storage
    asks `app.backend`, never which kind of store it is on."""

    name = APPLICATION  # eventsourcing names a subclass after itself, and its tables: pinned
    backend: Backend
    keyring: Keyring | None = None  # the domain's `Keys`: ours
    """An encrypted store's keys; None for a plain store."""


def stored(app: Application[UUID]) -> StoredTimeline:
    """`app` as its store opened it, with its backend; a `TypeError` for an application no
    backend opened (made by hand), which nothing above the storage can serve."""
    if not isinstance(app, StoredTimeline):
        raise TypeError(f"{type(app).__name__} was not opened on a store (`storage.opening`)")
    return app


def mapper_env() -> dict[str, str]:
    """The settings that make eventsourcing map events with timeline's pydantic mapper."""
    return {
        "MAPPER_TOPIC": get_topic(PydanticMapper),
        "TRANSCODER_TOPIC": get_topic(OrjsonTranscoder),
    }


def finish_opening(
    app: StoredTimeline, found: Inspection, store_format: StoreFormat, key: StoreKey | None
) -> None:
    """What opening does once eventsourcing's application is made: an older store chained
    and given what it lacks, the keyring of an encrypted store, the format record last."""
    from storage.access import give_access
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
    if key is None and not (found.kind is Kind.OURS and encrypted):
        return  # a plain store, or none yet, without a key: the keyring is not imported
    from storage.keyring import KeyMissing, NotEncrypted, WrongKey, key_opens

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


def older_snapshots(app: StoredTimeline) -> Callable[[UUID, int], None]:
    """What removes a case's snapshots older than a version, in the store of `app` (the
    statement is its recorder's, beside the erasure's; the snapshot store's transaction)."""
    erasures = app.recorder.erasures  # type: ignore[attr-defined]
    datastore = app.snapshots.recorder.datastore  # type: ignore[union-attr]

    def forget(case: UUID, version: int) -> None:
        erasures.forget_older(datastore, case, version)

    return forget
