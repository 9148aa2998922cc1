"""Keys of encrypted stores: made owner-only, never overwritten; a store made with a key
opens with that key only, and every refusal is one line that leaves the store as it was."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Cli, key_file

IN_PROCESS = True

BAD_INPUT = 2


@pytest.fixture
def encrypted(cli: Cli) -> Cli:
    path = key_file(cli, "team.key")
    cli.ok("init", "--key-file", path)
    cli.ok("case", "open", "amur-2009-group", "--title", "Twelve workers", "--key-file", path)
    return cli


def test_a_new_key_is_readable_by_its_owner_only_and_says_how_to_use_it(sqlite_cli: Cli) -> None:
    result = sqlite_cli.ok("key", "new", "team.key")
    mode = stat.S_IMODE((sqlite_cli.cwd / "team.key").stat().st_mode)
    assert mode == 0o600 and "--key-file" in result.out


def test_a_key_file_is_never_overwritten(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("key", "new", "team.key")
    before = (sqlite_cli.cwd / "team.key").read_bytes()
    result = sqlite_cli("key", "new", "team.key")
    assert result.code == BAD_INPUT and "never overwritten" in result.err
    assert (sqlite_cli.cwd / "team.key").read_bytes() == before


def said(text: str) -> str:
    return " ".join(text.split())  # rich wraps lines at the terminal's width


def test_init_without_a_key_says_the_store_is_not_encrypted(cli: Cli) -> None:
    assert "(not encrypted:" in said(cli.ok("init").out)


def test_init_with_a_key_says_the_store_is_encrypted(cli: Cli) -> None:
    assert "(encrypted with its key)" in said(cli.ok("init", "--key-file", key_file(cli, "k")).out)


def test_the_key_reads_the_store_by_option_or_by_environment(encrypted: Cli) -> None:
    path = str(encrypted.cwd / "team.key")
    assert "Twelve workers" in encrypted.ok("case", "list", "--key-file", path).out
    result = encrypted("case", "list", env={"TIMELINE_KEY_FILE": path})
    assert result.code == 0 and "Twelve workers" in result.out


def private(path: Path, text: str) -> None:
    """Write a key file as `key new` does: its owner's alone."""
    path.write_text(text)
    path.chmod(0o600)


def _refusals(cli: Cli) -> dict[str, list[str]]:
    other = key_file(cli, "other.key")
    private(cli.cwd / "broken.key", "timeline-key-v1:AAAA:00000000\n")
    text = (cli.cwd / "team.key").read_text()
    at = len("timeline-key-v1:") + 5  # one character of the key itself changed
    flipped = text[:at] + ("B" if text[at] != "B" else "C") + text[at + 1 :]
    private(cli.cwd / "flipped.key", flipped)
    foreign = Cli(str(cli.cwd / "foreign.db"), cli.cwd, in_process=True)
    foreign.ok("init", "--key-file", key_file(cli, "foreign.key"))
    return {
        "wrong key  ": ["--key-file", str(cli.cwd / "foreign.key")],
        "is encrypted: give its key": [],
        "wrong key": ["--key-file", other],
        "damaged or not a timeline key": ["--key-file", str(cli.cwd / "broken.key")],
        "damaged or not a timeline key ": ["--key-file", str(cli.cwd / "flipped.key")],
        "cannot be read": ["--key-file", str(cli.cwd / "missing.key")],
    }


def untouched(cli: Cli) -> object:
    """The store as it lies: every row, and on SQLite the bytes of its file."""
    return cli.dump() if cli.postgres else (cli.dump(), cli.path.read_bytes())


@pytest.mark.parametrize(
    "command",
    [["show"], ["case", "list"], ["init"], ["verify"], ["summary"], ["export", "-f", "csv"]],
)
def test_a_missing_wrong_damaged_or_foreign_key_is_one_line_and_the_store_is_untouched(
    encrypted: Cli, command: list[str]
) -> None:
    refusals = _refusals(encrypted)
    before = untouched(encrypted)
    for says, option in refusals.items():
        result = encrypted(*command, *option)
        assert result.code == BAD_INPUT, (says, result.err)
        assert says.strip() in result.err and result.err.count("\n") == 1
    assert untouched(encrypted) == before


def test_a_plain_store_refuses_a_key_rather_than_seem_encrypted(cli: Cli) -> None:
    cli.ok("init")
    before = cli.dump()
    result = cli("show", "--key-file", key_file(cli, "k"))
    assert result.code == BAD_INPUT and "is not encrypted" in result.err
    assert cli.dump() == before


def test_another_stores_key_is_a_wrong_key(tmp_path: Path) -> None:
    first = Cli(str(tmp_path / "a.db"), tmp_path, in_process=True)
    second = Cli(str(tmp_path / "b.db"), tmp_path, in_process=True)
    first.ok("key", "new", "a.key")
    first.ok("key", "new", "b.key")
    first.ok("init", "--key-file", "a.key")
    second.ok("init", "--key-file", "b.key")
    result = first("show", "--key-file", "b.key")
    assert result.code == BAD_INPUT and "wrong key" in result.err


