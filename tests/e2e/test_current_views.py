"""A read of views found current is served from their rows as stored (`projections.fresh`):
it prints exactly what the read that caught them up printed, and refuses what that read
refuses, in the same words."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Cli, amur_case

IN_PROCESS = True

READS = [
    ["show", "--case", "amur-2009-group", "--json"],
    ["show", "--case", "amur-2009-group"],
    ["show", "--json", "--include-retracted"],
    ["show"],
    ["case", "show", "amur-2009-group", "--json"],
    ["case", "show", "amur-2009-group"],
    ["case", "list", "--json"],
    ["case", "list"],
]


@pytest.mark.parametrize("args", READS)
def test_a_read_of_current_views_prints_what_catching_up_printed(
    sqlite_cli: Cli, args: list[str]
) -> None:
    cli = amur_case(sqlite_cli)
    cli.ok("append", "amur-2009-group", "arrived", "--date", "2009-09", "--people", "12",
           "--destination", "South Korea", "--source", "Kyodo, 2009-12-23",
           "--text", "Reached South Korea, where they found refuge.")  # fmt: skip
    cli.ok("retract", "amur-2009-group:2", "--reason", "a test retraction")
    catching_up = cli.ok(*args)
    current = cli.ok(*args)
    assert "arrived" in current.out  # the appended event (or the status it gives the case)
    assert current.out == catching_up.out
    assert current.err == catching_up.err == ""


@pytest.mark.parametrize(
    "args",
    [["show", "--case", "tumen"], ["case", "show", "tumen"], ["case", "show", "tumen", "--json"]],
)
def test_an_unknown_case_is_refused_as_before(sqlite_cli: Cli, args: list[str]) -> None:
    cli = amur_case(sqlite_cli)
    cli.ok("show")  # the views are current
    refused = cli(*args)
    assert (refused.code, refused.out) == (1, "")
    assert refused.err.startswith("timeline: error: no case 'tumen': open it first")


def test_a_key_named_for_a_plain_store_is_refused_even_when_its_views_are_current(
    sqlite_cli: Cli,
) -> None:
    cli = amur_case(sqlite_cli)
    cli.ok("show")
    key = cli.cwd / "store.key"
    cli.ok("key", "new", str(key))
    refused = cli("show", "--case", "amur-2009-group", "--json", "--key-file", str(key))
    assert refused.code == 2 and refused.out == ""
    assert "not encrypted" in refused.err
