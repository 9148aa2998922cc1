"""What an encrypted store writes outside itself (an export, a backup) is its owner's alone,
mode 0600, whatever the umask of the process and the mode of a file it replaces."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import TIMELINE, Cli, amur_case


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
