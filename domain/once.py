"""A write asked under an idempotency key is carried out once.

A client whose connection died after its write was committed cannot tell whether it was,
so it asks again under the same key: the same request is answered as the first time was,
and nothing is recorded again; another request under that key is refused (`KeyReused`).
A key belongs to its account (another account's same key is another request). What was
asked is known by a digest (the service's: the route and the body).

The store keeps, for each key, that digest and the positions of the events the write
recorded, written in the transaction that records them (by the store's recorder, see
`storage.once`): a crash cannot leave the events without their key, nor the key without
its events. A retry reads the answer back from those events. Keys are kept `KEY_LIFE`.
No SQL here: the store's key table is a `OnceLog`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

from domain.keys import RECORD_ID, Keyring

KEY_LIFE = 24 * 60 * 60
"""Seconds a key is kept after its write: a retry later than that is a new request."""


@dataclass(frozen=True)
class Once:
    """A write asked by `account` under its idempotency `key`; `digest` tells what was asked."""

    account: str
    key: str
    digest: bytes
    at: int = 0
    """When it was recorded, in seconds since the epoch (set as it is stored)."""


@dataclass(frozen=True)
class Answered:
    """What a key's first write recorded: the digest of its request (sealed on an encrypted
    store) and the positions of its first and last event."""

    digest: bytes
    first: int
    last: int


class OnceLog(Protocol):
    """A store's idempotency keys."""

    def find(self, account: str, key: str, since: int) -> Answered | None:
        """What `account` recorded under `key` at `since` (epoch seconds) or later."""


def sealed(keyring: Keyring | None, digest: bytes) -> bytes:
    """A request's digest as the store keeps it: on an encrypted store sealed with its
    record key, so that the store alone cannot confirm a guess of what was asked."""
    if keyring is None:
        return digest
    return bytes(keyring.cipher(RECORD_ID, create=True).encrypt(digest))


def opened(keyring: Keyring | None, digest: bytes) -> bytes:
    """A digest as `sealed` kept it, opened."""
    if keyring is None:
        return digest
    return bytes(keyring.cipher(RECORD_ID).decrypt(digest))


def now() -> int:
    """The time keys are kept by, in seconds since the epoch."""
    return int(time.time())
