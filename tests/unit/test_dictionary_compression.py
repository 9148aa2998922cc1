"""An encrypted store's payloads: zstd frames naming the vocabulary's dictionary, read back
whole whatever they hold, and refused in words when a newer timeline's dictionary wrote them."""

from __future__ import annotations

import zlib
from pathlib import Path

import orjson
import pytest
import zstandard
from hypothesis import given
from hypothesis import strategies as st

from storage.compression import WRITTEN_WITH, DictionaryCompressor, UnknownDictionary
from storage.format import COMPRESSORS, ENCRYPTED_FORMAT, ZLIB, ZSTD_DICTIONARY

SEED = Path(__file__).parents[2] / "events" / "seeds" / "kyodo-2009-12-23.jsonl"
COMPRESSOR = DictionaryCompressor()


PAYLOADS = st.one_of(
    st.binary(max_size=64),
    st.binary(min_size=300, max_size=4096),
    st.dictionaries(st.text(), st.text() | st.integers(-(2**63), 2**63 - 1), max_size=30).map(
        orjson.dumps
    ),
)


@given(PAYLOADS)
def test_any_payload_comes_back_whole(payload: bytes) -> None:
    assert COMPRESSOR.decompress(COMPRESSOR.compress(payload)) == payload


def test_a_payload_names_the_dictionary_it_was_written_with() -> None:
    frame = COMPRESSOR.compress(b'{"kind":"arrived","text":"Reached Seoul."}')
    assert zstandard.get_frame_parameters(frame).dict_id == WRITTEN_WITH == 1


def test_a_payload_of_a_dictionary_this_timeline_lacks_is_refused_in_words() -> None:
    samples = [orjson.dumps({"kind": "arrived", "people": n, "text": f"{n} arrived."})
               for n in range(500)]  # fmt: skip
    newer = zstandard.train_dictionary(2048, samples, dict_id=99)
    frame = zstandard.ZstdCompressor(dict_data=newer).compress(b"{}")
    with pytest.raises(
        UnknownDictionary,
        match=r"newer version of timeline \(payloads compressed with dictionary 99\)",
    ):
        COMPRESSOR.decompress(frame)


def test_the_seed_cases_lines_compress_to_well_under_what_zlib_makes_of_them() -> None:
    lines = [orjson.dumps(orjson.loads(line)) for line in SEED.read_bytes().splitlines()]
    ours = sum(len(COMPRESSOR.compress(line)) for line in lines)
    theirs = sum(len(zlib.compress(line)) for line in lines)
    assert ours < 0.8 * theirs


def test_new_encrypted_stores_use_the_dictionary_and_older_ones_stay_readable() -> None:
    assert ENCRYPTED_FORMAT.compressor == ZSTD_DICTIONARY
    assert ZLIB in COMPRESSORS  # stores made before go on being read and written with zlib
