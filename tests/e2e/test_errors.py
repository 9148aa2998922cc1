"""Every failure is one line on stderr with the exit code docs/usage.md gives, and changes
nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import SOURCE, Cli, Result

REFUSED, BAD_INPUT = 1, 2
FACT = ["amur-2009-group", "observation", "--date", "2009", "--text", "t", *SOURCE]


@pytest.fixture(scope="module")
def shared_amur(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """One SQLite store for every refused command below: each proves it changed nothing."""
    folder = tmp_path_factory.mktemp("errors")
    cli = Cli(store=str(folder / "timeline.db"), cwd=folder)
    cli.ok("init")
    cli.ok("case", "open", "amur-2009-group", "--title", "Twelve workers from Amur Province")
    cli.ok("append", "amur-2009-group", "agency_contacted", "--date", "2007/2009",
           "--people", "12", "--contacted", "UNHCR Moscow office", *SOURCE, "--text", "t")  # fmt: skip
    return cli


def assert_one_line(result: Result, code: int) -> str:
    """The failure's one line, after checking its shape and code."""
    lines = result.err.splitlines()
    assert (result.code, len(lines)) == (code, 1), result.err
    assert lines[0].startswith("timeline: error: ") and len(lines[0]) <= 300
    assert "Traceback" not in result.err
    return lines[0]


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["case", "open", "amur-2009-group", "--title", "again"], REFUSED, "already exists"),
        (
            ["append", "nope", "observation", "--date", "2009", "--text", "t", *SOURCE],
            REFUSED,
            "no case 'nope'",
        ),
        (["retract", "amur-2009-group:9", "--reason", "r"], REFUSED, "no dated event"),
        (["case", "reopen", "amur-2009-group", "--reason", "r"], REFUSED, "is not closed"),
        (["show", "--until", "abc"], BAD_INPUT, "--until': 'abc' is not a whole number"),
        (["show", "--until", "\u0663"], BAD_INPUT, "is not a whole number"),  # Arabic-Indic 3
        (["append", *FACT, "--people", "1_0"], BAD_INPUT, "'1_0' is not a whole number"),
        (["show", "--until", str(2**63)], BAD_INPUT, "--until"),
        (["summary", "--by", "week"], BAD_INPUT, "'week' is not one of"),
        (["append", *FACT[:-2]], BAD_INPUT, "Missing option '--source'"),
        (["append", *FACT, "--people", "abc"], BAD_INPUT, "--people"),
        (
            ["append", *FACT, "--people", str(2**64)],
            BAD_INPUT,
            "people: Input should be less than or equal to",
        ),
        (["append", *FACT[:3], "٢٠٠٤", *FACT[4:]], BAD_INPUT, "is not an EDTF date"),
        (["append", *FACT[:5], " ", *FACT[6:]], BAD_INPUT, "text: must not be empty or blank"),
        (["case", "open", "x", "--title", ""], BAD_INPUT, "title: must not be empty"),
        (
            ["retract", "amur-2009-group:\uff12", "--reason", "r"],
            BAD_INPUT,
            "is not of the form CASE:N",
        ),
        (["show", "--case", ""], BAD_INPUT, "case '' is not a slug"),
        (
            ["summary", "--case", "amur-2009-group", "--case", ""],
            BAD_INPUT,
            "case '' is not a slug",
        ),
        (["show", "--as-of", "yesterday"], BAD_INPUT, "not an ISO 8601 timestamp"),
        (["show", "--nope"], BAD_INPUT, "No such option: --nope"),
        (["show", "--nope"], BAD_INPUT, "(see `timeline show --help`)"),
        (
            ["show", "--include-retracted=maybe"],
            BAD_INPUT,
            "does not take a value. (see `timeline show --help`)",
        ),
        (
            ["projections", "rebuild", "--json=yes"],
            BAD_INPUT,
            "(see `timeline projections rebuild --help`)",
        ),
        (["nope"], BAD_INPUT, "No such command 'nope'"),
        (
            ["correct", "amur-2009-group:2", "--reason", "r", "--set", 'people="3"'],
            REFUSED,
            "people: Input should be a valid integer",
        ),
        (
            ["append", *FACT, "--text", "x" * 100_000],
            BAD_INPUT,
            "text: String should have at most 20000 characters",
        ),
    ],
)
def test_each_error_is_one_line_with_its_exit_code_and_the_store_unchanged(
    shared_amur: Cli, args: list[str], code: int, says: str
) -> None:
    before = shared_amur.dump()
    line = assert_one_line(shared_amur(*args), code)
    assert says in line
    assert shared_amur.dump() == before


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ('{"kind": ["observation"]}', "a kind that is a JSON array"),
        ('{"kind": {"a": 1}}', "a kind that is a JSON object"),
        ("[" * 1000 + "]" * 1000, ""),
        ('{"kind":"case_opened","case":"x","title":"' + "y" * 200 + '"', "malformed JSON"),
        (
            '{"kind":"figure_reported","case":"amur-2009-group","date":"2009","text":"t","people":true,'
            '"population":"p","region":"r","sources":[{"outlet":"K","published":"2009"}]}',
            "people: Input should be a valid integer",
        ),
        (
            '{"kind":"figure_reported","case":"amur-2009-group","date":"2009","text":"t","people":12.0,'
            '"population":"p","region":"r","sources":[{"outlet":"K","published":"2009"}]}',
            "people: Input should be a valid integer",
        ),
        (
            '{"kind":"case_opened","case":"x","title":"' + "y" * 30_000 + '"}',
            "title: String should have at most 20000 characters",
        ),
    ],
)
def test_a_hostile_import_line_is_one_line_naming_it(sqlite_cli: Cli, line: str, says: str) -> None:
    sqlite_cli.ok("init")
    sqlite_cli.ok("case", "open", "amur-2009-group", "--title", "t")
    before = sqlite_cli.dump()
    assert says in assert_one_line(sqlite_cli("import", "-", stdin=line + "\n"), BAD_INPUT)
    assert sqlite_cli.dump() == before


