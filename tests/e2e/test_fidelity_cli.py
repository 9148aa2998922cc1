"""What happens to people beyond asylum, groups, citations and disputes, as a user records
them with the `timeline` command."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SOURCE, Cli, amur_case

IN_PROCESS = True


def test_a_return_is_appended_and_gives_the_case_its_status(amur: Cli) -> None:
    amur.ok("append", "amur-2009-group", "returned", "--date", "2010", "--people", "2",
            "--country", "North Korea", "--means", "deported", "--returned-by",
            "Russian border guards", *SOURCE, "--text", "Two were deported")  # fmt: skip
    view = amur.ok("case", "show", "amur-2009-group", "--json").json()
    assert view["status"] == "returned"
    assert "two people were deported to North Korea" in amur.ok("summary").out


def test_a_return_with_an_unknown_means_is_one_line_and_changes_nothing(amur: Cli) -> None:
    before = amur.dump()
    result = amur("append", "amur-2009-group", "returned", "--date", "2010", "--country",
                  "North Korea", "--means", "flown", *SOURCE, "--text", "t")  # fmt: skip
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert "means" in result.err and amur.dump() == before


def test_case_show_lists_the_groups_with_the_people_and_the_status_of_each(amur: Cli) -> None:
    amur.ok("append", "amur-2009-group", "application_pending", "--date", "2009-12",
            "--people", "4", "--group", "four others", "--handled-by", "UNHCR", *SOURCE,
            "--text", "Four others waited")  # fmt: skip
    view = amur.ok("case", "show", "amur-2009-group", "--json").json()
    assert view["people"] == 16 and view["status"] == "pending, asylum requested"
    assert view["groups"] == [
        {
            "name": None,
            "people": 12,
            "events": 1,
            "status": "asylum requested",
            "said": "",
            "within": None,
        },
        {
            "name": "four others",
            "people": 4,
            "events": 1,
            "status": "pending",
            "said": "",
            "within": None,
        },
    ]
    shown = amur.ok("case", "show", "amur-2009-group").out
    assert "main group: 12 (asylum requested); four others: 4 (pending)" in shown


YONHAP = ["--source", "Yonhap, 2010-01-05"]


def test_cite_adds_a_source_shown_in_the_timeline_and_the_summary(amur: Cli) -> None:
    assert amur.ok("cite", "amur-2009-group:2", *YONHAP, "--note", "same").out.strip() == (
        "amur-2009-group:3"
    )
    assert "confirmed by Yonhap, 2010-01-05" in amur.ok("show").out
    assert "[1][2]" in amur.ok("summary").out


def test_dispute_is_held_beside_the_event_and_told_in_the_summary(amur: Cli) -> None:
    amur.ok("dispute", "amur-2009-group:2", *YONHAP, "--set", "date=2008/2009")
    (entry,) = amur.ok("show", "--json").json()
    assert entry["date"] == "2007/2009" and entry["disputed"]
    assert "Yonhap gives between 2008 and 2009" in " ".join(amur.ok("summary").out.split())


def test_a_disputed_count_is_said_in_the_totals(amur: Cli) -> None:
    amur.ok("append", "amur-2009-group", "arrived", "--date", "2009-09", "--people", "12",
            "--destination", "South Korea", *SOURCE, "--text", "t")  # fmt: skip
    amur.ok("dispute", "amur-2009-group:3", *YONHAP, "--set", "people=14")
    out = amur.ok("summary").out
    assert "12 people reached South Korea" in out and "Disputed counts: amur-2009-group:3" in out


def test_citations_and_disputes_are_imported_as_lines(amur: Cli) -> None:
    lines = (
        '{"kind": "citation", "event": "amur-2009-group:2", "sources": '
        '[{"outlet": "Yonhap", "published": "2010-01-05"}]}\n'
        '{"kind": "dispute", "event": "amur-2009-group:2", "values": {"people": 14}, '
        '"sources": [{"outlet": "Yonhap", "published": "2010-01-05"}]}\n'
    )
    (amur.cwd / "more.jsonl").write_text(lines)
    amur.ok("import", "more.jsonl")
    kinds = [e["kind"] for e in amur.ok("replay", "--json").json()]
    assert kinds[-2:] == ["citation", "dispute"]


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["cite", "amur-2009-group:9", *YONHAP], 1, "no dated event"),
        (["cite", "amur-2009-group:2"], 2, "--source"),
        (["cite", "amur-2009-group:2", "--source", "Yonhap"], 2, "OUTLET, DATE"),
        (["dispute", "amur-2009-group:2", *YONHAP, "--set", "height=3"], 2, "field 'height'"),
        (["dispute", "amur-2009-group:2", *YONHAP, "--set", "mission=x"], 1, "no such field"),
        (["dispute", "amur-2009-group:2", *YONHAP, "--set", "people"], 2, "FIELD=VALUE"),
        (["dispute", "amur-2009-group:2", *YONHAP, "--set", "date=2009-13"], 1, "month 13"),
        (["dispute", "amur-2009-group:2", "--set", "people=3"], 2, "--source"),
    ],
)
def test_a_bad_citation_or_dispute_is_one_line_and_changes_nothing(
    amur: Cli, args: list[str], code: int, says: str
) -> None:
    before = amur.dump()
    result = amur(*args)
    assert (result.code, len(result.err.strip().splitlines())) == (code, 1), result.err
    assert says in result.err and amur.dump() == before


def test_a_retracted_event_cannot_be_cited_or_disputed(amur: Cli) -> None:
    amur.ok("retract", "amur-2009-group:2", "--reason", "duplicate")
    before = amur.dump()
    for command in (["cite"], ["dispute", "--set", "people=3"]):
        result = amur(*command, "amur-2009-group:2", *YONHAP)
        assert result.code == 1 and "already retracted" in result.err
    assert amur.dump() == before


def test_show_min_grade_keeps_the_events_some_source_of_which_is_graded_well(amur: Cli) -> None:
    amur.ok("append", "amur-2009-group", "arrived", "--date", "2009-09", "--people", "12",
            "--destination", "South Korea", *SOURCE, "--grade", "b2", "--text", "t")  # fmt: skip
    amur.ok("cite", "amur-2009-group:2", *YONHAP, "--grade", "E5")
    shown = amur.ok("show", "--min-grade", "C3", "--json").json()
    assert [e["id"] for e in shown] == ["amur-2009-group:3"]
    assert shown[0]["sources"][0]["grade"] == "B2"


@pytest.mark.parametrize("grade", ["B7", "G2", "2B", ""])
def test_a_grade_off_the_scales_is_one_line_and_changes_nothing(amur: Cli, grade: str) -> None:
    before = amur.dump()
    for args in (["cite", "amur-2009-group:2", *YONHAP, "--grade", grade],
                 ["show", "--min-grade", grade]):  # fmt: skip
        result = amur(*args)
        assert result.code == 2 and len(result.err.strip().splitlines()) == 1
        assert "reliability A-F" in result.err
    assert amur.dump() == before


def test_kinds_names_the_options_append_and_correct_take(sqlite_cli: Cli) -> None:
    listed = sqlite_cli.ok("kinds").out
    contacted = listed.split("agency_contacted:")[1].split("\n\n")[0]
    assert "--contacted:" in contacted and "--channel:" in contacted
    options = {o for kind in sqlite_cli.ok("kinds", "--json").json().values()
               for o in kind["options"].values()}  # fmt: skip
    for command in ("append", "correct"):
        helped = sqlite_cli(command, "--help", env={"COLUMNS": "200"}).out
        assert {o for o in options if f" {o} " not in helped} == set(), command


def test_correct_takes_the_options_of_the_events_kind(amur: Cli) -> None:
    amur.ok("correct", "amur-2009-group:2", "--contacted", "UNHCR Seoul office",
            "--channel", "email", "--reason", "a second source")  # fmt: skip
    (entry,) = amur.ok("show", "--json").json()
    assert entry["details"]["agency"] == "UNHCR Seoul office"
    assert entry["details"]["channels"] == ["email"]


def test_correct_still_takes_set_for_any_field(amur: Cli) -> None:
    amur.ok("correct", "amur-2009-group:2", "--set", "purpose=asylum", "--reason", "r")
    (entry,) = amur.ok("show", "--json").json()
    assert entry["details"]["purpose"] == "asylum"


def test_set_reads_each_value_as_its_field_does(amur: Cli) -> None:
    amur.ok("correct", "amur-2009-group:2", "--set", "place=1984", "--set", "actors=Kim",
            "--set", "people=3", "--reason", "r")  # fmt: skip
    amur.ok("dispute", "amur-2009-group:2", *YONHAP, "--set", "date=2009")
    (entry,) = amur.ok("show", "--json").json()
    assert (entry["place"], entry["actors"], entry["people"]) == ("1984", ["Kim"], 3)
    assert [d["values"] for d in entry["disputes"]] == [{"date": "2009"}]


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["--set", "people=3", "--set", "people=4"], 2, "'people' is given twice"),
        (["--set", "people=3", "--people", "4"], 2, "people is given by an option and by --set"),
        (["--set", "heigth=3"], 2, "no kind has a field 'heigth'"),
        (["--set", "peple=3"], 2, "did you mean 'people'"),
        (["--mission", "Consulate"], 1, "mission: no such field on agency_contacted"),
        (["--about"], 1, "about: no such field on agency_contacted"),
        ([], 2, "give at least one new value"),
    ],
)
def test_a_correction_naming_a_field_the_event_lacks_is_one_line_and_changes_nothing(
    amur: Cli, args: list[str], code: int, says: str
) -> None:
    before = amur.dump()
    result = amur("correct", "amur-2009-group:2", *args, "--reason", "r")
    assert (result.code, len(result.err.strip().splitlines())) == (code, 1), result.err
    assert says in result.err and amur.dump() == before


def _files(cli: Cli) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(cli.path.parent.glob(cli.path.name + "*"))}


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["cite", "amur-2009-group:9", *YONHAP], 1, "no dated event 'amur-2009-group:9'"),
        (["cite", "amur-2009-group:2", *YONHAP], 1, "'amur-2009-group:2' is already retracted"),
        (["dispute", "amur-2009-group:2", *YONHAP, "--set", "people=3"], 1, "already retracted"),
        (["dispute", "amur-2009-group:3", *YONHAP, "--set", "colour=red"], 2, "'colour'"),
        (["cite", "amur-2009-group:3", *YONHAP, "--grade", "A7"], 2, "credibility 1-6"),
        (["dispute", "amur-2009-group:3", *YONHAP, "--grade", "G1", "--set", "people=3"], 2,
         "reliability A-F"),
    ],
)  # fmt: skip
def test_a_refused_citation_or_dispute_leaves_the_store_file_byte_for_byte(
    sqlite_cli: Cli, args: list[str], code: int, says: str
) -> None:
    amur_case(sqlite_cli)
    sqlite_cli.ok("append", "amur-2009-group", "arrived", "--date", "2009-09", "--people", "12",
                  "--destination", "South Korea", *SOURCE, "--text", "t")  # fmt: skip
    sqlite_cli.ok("retract", "amur-2009-group:2", "--reason", "duplicate")
    sqlite_cli.ok("show")  # the views caught up, so that nothing is left to write
    before = _files(sqlite_cli)
    result = sqlite_cli(*args)
    assert (result.code, len(result.err.strip().splitlines())) == (code, 1), result.err
    assert says in result.err and _files(sqlite_cli) == before


def test_a_correction_sets_a_flag_either_way_and_leaves_it_alone_when_not_named(
    sqlite_cli: Cli,
) -> None:
    amur_case(sqlite_cli)
    sqlite_cli.ok("append", "amur-2009-group", "figure_reported", "--date", "2009-12",
                  "--people", "1700", "--population", "workers", "--region", "Amur", "--about",
                  *SOURCE, "--text", "About 1,700 workers")  # fmt: skip
    about = []
    for change in (["--no-about"], ["--people", "1800"], ["--about"]):
        sqlite_cli.ok("correct", "amur-2009-group:3", *change, "--reason", "r")
        (_, entry) = sqlite_cli.ok("show", "--json").json()
        about.append(entry["details"]["about"])
    assert about == [False, False, True]


MARKED_UP = "[bold]Kim[/bold] said :smile: [link=https://example.org]here[/link]"
"""Text that rich would draw as bold, an emoji and a link, were it read as markup."""
DRIVING = "Kim\x9b2J\x9d0;pwned\x9c left\x9b31m Amur"
"""Text that would clear a terminal, retitle its window and colour what follows, in the C1
controls a record may hold (the ASCII ones are refused: `test_control_characters`)."""
TABLES = [["show"], ["show", "--case", "said"], ["replay"], ["case", "show", "said"],
          ["case", "list"], ["summary"]]  # fmt: skip


def shown_for_people(cli: Cli, said: str, args: list[str]) -> str:
    """What `timeline ARGS` prints, 200 columns wide, of case `said` titled `said` and
    holding one event whose text is `said`."""
    cli.ok("init")
    cli.ok("case", "open", "said", "--title", said)
    cli.ok("append", "said", "observation", "--date", "2009", *SOURCE, "--text", said)
    shown = cli(*args, env={"COLUMNS": "200"})
    assert shown.code == 0, shown.err
    return shown.out


@pytest.mark.parametrize("args", TABLES[:-1])
def test_the_tables_show_what_was_recorded_as_written(sqlite_cli: Cli, args: list[str]) -> None:
    shown = shown_for_people(sqlite_cli, MARKED_UP, args)
    assert MARKED_UP in shown
    assert "😄" not in shown


@pytest.mark.parametrize("args", TABLES)
def test_control_characters_in_the_record_are_shown_not_obeyed(
    sqlite_cli: Cli, args: list[str]
) -> None:
    shown = shown_for_people(sqlite_cli, DRIVING, args)
    assert "\\x9b2J" in shown and "\\x9c" in shown
    assert not any(c in shown for c in "\x9b\x9c\x9d")
    (entry,) = sqlite_cli.ok("show", "--json").json()  # scripts get the text as recorded
    assert entry["text"] == DRIVING
