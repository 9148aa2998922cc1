"""A store is ours or refused untouched; it is read with the format it records, and a store
this user may only read can be read."""

from __future__ import annotations

import os
import shlex
import sqlite3
import subprocess
from pathlib import Path

import psycopg
import pytest

from domain.store import postgres_store
from tests.e2e.conftest import SOURCE, TIMELINE, Cli

IN_PROCESS = True

DAMAGED = 3
ZLIB = {"COMPRESSOR_TOPIC": "eventsourcing.compressor:ZlibCompressor"}


@pytest.mark.parametrize("command", [["show"], ["init"], ["case", "list", "--json"]])
@pytest.mark.parametrize(
    "content", [b"not a database\n", b"SQLite format 3\x00" + b"\x00" * 100], ids=["text", "junk"]
)
def test_a_file_that_is_not_a_store_is_refused_and_left_byte_for_byte(
    sqlite_cli: Cli, command: list[str], content: bytes
) -> None:
    sqlite_cli.path.write_bytes(content)
    result = sqlite_cli(*command)
    assert result.code == DAMAGED and "is not a timeline store" in result.err
    assert sqlite_cli.path.read_bytes() == content


def test_another_programs_sqlite_database_gets_no_tables_and_no_wal(sqlite_cli: Cli) -> None:
    with sqlite3.connect(sqlite_cli.path) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
    before = sqlite_cli.path.read_bytes()
    for command in (
        ["show"],
        ["init"],
        ["store", "copy", "--from", ":memory:", "--to", sqlite_cli.store],
    ):
        result = sqlite_cli(*command)
        assert result.code == DAMAGED and "holds other tables (notes)" in result.err
    assert sqlite_cli.path.read_bytes() == before
    assert sorted(p.name for p in sqlite_cli.cwd.iterdir()) == ["timeline.db"]


def test_another_schema_of_a_team_database_is_refused(
    postgres_location: str, tmp_path: Path
) -> None:
    cli = Cli(store=postgres_location, cwd=tmp_path, in_process=True)
    store = postgres_store(cli.store)
    with psycopg.connect(host=store.host, port=store.port, dbname=store.dbname, user=store.user,
                         autocommit=True) as db:  # fmt: skip
        db.execute(f'CREATE SCHEMA "{store.schema}"')
        db.execute(f'CREATE TABLE "{store.schema}".invoices (n INT)')
    before = cli.dump()
    result = cli("init")
    assert result.code == DAMAGED and "holds other tables (invoices)" in result.err
    assert cli.dump() == before


def test_eventsourcing_settings_in_the_environment_change_nothing(amur: Cli) -> None:
    amur.ok("retract", "amur-2009-group:2", "--reason", "dup")
    with_zlib = amur("append", "amur-2009-group", "observation", "--date", "2009", "--text",
                     "t", *SOURCE, env=ZLIB)  # fmt: skip
    assert with_zlib.code == 0, with_zlib.err
    replayed = amur.ok("replay", "--json").json()
    assert [e["kind"] for e in replayed][-2:] == ["retraction", "observation"]
    assert amur("replay", "--json", env=ZLIB).json() == replayed


def test_a_store_made_before_format_records_is_upgraded_by_init(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("init")
    sqlite_cli.ok("case", "open", "c", "--title", "t")
    with sqlite3.connect(sqlite_cli.path) as db:
        db.execute("DROP TABLE timeline_store")
    result = sqlite_cli("show")
    assert result.code == 2 and "timeline init --store" in result.err
    sqlite_cli.ok("init")
    assert [c["slug"] for c in sqlite_cli.ok("case", "list", "--json").json()] == ["c"]


def read_only(cli: Cli, *args: str) -> subprocess.CompletedProcess[str]:
    """`timeline ARGS` with the store's folder mounted read-only (a private mount namespace:
    root passes over file modes, not over a read-only mount)."""
    folder = shlex.quote(str(cli.cwd))
    command = " ".join(shlex.quote(a) for a in (TIMELINE, *args))
    script = f"mount --bind -o ro {folder} {folder} && cd {folder} && exec {command}"
    return subprocess.run(
        ["unshare", "--mount", "sh", "-c", script], capture_output=True, text=True, timeout=60,
        env={**os.environ, "TIMELINE_STORE": cli.store},
    )  # fmt: skip


def test_a_read_only_store_is_read_and_never_written(sqlite_cli: Cli) -> None:
    amur = sqlite_cli
    amur.ok("init")
    amur.ok("case", "open", "amur-2009-group", "--title", "t")
    amur.ok("case", "list")  # the views catch up to position 1
    amur.ok("case", "open", "late", "--title", "opened after the views last moved")
    before = sorted((p.name, p.read_bytes()) for p in Path(amur.cwd).iterdir())
    listed = read_only(amur, "case", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [c["slug"] for c in orjson_loads(listed.stdout)] == ["amur-2009-group"]
    assert "read-only; showing the views as of position 1, 1 events behind" in listed.stderr
    late = read_only(amur, "case", "show", "late", "--json")
    assert late.returncode == 0 and orjson_loads(late.stdout)["slug"] == "late"
    replay = read_only(amur, "replay", "--json")
    assert replay.returncode == 0 and len(orjson_loads(replay.stdout)) == 2
    written = read_only(amur, "case", "open", "x", "--title", "t")
    assert written.returncode == 2 and "read-only" in written.stderr
    assert sorted((p.name, p.read_bytes()) for p in Path(amur.cwd).iterdir()) == before


def test_the_audit_of_a_read_only_store_says_how_far_behind_it_is(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("init")
    sqlite_cli.ok("case", "open", "amur-2009-group", "--title", "t")
    sqlite_cli.ok("audit")  # the audit catches up to position 1
    sqlite_cli.ok("case", "open", "late", "--title", "opened after the audit last moved")
    audit = read_only(sqlite_cli, "audit", "--json")
    assert audit.returncode == 0, audit.stderr
    assert [row["id"] for row in orjson_loads(audit.stdout)] == ["amur-2009-group:1"]
    assert "read-only; showing the audit as of position 1, 1 events behind" in audit.stderr


def test_init_in_a_read_only_folder_says_the_folder_is_not_writable(sqlite_cli: Cli) -> None:
    made = read_only(sqlite_cli, "init")
    assert made.returncode == 2
    assert f"(folder {str(sqlite_cli.path.parent)!r} is not writable)" in made.stderr
    assert not sqlite_cli.path.exists()


def test_an_empty_store_location_asks_for_one(sqlite_cli: Cli) -> None:
    result = sqlite_cli("init", "--store", "")
    assert result.code == 2 and "no store named: give a file path" in result.err


def orjson_loads(text: str) -> object:
    import orjson

    return orjson.loads(text)
