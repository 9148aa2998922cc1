"""Summaries kept by what they were told from (`service.summaries`): told once while the
entries they cover stay as they are, never served after one changed, nor to an account
that sees other entries than the one it was told for."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reads
import service.summaries
from domain.access import Policy, Role, new_token, token_hash
from domain.application import Timeline
from domain.errors import CaseNotFound
from events.instructions import read_instruction
from projections.known import NOW
from reports.summary_options import By, SummaryFormat
from service.responses import written
from service.summaries import Summaries
from storage.access import AccessStore, access_store
from storage.keyring import StoreKey, new_key
from tests.conftest import store_maker

SOURCES = [{"outlet": "Kyodo", "published": "2009-12-23"}]
CASES = ["amur", "tumen", "yalu"]
ACCOUNTS = {"rui": Role.reader, "eva": Role.editor, "ana": Role.admin}


def observed(case: str, text: str, date: str = "2009-12") -> dict[str, Any]:
    return {"kind": "observation", "case": case, "date": date, "text": text, "sources": SOURCES}


def opened(app: Timeline) -> dict[str, str]:
    """Three cases, an observation in each, and three accounts: their tokens."""
    app.carry_out([read_instruction({"kind": "case_opened", "case": c, "title": c.title()})
                   for c in CASES])  # fmt: skip
    app.carry_out([read_instruction(observed(c, f"Seen at the {c}")) for c in CASES])
    access = access_store(app)
    tokens = {name: new_token() for name in ACCOUNTS}
    for name, role in ACCOUNTS.items():
        access.add_user(name, role, token_hash(tokens[name]))
    return tokens


def kept(summaries: Summaries, app: Timeline, policy: Policy, cases: list[str],
         format: SummaryFormat = SummaryFormat.text) -> bytes:  # fmt: skip
    return summaries.summary(
        app, policy, cases, format=format, by=By.auto, start=None, end=None, kinds=[],
        include_retracted=False, known=NOW, width=100,
    )  # fmt: skip


def told_now(app: Timeline, policy: Policy, cases: list[str],
             format: SummaryFormat = SummaryFormat.text) -> bytes:  # fmt: skip
    return written(reads.summary(app, policy, cases, format=format, width=100))


def policy_of(access: AccessStore, token: str) -> Policy:
    policy = access.policy(token)
    assert policy is not None
    return policy


def test_a_summary_asked_again_of_the_same_entries_is_not_told_again(
    new_timeline: Callable[[], Timeline],
) -> None:
    app = new_timeline()
    tokens, summaries = opened(app), Summaries()
    policy = policy_of(access_store(app), tokens["rui"])
    first = kept(summaries, app, policy, ["amur"])
    app.carry_out([read_instruction(observed("tumen", "Seen again at the Tumen"))])
    again = kept(summaries, app, policy, ["amur"])
    stored = reads.timeline_json(app, policy, ["amur"]) is not None
    assert first == again == told_now(app, policy, ["amur"])
    assert summaries.told == (1 if stored else 2)  # in memory the views hold no JSON


def test_a_summary_is_told_again_once_an_entry_it_covers_changed(
    new_timeline: Callable[[], Timeline],
) -> None:
    app = new_timeline()
    tokens, summaries = opened(app), Summaries()
    policy = policy_of(access_store(app), tokens["rui"])
    before = kept(summaries, app, policy, ["amur"])
    app.carry_out([read_instruction(observed("amur", "Seen again at the Amur"))])
    after = kept(summaries, app, policy, ["amur"])
    assert before != after == told_now(app, policy, ["amur"])
    assert "Seen again at the Amur" in after.decode()


def test_a_summary_told_again_tells_only_the_entries_that_changed(
    new_timeline: Callable[[], Timeline], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = new_timeline()
    tokens, summaries = opened(app), Summaries()
    policy = policy_of(access_store(app), tokens["rui"])
    app.carry_out([read_instruction(observed("amur", f"Seen at the Amur, {n}")) for n in range(5)])
    kept(summaries, app, policy, ["amur"])
    told: list[str] = []
    entry_told = service.summaries.entry_told

    def telling(entry: Any) -> Any:
        told.append(entry.text)
        return entry_told(entry)

    monkeypatch.setattr(service.summaries, "entry_told", telling)
    app.carry_out([read_instruction(observed("amur", "Seen again at the Amur"))])
    again = kept(summaries, app, policy, ["amur"])
    stored = reads.timeline_json(app, policy, ["amur"]) is not None
    assert told == (["Seen again at the Amur"] if stored else [])  # in memory: told whole
    assert again == told_now(app, policy, ["amur"])


def test_a_summary_told_for_an_account_is_not_given_to_one_that_sees_less(
    new_timeline: Callable[[], Timeline],
) -> None:
    app = new_timeline()
    tokens, summaries = opened(app), Summaries()
    access = access_store(app)
    access.restrict("tumen")
    admin, reader = policy_of(access, tokens["ana"]), policy_of(access, tokens["rui"])
    everything = kept(summaries, app, admin, [])
    seen = kept(summaries, app, reader, [])
    assert "the tumen" in everything.decode() and "the tumen" not in seen.decode()
    assert seen == told_now(app, reader, [])


CHANGES = st.one_of(
    st.tuples(st.just("nothing"), st.none()),
    st.tuples(
        st.sampled_from(["append", "restrict", "unrestrict", "grant", "ungrant"]),
        st.sampled_from(CASES),
    ),
    st.tuples(st.sampled_from(["correct", "retract"]), st.integers(0, 50)),
)
ASKS = st.lists(
    st.tuples(
        st.sampled_from(["rui", "ana"]),
        st.sampled_from([[], ["amur"], ["tumen"]]),
        st.sampled_from([SummaryFormat.text, SummaryFormat.json]),
    ),
    min_size=1,
    max_size=3,
)
"""A few of twelve questions: asked again often, so that kept summaries are met."""


def change(app: Timeline, access: AccessStore, n: int, what: str, about: Any) -> None:
    """One write, or one change of who sees what."""
    live = [e.id for e in reads.timeline(app, None)]
    if what == "append":
        app.carry_out([read_instruction(observed(about, f"Seen {n}", f"2009-{n % 12 + 1:02d}"))])
    elif what in ("correct", "retract") and live:
        event = live[about % len(live)]
        line = ({"kind": "correction", "event": event, "reason": "r",
                 "changes": {"text": f"Corrected {n}"}} if what == "correct" else
                {"kind": "retraction", "event": event, "reason": "r"})  # fmt: skip
        app.carry_out([read_instruction(line)])
    elif what == "restrict":
        access.restrict(about)
    elif what == "unrestrict":
        access.unrestrict(about)
    elif what == "grant":
        access.grant(about, "rui")
    elif what == "ungrant":
        access.ungrant(about, "rui")


def test_a_kept_summary_is_the_summary_told_now_whatever_changed_before_it(
    new_timeline: Callable[[], Timeline],
) -> None:
    """Every summary the service gives is the one `reads.summary` tells at that moment, for
    the account's policy as the store says then: after appends, corrections, retractions,
    restrictions and grants; and the kept ones are given again (some asks find one)."""
    reached = {"asked": 0, "hidden": 0, "found kept": 0}
    stored = [False]

    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
    @given(happening=st.lists(st.tuples(CHANGES, ASKS), min_size=1, max_size=12))
    def check(happening: list[tuple[tuple[str, Any], list[tuple[str, list[str], Any]]]]) -> None:
        app = new_timeline()
        tokens, summaries, access = opened(app), Summaries(), access_store(app)
        access.restrict("tumen")
        for n, ((what, about), asks) in enumerate(happening):
            change(app, access, n, what, about)
            for name, cases, format in asks:
                policy = policy_of(access, tokens[name])
                if cases and not policy.sees(cases[0]):
                    with pytest.raises(CaseNotFound):
                        kept(summaries, app, policy, cases, format)
                    reached["hidden"] += 1
                    continue
                told = summaries.told
                assert kept(summaries, app, policy, cases, format) == told_now(
                    app, policy, cases, format
                )
                reached["asked"] += 1
                reached["found kept"] += summaries.told == told
        stored[0] = reads.timeline_json(app, None) is not None

    check()
    assert reached["asked"] >= 60, reached
    assert reached["hidden"] >= 5, reached
    if stored[0]:  # in memory the views hold no JSON, and nothing is kept
        assert reached["found kept"] >= 10, reached


def test_a_summary_of_more_entries_than_are_kept_is_told_whole_each_time(
    new_timeline: Callable[[], Timeline], monkeypatch: pytest.MonkeyPatch
) -> None:
    import service.summaries

    monkeypatch.setattr(service.summaries, "MOST", 2)
    app = new_timeline()
    tokens, summaries = opened(app), Summaries()
    policy = policy_of(access_store(app), tokens["ana"])
    for kinds in ([], ["observation"]):
        first = summaries.summary(
            app, policy, [], format=SummaryFormat.text, by=By.auto, start=None, end=None,
            kinds=kinds, include_retracted=False, known=NOW, width=100,
        )  # fmt: skip
        told = reads.summary(app, policy, [], format=SummaryFormat.text, kinds=kinds, width=100)
        assert first == written(told)
        assert all(f"the {case}" in first.decode() for case in CASES)
    kept(summaries, app, policy, [])
    assert summaries.told == 3


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_an_erasure_lets_go_of_every_summary_and_entry_kept(backend: str, tmp_path: Path) -> None:
    key = lambda: StoreKey("test.key", new_key())  # noqa: E731
    with store_maker(backend, tmp_path, key) as make:
        app = make()
        tokens, summaries = opened(app), Summaries()
        policy = policy_of(access_store(app), tokens["ana"])
        app.carry_out([read_instruction(observed("yalu", "Seen by Quixbel at the Yalu"))])
        kept(summaries, app, policy, ["yalu"])
        kept(summaries, app, policy, ["amur"])
        assert summaries.cases_held() == {"yalu", "amur"}

        app.erase("yalu", "asked to be forgotten")
        after = kept(summaries, app, policy, ["amur"])

        assert summaries.cases_held() == {"amur"}
        assert after == told_now(app, policy, ["amur"])
        assert b"Quixbel" not in kept(summaries, app, policy, ["amur", "tumen"])
