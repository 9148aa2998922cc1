"""`timeline case open --restricted|--open --grant`, `timeline access default` and import
lines that open a case restricted, as a user runs them."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from tests.e2e.conftest import Cli

IN_PROCESS = True
TITLE = "The family sheltered at Zoltarnikova"


@pytest.fixture
def accounts(cli: Cli) -> Cli:
    """A new store with the accounts eva (editor) and rui (reader)."""
    cli.ok("init")
    cli.ok("user", "add", "eva", "--role", "editor")
    cli.ok("user", "add", "rui", "--role", "reader")
    return cli


def granted(cli: Cli) -> dict[str, list[str]]:
    return {user["name"]: user["granted"] for user in cli.ok("user", "list", "--json").json()}


def test_a_case_opened_restricted_says_so_and_grants_its_accounts(accounts: Cli) -> None:
    opened = accounts.ok("case", "open", "hidden", "--title", TITLE, "--restricted",
                         "--grant", "eva", "--json").json()  # fmt: skip
    assert (opened["restricted"], opened["grants"]) == (True, ["eva"])
    said = accounts.ok("case", "open", "also-hidden", "--title", TITLE, "--grant", "rui").out
    assert said == "also-hidden:1 restricted: seen by admins and rui\n"
    assert granted(accounts) == {"eva": ["hidden"], "rui": ["also-hidden"]}


def test_a_grant_to_no_account_is_refused_in_one_line_and_nothing_is_stored(
    accounts: Cli,
) -> None:
    before = accounts.dump()
    refused = accounts("case", "open", "hidden", "--title", TITLE, "--grant", "eva",
                       "--grant", "nobody")  # fmt: skip
    assert (refused.code, refused.out) == (1, "")
    assert refused.err.splitlines() == [
        "timeline: error: no account 'nobody': add it with `timeline user add nobody --role ...`"
    ]
    assert accounts.dump() == before


def test_a_case_opened_open_with_grants_is_bad_input(accounts: Cli) -> None:
    refused = accounts("case", "open", "hidden", "--title", TITLE, "--open", "--grant", "eva")
    assert refused.code == 2
    assert len(refused.err.splitlines()) == 1
    assert "open to every account grants no one" in refused.err


def test_a_store_restricting_new_cases_restricts_each_opened_without_open(accounts: Cli) -> None:
    assert accounts.ok("access", "default", "--json").json() == {"new_cases": "open"}
    accounts.ok("access", "default", "restricted")
    assert accounts.ok("access", "default", "--json").json() == {"new_cases": "restricted"}
    unsaid = accounts.ok("case", "open", "unsaid", "--title", TITLE, "--json").json()
    said_open = accounts.ok("case", "open", "said-open", "--title", TITLE, "--open", "--json")
    assert unsaid["restricted"] is True
    assert "restricted" not in said_open.json()


def test_an_import_line_opens_a_case_restricted_or_the_import_stores_nothing(
    accounts: Cli, tmp_path: Path
) -> None:
    lines = tmp_path / "lines.jsonl"
    opening = {"kind": "case_opened", "case": "hidden", "title": TITLE, "restricted": True,
               "grants": ["eva"]}  # fmt: skip
    wrong = {**opening, "case": "other", "grants": ["nobody"]}
    lines.write_bytes(b"\n".join(orjson.dumps(line) for line in (opening, wrong)))
    before = accounts.dump()
    refused = accounts("import", str(lines))
    assert (refused.code, refused.err.count("\n")) == (1, 1)
    assert f"{lines}:2: no account 'nobody'" in refused.err
    assert accounts.dump() == before
    lines.write_bytes(orjson.dumps(opening))
    accounts.ok("import", str(lines))
    assert granted(accounts) == {"eva": ["hidden"], "rui": []}


def test_the_help_teaches_restricted_openings_and_the_default(accounts: Cli) -> None:
    opening = accounts.ok("case", "open", "--help").out
    default = accounts.ok("access", "default", "--help").out
    assert all(option in opening for option in ("--restricted", "--open", "--grant"))
    assert "restricted" in default and "--open" in default
