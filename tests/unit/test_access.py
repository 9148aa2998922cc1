"""The access policy: who sees a case, who writes, and what is kept of a token."""

from __future__ import annotations

import pytest

from domain.access import (
    Account,
    BadAccountName,
    NotAllowed,
    Policy,
    Role,
    checked_name,
    new_token,
    same_hash,
    token_hash,
)
from domain.errors import CaseNotFound


def policy(role: Role, granted: frozenset[str] = frozenset()) -> Policy:
    return Policy(Account("ana", role), frozenset({"hidden"}), granted)


@pytest.mark.parametrize(
    ("role", "granted", "sees"),
    [
        (Role.reader, frozenset(), False),
        (Role.editor, frozenset(), False),
        (Role.reader, frozenset({"hidden"}), True),
        (Role.admin, frozenset(), True),
    ],
)
def test_a_restricted_case_is_seen_by_admins_and_grantees(
    role: Role, granted: frozenset[str], sees: bool
) -> None:
    assert policy(role, granted).sees("hidden") is sees
    assert policy(role, granted).sees("open-case")


def test_an_unseen_case_is_a_case_not_found() -> None:
    with pytest.raises(CaseNotFound):
        policy(Role.editor).check_sees("hidden")


def test_a_reader_may_not_write_and_an_editor_may() -> None:
    policy(Role.editor).check_writes()
    with pytest.raises(NotAllowed):
        policy(Role.reader).check_writes()


def test_a_token_is_kept_as_its_hash_and_checked_against_it() -> None:
    token = new_token()
    assert token not in token_hash(token)
    assert same_hash(token_hash(token), token)
    assert not same_hash(token_hash(token), new_token())


@pytest.mark.parametrize("name", ["", "Ana", "a b", "-ana", "x" * 65])
def test_an_account_name_is_lower_case_and_short(name: str) -> None:
    with pytest.raises(BadAccountName):
        checked_name(name)