def test_an_endless_file_is_refused_before_it_is_read_whole(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("init")
    says = assert_one_line(sqlite_cli("import", "/dev/zero"), BAD_INPUT)
    assert "/dev/zero:1: line longer than 1,048,576 bytes" in says


def test_the_store_missing_is_one_line_naming_init(sqlite_cli: Cli, tmp_path: Path) -> None:
    says = assert_one_line(sqlite_cli("show", "--store", str(tmp_path / "none.db")), BAD_INPUT)
    assert "timeline init" in says


def test_a_reader_that_stops_early_ends_the_command_quietly(cli: Cli, seed_path: Path) -> None:
    cli.ok("init")
    cli.ok("import", str(seed_path))
    import subprocess

    from tests.e2e.conftest import TIMELINE

    shell = f"'{TIMELINE}' show --json | head -c 10 >/dev/null; echo ${{PIPESTATUS[0]}}"
    done = subprocess.run(
        ["bash", "-c", shell], capture_output=True, text=True, cwd=cli.cwd, timeout=60,
        env={**__import__("os").environ, "TIMELINE_STORE": cli.store},
    )  # fmt: skip
    assert done.stderr == "" and done.stdout.strip() in ("0", "141")


@pytest.mark.parametrize(
    "command", [["show"], ["show", "--json"], ["replay"], ["replay", "--json"], ["summary"]]
)
def test_output_longer_than_the_pipe_ends_quietly_as_a_shell_reports_it(
    sqlite_cli: Cli, tmp_path: Path, command: list[str]
) -> None:
    import os
    import shlex
    import subprocess

    from bench.generate import write
    from tests.e2e.conftest import TIMELINE

    sqlite_cli.ok("init")
    sqlite_cli.ok("import", str(write(3_000, tmp_path / "many.jsonl")))
    # more than a pipe holds (64 KiB), so the command is still writing when `head` leaves
    shell = f"{shlex.join([TIMELINE, *command])} | head -c 10 >/dev/null; echo ${{PIPESTATUS[0]}}"
    done = subprocess.run(
        ["bash", "-c", shell], capture_output=True, text=True, cwd=sqlite_cli.cwd, timeout=120,
        env={**os.environ, "TIMELINE_STORE": sqlite_cli.store},
    )  # fmt: skip
    assert (done.stderr, done.stdout.strip()) == ("", "141")


@pytest.mark.parametrize("command", [["--help"], ["append", "--help"], ["case", "--help"]])
def test_help_whose_reader_has_gone_ends_quietly_as_a_shell_reports_it(
    tmp_path: Path, command: list[str]
) -> None:
    import os
    import subprocess

    from tests.e2e.conftest import TIMELINE

    gone, pipe = os.pipe()
    os.close(gone)  # the reader left before a byte was written: every write fails
    done = subprocess.run(
        [TIMELINE, *command], stdout=pipe, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
        timeout=60,
    )  # fmt: skip
    os.close(pipe)
    assert (done.returncode, done.stderr) == (141, "")


def test_a_command_cut_short_by_its_reader_still_closes_its_store(tmp_path: Path) -> None:
    import os
    import sqlite3
    import subprocess

    from tests.e2e.conftest import TIMELINE

    shell = f"'{TIMELINE}' demo --store d.db | head -c 10 >/dev/null; echo ${{PIPESTATUS[0]}}"
    done = subprocess.run(
        ["bash", "-c", shell], capture_output=True, text=True, cwd=tmp_path, timeout=120,
        env={**os.environ, "COLUMNS": "80"},
    )  # fmt: skip
    assert (done.stderr, done.stdout.strip()) == ("", "141")
    assert not (tmp_path / "d.db-wal").exists()  # the log was folded back into the file
    whole = sqlite3.connect(f"file:{tmp_path / 'd.db'}?immutable=1", uri=True)
    assert whole.execute("SELECT COUNT(*) FROM stored_events").fetchone() == (33,)
    whole.close()
