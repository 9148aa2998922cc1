"""What the README and docs/usage.md promise a user, each checked as the user would see it:
reads as known earlier on every read command, one case's reads, summary filters and the
`--by auto` rule, the JSON of every write command, a replay that re-imports to the same
record, the README's tour, and every example of the vocabulary, summary and sources
sections, run as written."""

from __future__ import annotations

import re
import shlex
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.e2e.conftest import SOURCE, Cli

IN_PROCESS = True

FACT = ["--date", "2009-09", "--destination", "South Korea", *SOURCE, "--text", "Reached Seoul"]


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cli]:
    """Two cases with a correction, a retraction, a closing and a reopening (positions 1-8)."""
    folder = tmp_path_factory.mktemp("history")
    cli = Cli(store=str(folder / "timeline.db"), cwd=folder, in_process=True)
    cli.ok("init")
    cli.ok("case", "open", "amur", "--title", "Amur workers")  # 1
    cli.ok("append", "amur", "arrived", *FACT, "--people", "12")  # 2
    cli.ok("case", "open", "tomsk", "--title", "Tomsk workers")  # 3
    cli.ok("append", "tomsk", "arrived", "--date", "2006", "--destination", "South Korea",
           *SOURCE, "--text", "Reached Seoul", "--people", "2")  # fmt: skip  # 4
    cli.ok("correct", "amur:2", "--people", "11", "--reason", "recount")  # 5
    cli.ok("retract", "tomsk:2", "--reason", "duplicate")  # 6
    cli.ok("case", "close", "amur", "--reason", "all arrived")  # 7
    cli.ok("case", "reopen", "amur", "--reason", "new source")  # 8
    yield cli


READS = [
    ["show", "--json"],
    ["replay", "--json"],
    ["case", "list", "--json"],
    ["case", "show", "amur", "--json"],
    ["summary", "--format", "json"],
]


@pytest.mark.parametrize("read", READS, ids=lambda r: " ".join(r[:2]))
def test_every_read_command_reads_the_record_as_known_earlier(
    history: Cli, read: list[str]
) -> None:
    recorded = {e["position"]: e["recorded"] for e in history.ok("replay", "--json").json()}
    by_position = history.ok(*read, "--until", "4").json()
    by_time = history.ok(*read, "--as-of", recorded[4]).json()
    now = history.ok(*read).json()
    assert by_position == by_time != now


def test_as_known_before_the_correction_the_event_says_twelve(history: Cli) -> None:
    assert history.ok("case", "show", "amur", "--until", "4", "--json").json()["people"] == 12
    assert history.ok("case", "show", "amur", "--json").json()["people"] == 11
    (before,) = history.ok("show", "--case", "tomsk", "--until", "5", "--json").json()
    assert before["retracted"] is False


def test_show_and_replay_of_one_case_hold_only_its_events(history: Cli) -> None:
    shown = history.ok("show", "--case", "amur", "--json").json()
    assert [e["id"] for e in shown] == ["amur:2"]
    replayed = history.ok("replay", "--case", "tomsk", "--json").json()
    assert [(e["id"], e["position"]) for e in replayed] == [
        ("tomsk:1", 3),
        ("tomsk:2", 4),
        ("tomsk:3", 6),
    ]


def test_summary_filters_by_case_and_dates(history: Cli) -> None:
    def told(*args: str) -> list[str]:
        report = history.ok("summary", "--format", "json", "--include-retracted", *args).json()
        return sorted(e for p in report["periods"] for s in p["sentences"] for e in s["events"])

    assert told() == ["amur:2", "tomsk:2"]
    assert told("--case", "tomsk") == ["tomsk:2"]
    assert told("--from", "2009") == ["amur:2"]
    assert told("--to", "2008") == ["tomsk:2"]


@pytest.mark.parametrize(
    ("dates", "by"), [(["2009-01", "2010-12"], "month"), (["2009", "2011-06"], "year")]
)
def test_by_auto_takes_months_when_the_record_spans_two_years_or_less(
    sqlite_cli: Cli, dates: list[str], by: str
) -> None:
    sqlite_cli.ok("init")
    sqlite_cli.ok("case", "open", "c", "--title", "t")
    for date in dates:
        sqlite_cli.ok("append", "c", "observation", "--date", date, *SOURCE, "--text", "t")
    report = sqlite_cli.ok("summary", "--format", "json").json()
    assert report["by"] == by


