"""Backing up an SQLite store with SQLite's online backup API, then proving the copy whole.

The backup API copies a consistent snapshot of the database page by page while other
processes go on reading and writing; the copy is written beside its target and moved
into place only once complete and verified, so a backup that fails leaves nothing. The
backup of an encrypted store is its owner's alone (`PRIVATE_MODE`) from its first byte;
SQLite gives the files beside it (journal, write-ahead log) the same mode.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from storage.audit import Audit
from storage.errors import StoreError
from storage.format import read_only_uri
from storage.keyring import PRIVATE_MODE, StoreKey


def backup_sqlite(
    source: Path,
    target: Path,
    pages: int = 1024,
    key: StoreKey | None = None,
    *,
    check: Callable[[Path], Audit],
) -> Audit:
    """Copy the store at `source` into the new file `target` (which must not exist); returns
    the audit of the copy, made by `check` (which opens it as the store is opened: with
    `key`, an encrypted store's key, and then the copy is private whatever the umask)."""
    if target.exists():
        raise StoreError(f"{target} already exists: give a new file for the backup")
    if not target.parent.is_dir():
        raise StoreError(f"{target}: folder {str(target.parent)!r} does not exist")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if key is not None:  # a store read with a key is encrypted (a plain one refuses keys)
            _create_private(partial)
        with _connect(read_only_uri(source)) as src, _connect(str(partial)) as dst:
            src.backup(dst, pages=pages)
        report = check(partial)
        os.replace(partial, target)
        return report
    finally:
        partial.unlink(missing_ok=True)


def _create_private(path: Path) -> None:
    """An empty file at `path` (SQLite makes a new database of it), its owner's alone."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
    try:
        os.fchmod(fd, PRIVATE_MODE)  # the umask may have taken the owner's bits too
    finally:
        os.close(fd)


def _connect(location: str) -> sqlite3.Connection:
    return sqlite3.connect(location, uri=location.startswith("file:"), timeout=30)
