"""A key file is read only when it is its user's alone: owned by the user running, and no
permission at all for group or others (as ssh asks of a private key)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from domain.keys import KeyRefused, key_file_text, new_key, read_key_file


@pytest.fixture
def key_file(tmp_path: Path) -> tuple[Path, bytes]:
    key = new_key()
    path = tmp_path / "team.key"
    path.write_text(key_file_text(key))
    return path, key


def test_a_key_file_is_refused_exactly_when_group_or_others_have_any_permission(
    key_file: tuple[Path, bytes],
) -> None:
    path, key = key_file
    for owner in (0o400, 0o600):
        for others in range(0o100):  # every bit of group and others, alone or together
            path.chmod(owner | others)
            if not others:
                assert read_key_file(path) == key
                continue
            with pytest.raises(KeyRefused, match=rf"mode 0{(owner | others):o}.*chmod 600"):
                read_key_file(path)


def test_a_key_file_another_user_owns_is_refused_naming_both_users(
    key_file: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = key_file
    path.chmod(0o600)
    owner = path.stat().st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)  # run by another user than its owner
    with pytest.raises(KeyRefused, match=r"belongs to user .*, not to .* who runs timeline"):
        read_key_file(path)
