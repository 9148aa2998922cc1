"""Opening the store a command names, with errors a user can act on."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cli.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from projections.fresh import FreshViews
    from storage.backends import StoredTimeline
    from storage.keyring import StoreKey


@dataclass(frozen=True)
class StoreSpec:
    """The store a command names: its location (`--store`) and, for an encrypted store,
    the file of its key (`--key-file`, or TIMELINE_KEY_FILE). Each command builds it from
    its own parameters (`cli.options.Store` and `KeyFile`) and gives it to `open_store`:
    nothing else carries the key, so nothing of one command line reaches the next."""

    location: str
    key_file: str | None = None

    def key(self) -> StoreKey | None:
        """The key named, read from its file; None where none is named."""
        if self.key_file is None:
            return None
        from storage.keyring import load_key  # a plain store's commands never import it

        return load_key(self.key_file)


def open_store(spec: StoreSpec, *, create: bool = False, threads: int = 1) -> StoredTimeline:
    """The Timeline on the store `spec` names, opened with its key; it must exist unless
    `create`, which makes the store and its views where they are missing. `threads`: as
    `open_timeline`'s."""
    import sqlite3

    from eventsourcing.persistence import PersistenceError

    from storage.opening import backend_at, open_timeline

    try:
        app = open_timeline(spec.location, create=create, key=spec.key(), threads=threads)
        if create:
            from projections.runner import create_views

            create_views(app)
        return app
    except (PersistenceError, sqlite3.Error) as error:
        backend = backend_at(spec.location)
        raise InputError(
            f"store {backend} cannot be opened: {error}{backend.why_not_opened(create)}"
        ) from None


@contextmanager
def fresh_views(spec: StoreSpec) -> Iterator[FreshViews | None]:
    """The views of the store `spec` names read as they stand, when they are current and
    no key is named (`projections.fresh`); otherwise None: open the store instead."""
    from projections.fresh import fresh_views

    if spec.key_file is not None:  # a key with a plain store is refused by `open_store`
        yield None
        return
    with fresh_views(spec.location) as views:
        yield views
