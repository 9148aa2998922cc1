"""The AES-GCM cipher of an encrypted store's keys (`storage.keyring.cipher_of`): a module of
its own so that `cryptography` is loaded only by a command on an encrypted store."""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.cryptography import AESCipher
from eventsourcing.utils import Environment


class KeyCipher(AESCipher):
    """eventsourcing's AES-GCM cipher, its `AESGCM` object made once for the key.

    The library's `AESCipher` makes a new `AESGCM` in every `encrypt` and `decrypt` (a few
    microseconds, as much as sealing a payload), and a store reads or writes a payload an
    event and a view row. Hand-written because the library offers no way to keep it: these
    two methods repeat the library's layout (nonce, tag, ciphertext) and its errors, and
    tests check each way against the library's own `AESCipher`.
    """

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        self._aesgcm = AESGCM(self.key)

    def encrypt(self, plaintext: bytes) -> bytes:
        nonce = os.urandom(12)
        sealed = self._aesgcm.encrypt(nonce, plaintext, None)
        return nonce + sealed[-16:] + sealed[:-16]  # the library's layout: nonce, tag, data

    def decrypt(self, ciphertext: bytes) -> bytes:
        nonce, tag, data = ciphertext[:12], ciphertext[12:28], ciphertext[28:]
        if len(nonce) != 12 or len(tag) != 16:
            return super().decrypt(ciphertext)  # the library's "damaged" errors
        try:
            return self._aesgcm.decrypt(nonce, data + tag, None)
        except InvalidTag as error:
            raise ValueError("Invalid cipher tag") from error