def test_rotation_keeps_every_case_readable_and_leaves_the_old_key_useless(encrypted: Cli) -> None:
    from storage.keyring import cipher_of, read_key_file

    old = str(encrypted.cwd / "team.key")
    encrypted.ok("append", "amur-2009-group", "observation", "--date", "2009", "--text",
                 "Reached Seoul", "--source", "Kyodo, 2009-12-23", "--key-file", old)  # fmt: skip
    reads = [["show", "--json"], ["case", "list", "--json"], ["replay", "--json"]]
    before = [encrypted.ok(*read, "--key-file", old).out for read in reads]
    events_before = [row for row in encrypted.dump() if "events" in row.split(":")[0]]
    new = key_file(encrypted, "new.key")
    encrypted.ok("key", "rotate", "--key-file", old, "--new-key-file", new)
    assert [encrypted.ok(*read, "--key-file", new).out for read in reads] == before
    assert [row for row in encrypted.dump() if "events" in row.split(":")[0]] == events_before
    result = encrypted("show", "--key-file", old)
    assert result.code == BAD_INPUT and "wrong key" in result.err
    old_cipher = cipher_of(read_key_file(Path(old)))
    wrapped = _wrapped_keys(encrypted)
    assert len(wrapped) >= 3
    for row in wrapped:
        with pytest.raises(ValueError):
            old_cipher.decrypt(row)


def test_rotating_to_the_key_in_use_is_refused_without_advice_to_destroy_it(
    encrypted: Cli,
) -> None:
    old = str(encrypted.cwd / "team.key")
    private(encrypted.cwd / "copy.key", (encrypted.cwd / "team.key").read_text())
    before = encrypted.dump()
    for same in (old, str(encrypted.cwd / "copy.key")):
        result = encrypted("key", "rotate", "--key-file", old, "--new-key-file", same)
        assert result.code == BAD_INPUT and "the key the store opens with now" in result.err
        assert "destroy" not in result.out + result.err
    assert encrypted.dump() == before
    encrypted.ok("show", "--key-file", old)


def _wrapped_keys(cli: Cli) -> list[bytes]:
    if cli.postgres:
        import psycopg

        from storage.location import postgres_store

        s = postgres_store(cli.store)
        with psycopg.connect(host=s.host, port=s.port, dbname=s.dbname, user=s.user) as db:
            rows = db.execute(f'SELECT wrapped FROM "{s.schema}".timeline_keys').fetchall()
    else:
        import sqlite3

        with sqlite3.connect(cli.store) as db:
            rows = db.execute("SELECT wrapped FROM timeline_keys").fetchall()
    return [bytes(row[0]) for row in rows if row[0] is not None]


def test_a_refused_key_leaves_no_file_beside_the_store(sqlite_cli: Cli) -> None:
    path = key_file(sqlite_cli, "team.key")
    sqlite_cli.ok("init", "--key-file", path)
    beside = sorted(p.name for p in sqlite_cli.cwd.iterdir())
    for option in ([], ["--key-file", key_file(sqlite_cli, "other.key")]):
        assert sqlite_cli("show", *option).code == BAD_INPUT
    assert sorted(p.name for p in sqlite_cli.cwd.iterdir()) == sorted([*beside, "other.key"])


@pytest.mark.parametrize("named_by", ["option", "environment"])
def test_a_key_reaches_the_store_of_the_command_line_naming_it_and_no_later_one(
    sqlite_cli: Cli, named_by: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run as typer's own test runner runs a command, with no entry point around it to
    forget anything between two command lines: the key must belong to the one that named
    it, whether by --key-file or by TIMELINE_KEY_FILE."""
    from typer.testing import CliRunner

    from cli.main import app
    from storage import opening

    path = key_file(sqlite_cli, "team.key")
    sqlite_cli.ok("init", "--key-file", path)
    sqlite_cli.ok(
        "case", "open", "amur-2009-group", "--title", "Twelve workers", "--key-file", path
    )
    opened: list[Any] = []
    monkeypatch.setattr(opening, "open_timeline", _tracked(opening.open_timeline, opened))
    runner, listing = CliRunner(), ["case", "list", "--json", "--store", sqlite_cli.store]
    try:
        if named_by == "option":
            first = runner.invoke(app, [*listing, "--key-file", path])
        else:
            first = runner.invoke(app, listing, env={"TIMELINE_KEY_FILE": path})
        second = runner.invoke(app, listing, env={"TIMELINE_KEY_FILE": None})
    finally:
        for app_ in opened:
            app_.close()
    assert first.exit_code == 0 and "Twelve workers" in first.output
    assert second.exit_code != 0 and "is encrypted: give its key" in str(second.exception)


def _tracked(open_timeline: Any, opened: list[Any]) -> Any:
    def opening_tracked(*args: Any, **kwargs: Any) -> Any:
        opened.append(open_timeline(*args, **kwargs))
        return opened[-1]

    return opening_tracked
