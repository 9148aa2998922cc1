"""What happens to people beyond asylum, groups, citations and disputes, as a user records
them with the `timeline` command."""

from __future__ import annotations

from tests.e2e.conftest import SOURCE, Cli


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


def test_case_show_lists_the_groups_and_counts_the_people_of_each(amur: Cli) -> None:
    amur.ok("append", "amur-2009-group", "application_pending", "--date", "2009-12",
            "--people", "4", "--group", "four others", "--handled-by", "UNHCR", *SOURCE,
            "--text", "Four others waited")  # fmt: skip
    view = amur.ok("case", "show", "amur-2009-group", "--json").json()
    assert view["people"] == 16
    assert view["groups"] == [{"name": None, "people": 12, "events": 1},
                              {"name": "four others", "people": 4, "events": 1}]  # fmt: skip
    assert "main group: 12; four others: 4" in amur.ok("case", "show", "amur-2009-group").out
