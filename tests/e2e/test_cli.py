"""The `timeline` command as a user meets it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from domain.store import postgres_store
from tests.e2e.conftest import SOURCE, Cli

IN_PROCESS = True


def test_version_and_help_teach_the_commands(cli: Cli) -> None:
    assert cli.ok("--version").out.startswith("timeline ")
    assert all(c in cli.ok("--help").out for c in ("append", "import", "replay", "show", "demo"))


def test_demo_loads_the_seed_case_into_a_fresh_store_and_shows_it(cli: Cli) -> None:
    result = cli.ok("demo")
    assert "Loaded 33 events" in result.out and "2007/2009" in result.out
    assert len(cli.ok("case", "list", "--json").json()) == 7


def test_demo_refuses_a_store_that_already_holds_events(amur: Cli) -> None:
    result = amur("demo")
    assert result.code == 2 and "already holds events" in result.err


def test_append_prints_the_new_event_id(amur: Cli) -> None:
    result = amur.ok("append", "amur-2009-group", "arrived", "--date", "2009-09",
                     "--destination", "South Korea", *SOURCE, "--text", "Reached Seoul")  # fmt: skip
    assert result.out.strip() == "amur-2009-group:3"


def test_append_json_gives_the_whole_event(amur: Cli) -> None:
    event = amur.ok("append", "amur-2009-group", "arrived", "--date", "2009-09", "--json",
                    "--destination", "South Korea", *SOURCE, "--text", "Reached Seoul").json()  # fmt: skip
    assert (event["id"], event["kind"], event["position"]) == ("amur-2009-group:3", "arrived", 3)


def test_show_json_gives_the_contract_fields(amur: Cli) -> None:
    (entry,) = amur.ok("show", "--json").json()
    assert entry["date"] == "2007/2009" and entry["earliest"] == "2007-01-01"
    assert entry["latest"] == "2009-12-31" and entry["people"] == 12
    assert {"id", "case", "kind", "text", "sources"} <= set(entry)


def test_corrected_event_shows_its_new_values_and_says_so(amur: Cli) -> None:
    amur.ok("correct", "amur-2009-group:2", "--date", "2008/2009", "--reason", "second source")
    (entry,) = amur.ok("show", "--json").json()
    assert entry["date"] == "2008/2009" and entry["corrected"] is True
    assert entry["corrections"][0]["reason"] == "second source"


def test_retracted_event_disappears_from_timeline(amur: Cli) -> None:
    amur.ok("retract", "amur-2009-group:2", "--reason", "duplicate")
    assert amur.ok("show", "--json").json() == []
    (entry,) = amur.ok("show", "--include-retracted", "--json").json()
    assert entry["retracted"] and entry["retraction"]["reason"] == "duplicate"


def test_a_retracted_event_shown_still_says_its_kind_and_sources_and_why_it_was_retracted(
    amur: Cli,
) -> None:
    amur.ok("correct", "amur-2009-group:2", "--people", "11", "--reason", "second source")
    amur.ok("retract", "amur-2009-group:2", "--reason", "a duplicate")
    shown = " ".join(amur.ok("show", "--include-retracted").out.split())
    assert "agency contacted · Kyodo" in shown and "corrected" in shown
    assert "retracted: a duplicate" in shown


def test_replay_json_gives_every_event_with_position_and_recorded_time(amur: Cli) -> None:
    amur.ok("retract", "amur-2009-group:2", "--reason", "duplicate")
    replayed = amur.ok("replay", "--json").json()
    assert [e["kind"] for e in replayed] == ["case_opened", "agency_contacted", "retraction"]
    assert [e["position"] for e in replayed] == [1, 2, 3] and all(e["recorded"] for e in replayed)


def test_replay_and_show_write_when_an_event_was_recorded_alike(amur: Cli) -> None:
    replayed = amur.ok("replay", "--json").json()[1]
    (shown,) = amur.ok("show", "--json").json()
    assert replayed["id"] == shown["id"]
    assert replayed["recorded"] == shown["recorded"] and shown["recorded"].endswith("Z")


def test_case_list_and_show_json(amur: Cli) -> None:
    (listed,) = amur.ok("case", "list", "--json").json()
    assert (listed["slug"], listed["status"], listed["people"]) == (
        "amur-2009-group",
        "asylum requested",
        12,
    )
    assert amur.ok("case", "show", "amur-2009-group", "--json").json() == listed


def test_show_from_to_keeps_events_that_may_fall_in_the_range(cli: Cli, seed_path: Path) -> None:
    cli.ok("init")
    cli.ok("import", str(seed_path))
    dates = {e["date"] for e in cli.ok("show", "--from", "2005", "--to", "2008", "--json").json()}
    assert dates == {"2006", "2007", "2008", "2007/2009", "199X/200X", "../2009-12"}


def test_import_then_replay_gives_back_the_file(cli: Cli, seed_path: Path) -> None:
    cli.ok("init")
    assert "Imported 33 events" in cli.ok("import", str(seed_path)).out
    replayed = [
        {k: v for k, v in e.items() if k not in ("position", "recorded", "id")}
        for e in cli.ok("replay", "--json").json()
    ]
    lines = [orjson.loads(line) for line in seed_path.read_bytes().splitlines()]
    assert [_given(r) for r in replayed] == lines


def _given(line: dict[str, Any]) -> dict[str, Any]:
    """The fields given a value, in the line and in its sources (a replayed line also names
    those left at their default)."""
    given = {k: v for k, v in line.items() if v not in (None, [])}
    if "sources" in given:
        given["sources"] = [_given(source) for source in given["sources"]]
    return given


def test_import_reads_standard_input(cli: Cli) -> None:
    cli.ok("init")
    result = cli("import", "-", stdin='{"kind":"case_opened","case":"c","title":"t"}\n')
    assert result.code == 0 and cli.ok("case", "list", "--json").json()[0]["slug"] == "c"


GOOD = '{"kind":"case_opened","case":"x","title":"t"}'
FACT = ('{"kind":"arrived","case":"x","date":"2009","destination":"SK","text":"t",'
        '"sources":[{"outlet":"K","published":"2009"}]}')  # fmt: skip


@pytest.mark.parametrize(
    ("lines", "code", "says"),
    [
        ([GOOD, FACT, "{not json"], 2, "bad.jsonl:3:2: malformed JSON"),
        ([GOOD, FACT[:-1] + ',"text":"u"}'], 2, "bad.jsonl:2: key 'text' is given twice"),
        ([GOOD, '{"kind":"nope","case":"x"}'], 2, "bad.jsonl:2: unknown kind 'nope'"),
        ([GOOD, "", FACT.replace('"2009"', '"2009-13"', 1)], 2, "bad.jsonl:3: date: '2009-13'"),
        ([GOOD, FACT.replace('"case":"x"', '"case":"y"')], 1, "bad.jsonl:2: no case 'y'"),
        ([GOOD, FACT, GOOD], 1, "bad.jsonl:3: case 'x' already exists"),
        (["[1, 2]"], 2, "bad.jsonl:1: expected a JSON object"),
    ],
)
def test_a_bad_line_stops_the_import_naming_file_and_line(
    amur: Cli, lines: list[str], code: int, says: str
) -> None:
    before = amur.dump()
    (amur.cwd / "bad.jsonl").write_text("\n".join(lines) + "\n")
    result = amur("import", "bad.jsonl")
    assert result.code == code and result.err.startswith(f"timeline: error: {says}")
    assert amur.dump() == before


ARRIVED = ["--destination", "SK", *SOURCE, "--text", "t"]


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (
            ["append", "amur-2009-group", "arrivd", "--date", "2009", *ARRIVED],
            2,
            "unknown kind 'arrivd'",
        ),
        (
            ["append", "amur-2009-group", "arrived", "--date", "2009-02-30", *ARRIVED],
            2,
            "date: '2009-02-30'",
        ),
        (
            ["append", "amur-2009-group", "arrived", "--date", "2009", "--people", "-3", *ARRIVED],
            2,
            "people:",
        ),
        (["append", "nope", "arrived", "--date", "2009", *ARRIVED], 1, "no case 'nope'"),
        (["case", "show", "nope"], 1, "no case 'nope'"),
        (["case", "open", "amur-2009-group", "--title", "again"], 1, "already exists"),
        (["correct", "amur-2009-group:9", "--people", "3", "--reason", "r"], 1, "no dated event"),
        (
            ["correct", "amur-2009-group:2", "--date", "2010/2009", "--reason", "r"],
            1,
            "ends before it starts",
        ),
        (
            ["retract", "amur-2009-group:1", "--reason", "r"],
            1,
            "no dated event 'amur-2009-group:1'",
        ),
        (["import", "missing.jsonl"], 2, "missing.jsonl: cannot read"),
        (["show", "--case", "nope"], 1, "no case 'nope'"),
    ],
)
def test_bad_input_exits_with_its_code_and_one_line_and_leaves_the_store_as_it_was(
    amur: Cli, args: list[str], code: int, says: str
) -> None:
    before = amur.dump()
    result = amur(*args)
    assert result.code == code and says in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert amur.dump() == before


@pytest.mark.parametrize("read", [["replay"], ["show"], ["show", "--from", "2004"]])
def test_a_json_read_refused_at_its_start_prints_nothing_on_stdout(
    amur: Cli, read: list[str]
) -> None:
    result = amur(*read, "--case", "nope", "--json")
    assert (result.code, result.out) == (1, "")
    assert "no case 'nope'" in result.err


def test_a_closed_case_refuses_events_until_reopened(amur: Cli) -> None:
    amur.ok("case", "close", "amur-2009-group", "--reason", "all reached Seoul")
    assert (
        "is closed" in amur("append", "amur-2009-group", "arrived", "--date", "2009", *ARRIVED).err
    )
    amur.ok("case", "reopen", "amur-2009-group", "--reason", "new source")
    amur.ok("append", "amur-2009-group", "arrived", "--date", "2009", *ARRIVED)


def test_a_store_path_that_is_a_directory_is_refused(cli: Cli) -> None:
    result = cli("show", "--store", str(cli.cwd))  # a folder is no store on either backend
    assert result.code == 2 and "is a directory" in result.err


def test_a_missing_store_says_how_to_create_one(cli: Cli) -> None:
    result = cli("show")
    assert result.code == 2 and "timeline init" in result.err


def test_a_store_written_by_a_newer_version_is_refused(amur: Cli) -> None:
    if amur.postgres:
        import psycopg

        store = postgres_store(amur.store)
        with psycopg.connect(
            host=store.host, port=store.port, dbname=store.dbname, user=store.user
        ) as db:
            db.execute(
                f'UPDATE "{store.schema}".timeline_events '
                "SET topic = 'timeline:Case.FromTheFuture' WHERE originator_version = 2"
            )
    else:
        import sqlite3

        with sqlite3.connect(amur.path) as db:
            db.execute(
                "UPDATE stored_events SET topic = 'timeline:Case.FromTheFuture' WHERE originator_version = 2"
            )
    result = amur("show")
    assert result.code == 1 and "newer version of timeline" in result.err


def test_kinds_lists_every_kind_with_its_fields(cli: Cli) -> None:
    kinds = cli.ok("kinds", "--json").json()
    assert kinds["fled_to_mission"]["fields"]["mission_country"].startswith("required")


def test_a_long_event_id_is_drawn_whole_where_the_terminal_has_room(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("init")
    sqlite_cli.ok("case", "open", "vladivostok-2004-consulates", "--title", "Two men")
    sqlite_cli.ok("append", "vladivostok-2004-consulates", "observation", "--date", "2004",
                  *SOURCE, "--text", "A man fled to a consulate")  # fmt: skip
    wide = sqlite_cli("show", env={"COLUMNS": "120"})
    assert "vladivostok-2004-consulates:2" in wide.out
    replayed = sqlite_cli("replay", env={"COLUMNS": "160"})
    assert "vladivostok-2004-consulates:2" in replayed.out