def test_every_write_command_prints_the_new_event_as_replay_shows_it(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("init")
    printed = [
        sqlite_cli.ok(*command, "--json").json()
        for command in (
            ["case", "open", "c", "--title", "t"],
            ["append", "c", "arrived", *FACT],
            ["correct", "c:2", "--people", "3", "--reason", "r"],
            ["retract", "c:2", "--reason", "r"],
            ["case", "close", "c", "--reason", "r"],
            ["case", "reopen", "c", "--reason", "r"],
        )
    ]
    assert printed == sqlite_cli.ok("replay", "--json").json()
    imported = sqlite_cli.ok(
        "import", "-", "--json", stdin='{"kind":"case_opened","case":"d","title":"t"}\n'
    )
    assert imported.json() == [{"id": "d:1", "position": 7}]


def replay_as_lines(cli: Cli) -> str:
    """The replay as JSON Lines to import: without position, time and id, nor empty fields."""
    rows = [
        {
            k: v
            for k, v in e.items()
            if k not in ("position", "recorded", "id") and v not in (None, [])
        }
        for e in cli.ok("replay", "--json").json()
    ]
    return "\n".join(orjson.dumps(row).decode() for row in rows) + "\n"


def test_a_replay_with_corrections_retractions_closings_and_reopenings_reimports_to_the_same_record(
    history: Cli, tmp_path: Path
) -> None:
    again = Cli(store=str(tmp_path / "again.db"), cwd=tmp_path, in_process=True)
    again.ok("init")
    lines = replay_as_lines(history)
    kinds = {orjson.loads(line)["kind"] for line in lines.splitlines()}
    assert {"correction", "retraction", "case_closed", "case_reopened"} <= kinds
    again.ok("import", "-", stdin=lines)
    assert replay_as_lines(again) == lines
    shown = [
        unrecorded(c.ok("show", "--json", "--include-retracted").json()) for c in (again, history)
    ]
    assert shown[0] == shown[1]


def unrecorded(value: Any) -> Any:
    """`value` without its recorded times, which differ between two stores."""
    if isinstance(value, dict):
        return {k: unrecorded(v) for k, v in value.items() if k != "recorded"}
    if isinstance(value, list):
        return [unrecorded(v) for v in value]
    return value


ROOT = Path(__file__).parent.parent.parent
README = ROOT / "README.md"
USAGE = ROOT / "docs" / "usage.md"
EXAMPLE_SECTIONS = (
    (USAGE, "## The record"),
    (USAGE, "## Summaries"),
    (USAGE, "## Who says so: citations, disputes and grades"),
    (USAGE, "### An amended citation"),
)
"""The sections whose examples must run: the vocabulary (under "The record"), the summary,
citations, disputes and grades, and an amended citation."""
SAID = (README, "## What the record can say")
"""The README's example of parts of a group, applications without an outcome and an amended
citation: run as written, and its outputs as shown."""
TOUR = (README, "## A tour in ten commands")
"""The README's tour: a new store, from `timeline init` to `timeline summary`."""
EVENT_ID = re.compile(r"[a-z0-9-]+:[0-9]+")


def section(document: Path, heading: str) -> str:
    """The text of `document` from `heading` to the next heading of level 2 or 3."""
    text = document.read_text()
    start = text.index(f"\n{heading}\n") + len(heading) + 2
    following = re.search(r"^#{2,3} ", text[start:], re.MULTILINE)
    return text[start : start + following.start()] if following else text[start:]


def blocks(text: str) -> list[str]:
    """The fenced blocks of `text`, without their indentation."""
    found = re.findall(r"^( *)```[a-z]*\n(.*?)^ *```", text, re.MULTILINE | re.DOTALL)
    return [textwrap.dedent(body) for _, body in found]


def sessions() -> list[str]:
    """The examples a user can run as they are: blocks that start from a demo store."""
    return [
        b
        for s in (*EXAMPLE_SECTIONS, SAID)
        for b in blocks(section(*s))
        if b.startswith("timeline demo")
    ]


def commands(block: str) -> list[tuple[str, str | None]]:
    """Each command of a block (continuation lines joined) with what its comment says it
    prints: an event id, or `shows A · B` (each part in its output); None if the comment
    only explains."""
    found: list[tuple[str, str | None]] = []
    logical = ""
    for line in block.splitlines():
        command, _, comment = (logical + line.strip()).partition(" # ")
        if line.strip().startswith("#"):
            command, comment = "", line.strip().removeprefix("#").strip()
            found[-1] = (found[-1][0], comment)
            continue
        if command.endswith("\\"):
            logical = command.removesuffix("\\")
            continue
        logical = ""
        found.append((command.strip(), comment.strip() or None))
    return found


def run_session(folder: Path, block: str) -> list[tuple[str, str]]:
    """Run a documented session in `folder` as a shell would (`export` included); each
    command with its output. A command that fails, or prints other than its comment says,
    fails the test."""
    env: dict[str, str] = {}
    outputs = []
    for command, says in commands(block):
        argv = shlex.split(command)
        if argv[0] == "export":
            name, _, value = argv[1].partition("=")
            env[name] = value
            continue
        assert argv[0] == "timeline", command
        result = Cli(store=env.get("TIMELINE_STORE", "timeline.db"), cwd=folder, in_process=True)(
            *argv[1:], env=env
        )
        assert result.code == 0, f"{command}: {result.err}"
        flat = " ".join(result.out.split())
        if says and EVENT_ID.fullmatch(says):
            assert result.out.strip() == says, command
        elif says and says.startswith("shows "):
            for part in says.removeprefix("shows ").split(" · "):
                assert part in flat, f"{command}: {part!r} not in {flat[:300]!r}"
        outputs.append((command, result.out))
    return outputs


def test_the_documented_sections_have_examples_to_run() -> None:
    assert len(sessions()) >= 2
    checked = [says for b in sessions() for _, says in commands(b) if says]
    assert sum(bool(EVENT_ID.fullmatch(s)) for s in checked) >= 2
    assert any(s.startswith("shows ") for s in checked)


@pytest.mark.parametrize("block", sessions(), ids=lambda b: b.split()[3])
def test_every_example_of_the_vocabulary_summary_and_sources_sections_runs(
    block: str, tmp_path: Path
) -> None:
    run_session(tmp_path, block)


def test_the_disputed_corroborated_event_shows_as_the_usage_says(tmp_path: Path) -> None:
    text = section(*EXAMPLE_SECTIONS[2])
    (block,) = [b for b in blocks(text) if b.startswith("timeline demo")]
    shown = [out for command, out in run_session(tmp_path, block) if "show --case" in command]
    said = blocks(text.split("as `show` ends:")[1])[0]
    assert [line.rstrip() for line in said.splitlines()] == [
        line.rstrip() for line in shown[0].splitlines()[-len(said.splitlines()) :]
    ]


def test_the_amended_citation_shows_as_the_usage_says(tmp_path: Path) -> None:
    text = section(*EXAMPLE_SECTIONS[3])
    (block,) = [b for b in blocks(text) if b.startswith("timeline demo")]
    shown = [out for command, out in run_session(tmp_path, block) if "show --case" in command]
    said = blocks(text.split("as `show` then ends:")[1])[0]
    assert [line.rstrip() for line in said.splitlines()] == [
        line.rstrip() for line in shown[0].splitlines()[-len(said.splitlines()) :]
    ]


def test_the_readmes_parts_applications_and_amended_citation_print_as_it_shows(
    tmp_path: Path,
) -> None:
    text = section(*SAID)
    session, case_shown, summary_said = blocks(text)
    outputs = dict(run_session(tmp_path, session))
    shown = outputs["timeline case show forty-2015"].splitlines()
    assert [line.rstrip() for line in case_shown.splitlines()] == [
        line.rstrip() for line in shown[2:8]
    ]
    told = " ".join(outputs["timeline summary --case forty-2015"].split())
    for said in re.split(r"\n(?=\S)", summary_said.rstrip()):  # each item, its lines joined
        assert " ".join(said.split()) in told, said


def test_the_seed_summarys_totals_are_the_documented_ones(tmp_path: Path) -> None:
    cli = Cli(store=str(tmp_path / "seed.db"), cwd=tmp_path, in_process=True)
    cli.ok("demo", "--store", "seed.db")
    said = blocks(section(*EXAMPLE_SECTIONS[1]).split("The seed case's totals:")[1])[0]
    told = cli.ok("summary").out
    assert " ".join(said.split()) in " ".join(told.split())


def tour() -> str:
    """The tour's session: the block of the README's tour that starts a new store."""
    (block,) = [b for b in blocks(section(*TOUR)) if b.startswith("timeline init")]
    return block


@pytest.fixture(scope="module")
def toured(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str]]:
    """The README's tour, run once in a folder of its own: each command and its output."""
    return run_session(tmp_path_factory.mktemp("tour"), tour())


def test_the_readmes_tour_runs_from_init_to_summary_printing_what_its_comments_say(
    toured: list[tuple[str, str]],
) -> None:
    said = [says for _, says in commands(tour()) if says]
    assert len(toured) == 10
    assert (toured[0][0], toured[-1][0]) == ("timeline init", "timeline summary")
    assert sum(bool(EVENT_ID.fullmatch(s)) for s in said) == 5
    assert sum(s.startswith("shows ") for s in said) == 4


def test_the_tours_timeline_is_the_one_the_readme_shows(toured: list[tuple[str, str]]) -> None:
    (shown,) = [out for command, out in toured if command == "timeline show"]
    said = blocks(section(*TOUR).split("`timeline show` prints")[1])[0]
    assert [line.rstrip() for line in shown.splitlines()] == said.splitlines()
