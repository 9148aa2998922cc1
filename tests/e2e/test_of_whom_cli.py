"""Of whom, applications and status by date, as a user records them with `timeline`: a
part within a group, a request with what was asked for and no authority, no protection
reported, a later outcome; and the options that say so in `kinds` and `append --help`."""

from __future__ import annotations

import orjson

from tests.e2e.conftest import SOURCE, Cli

IN_PROCESS = True

CASE = "amur-2009-group"


def test_six_of_the_twelve_detained_are_counted_once_and_told_as_six_of_them(amur: Cli) -> None:
    amur.ok("append", CASE, "detained", "--date", "2010", "--people", "6", "--within",
            "main group", *SOURCE, "--text", "Six of them were detained")  # fmt: skip
    view = amur.ok("case", "show", CASE, "--json").json()
    assert view["people"] == 12
    assert view["groups"][1] == {"name": None, "people": 6, "events": 1, "status": "detained",
                                 "said": "", "within": "main group"}  # fmt: skip
    assert "part of the main group: 6 (detained)" in " ".join(
        amur.ok("case", "show", CASE).out.split()
    )
    assert "six of the main group were detained" in amur.ok("summary").out


def test_a_part_is_read_from_an_import_line_as_within(amur: Cli) -> None:
    line = {"kind": "returned", "case": CASE, "date": "2011", "people": 2, "group": "the two",
            "within": "main group", "country": "North Korea", "text": "t",
            "sources": [{"outlet": "Kyodo", "published": "2011"}]}  # fmt: skip
    amur.ok("import", "-", stdin=orjson.dumps(line).decode() + "\n")
    view = amur.ok("case", "show", CASE, "--json").json()
    assert view["people"] == 12 and view["groups"][1]["within"] == "main group"


def test_a_request_with_no_authority_and_no_outcome_is_counted_as_such(amur: Cli) -> None:
    amur.ok("append", CASE, "asylum_requested", "--date", "2018", "--people", "12",
            "--applied-for", "refugee_status", "--country", "Mongolia", *SOURCE,
            "--text", "They applied for refugee status")  # fmt: skip
    out = amur.ok("summary").out
    assert "12 people applied for refugee status in Mongolia." in out
    assert "from" not in out.split("applied for refugee status")[1].split(".")[0]
    assert "none of whom is reported to have received it (12 with no outcome reported)" in " ".join(
        out.split()
    )


def test_no_protection_is_recorded_and_read_as_an_outcome_not_a_refusal(amur: Cli) -> None:
    amur.ok("append", CASE, "no_protection", "--date", "2019", "--people", "3", "--by",
            "Mongolian authorities", "--country", "Mongolia", *SOURCE, "--text", "t")  # fmt: skip
    view = amur.ok("case", "show", CASE, "--json").json()
    assert view["status"] == "no protection"
    assert "refused" not in amur.ok("summary").out


def test_a_later_outcome_is_the_status_and_the_earlier_further_one_is_said(amur: Cli) -> None:
    amur.ok("append", CASE, "returned", "--date", "2010", "--people", "12", "--country",
            "North Korea", *SOURCE, "--text", "Sent back")  # fmt: skip
    amur.ok("append", CASE, "asylum_granted", "--date", "2016", "--people", "12", "--country",
            "South Korea", *SOURCE, "--text", "Granted")  # fmt: skip
    view = amur.ok("case", "show", CASE, "--json").json()
    assert view["status"] == "granted"
    assert view["groups"][0]["said"] == "returned (2010), then granted (2016)"


def test_people_0_is_refused_in_one_line_and_the_store_is_unchanged(amur: Cli) -> None:
    before = amur.dump()
    result = amur("append", CASE, "observation", "--date", "2010", "--people", "0", *SOURCE,
                  "--text", "t")  # fmt: skip
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert "people: 0 is no one" in result.err and amur.dump() == before
    result = amur("correct", f"{CASE}:2", "--people", "0", "--reason", "r")
    assert result.code != 0 and "people: 0 is no one" in result.err and amur.dump() == before


def test_kinds_and_append_help_name_the_new_options_and_every_channel(cli: Cli) -> None:
    kinds = cli.ok("kinds", "--json").json()
    assert kinds["asylum_requested"]["options"]["applied_for"] == "--applied-for"
    assert "required" not in kinds["asylum_requested"]["fields"]["requested_from"]
    assert kinds["no_protection"]["options"] == {
        "applied_for": "--applied-for", "by": "--by", "country": "--country"}  # fmt: skip
    assert (
        "in_person, letter, phone, email, other" in kinds["agency_contacted"]["fields"]["channels"]
    )
    assert "--within" in cli.ok("kinds").out
    helped = " ".join(cli.ok("append", "--help").out.replace("│", " ").split())
    for option in ("--within", "--by", "--applied-for", "email, other"):
        assert option in helped, option
