"""With a key, nothing a case says is at rest in clear: not in the store's file, its
write-ahead log, a backup, or any row of a PostgreSQL schema. Without one it is (so these
tests can fail)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from domain.store import postgres_store
from storage.postgres import drop_schema
from tests.conftest import postgres_url
from tests.e2e.conftest import SOURCE, Cli, postgres_dump

IN_PROCESS = True

NAME, PLACE, TEXT = "Zoltarnikova Quixbel", "Vrellograd-Ost", "Sheltered at the Pomfrex mission"
PLANTED = [NAME, PLACE, "Pomfrex"]


def planted_store(cli: Cli, encrypted: bool, made: bool = False) -> list[str]:
    """A store holding the planted name, place and text (`made`: init was run); the options
    every command needs."""
    key = keyed(cli, encrypted)
    if not made:
        cli.ok("init", *key)
    cli.ok("case", "open", "planted-case", "--title", f"The family of {NAME}", *key)
    cli.ok("append", "planted-case", "observation", "--date", "2009-09", "--people", "3",
           "--place", PLACE, *SOURCE, "--text", TEXT, *key)  # fmt: skip
    cli.ok("correct", "planted-case:2", "--date", "2009-10", "--reason", f"{NAME} said so", *key)
    for command in (["show"], ["case", "list"], ["summary"]):  # views caught up
        assert NAME in cli.ok(*command, *key).out or TEXT in cli.ok(*command, *key).out
    return key


def keyed(cli: Cli, encrypted: bool) -> list[str]:
    if not encrypted:
        return []
    if not (cli.cwd / "team.key").exists():
        cli.ok("key", "new", "team.key")
    return ["--key-file", str(cli.cwd / "team.key")]


def found(data: bytes) -> list[str]:
    return [text for text in PLANTED if text.encode() in data]


@pytest.mark.parametrize("encrypted", [True, False], ids=["key", "no-key"])
def test_planted_names_are_not_in_the_store_file_or_its_log(
    sqlite_cli: Cli, encrypted: bool
) -> None:
    sqlite_cli.ok("init", *keyed(sqlite_cli, encrypted))
    holder = sqlite3.connect(sqlite_cli.path)  # keeps the log from being folded in and removed
    holder.execute("SELECT COUNT(*) FROM sqlite_master").fetchall()
    planted_store(sqlite_cli, encrypted, made=True)
    wal = sqlite_cli.path.with_name(sqlite_cli.path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    assert bool(found(wal.read_bytes())) is not encrypted
    holder.close()
    assert bool(found(sqlite_cli.path.read_bytes())) is not encrypted


@pytest.mark.parametrize("encrypted", [True, False], ids=["key", "no-key"])
def test_planted_names_are_not_in_a_backup(sqlite_cli: Cli, encrypted: bool) -> None:
    key = planted_store(sqlite_cli, encrypted)
    sqlite_cli.ok("store", "backup", "backup.db", *key)
    assert bool(found((sqlite_cli.cwd / "backup.db").read_bytes())) is not encrypted


@pytest.mark.parametrize("encrypted", [True, False], ids=["key", "no-key"])
def test_planted_names_are_in_no_row_of_the_store(cli: Cli, encrypted: bool) -> None:
    planted_store(cli, encrypted)
    if cli.postgres:
        rows = "\n".join(postgres_dump(postgres_store(cli.store))).encode()
        assert b"view_entries" in rows and b"timeline_events" in rows
    else:
        rows = cli.path.read_bytes()  # the log folded in as the last command ended
    assert bool(found(rows)) is not encrypted


def hex_or_text(data: bytes) -> list[str]:
    """The planted texts found as text or, in a dump's bytea columns, as hex."""
    return [t for t in PLANTED if t.encode() in data or t.encode().hex().encode() in data]


@pytest.mark.parametrize("encrypted", [True, False], ids=["key", "no-key"])
def test_planted_names_are_not_in_a_pg_dump_of_the_store(encrypted: bool, tmp_path: Path) -> None:
    pg_dump = shutil.which("pg_dump") or "/usr/bin/pg_dump"
    assert Path(pg_dump).exists(), "pg_dump is needed to dump a PostgreSQL store"
    cli = Cli(store=postgres_url(), cwd=tmp_path, in_process=True)
    try:
        planted_store(cli, encrypted)
        s = postgres_store(cli.store)
        dumped = subprocess.run(
            [pg_dump, "-h", s.host, "-p", str(s.port), "-U", s.user, f"--schema={s.schema}",
             s.dbname], capture_output=True, check=True,
        ).stdout  # fmt: skip
    finally:
        drop_schema(postgres_store(cli.store))
    assert b"view_entries" in dumped and b"timeline_events" in dumped
    assert hex_or_text(dumped) == ([] if encrypted else PLANTED)


@pytest.mark.parametrize("moment", [[], ["--until", "1000"]], ids=["current", "as-known"])
@pytest.mark.parametrize("encrypted", [True, False], ids=["key", "no-key"])
def test_planted_names_are_not_in_the_summarys_spool(
    sqlite_cli: Cli,
    encrypted: bool,
    moment: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The spool is kept in a named file (autocommitted, so every row reaches it) instead of
    SQLite's temporary file, which is deleted as it opens and mostly never written. A summary
    of the record as known earlier folds the events without opening the views, in a new
    process as the first read."""
    from cli.main import run
    from projections import spool, summary

    key = planted_store(sqlite_cli, encrypted)
    kept = sqlite_cli.cwd / "spool.db"
    monkeypatch.setattr(summary, "scratch", lambda: sqlite3.connect(kept, isolation_level=None))
    monkeypatch.setattr(spool, "_cipher", None)  # this process's spool key, made afresh
    for format_ in ("text", "json"):
        kept.unlink(missing_ok=True)
        with pytest.raises(SystemExit) as ended:
            run(["summary", "--format", format_, "--store", sqlite_cli.store, *moment, *key])
        assert ended.value.code == 0
        said = found(capsys.readouterr().out.encode())  # the place is not in its sentence
        assert said == [NAME, "Pomfrex"]
        with sqlite3.connect(kept) as db:  # the observation, told in its sentence
            assert db.execute("SELECT COUNT(*) FROM told").fetchone() == (1,)
        assert found(kept.read_bytes()) == ([] if encrypted else said)


def test_an_encrypted_store_copies_into_a_new_postgresql_store_and_reads_there(
    sqlite_cli: Cli, postgres_cli: Cli
) -> None:
    key = planted_store(sqlite_cli, encrypted=True)
    copied = sqlite_cli("store", "copy", "--from", sqlite_cli.store, "--to", postgres_cli.store,
                        *key)  # fmt: skip
    assert copied.code == 0, copied.err
    assert NAME in postgres_cli.ok("case", "show", "planted-case", "--json", *key).out
