"""Reading a store location: a file path (SQLite), `:memory:`, or a `postgresql://` URL.

A location is read once, by `storage.opening.backend_at`, into the backend of its kind;
this module only parses it (no SQL, no driver imported), so that a command that turns
out to need no store stays as quick to start as one that does.
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


def is_postgres_url(location: str) -> bool:
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


def sqlite_path(location: str) -> Path:
    """The file a location names, refused where it cannot hold a store."""
    if not location.strip():
        raise StoreLocationError("no store named: give a file path or a postgresql:// URL")
    path = Path(location)
    if path.is_dir():
        raise StoreLocationError(f"store {location!r} is a directory; give a file path")
    if not path.parent.is_dir():
        raise StoreLocationError(f"store {location!r}: folder {str(path.parent)!r} does not exist")
    return path
