"""Keys of an encrypted store: the store key a user holds in a file, and a data key per case.

The store key never encrypts a payload: it wraps (encrypts) the data keys kept in the
store's key table, and a check value that tells a wrong key from the right one. Each
case's payloads are encrypted with the case's own data key, so destroying that one
key erases the case (crypto-shredding), and a new store key re-wraps the key table
only. Encryption is eventsourcing's `AESCipher` (AES-GCM, `cryptography`): a wrong key
or a changed byte fails its authentication tag, never decrypts to garbage.

No SQL here: the key table of each backend is a `KeyTable` given by `storage/keys.py`.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

from eventsourcing.utils import Environment

from domain.errors import CaseErased

if TYPE_CHECKING:
    from eventsourcing.cryptography import AESCipher

KEY_BYTES = 32
"""AES-256."""
KEY_FILE_PREFIX = "timeline-key-v1:"
CHECK_ID = "check"
"""The key table's row holding the store key's check value."""
RECORD_ID = "record"
"""The key table's row holding the data key of what belongs to no one case (an erasure)."""
CHECK_TEXT = b"timeline store key check"
PRIVATE_MODE = 0o600
"""A file its owner alone may read and write: a key file, and an encrypted store's exports
and backups."""


class KeyRefused(ValueError):
    """A key file or key that cannot open the store; the message is shown as it is."""


class KeyMissing(KeyRefused):
    def __init__(self, where: str) -> None:
        super().__init__(
            f"store {where} is encrypted: give its key with --key-file FILE or TIMELINE_KEY_FILE"
        )


class WrongKey(KeyRefused):
    def __init__(self, where: str, path: str) -> None:
        super().__init__(
            f"wrong key: {path} does not open store {where} (another store's key, or one "
            "rotated out); the store was left as it is"
        )


class KeyExposed(KeyRefused):
    """A key file another user owns, or that group or others may read, write or run:
    refused before a byte of it is read, as ssh refuses such a private key. (ssh lets
    another user's key be; here it is refused too, since its owner can open it to anyone
    at any time.)"""


class NotEncrypted(KeyRefused):
    def __init__(self, where: str) -> None:
        super().__init__(
            f"store {where} is not encrypted: it is read without a key "
            "(drop --key-file and TIMELINE_KEY_FILE)"
        )


class SameKey(KeyRefused):
    def __init__(self) -> None:
        super().__init__(
            "the new key is the key the store opens with now: nothing to rotate to (make one "
            "with `timeline key new`); the store was left as it is"
        )


def cipher_of(key: bytes) -> AESCipher:
    """eventsourcing's AES-GCM cipher with `key` (its `AESGCM` made once: `KeyCipher`).
    `cryptography` is loaded here, by a store that is encrypted, not by every command."""
    from storage.key_cipher import KeyCipher

    return KeyCipher(Environment(env={"CIPHER_KEY": base64.b64encode(key).decode()}))


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def key_file_text(key: bytes) -> str:
    """A key as its file holds it: a prefix, the key in base64, and a checksum that tells a
    damaged file from a wrong key."""
    return f"{KEY_FILE_PREFIX}{base64.b64encode(key).decode()}:{_checksum(key)}\n"


def _checksum(key: bytes) -> str:
    return hashlib.sha256(b"timeline key file" + key).hexdigest()[:8]


@dataclass(frozen=True)
class StoreKey:
    """A store key, and the file it was read from (named in messages, never the key)."""

    path: str
    key: bytes = field(repr=False)


def load_key(path: str) -> StoreKey:
    return StoreKey(path, read_key_file(Path(path)))


def read_key_file(path: Path) -> bytes:
    """The key in the file at `path`; `KeyExposed` unless the file (through a link, the file
    it names) is the user's alone, `KeyRefused` if it cannot be read or is damaged."""
    try:
        with path.open("rb") as file:
            check_private(path, os.fstat(file.fileno()))
            text = file.read(200).decode("ascii", errors="replace").strip()
    except OSError as error:
        raise KeyRefused(f"key file {str(path)!r} cannot be read: {error.strerror}") from None
    damaged = KeyRefused(
        f"key file {str(path)!r} is damaged or not a timeline key (make one with "
        "`timeline key new FILE`)"
    )
    if not text.startswith(KEY_FILE_PREFIX) or text.count(":") != 2:
        raise damaged
    encoded, checksum = text.removeprefix(KEY_FILE_PREFIX).split(":")
    try:
        key = base64.b64decode(encoded, validate=True)
    except ValueError:
        raise damaged from None
    if len(key) != KEY_BYTES or checksum != _checksum(key):
        raise damaged
    return key


