"""Train the zstd dictionary an encrypted store's payloads are compressed with.

`python -m bench.dictionary ID` generates events of every kind (`bench.generate`, no real
record's words), records them in a plain store with `timeline import`, and trains a
dictionary of id ID on their stored payloads, written to
`storage/dictionaries/events-ID.zdict`. A dictionary in use is never changed
(`storage.compression`): a new one takes the next id. It prints what the new dictionary
does to the generated payloads and to the seed case's.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import zlib
from pathlib import Path

import zstandard

from bench.generate import write
from bench.measure import timeline
from storage.compression import DICTIONARIES, LEVEL

EVENTS = 20_000
TRAINED_ON = 15_000
"""The generated payloads the dictionary is trained on; the rest measure it."""
SIZE = 8_192
"""Bytes of dictionary: 16 KB and 64 KB did no better on the seed case here."""
SEED = Path(__file__).parent.parent / "events" / "seeds" / "kyodo-2009-12-23.jsonl"


def payloads(source: Path, folder: Path) -> list[bytes]:
    """The stored payloads of the events of `source`, recorded in a new plain store."""
    store = folder / f"{source.stem}.db"
    timeline("init", store=store)
    timeline("import", str(source), store=store)
    with sqlite3.connect(store) as db:
        return [bytes(row[0]) for row in db.execute("SELECT state FROM stored_events")]


def main(dict_id: int) -> None:
    target = DICTIONARIES / f"events-{dict_id}.zdict"
    if target.exists():
        raise SystemExit(f"{target} exists: a dictionary in use is never changed")
    with tempfile.TemporaryDirectory(prefix="timeline-dictionary-") as scratch:
        folder = Path(scratch)
        generated = payloads(write(EVENTS, folder / "generated.jsonl"), folder)
        seed = payloads(SEED, folder)
    trained = zstandard.train_dictionary(SIZE, generated[:TRAINED_ON], dict_id=dict_id, level=LEVEL)
    DICTIONARIES.mkdir(exist_ok=True)
    target.write_bytes(trained.as_bytes())
    compressor = zstandard.ZstdCompressor(level=LEVEL, dict_data=trained)
    measured = (("generated, not trained on", generated[TRAINED_ON:]), ("seed case", seed))
    for name, found in measured:
        raw, deflated, ours = (
            sum(map(len, sizes)) / len(found)
            for sizes in (found, [zlib.compress(p) for p in found],
                          [compressor.compress(p) for p in found])
        )  # fmt: skip
        print(f"{name}: {raw:.0f} B a payload; zlib {deflated:.0f} B; dictionary {ours:.0f} B")
    print(f"written to {target}")


if __name__ == "__main__":
    main(int(sys.argv[1]))
