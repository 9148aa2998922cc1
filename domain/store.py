"""Where the events live: an SQLite file by default, PostgreSQL for a team, memory for tests.

A store is named by one string: a file path (or `:memory:`) selects SQLite (or
memory), a `postgresql://` URL selects PostgreSQL. `store_env` turns it into the
eventsourcing environment that selects the library's own persistence module;
no SQL is written here.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

MEMORY = ":memory:"
POSTGRES_SCHEMES = ("postgresql", "postgres")
_SCHEMA = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class StoreLocationError(ValueError):
    """The location cannot hold a store."""


@dataclass(frozen=True)
class PostgresStore:
    """A store in one schema of a PostgreSQL database."""

    host: str
    port: int
    dbname: str
    user: str
    password: str | None
    schema: str

    def __str__(self) -> str:
        """The URL without its password: safe to print."""
        return (
            f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}?schema={self.schema}"
        )

    def env(self) -> dict[str, str]:
        # no password: libpq then reads PGPASSWORD or ~/.pgpass itself
        password = self.password if self.password is not None else os.environ.get("PGPASSWORD")
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": password or "",
            "POSTGRES_SCHEMA": self.schema,
            # a command-line process needs one connection, and a few for a follower's threads
            "POSTGRES_POOL_SIZE": "1",
            "POSTGRES_MAX_OVERFLOW": "4",
            "POSTGRES_CONNECT_TIMEOUT": "10",
            "POSTGRES_LOCK_TIMEOUT": "10",
        }


def is_postgres(location: str) -> bool:
    return location.split("://", 1)[0].lower() in POSTGRES_SCHEMES and "://" in location


def postgres_store(url: str) -> PostgresStore:
    """The PostgreSQL store a `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB?schema=NAME` names."""
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise StoreLocationError(f"store URL cannot be read: {error}") from None
    query = parse_qs(parts.query, keep_blank_values=True)
    unknown = sorted(set(query) - {"schema"})
    if unknown:
        raise StoreLocationError(
            f"store URL: unknown parameter {unknown[0]!r} (only ?schema=NAME is understood)"
        )
    schema = query.get("schema", ["public"])[-1]
    if not _SCHEMA.fullmatch(schema):
        raise StoreLocationError(
            f"store URL: schema {schema!r} must be lower-case letters, digits and _ "
            "(at most 63, not starting with a digit)"
        )
    dbname = unquote(parts.path.lstrip("/"))
    if not dbname:
        raise StoreLocationError("store URL: name the database, as in postgresql://HOST/DATABASE")
    try:
        port = parts.port or 5432
    except ValueError:
        raise StoreLocationError("store URL: the port must be a number") from None
    return PostgresStore(
        host=parts.hostname or "localhost",
        port=port,
        dbname=dbname,
        user=unquote(parts.username) if parts.username else os.environ.get("PGUSER", "postgres"),
        password=unquote(parts.password) if parts.password is not None else None,
        schema=schema,
    )


def on_postgres(app: object) -> bool:
    """Whether `app` is on a PostgreSQL store, asked without importing psycopg where it is
    not needed: an application on PostgreSQL has imported eventsourcing.postgres already."""
    import sys

    module = sys.modules.get("eventsourcing.postgres")
    return module is not None and isinstance(getattr(app, "factory", None), module.PostgresFactory)


def describe(location: str) -> str:
    """The location as it may be printed: a URL loses its password."""
    if is_postgres(location):
        try:
            return str(postgres_store(location))
        except StoreLocationError:
            return location.split("://", 1)[0] + "://..."
    return location


def store_env(location: str) -> dict[str, str]:
    """The eventsourcing environment for a store at `location`."""
    if location == MEMORY:
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    if is_postgres(location):
        return postgres_store(location).env()
    if not location.strip():
        raise StoreLocationError("no store named: give a file path or a postgresql:// URL")
    path = Path(location)
    if path.is_dir():
        raise StoreLocationError(f"store {location!r} is a directory; give a file path")
    if not path.parent.is_dir():
        raise StoreLocationError(f"store {location!r}: folder {str(path.parent)!r} does not exist")
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}


APPLICATION = "timeline"
"""The application's name: in a store's format record and in the views' tracking row."""


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
    (`domain.keys`), so it is never handed to eventsourcing's app-wide cipher."""

    @property
    def encrypted(self) -> bool:
        return bool(self.cipher)

    def env(self) -> dict[str, str]:
        """The eventsourcing settings this format asks for."""
        return {"COMPRESSOR_TOPIC": self.compressor, "CIPHER_TOPIC": ""}


CURRENT_FORMAT = StoreFormat()
"""The format `init` records in a new store."""
COMPRESSORS = ("", "eventsourcing.compressor:ZlibCompressor")
"""The compressors a store may record: a stored name is never imported unless listed here."""
ENCRYPTED_FORMAT = StoreFormat(
    compressor="eventsourcing.compressor:ZlibCompressor",
    cipher="eventsourcing.cryptography:AESCipher",
)
"""The format `init --key-file` records: payloads compressed, then encrypted."""
CIPHERS = ("", ENCRYPTED_FORMAT.cipher)
