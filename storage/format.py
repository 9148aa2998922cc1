"""The store's own record of its format, and telling a timeline store from any other file.

`init` writes one row in `timeline_store` (application, layout version, compressor,
cipher) beside eventsourcing's tables. Before the library is let near a location, it
is inspected here without writing anything (SQLite is opened read-only), so a file
that is not a timeline store is refused as it is: no tables added, no WAL switched on.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import quote

from domain import APPLICATION


@dataclass(frozen=True)
class StoreFormat:
    """How a store's events are written, recorded in the store itself when it is created.

    eventsourcing reads its settings (compression, encryption) from the environment;
    a store is read with the settings of its own record instead, so a variable such as
    `COMPRESSOR_TOPIC` in the environment can neither change nor hide how it is written.
    """

    application: str = APPLICATION
    version: int = 1
    """The store's layout: 1 has the events, the views, this record and the hash chain."""
    compressor: str = ""
    """eventsourcing's compressor topic, or '' for none."""
    cipher: str = ""
    """eventsourcing's cipher topic, or '' for none. timeline uses it with a key per case
    (`storage.keyring`), so it is never handed to eventsourcing's app-wide cipher."""

    @property
    def encrypted(self) -> bool:
        return bool(self.cipher)

    def env(self) -> dict[str, str]:
        """The eventsourcing settings this format asks for."""
        return {"COMPRESSOR_TOPIC": self.compressor, "CIPHER_TOPIC": ""}


CURRENT_FORMAT = StoreFormat()
"""The format `init` records in a new store."""
ZLIB = "eventsourcing.compressor:ZlibCompressor"
"""How encrypted stores made before zstd compress their payloads: they go on doing so."""
ZSTD_DICTIONARY = "storage.compression:DictionaryCompressor"
"""zstd with the vocabulary's dictionary (`storage.compression`): never rename it."""
COMPRESSORS = ("", ZLIB, ZSTD_DICTIONARY)
"""The compressors a store may record: a stored name is never imported unless listed here."""
ENCRYPTED_FORMAT = StoreFormat(
    compressor=ZSTD_DICTIONARY, cipher="eventsourcing.cryptography:AESCipher"
)
"""The format `init --key-file` records: payloads compressed, then encrypted."""
CIPHERS = ("", ENCRYPTED_FORMAT.cipher)


TABLE = "timeline_store"
SQLITE_MAGIC = b"SQLite format 3\x00"
OUR_SQLITE_TABLES = frozenset({"stored_events", "view_cases", "view_entries"})
"""The tables a store made before format records was given: it is ours, not yet upgraded."""


class Kind(Enum):
    MISSING = "missing"
    EMPTY = "empty"
    """No tables at all (a new or zero-length file, an empty schema): a store may be made."""
    OURS = "ours"
    OLDER = "older"
    """timeline's tables without a format record: made before stores recorded it."""
    FOREIGN = "foreign"


@dataclass(frozen=True)
class Inspection:
    kind: Kind
    store_format: StoreFormat | None = None
    why: str = ""
    key_check: bytes | None = None
    """An encrypted store's key check value (`storage.keyring`), read with the record."""
    tables: frozenset[str] = frozenset()
    """The tables found there."""


def create_statement(table: str = TABLE) -> str:
    return (
        f"CREATE TABLE IF NOT EXISTS {table} (application TEXT NOT NULL, "
        "version INTEGER NOT NULL, compressor TEXT NOT NULL, cipher TEXT NOT NULL)"
    )


def insert_statement(table: str = TABLE, param: str = "?") -> str:
    return f"INSERT INTO {table} VALUES ({', '.join([param] * 4)})"


def row_of(store_format: StoreFormat) -> tuple[Any, ...]:
    f = store_format
    return (f.application, f.version, f.compressor, f.cipher)


def format_of(rows: list[tuple[Any, ...]]) -> Inspection:
    """The inspection of a store whose `timeline_store` holds `rows`."""
    if len(rows) != 1:
        return Inspection(Kind.FOREIGN, why=f"its format record has {len(rows)} rows, not 1")
    application, version, compressor, cipher = rows[0]
    if application != APPLICATION or not isinstance(version, int):
        return Inspection(Kind.FOREIGN, why=f"it is the store of {application!r}")
    if compressor not in COMPRESSORS or cipher not in CIPHERS:
        return Inspection(
            Kind.FOREIGN, why=f"it is written with settings this timeline does not read "
            f"(compressor {compressor!r}, cipher {cipher!r})",
        )  # fmt: skip
    return Inspection(Kind.OURS, StoreFormat(application, version, compressor, cipher))


