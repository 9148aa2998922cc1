"""What the application is given by the store it is opened on (`storage.backends`).

The domain names no backend, no SQL and no key: a store that offers more than a plain
list of events (keys to erase a case with, locks that make writers take turns, files to
scrub) hands the application these services when it opens it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Protocol
from uuid import UUID

CaseLocks = Callable[[list[str]], AbstractContextManager[object]]
"""Held by one writer of these cases (slugs) at a time while they are read and saved."""


class Keys(Protocol):
    """An encrypted store's keys as the application uses them: a data key per case, and
    one of the record's own (`storage.keyring.Keyring`)."""

    forgotten: int
    """How many times this process let a key go (an erasure, here or noticed): what it
    keeps that was read with the keys is let go with them."""

    def prepare(self, case_ids: Iterable[UUID]) -> None:
        """Make the data keys these cases lack, in one transaction."""

    def erase(self, case_id: UUID) -> None:
        """Destroy the case's data key: its payloads can never be read again."""

    def forget(self, case_id: UUID) -> None:
        """Drop the case's key from this process's memory (another process erased it)."""

    def is_erased(self, case_id: UUID) -> bool: ...

    def seal_record(self, data: bytes) -> bytes:
        """`data` sealed with the record's own key."""

    def open_record(self, data: bytes) -> bytes:
        """What `seal_record` sealed, opened."""


class Scrub(Protocol):
    """Makes the store's files hold nothing of what its writes destroyed (a key the database
    keeps on disk after it is deleted: SQLite's write-ahead log, PostgreSQL's dead rows),
    waiting at most `wait` seconds for other processes that still read the old; `whole`
    rewrites every file that can hold one. Returns None when done, else, in words, what is
    left and what to do."""

    def __call__(self, wait: float, *, whole: bool = False) -> str | None: ...
