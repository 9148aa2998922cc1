"""An encrypted store's payloads compressed with zstd and a dictionary of the vocabulary.

A payload is one event's JSON, a few hundred bytes, and is compressed alone (it is then
sealed with its case's key, so nothing outside it can share its repeats). zlib, which
eventsourcing ships, spends most of such a call setting itself up and saves a third:
the keys, kinds and shapes every payload repeats are new to it each time. zstd with a
dictionary that already holds them (zstd's own answer to many small records) saves
about four fifths, and does so in about a sixth of zlib's time: on 20,000 generated
events here, 458 B a payload became 65 B (zlib: 306 B), in 6 us a payload (zlib: 48 us);
on the seed case's real sentences, 612 B became 205 B (zlib: 339 B).

The dictionaries are files of this package (`storage/dictionaries/`), trained by
`python -m bench.dictionary` on the benchmark's generated events, never on a real
record. A dictionary is never changed: each frame names its dictionary by id, so a new
one gets a new id and a new file, and the old stay to read what they wrote. Stores
written before this format (zlib, `eventsourcing.compressor:ZlibCompressor`) record
that in their format row and go on being written and read so. A store's format row names
this compressor by its place (`storage.format.ZSTD_DICTIONARY`): never rename it.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

import zstandard
from eventsourcing.persistence import Compressor

from domain.errors import StoreTooNew

DICTIONARIES = Path(__file__).parent / "dictionaries"
WRITTEN_WITH = 1
"""The id of the dictionary new payloads are compressed with."""
LEVEL = 3
"""zstd's default level: with a dictionary, higher levels take longer for no smaller payload
here (level 6: 64 B against 64 B, in four times the time)."""


class UnknownDictionary(StoreTooNew):
    """A payload compressed with a dictionary this timeline does not have: a newer one's."""


@cache
def dictionary(dict_id: int) -> zstandard.ZstdCompressionDict:
    """The dictionary of id `dict_id`, read from the package once."""
    path = DICTIONARIES / f"events-{dict_id}.zdict"
    if not path.exists():
        raise UnknownDictionary(f"payloads compressed with dictionary {dict_id}")
    return zstandard.ZstdCompressionDict(path.read_bytes())


class DictionaryCompressor(Compressor):
    """zstd with the dictionary `WRITTEN_WITH` for what it writes, and the one each frame
    names for what it reads. A zstd compressor must not be used by two threads at once (the
    service serves requests in threads): each thread has its own."""

    def __init__(self) -> None:
        self._local = threading.local()

    def compress(self, data: bytes) -> bytes:
        compressor = getattr(self._local, "compressor", None)
        if compressor is None:
            used = dictionary(WRITTEN_WITH)
            compressor = zstandard.ZstdCompressor(level=LEVEL, dict_data=used)
            self._local.compressor = compressor
        return bytes(compressor.compress(data))

    def decompress(self, data: bytes) -> bytes:
        dict_id = zstandard.get_frame_parameters(data).dict_id
        found: dict[int, zstandard.ZstdDecompressor] | None = getattr(
            self._local, "decompressors", None
        )
        if found is None:
            found = self._local.decompressors = {}
        decompressor = found.get(dict_id)
        if decompressor is None:
            used = dictionary(dict_id) if dict_id else None
            decompressor = found[dict_id] = zstandard.ZstdDecompressor(dict_data=used)
        return bytes(decompressor.decompress(data))