def check_private(path: Path, found: os.stat_result) -> None:
    """Raise `KeyExposed` unless `found`, the key file at `path` as it was opened, belongs
    to the user running and gives group and others no permission at all."""
    shown, quoted = repr(str(path)), shlex.quote(str(path))
    link = f" ({shown} links to {os.path.realpath(path)!r})" if path.is_symlink() else ""
    if found.st_uid != os.geteuid():
        owner, me = _name(found.st_uid), _name(os.geteuid())
        raise KeyExposed(
            f"key file {shown} belongs to user {owner}, not to {me} who runs timeline: a key "
            f"must be its user's own (as root: `chown {me} {quoted}`){link}"
        )
    if found.st_mode & 0o077:
        raise KeyExposed(
            f"key file {shown} is open to other users (mode {found.st_mode & 0o777:04o}): "
            f"make it yours alone with `chmod 600 {quoted}`{link}"
        )


def _name(uid: int) -> str:
    """The user's name, or its number where the system knows no name for it."""
    import pwd

    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


class KeyTable(Protocol):
    """The store's table of wrapped keys: an id (a case's id in hex, or `check`, `record`) and
    its wrapped key, or None once destroyed."""

    def get(self, key_id: str) -> tuple[bool, bytes | None]:
        """Whether the row exists, and its wrapped key."""

    def add(self, key_id: str, wrapped: bytes) -> None:
        """Insert the row unless one exists (another writer may have added it first)."""

    def add_many(self, rows: list[tuple[str, bytes]]) -> None:
        """`add` each row, in one transaction."""

    def destroy(self, key_id: str) -> None: ...

    def rows(self) -> Iterable[tuple[str, bytes | None]]: ...

    def replace(self, rows: Iterable[tuple[str, bytes]]) -> None:
        """Write these wrapped keys over the existing rows, in one transaction."""


@dataclass
class MemoryKeyTable:
    """The key table of a store in memory (tests)."""

    table: dict[str, bytes | None] = field(default_factory=dict)

    def get(self, key_id: str) -> tuple[bool, bytes | None]:
        return key_id in self.table, self.table.get(key_id)

    def add(self, key_id: str, wrapped: bytes) -> None:
        self.table.setdefault(key_id, wrapped)

    def add_many(self, rows: list[tuple[str, bytes]]) -> None:
        for key_id, wrapped in rows:
            self.add(key_id, wrapped)

    def destroy(self, key_id: str) -> None:
        self.table[key_id] = None

    def rows(self) -> Iterable[tuple[str, bytes | None]]:
        return list(self.table.items())

    def replace(self, rows: Iterable[tuple[str, bytes]]) -> None:
        self.table.update(rows)


def check_value(key: bytes) -> bytes:
    return cipher_of(key).encrypt(CHECK_TEXT)


def key_opens(key: bytes, check: bytes) -> bool:
    """Whether `key` is the one whose check value is `check` (AES-GCM's tag says so)."""
    try:
        return cipher_of(key).decrypt(check) == CHECK_TEXT
    except ValueError:
        return False


