"""Who sees a case as it is opened: the one rule every door asks (`access_on_opening`)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from domain.access import Account, Role
from events.instructions import read_instruction

EVA = Account("eva", Role.editor)
ANA = Account("ana", Role.admin)


@pytest.mark.parametrize(
    ("restricted", "grants", "by_default", "opener", "access"),
    [
        (None, (), False, None, (False, ())),
        (None, (), True, None, (True, ())),
        (False, (), True, None, (False, ())),
        (True, (), False, None, (True, ())),
        (None, ("rui",), False, None, (True, ("rui",))),
        (True, ("rui",), False, EVA, (True, ("rui", "eva"))),
        (True, ("eva",), False, EVA, (True, ("eva",))),
        (True, (), False, ANA, (True, ())),
        (False, (), False, EVA, (False, ())),
    ],
)
def test_a_case_is_restricted_when_asked_granted_or_by_default_and_seen_by_its_opener(
    restricted: bool | None,
    grants: tuple[str, ...],
    by_default: bool,
    opener: Account | None,
    access: tuple[bool, tuple[str, ...]],
) -> None:
    from domain.access import CaseAccess, access_on_opening

    found = access_on_opening(restricted, grants, restricted_by_default=by_default, opener=opener)
    assert found == CaseAccess(*access)


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"restricted": False, "grants": ["eva"]}, "open to every account grants no one"),
        ({"grants": ["Eva Maria"]}, "account name 'Eva Maria'"),
        ({"restricted": "yes"}, "restricted\n  Input should be a valid boolean"),
    ],
)
def test_an_opening_line_that_cannot_say_who_sees_its_case_is_refused(
    fields: dict[str, object], says: str
) -> None:
    with pytest.raises(ValidationError, match=says):
        read_instruction({"kind": "case_opened", "case": "hidden", "title": "T", **fields})
