"""Opening the store a command names, with errors a user can act on."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

from cli.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from projections.fresh import FreshViews
    from storage.backends import StoredTimeline
    from storage.keyring import StoreKey


def open_store(location: str, *, create: bool = False, threads: int = 1) -> StoredTimeline:
    """The Timeline on the store at `location`; it must exist unless `create`, which makes
    the store and its views where they are missing. `threads`: as `open_timeline`'s."""
    import sqlite3

    from eventsourcing.persistence import PersistenceError

    from storage.opening import backend_at, open_timeline

    try:
        app = open_timeline(location, create=create, key=store_key(), threads=threads)
        if create:
            from projections.runner import create_views

            create_views(app)
        return app
    except (PersistenceError, sqlite3.Error) as error:
        backend = backend_at(location)
        raise InputError(
            f"store {backend} cannot be opened: {error}{backend.why_not_opened(create)}"
        ) from None


def store_key() -> StoreKey | None:
    """The key the command line names (`--key-file`, TIMELINE_KEY_FILE), read from its file."""
    from cli.keys import key_file
    from storage.keyring import load_key

    path = key_file()
    return load_key(path) if path is not None else None


@contextmanager
def fresh_views(location: str) -> Iterator[FreshViews | None]:
    """The views of the store at `location` read as they stand, when they are current and
    no key is named (`projections.fresh`); otherwise None: open the store instead."""
    from cli.keys import key_file
    from projections.fresh import fresh_views

    if key_file() is not None:  # a key with a plain store is refused by `open_store`
        yield None
        return
    with fresh_views(location) as views:
        yield views
