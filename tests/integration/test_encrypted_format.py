"""An encrypted store's payloads are compressed as its format row says: zstd with the
vocabulary's dictionary in a new store, zlib in one made before, which stays readable and
writable as it was."""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path
from uuid import UUID

import orjson
import pytest
import zstandard
from eventsourcing.compressor import ZlibCompressor

from domain.application import Timeline
from domain.case import Case
from domain.errors import StoreTooNew
from events.facts import FACT
from events.instructions import OpenCase, RecordFact
from projections.cases import case_views
from projections.timeline import timeline
from storage.codec import ZSTD_MAGIC
from storage.compression import WRITTEN_WITH, DictionaryCompressor
from storage.copy import copy_events
from storage.format import ZLIB, ZSTD_DICTIONARY
from storage.keyring import StoreKey, new_key
from storage.keys import copy_keys
from storage.opening import open_timeline
from tests.conftest import new_store

FACT_FIELDS = {"kind": "arrived", "date": "2009-09", "destination": "South Korea",
               "text": "Reached South Korea.", "sources": [{"outlet": "Kyodo",
                                                           "published": "2009-12-23"}]}  # fmt: skip


def _record(app: Timeline) -> None:
    fact = FACT.validate_python(FACT_FIELDS)
    app.carry_out([OpenCase(case="group-2009", title="The group of 2009"),
                   RecordFact(case="group-2009", fact=fact)])  # fmt: skip


def _payloads(app: Timeline) -> list[bytes]:
    """Each stored event's payload as sealed: decrypted with its case's key, not decompressed."""
    keyring = app.keyring  # type: ignore[attr-defined]
    case_id = Case.create_id("group-2009")
    found = []
    for stored in app.recorder.select_events(case_id):
        _, _, sealed = bytes(stored.state).partition(b"\n")
        found.append(bytes(keyring.case_cipher(UUID(str(case_id))).decrypt(sealed)))
    return found


def test_a_new_encrypted_store_compresses_with_the_dictionary(tmp_path: Path) -> None:
    app = new_store(str(tmp_path / "new.db"), StoreKey("test.key", new_key()))
    _record(app)
    assert isinstance(app.mapper.compressor, DictionaryCompressor)
    payloads = _payloads(app)
    assert len(payloads) == 2
    assert {zstandard.get_frame_parameters(p).dict_id for p in payloads} == {WRITTEN_WITH}
    assert [v.title for v in case_views(app)] == ["The group of 2009"]


def test_an_encrypted_store_made_with_zlib_is_read_and_written_with_zlib(tmp_path: Path) -> None:
    key, location = StoreKey("test.key", new_key()), tmp_path / "older.db"
    new_store(str(location), key).close()
    with sqlite3.connect(location) as db:  # as `init --key-file` recorded it before zstd
        db.execute("UPDATE timeline_store SET compressor = ?", [ZLIB])
    app = open_timeline(str(location), key=key)
    _record(app)
    assert isinstance(app.mapper.compressor, ZlibCompressor)
    payloads = _payloads(app)
    assert len(payloads) == 2 and all(zlib.decompress(p) for p in payloads)
    again = open_timeline(str(location), key=key)
    assert [v.title for v in case_views(again)] == ["The group of 2009"]
    assert [e.text for e in timeline(again, case="group-2009")] == ["Reached South Korea."]


def test_a_store_holding_payloads_of_both_compressions_reads_them_all(tmp_path: Path) -> None:
    """As `store copy` leaves a new store that took an older store's events as stored."""
    key, location = StoreKey("test.key", new_key()), tmp_path / "mixed.db"
    new_store(str(location), key).close()
    with sqlite3.connect(location) as db:
        db.execute("UPDATE timeline_store SET compressor = ?", [ZLIB])
    _record(open_timeline(str(location), key=key))  # written with zlib
    with sqlite3.connect(location) as db:
        db.execute("UPDATE timeline_store SET compressor = ?", [ZSTD_DICTIONARY])
    app = open_timeline(str(location), key=key)
    fact = FACT.validate_python({**FACT_FIELDS, "text": "Left for Seoul."})
    app.carry_out([RecordFact(case="group-2009", fact=fact)])  # written with zstd
    payloads = _payloads(app)
    assert [p[:4] == ZSTD_MAGIC for p in payloads] == [False, False, True]
    for reader in (app, open_timeline(str(location), key=key)):
        texts = [e.text for e in timeline(reader, case="group-2009")]
        assert sorted(texts) == ["Left for Seoul.", "Reached South Korea."]
    with sqlite3.connect(location) as db:  # and the other way round: zstd read where zlib is
        db.execute("UPDATE timeline_store SET compressor = ?", [ZLIB])
    again = open_timeline(str(location), key=key)
    assert len(list(timeline(again, case="group-2009"))) == 2


def _format_row(location: Path) -> str:
    with sqlite3.connect(location) as db:
        return str(db.execute("SELECT compressor FROM timeline_store").fetchone()[0])


def test_a_copy_records_how_its_source_compresses(tmp_path: Path) -> None:
    """Payloads are copied as stored: the copy's format row says how they are compressed,
    so an older timeline that made the empty target refuses it rather than call it damaged."""
    key = StoreKey("test.key", new_key())
    newer, older = tmp_path / "newer.db", tmp_path / "older.db"
    source = new_store(str(newer), key)
    _record(source)
    for target, made_with in ((older, ZLIB), (tmp_path / "fresh.db", None)):
        new_store(str(target), key).close()
        if made_with:
            with sqlite3.connect(target) as db:
                db.execute("UPDATE timeline_store SET compressor = ?", [made_with])
        copy_keys(source, opened := open_timeline(str(target), key=key))
        copy_events(source, opened)
        assert _format_row(target) == ZSTD_DICTIONARY
        assert [v.title for v in case_views(open_timeline(str(target), key=key))] == [
            "The group of 2009"
        ]
    with sqlite3.connect(newer) as db:  # a source made with zlib gives its copy zlib
        db.execute("UPDATE timeline_store SET compressor = ?", [ZLIB])
    copy_keys(zlib_source := open_timeline(str(newer), key=key),
              into := new_store(str(tmp_path / "from-zlib.db"), key))  # fmt: skip
    copy_events(zlib_source, into)
    assert _format_row(tmp_path / "from-zlib.db") == ZLIB


def test_a_payload_of_a_newer_dictionary_says_the_store_is_newer(tmp_path: Path) -> None:
    key = StoreKey("test.key", new_key())
    app = new_store(str(tmp_path / "s.db"), key)
    _record(app)
    samples = [orjson.dumps({"kind": "arrived", "n": n}) for n in range(500)]
    newer = zstandard.train_dictionary(2048, samples, dict_id=99)
    case_id = Case.create_id("group-2009")
    cipher = app.keyring.case_cipher(UUID(str(case_id)))  # type: ignore[attr-defined]
    stored = list(app.recorder.select_events(case_id))[-1]
    head, _, sealed = bytes(stored.state).partition(b"\n")
    payload = zstandard.ZstdCompressor(dict_data=newer).compress(
        DictionaryCompressor().decompress(cipher.decrypt(sealed))
    )
    with sqlite3.connect(tmp_path / "s.db") as db:
        db.execute("UPDATE stored_events SET state = ? WHERE originator_version = ?",
                   [head + b"\n" + cipher.encrypt(payload), stored.originator_version])  # fmt: skip
    with pytest.raises(StoreTooNew, match="dictionary 99"):
        app.mapper.to_domain_event(next(iter(app.recorder.select_events(case_id, gt=1))))
