"""Sealing the summary's spool (its private temporary SQLite database) in a process that
reads an encrypted store.

Once `seal_spools()` is called, each spooled sentence is encrypted with a key made for
this process and never stored (the spool lives no longer than the process), and the
order column keeps only the dates and the kind: the text that breaks ties between
events of the same dates and kind is sealed beside it, and those ties are put in order
here, as the rows are read back.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

SEP = "\x1f"
CLEAR_PARTS = 3
"""The order's parts kept in clear in a sealed spool: earliest, latest, kind."""

_cipher: Any = None


def seal_spools() -> None:
    """Seal every spool this process makes from now on."""
    global _cipher
    if _cipher is None:
        from storage.keyring import cipher_of, new_key

        _cipher = cipher_of(new_key())


def seal(data: bytes) -> bytes:
    return data if _cipher is None else bytes(_cipher.encrypt(data))


def unseal(data: bytes) -> bytes:
    return data if _cipher is None else bytes(_cipher.decrypt(data))


def order(parts: list[object]) -> tuple[str, bytes | None]:
    """The order column of a spooled row, and its sealed tie-breaker (None when unsealed)."""
    text = SEP.join(map(str, parts))
    if _cipher is None:
        return text, None
    return SEP.join(map(str, parts[:CLEAR_PARTS])), seal(text.encode())


def ordered(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, Any, bytes]]:
    """(period, shape, payload) of rows read as (period, shape, payload, order, tie) in order
    of period and order column: ties put in order by their sealed order, payloads unsealed."""
    if _cipher is None:
        for key, shape, payload, _, _ in rows:
            yield key, shape, payload
        return
    for _, tied in itertools.groupby(rows, key=lambda row: (row[0], row[3])):
        for key, shape, payload, _, _ in sorted(tied, key=lambda row: unseal(row[4])):
            yield key, shape, unseal(payload)


def spool_row(parts: list[object], payload: bytes) -> tuple[str, bytes, bytes | None]:
    """The order, payload and tie columns of a spooled row."""
    clear, tie = order(parts)
    return clear, seal(payload), tie
