"""`timeline case erase` as a user runs it: afterwards no read command and no export format
gives anything the case said, other cases read byte for byte as before, `verify` passes,
and a copy of the store holds the case as erased."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SOURCE, TIMELINE, Cli

IN_PROCESS = True

NAME, PLACE, TEXT = "Zoltarnikova Quixbel", "Vrellograd-Ost", "Sheltered by Pomfrex"
PLANTED = [NAME, PLACE, "Pomfrex"]
FORMATS = ["html", "timelinejs", "csv", "markdown", "jsonl"]


@pytest.fixture
def two_cases(cli: Cli) -> list[str]:
    cli.ok("key", "new", "team.key")
    key = ["--key-file", str(cli.cwd / "team.key")]
    cli.ok("init", *key)
    cli.ok("case", "open", "planted", "--title", f"The family of {NAME}", *key)
    cli.ok("append", "planted", "observation", "--date", "2009-09", "--people", "3",
           "--place", PLACE, *SOURCE, "--text", TEXT, *key)  # fmt: skip
    cli.ok("case", "open", "kept", "--title", "Four workers from Amur", *key)
    cli.ok("append", "kept", "observation", "--date", "2008", "--people", "4",
           *SOURCE, "--text", "Reached Seoul", *key)  # fmt: skip
    return key


def kept_reads(cli: Cli, key: list[str]) -> list[str]:
    reads = [
        ["show", "--case", "kept", "--json"],
        ["case", "show", "kept", "--json"],
        ["summary", "--case", "kept", "--format", "json"],
        ["summary", "--case", "kept", "--format", "markdown"],
        ["replay", "--case", "kept"],
    ]
    reads += [["export", "-f", f, "--case", "kept"] for f in FORMATS]  # fmt: skip
    return [cli.ok(*read, *key).out for read in reads]


def all_reads(cli: Cli, key: list[str]) -> str:
    reads = [["show", "--json", "--include-retracted"], ["show"], ["case", "list", "--json"],
             ["summary"], ["summary", "--format", "json"], ["summary", "--format", "markdown"],
             ["replay", "--json"], ["replay"],
             ["show", "--until", "2", "--json"], ["case", "list", "--until", "3", "--json"],
             ["audit", "--json"]]  # fmt: skip
    reads += [["export", "-f", f] for f in FORMATS]
    return "\n".join(cli.ok(*read, *key).out for read in reads)


def test_after_erasure_nothing_the_case_said_is_read_and_other_cases_are_unchanged(
    cli: Cli, two_cases: list[str]
) -> None:
    key = two_cases
    assert all(text in all_reads(cli, key) for text in PLANTED)  # the search can find them
    before = kept_reads(cli, key)
    cli.ok("case", "erase", "planted", "--reason", "request of the people concerned", "--yes",
           *key)  # fmt: skip
    seen = all_reads(cli, key)
    assert [text for text in PLANTED if text in seen] == []
    assert kept_reads(cli, key) == before
    assert '"kind":"erased"' in seen and "request of the people concerned" in seen
    cli.ok("verify", *key)


def test_an_erased_case_refuses_reads_and_writes_by_name(cli: Cli, two_cases: list[str]) -> None:
    key = two_cases
    cli.ok("case", "erase", "planted", "--reason", "asked", "--yes", *key)
    for command in (["case", "show", "planted"], ["show", "--case", "planted"],
                    ["append", "planted", "observation", "--date", "2009", "--text", "x",
                     *SOURCE], ["case", "erase", "planted", "--reason", "again", "--yes"]):  # fmt: skip
        result = cli(*command, *key)
        assert result.code == 1 and "was erased" in result.err, command


def test_erasure_asks_to_confirm_and_a_no_erases_nothing(cli: Cli, two_cases: list[str]) -> None:
    import os
    import subprocess

    key = two_cases
    before = cli.dump()
    terminal, its_end = os.openpty()
    erasing = subprocess.Popen(
        [TIMELINE, "case", "erase", "planted", "--reason", "asked", *key],
        stdin=its_end, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TIMELINE_STORE": cli.store}, cwd=cli.cwd,
    )  # fmt: skip
    os.write(terminal, b"n\n")
    out, err = erasing.communicate(timeout=60)
    os.close(terminal)
    os.close(its_end)
    assert erasing.returncode == 1
    assert "Erase case 'planted' for good?" in out
    assert err == "timeline: error: case erase planted: not confirmed; nothing was erased\n"
    assert cli.dump() == before


def test_erasure_without_a_terminal_to_ask_on_needs_yes(cli: Cli, two_cases: list[str]) -> None:
    key = two_cases
    before = cli.dump()
    result = cli("case", "erase", "planted", "--reason", "asked", *key, stdin="y\n")
    assert result.code == 2 and "give --yes" in result.err
    assert cli.dump() == before
    assert NAME in cli.ok("case", "list", *key).out


def test_a_copy_holds_the_case_as_erased(cli: Cli, two_cases: list[str]) -> None:
    key = two_cases
    cli.ok("case", "erase", "planted", "--reason", "asked", "--yes", *key)
    copy = Cli(str(cli.cwd / "copy.db"), cli.cwd, in_process=True)
    cli.ok("store", "copy", "--from", cli.store, "--to", copy.store, *key)
    assert [text for text in PLANTED if text.encode() in copy.path.read_bytes()] == []
    assert copy.ok("show", "--json", *key).out == cli.ok("show", "--json", *key).out
    copy.ok("verify", *key)
    result = copy("case", "show", "planted", *key)
    assert result.code == 1 and "was erased" in result.err


def test_a_plain_stores_case_cannot_be_erased(cli: Cli) -> None:
    cli.ok("init")
    cli.ok("case", "open", "plain", "--title", "t")
    result = cli("case", "erase", "plain", "--reason", "asked", "--yes")
    assert result.code == 1 and "not encrypted" in result.err


def test_a_rebuild_in_a_later_process_keeps_the_erased_case_erased(
    cli: Cli, two_cases: list[str]
) -> None:
    key = two_cases
    cli.ok("case", "erase", "planted", "--reason", "request of the people concerned", "--yes",
           *key)  # fmt: skip
    before = kept_reads(cli, key)
    cli.ok("projections", "rebuild", *key)  # reads the whole key table at once
    seen = all_reads(cli, key)
    assert [text for text in PLANTED if text in seen] == []
    assert kept_reads(cli, key) == before
