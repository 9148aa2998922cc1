"""An encrypted store's payloads are compressed by us and read back by eventsourcing."""

from __future__ import annotations

from eventsourcing.compressor import ZlibCompressor
from hypothesis import given
from hypothesis import strategies as st

from domain.codec import compressed

# payloads as the mapper makes them: JSON text, from a few bytes to far past the window
_payloads = st.one_of(
    st.binary(max_size=20_000),
    st.text(max_size=20_000).map(str.encode),
    st.lists(st.sampled_from([b'{"kind":"arrived",', b'"people":12,', b'"text":"x"}']),
             max_size=3_000).map(b"".join),
)  # fmt: skip


@given(_payloads)
def test_the_library_reads_back_every_payload_we_compress(payload: bytes) -> None:
    assert ZlibCompressor().decompress(compressed(payload)) == payload


def test_a_payload_compresses_as_small_as_the_library_makes_it() -> None:
    payload = b'{"kind":"arrived","date":"2009-09","people":12,"text":"The twelve reached"}' * 4
    assert len(compressed(payload)) <= len(ZlibCompressor().compress(payload))
