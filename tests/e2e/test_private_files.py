"""Files that hold secrets are private. A key file is read only when it is its user's alone;
what an encrypted store writes outside itself (an export, a backup) is its owner's alone,
mode 0600, whatever the umask of the process and the mode of a file it replaces."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.conftest import TIMELINE, Cli, Result, amur_case, key_file

BAD_INPUT = 2


@pytest.fixture
def encrypted(sqlite_cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The amur case in an encrypted store, its key given to every command (environment)."""
    sqlite_cli.ok("key", "new", "team.key")
    monkeypatch.setenv("TIMELINE_KEY_FILE", str(sqlite_cli.cwd / "team.key"))
    return amur_case(sqlite_cli)


def under_umask_0(cli: Cli, *args: str) -> None:
    """Run `timeline ARGS` as a user whose umask lets everyone read what it creates."""
    done = subprocess.run(
        [TIMELINE, *args], capture_output=True, text=True, cwd=cli.cwd, timeout=60, umask=0,
        env={**os.environ, "TIMELINE_STORE": cli.store},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.parametrize("older", [None, 0o644], ids=["new file", "over a file others read"])
def test_an_encrypted_stores_export_is_its_owners_alone(encrypted: Cli, older: int | None) -> None:
    out = encrypted.cwd / "amur.csv"
    if older is not None:
        out.write_text("an older export")
        out.chmod(older)
    under_umask_0(encrypted, "export", "-o", out.name)
    assert "Sought asylum" in out.read_text() and mode(out) == 0o600


def test_an_encrypted_stores_backup_is_its_owners_alone(encrypted: Cli) -> None:
    under_umask_0(encrypted, "store", "backup", "backup.db")
    assert mode(encrypted.cwd / "backup.db") == 0o600
    assert [p.name for p in encrypted.cwd.glob("*backup.db*")] == ["backup.db"]


@pytest.fixture
def encrypted_file(sqlite_cli: Cli) -> Cli:
    """An encrypted SQLite store (the key file check is the same on every backend)."""
    path = key_file(sqlite_cli, "team.key")
    sqlite_cli.ok("init", "--key-file", path)
    return sqlite_cli


def untouched(cli: Cli) -> tuple[list[str], bytes]:
    """The store as it lies: every row, and the bytes of its file."""
    return cli.dump(), cli.path.read_bytes()


def refused_as_open(result: Result, path: str) -> bool:
    """One line, exit 2, naming the key file and the command that makes it private."""
    line = f"key file '{path}' is open to other users (mode 0644): make it yours alone with "
    return (result.code, result.err.count("\n")) == (BAD_INPUT, 1) and (
        line + f"`chmod 600 {path}`" in result.err
    )


KEY_READS = {
    "option": lambda key, new: (["show", "--key-file", key], {}),
    "environment": lambda key, new: (["show"], {"TIMELINE_KEY_FILE": key}),
    "rotate's key": lambda key, new: (["key", "rotate", "--key-file", key, "--new-key-file", new], {}),
    "rotate's new key": lambda key, new: (["key", "rotate", "--key-file", new, "--new-key-file", key], {}),
    "serve": lambda key, new: (["serve", "--port", "0", "--key-file", key], {}),
}  # fmt: skip


@pytest.mark.parametrize("read", KEY_READS.values(), ids=KEY_READS.keys())
def test_a_key_file_others_can_read_is_refused_naming_it_and_the_fix_wherever_it_is_read(
    encrypted_file: Cli, read: Callable[[str, str], tuple[list[str], dict[str, str]]]
) -> None:
    cli = encrypted_file
    new = key_file(cli, "new.key")
    if read is KEY_READS["rotate's new key"]:  # the store's own key stays private
        new, open_key = str(cli.cwd / "team.key"), new
    else:
        open_key = str(cli.cwd / "team.key")
    Path(open_key).chmod(0o644)
    args, env = read(open_key, new)
    before = untouched(cli)
    assert refused_as_open(cli(*args, env=env), open_key)
    assert untouched(cli) == before


def test_a_link_to_a_key_file_is_judged_by_the_file_it_names(encrypted_file: Cli) -> None:
    cli, link = encrypted_file, encrypted_file.cwd / "link.key"
    link.symlink_to(cli.cwd / "team.key")  # a link's own mode is always 0777
    (cli.cwd / "team.key").chmod(0o644)
    result = cli("show", "--key-file", link.name)  # a short name: the line is not cut
    assert refused_as_open(result, link.name) and f"links to '{cli.cwd}/team.key'" in result.err
    link.chmod(0o600)  # the fix it names, through the link
    cli.ok("show", "--key-file", str(link))
