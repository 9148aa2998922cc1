"""An account's policy read in one query (`AccessStore.policy`): the account, every
restricted case and the account's grants, as the store says now; none for a token no live
account holds."""

from __future__ import annotations

from collections.abc import Callable

from domain.access import Account, Policy, Role, new_token, token_hash
from domain.application import Timeline
from events.instructions import read_instruction
from storage.access import access_store


def test_a_policy_is_the_account_every_restriction_and_its_own_grants(
    new_timeline: Callable[[], Timeline],
) -> None:
    app = new_timeline()
    app.carry_out([read_instruction({"kind": "case_opened", "case": c, "title": c})
                   for c in ("amur", "tumen", "yalu")])  # fmt: skip
    access = access_store(app)
    tokens = {name: new_token() for name in ("eva", "olga", "rui", "gone")}
    for name, role in (("eva", Role.editor), ("olga", Role.editor), ("rui", Role.reader),
                       ("gone", Role.reader)):  # fmt: skip
        access.add_user(name, role, token_hash(tokens[name]))
    access.restrict("amur")
    access.restrict("tumen")
    access.grant("amur", "eva")
    access.grant("tumen", "eva")
    access.grant("tumen", "olga")
    access.revoke("gone")
    restricted = frozenset({"amur", "tumen"})
    assert access.policy(tokens["eva"]) == Policy(
        Account("eva", Role.editor), restricted, frozenset({"amur", "tumen"})
    )
    assert access.policy(tokens["olga"]) == Policy(
        Account("olga", Role.editor), restricted, frozenset({"tumen"})
    )
    assert access.policy(tokens["rui"]) == Policy(
        Account("rui", Role.reader), restricted, frozenset()
    )
    assert access.policy(tokens["gone"]) is None
    assert access.policy("not-a-token-of-this-store") is None
