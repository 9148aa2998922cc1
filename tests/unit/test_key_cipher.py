"""Our AES-GCM cipher (its `AESGCM` made once a key) reads and writes eventsourcing's bytes."""

from __future__ import annotations

import base64

import pytest
from eventsourcing.cryptography import AESCipher
from eventsourcing.utils import Environment
from hypothesis import given
from hypothesis import strategies as st

from storage.keyring import KEY_BYTES, cipher_of

keys = st.binary(min_size=KEY_BYTES, max_size=KEY_BYTES)


def library_cipher(key: bytes) -> AESCipher:
    return AESCipher(Environment(env={"CIPHER_KEY": base64.b64encode(key).decode()}))


@given(key=keys, plaintext=st.binary(max_size=2000))
def test_each_cipher_opens_what_the_other_sealed(key: bytes, plaintext: bytes) -> None:
    ours, library = cipher_of(key), library_cipher(key)
    assert library.decrypt(ours.encrypt(plaintext)) == plaintext
    assert ours.decrypt(library.encrypt(plaintext)) == plaintext


@given(key=keys, other=keys, plaintext=st.binary(min_size=1, max_size=200),
       at=st.integers(min_value=0), flip=st.integers(1, 255))  # fmt: skip
def test_a_changed_byte_or_another_key_is_refused_as_the_library_refuses_it(
    key: bytes, other: bytes, plaintext: bytes, at: int, flip: int
) -> None:
    sealed = bytearray(cipher_of(key).encrypt(plaintext))
    sealed[at % len(sealed)] ^= flip
    for cipher in (cipher_of(key), library_cipher(key)):
        with pytest.raises(ValueError, match="Invalid cipher tag"):
            cipher.decrypt(bytes(sealed))
    if other != key:
        with pytest.raises(ValueError, match="Invalid cipher tag"):
            cipher_of(other).decrypt(cipher_of(key).encrypt(plaintext))


@pytest.mark.parametrize("damaged", [b"", b"short", bytes(20)])
def test_a_truncated_ciphertext_is_refused_as_the_library_refuses_it(damaged: bytes) -> None:
    key = bytes(range(KEY_BYTES))
    with pytest.raises(ValueError) as ours:
        cipher_of(key).decrypt(damaged)
    with pytest.raises(ValueError) as theirs:
        library_cipher(key).decrypt(damaged)
    assert str(ours.value) == str(theirs.value)