class Keyring:
    """The data keys of one store, unwrapped with its store key as they are needed."""

    def __init__(self, store_key: bytes, table: KeyTable) -> None:
        self._wrapper = cipher_of(store_key)
        self.table = table
        self._ciphers: dict[str, AESCipher | None] = {}
        self.forgotten = 0
        """How many times this process let a key go (an erasure here or noticed): what it
        keeps read with the keys (`SQLRecordView`'s gists) is let go with them."""

    def cipher(self, key_id: str, *, create: bool = False) -> AESCipher:
        """The cipher of data key `key_id`; made (and stored) if `create` and there is none.

        Raises `CaseErased` once the key is destroyed.
        """
        if key_id not in self._ciphers:
            exists, wrapped = self.table.get(key_id)
            if not exists and create:
                self.table.add(key_id, self._wrapper.encrypt(new_key()))
                exists, wrapped = self.table.get(key_id)
            if not exists:
                raise KeyRefused(f"the store holds no key {key_id!r}: it is damaged")
            self._ciphers[key_id] = None if wrapped is None else cipher_of(self._unwrap(wrapped))
        cipher = self._ciphers[key_id]
        if cipher is None:
            raise CaseErased(key_id)
        return cipher

    def unwrap_all(self) -> None:
        """Unwrap every data key of the table in one read, for a reader of the whole store
        (a rebuild): one short transaction a case otherwise, the first time it is met."""
        for key_id, wrapped in self.table.rows():
            if key_id != CHECK_ID and key_id not in self._ciphers:
                key = None if wrapped is None else self._unwrap(wrapped)
                self._ciphers[key_id] = None if key is None else cipher_of(key)

    def _unwrap(self, wrapped: bytes) -> bytes:
        try:
            return self._wrapper.decrypt(wrapped)
        except ValueError:
            raise KeyRefused("a data key of the store does not open with the store key") from None

    def prepare_in(
        self, case_ids: Iterable[UUID], add: Callable[[list[tuple[str, bytes]]], None]
    ) -> list[UUID]:
        """Make the data keys these cases lack and give their rows to `add` (an insert in a
        transaction still open, that other connections cannot read yet): the new keys are
        kept in this keyring meanwhile. Returns the cases given a key (`forget` them if
        that transaction is rolled back)."""
        made: list[UUID] = []
        rows: list[tuple[str, bytes]] = []
        for case_id in case_ids:
            if case_id.hex in self._ciphers or self.table.get(case_id.hex)[0]:
                continue
            key = new_key()
            rows.append((case_id.hex, self._wrapper.encrypt(key)))
            self._ciphers[case_id.hex] = cipher_of(key)
            made.append(case_id)
        add(rows)
        return made

    def prepare(self, case_ids: Iterable[UUID]) -> None:
        """Make the data keys these cases lack, in one transaction: a batch of new cases (an
        import) costs one write of the key table, not one each."""
        new = [i.hex for i in case_ids if i.hex not in self._ciphers]
        missing = [i for i in new if not self.table.get(i)[0]]
        self.table.add_many([(i, self._wrapper.encrypt(new_key())) for i in missing])

    def seal_record(self, data: bytes) -> bytes:
        """`data` sealed with the record's own data key (made if the store has none yet)."""
        return bytes(self.cipher(RECORD_ID, create=True).encrypt(data))

    def open_record(self, data: bytes) -> bytes:
        return bytes(self.cipher(RECORD_ID).decrypt(data))

    def case_cipher(self, case_id: UUID, *, create: bool = False) -> AESCipher:
        return self.cipher(case_id.hex, create=create)

    def is_erased(self, case_id: UUID) -> bool:
        try:
            self.case_cipher(case_id)
        except CaseErased:
            return True
        return False

    def erase(self, case_id: UUID) -> None:
        """Destroy the case's data key: its payloads can never be read again."""
        self.table.destroy(case_id.hex)
        self._ciphers[case_id.hex] = None
        self.forgotten += 1

    def forget_all(self) -> None:
        self._ciphers.clear()
        self.forgotten += 1

    def forget(self, case_id: UUID) -> None:
        """Drop the case's key from this process's memory (another process erased it)."""
        self._ciphers.pop(case_id.hex, None)
        self.forgotten += 1

    def rewrapped(self, new_store_key: bytes) -> list[tuple[str, bytes]]:
        """Every row of the key table wrapped with `new_store_key` instead (destroyed keys
        stay destroyed), and a new check value. Raises `SameKey` for the key in use: the
        old key is to be destroyed after a rotation, and here it is the only key."""
        found, check = self.table.get(CHECK_ID)
        if found and check is not None and key_opens(new_store_key, check):
            raise SameKey()
        wrapper = cipher_of(new_store_key)
        rows = [(CHECK_ID, check_value(new_store_key))]
        for key_id, wrapped in self.table.rows():
            if key_id != CHECK_ID and wrapped is not None:
                rows.append((key_id, wrapper.encrypt(self._unwrap(wrapped))))
        return rows


def new_keyring(store_key: bytes, table: KeyTable) -> Keyring:
    """The keyring of a new encrypted store: its check value and record key written."""
    table.add(CHECK_ID, check_value(store_key))
    keyring = Keyring(store_key, table)
    keyring.cipher(RECORD_ID, create=True)
    return keyring
