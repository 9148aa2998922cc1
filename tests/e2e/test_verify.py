"""`timeline verify` finds any change made to the stored events behind timeline's back, and
names the first bad event; `store backup` makes a verified copy while others write."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from uuid import UUID

import psycopg
import pytest
from eventsourcing.persistence import StoredEvent

from storage.chain import GENESIS, chained
from storage.location import postgres_store
from tests.e2e.conftest import Cli
from tests.e2e.test_store_format import read_only

IN_PROCESS = True

DAMAGED = 3


def tamper(cli: Cli, *statements: str) -> None:
    """Run SQL on the store's events table (`EVENTS`, position column `POS`), as an
    intruder with the file or the database would."""
    if cli.postgres:
        store = postgres_store(cli.store)
        table, position = f'"{store.schema}".timeline_events', "notification_id"
        with psycopg.connect(host=store.host, port=store.port, dbname=store.dbname,
                             user=store.user, autocommit=True) as db:  # fmt: skip
            for statement in statements:
                db.execute(statement.replace("EVENTS", table).replace("POS", position))  # type: ignore[arg-type]
    else:
        with sqlite3.connect(cli.path) as db:
            for statement in statements:
                db.execute(statement.replace("EVENTS", "stored_events").replace("POS", "rowid"))


@pytest.fixture
def seeded(cli: Cli, seed_path: Path) -> Cli:
    cli.ok("init")
    cli.ok("import", str(seed_path))
    cli.ok("show")  # the views catch up
    return cli


def test_an_untouched_store_verifies_with_its_chain_head(seeded: Cli) -> None:
    report = seeded.ok("verify", "--json").json()
    assert (report["events"], report["cases"], report["position"]) == (33, 7, 33)
    assert len(report["head"]) == 64


def test_one_case_is_counted_as_one(cli: Cli) -> None:
    cli.ok("init")
    cli.ok("case", "open", "amur", "--title", "Amur")
    assert "Verified 1 event of 1 case: every event reads" in cli.ok("verify").out


BYTE = "UPDATE EVENTS SET state = CAST(REPLACE(CAST(state AS TEXT), '2009', '2008') AS BLOB) WHERE POS = 12"
PG_BYTE = "UPDATE EVENTS SET state = convert_to(replace(convert_from(state, 'UTF8'), '2009', '2008'), 'UTF8') WHERE POS = 12"


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ("byte", "the event at position 12 (vladivostok-2008-asylum:2) does not match its digest"),
        ("delete", "position 7"),
        ("swap", "the event at position 8"),
        ("insert", "has no digest in the chain: it was inserted"),
    ],
)
def test_a_change_behind_timelines_back_is_found_and_named(
    seeded: Cli, change: str, says: str
) -> None:
    statements = {
        "byte": [PG_BYTE if seeded.postgres else BYTE],
        "delete": ["DELETE FROM EVENTS WHERE POS = 7"],
        "swap": [
            "UPDATE EVENTS SET state = (SELECT state FROM EVENTS WHERE POS = 9) WHERE POS = 8",
        ],
        "insert": [
            "INSERT INTO EVENTS (originator_id, originator_version, topic, state) "
            "SELECT originator_id, 99, topic, state FROM EVENTS WHERE POS = 3"
        ],
    }[change]
    tamper(seeded, *statements)
    result = seeded("verify")
    assert result.code == DAMAGED and says in result.err, result.err
    assert result.err.count("\n") == 1 and len(result.err) <= 301


def test_a_history_rewritten_with_a_new_chain_is_found_against_a_head_kept_elsewhere(
    sqlite_cli: Cli, seed_path: Path, tmp_path: Path
) -> None:
    sqlite_cli.ok("init")
    sqlite_cli.ok("import", str(seed_path))
    head = tmp_path / "head.json"
    sqlite_cli.ok("verify", "--export", str(head))
    sqlite_cli.ok("case", "open", "later", "--title", "recorded after the head was kept")
    assert "Unchanged since the head" in sqlite_cli.ok("verify", "--against", str(head)).out
    tamper(sqlite_cli, BYTE)
    with sqlite3.connect(sqlite_cli.path) as db:  # an intruder who knows how the chain is made
        rows = db.execute("SELECT rowid, originator_id, originator_version, topic, state "
                          "FROM stored_events ORDER BY rowid").fetchall()  # fmt: skip
        links = chained(GENESIS, [(r[0], StoredEvent(UUID(r[1]), r[2], r[3], r[4])) for r in rows])
        db.execute("DELETE FROM timeline_chain")
        db.executemany("INSERT INTO timeline_chain VALUES (?, ?)", links)
    sqlite_cli.ok("projections", "rebuild")  # and the views, which verify compares
    sqlite_cli.ok("verify")  # the store alone cannot tell
    result = sqlite_cli("verify", "--against", str(head))
    assert result.code == DAMAGED and "the record was rewritten" in result.err


def test_a_backup_is_a_verified_copy_and_restores_by_copying_back(
    sqlite_cli: Cli, seed_path: Path
) -> None:
    sqlite_cli.ok("init")
    sqlite_cli.ok("import", str(seed_path))
    backup = sqlite_cli.cwd / "backup.db"
    made = sqlite_cli.ok("store", "backup", str(backup), "--json").json()
    assert made["events"] == 33 and made["head"] == sqlite_cli.ok("verify", "--json").json()["head"]
    again = sqlite_cli("store", "backup", str(backup))
    assert again.code == 2 and "already exists" in again.err
    restored = sqlite_cli.cwd / "restored.db"
    restored.write_bytes(backup.read_bytes())
    assert (
        sqlite_cli.ok("replay", "--json", "--store", str(restored)).json()
        == sqlite_cli.ok("replay", "--json").json()
    )


def test_verify_of_views_it_cannot_catch_up_says_how_far_behind_they_are(
    sqlite_cli: Cli, seed_path: Path
) -> None:
    sqlite_cli.ok("init")
    sqlite_cli.ok("import", str(seed_path))
    sqlite_cli.ok("show")  # the views are current: 33 events
    sqlite_cli.ok("case", "open", "later", "--title", "recorded after the views were read")
    verified = read_only(sqlite_cli, "verify")
    assert verified.returncode == 0, verified.stderr
    said = " ".join(verified.stdout.split())
    assert "the views equal a rebuild of the events up to position 33, 1 events behind" in said
    assert "the store is read-only" in said
