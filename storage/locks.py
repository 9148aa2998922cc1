"""Writers of a PostgreSQL store take turns per case, instead of racing and retrying.

Every writer reads a case, applies its rules, then saves; two writers that read
the same version conflict and one must start again. Under many writers of one case
a writer can lose race after race, so on PostgreSQL each batch first takes a
session-level advisory lock per case (in sorted order: no deadlock), held while its
cases are read and saved. A batch of many cases (an import) takes the store's lock
exclusively instead, which every smaller batch holds shared: a few locks per write,
never one per case of a large import.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

MANY = 16
"""A batch touching more cases than this locks the whole store."""


def postgres_case_locks(datastore: Any) -> Any:
    """The `Timeline.writing_cases` of a PostgreSQL store."""
    schema = datastore.schema

    @contextmanager
    def writing_cases(slugs: list[str]) -> Iterator[None]:
        with datastore.get_connection() as conn:
            store = f"{schema}:*"
            if len(slugs) > MANY:
                conn.execute("SELECT pg_advisory_lock(hashtext(%s))", [store])
            else:
                conn.execute("SELECT pg_advisory_lock_shared(hashtext(%s))", [store])
                for key in sorted({f"{schema}:{slug}" for slug in slugs}):
                    conn.execute("SELECT pg_advisory_lock(hashtext(%s))", [key])
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock_all()")

    return writing_cases
