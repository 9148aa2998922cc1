"""Opening the store a location names: it must exist unless created, and say why not."""

from __future__ import annotations

from pathlib import Path

from domain.application import Timeline
from domain.store import MEMORY, describe, is_postgres, postgres_store


def store_exists(location: str) -> bool:
    """Whether a store is already at `location` (never true of `:memory:`)."""
    if is_postgres(location):
        from storage import postgres

        return postgres.has_store(postgres_store(location))
    return location != MEMORY and Path(location).exists()


def open_timeline(location: str, *, create: bool = False) -> Timeline:
    """The Timeline on the store at `location`; it must exist unless `create`.

    Raises `StoreNotFound` for a missing store, `StoreUnreachable` for a database
    that cannot be used, `StoreLocationError` for a location that cannot hold one.
    """
    from storage.errors import StoreNotFound

    if is_postgres(location):
        from storage import postgres

        store = postgres_store(location)
        if create:
            postgres.create_schema(store)
        elif not store_exists(location):
            raise StoreNotFound(describe(location))
        # tables are created by `init` only: many processes opening a store at once
        # must not race to create (or replace) its tables and functions
        from storage.locks import postgres_case_locks

        app = Timeline.at(location, CREATE_TABLE="yes" if create else "no")
        datastore = app.recorder.datastore  # type: ignore[attr-defined]
        if not create:
            datastore.register_type_adapters()
        app.writing_cases = postgres_case_locks(datastore)
        return app
    if location != MEMORY and not create and not Path(location).exists():
        raise StoreNotFound(location)
    return Timeline.at(location)
