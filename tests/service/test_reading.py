"""Reads over HTTP: the CLI's JSON shapes, and a restricted case seen only by its grantees
and admins."""

from __future__ import annotations

import pytest

from projections.cases import case_view_of
from projections.timeline import timeline
from tests.service.conftest import RESTRICTED, Served

READS = [
    "/cases", "/timeline", "/timeline?include_retracted=true", "/summary?format=json",
    "/summary?format=text", "/summary?format=markdown", "/replay?limit=10000",
    "/export?format=html", "/export?format=timelinejs", "/export?format=csv",
    "/export?format=markdown", "/export?format=jsonl", "/timeline?until=40",
]  # fmt: skip


@pytest.mark.parametrize("path", READS)
def test_an_account_without_the_grant_reads_nothing_of_a_restricted_case(
    served: Served, path: str
) -> None:
    with served.client("rui") as client:
        response = client.get(path)
    assert response.status_code == 200
    assert RESTRICTED not in response.text
    assert "Twelve workers" not in response.text


@pytest.mark.parametrize("who", ["eva", "ana"])
@pytest.mark.parametrize("path", ["/cases", "/timeline", "/export?format=jsonl", "/replay"])
def test_the_grantee_and_admins_read_a_restricted_case(served: Served, who: str, path: str) -> None:
    with served.client(who) as client:
        assert RESTRICTED in client.get(path).text


def test_the_timeline_is_the_one_the_cli_prints(served: Served) -> None:
    with served.client("ana") as client:
        body = client.get("/timeline", params={"case": "unhcr-pending-2009"}).json()
    expected = timeline(served.timeline, case="unhcr-pending-2009")
    assert body == [e.model_dump(mode="json") for e in expected]


def test_a_case_is_the_view_the_cli_prints(served: Served) -> None:
    with served.client("eva") as client:
        body = client.get(f"/cases/{RESTRICTED}").json()
    assert body == case_view_of(served.timeline, RESTRICTED).model_dump(mode="json")


def test_the_record_as_it_was_after_a_position(served: Served) -> None:
    with served.client("ana") as client:
        cases = client.get("/cases", params={"until": 1}).json()
    assert [c["slug"] for c in cases] == ["vladivostok-2004-consulates"]


def test_replay_pages_after_a_position(served: Served) -> None:
    with served.client("ana") as client:
        page = client.get("/replay", params={"after": 3, "limit": 2}).json()
    assert [e["position"] for e in page] == [4, 5]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/timeline?as_of=yesterday", 400),
        ("/timeline?from=2009-13", 400),
        ("/replay?limit=0", 422),
        ("/export?format=pdf", 422),
        ("/cases/no-such-case", 404),
        ("/no-such-route", 404),
    ],
)
def test_bad_reads_are_problems(served: Served, path: str, status: int) -> None:
    with served.client("rui") as client:
        response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert set(response.json()) == {"type", "title", "status", "detail"}


def test_the_timeline_of_one_kind_holds_every_event_of_that_kind_and_no_other(
    served: Served,
) -> None:
    with served.client("ana") as client:
        every = client.get("/timeline").json()
        fled = client.get("/timeline", params={"kind": "fled_to_mission"}).json()
        both = client.get("/timeline", params=[("kind", "fled_to_mission"), ("kind", "arrived")])
        unknown = client.get("/timeline", params={"kind": "landed"})
    assert fled == [e for e in every if e["kind"] == "fled_to_mission"] and fled
    assert both.json() == [e for e in every if e["kind"] in ("fled_to_mission", "arrived")]
    assert unknown.status_code == 400
    assert "no kind 'landed'" in unknown.json()["detail"]


def test_an_event_reads_with_its_entry_and_its_history(served: Served) -> None:
    with served.client("ana") as client:
        entry = client.get("/timeline", params={"case": "unhcr-pending-2009"}).json()[0]
        found = client.get(f"/events/{entry['id']}")
        opened = client.get("/events/unhcr-pending-2009:1")
        missing = client.get("/events/unhcr-pending-2009:999")
    assert found.status_code == 200
    assert found.json()["entry"] == entry
    assert found.json()["history"][0]["id"] == entry["id"]
    assert (opened.status_code, missing.status_code) == (404, 404)


@pytest.mark.parametrize("path", ["/timeline", "/summary", "/export?format=csv"])
def test_a_period_that_ends_before_it_starts_is_a_bad_request(served: Served, path: str) -> None:
    joined = "&" if "?" in path else "?"
    with served.client("ana") as client:
        response = client.get(f"{path}{joined}from=2010&to=2004")
    assert response.status_code == 400
    assert "from 2010 is after to 2004" in response.json()["detail"]


def test_a_served_summary_of_part_of_the_record_says_which_part_its_totals_count(
    served: Served,
) -> None:
    with served.client("ana") as client:
        told = client.get("/summary?format=text&from=2004&to=2004&kind=fled_to_mission").text
    assert "the fled to mission events that may have happened in 2004" in told.splitlines()[0]
    assert "whole record" not in told


def test_an_export_for_an_account_that_sees_part_of_the_record_is_headed_as_its_summary(
    served: Served,
) -> None:
    with served.client("olga") as client:  # not granted the restricted case
        exported = client.get("/export?format=markdown").text
        told = client.get("/summary?format=markdown").text
    assert exported.splitlines()[0] == told.splitlines()[0]
    assert "chosen" not in exported.splitlines()[0]