def inspect_sqlite(path: Path) -> Inspection:
    """What the file at `path` is, read without changing it."""
    if not path.exists():
        return Inspection(Kind.MISSING)
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except OSError as error:
        return Inspection(Kind.FOREIGN, why=f"it cannot be read ({error.strerror})")
    if not head:
        return Inspection(Kind.EMPTY)
    if head != SQLITE_MAGIC:
        return Inspection(Kind.FOREIGN, why="it is not an SQLite database")
    try:
        db = sqlite3.connect(reading_uri(path), uri=True)
        try:
            names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            rows = db.execute(f"SELECT * FROM {TABLE}").fetchall() if TABLE in names else []
            check = _check_value(db, names)
        finally:
            db.close()
    except sqlite3.Error as error:
        return Inspection(Kind.FOREIGN, why=f"it cannot be read as SQLite ({error})")
    if TABLE in names:
        return replace(with_check(format_of(rows), check), tables=frozenset(names))
    if not names:
        return Inspection(Kind.EMPTY)
    if names >= OUR_SQLITE_TABLES:
        return Inspection(Kind.OLDER)
    return Inspection(Kind.FOREIGN, why=f"it holds other tables ({', '.join(sorted(names)[:3])})")


KEYS_TABLE = "timeline_keys"
CHECK_QUERY = f"SELECT wrapped FROM {KEYS_TABLE} WHERE id = 'check'"


def _check_value(db: sqlite3.Connection, names: set[str]) -> bytes | None:
    row = db.execute(CHECK_QUERY).fetchone() if KEYS_TABLE in names else None
    return bytes(row[0]) if row and row[0] is not None else None


def with_check(found: Inspection, check: bytes | None) -> Inspection:
    return replace(found, key_check=check) if found.kind is Kind.OURS else found


def writable(path: Path) -> bool:
    """Whether this process may write the store file (and its folder, where SQLite keeps
    the write-ahead log)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def read_only_uri(path: Path) -> str:
    """An SQLite URI that reads `path` without ever writing it.

    In a folder we cannot write, a WAL database can be opened read-only only if its
    shared-memory file exists; with none (and so no log of unsaved pages), the file
    is all there is and is opened as immutable.
    """
    uri = "file:" + quote(str(path.absolute()))
    shm = Path(f"{path}-shm")
    if os.access(path.parent, os.W_OK) or shm.exists():
        return uri + "?mode=ro"
    return uri + "?immutable=1"


def reading_uri(path: Path) -> str:
    """How `inspect_sqlite` and a read of current views open `path`: for reading only,
    but, where the file may be written, as a writer would, so that closing the connection
    lets SQLite remove the `-wal` and `-shm` files it made (a read-only connection must
    leave them behind)."""
    if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
        return "file:" + quote(str(path.absolute())) + "?mode=rw"
    return read_only_uri(path)


@contextmanager
def sqlite_snapshot(path: Path) -> Iterator[sqlite3.Connection | None]:
    """The plain store of the current format in the SQLite file at `path`, opened with
    sqlite3 alone in one read transaction; None for anything else (`storage.opening`)."""
    found = inspect_sqlite(path)
    if found.kind is not Kind.OURS or found.store_format != CURRENT_FORMAT:
        yield None
        return
    try:
        db = sqlite3.connect(reading_uri(path), uri=True, isolation_level=None)
    except sqlite3.Error:
        yield None
        return
    try:
        try:
            db.execute("BEGIN")  # one snapshot: what is read is read as it was found
        except sqlite3.Error:
            yield None
            return
        yield db
    finally:
        db.close()


def write_format(app: Any, store_format: StoreFormat) -> None:
    """Record `store_format` in the store `app` is on, replacing any record there."""
    tables = app.backend.tables(app)
    table = tables.name(TABLE)
    with tables.transaction(commit=True) as cursor:
        cursor.execute(create_statement(table))
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(insert_statement(table, tables.param), row_of(store_format))
