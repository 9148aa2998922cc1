"""A compressed store's payloads: zlib streams any zlib reader reads, made with a small window."""

from __future__ import annotations

import zlib
from typing import Any

from eventsourcing.compressor import ZlibCompressor
from hypothesis import given
from hypothesis import strategies as st

from storage.codec import OrjsonTranscoder, PydanticMapper

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=40,
)
STATES = st.dictionaries(st.text(), JSON, max_size=12)


def _window_bytes(stream: bytes) -> int:
    """The window a zlib stream's header says it was written with (RFC 1950: CINFO)."""
    return 1 << ((stream[0] >> 4) + 8)


@given(STATES)
def test_a_payload_is_a_zlib_stream_of_its_json_with_a_window_of_one_kilobyte(
    state: dict[str, Any],
) -> None:
    mapper = PydanticMapper(transcoder=OrjsonTranscoder(), compressor=ZlibCompressor())
    stored = mapper._encoded(state)
    plain = OrjsonTranscoder().encode(state)
    # as eventsourcing, and every earlier timeline, read a compressed payload
    assert ZlibCompressor().decompress(stored) == plain
    assert zlib.decompress(stored) == plain
    assert _window_bytes(stored) <= 1024  # zlib's default state per payload is 256 KB
