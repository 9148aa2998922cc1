"""A write asked under an idempotency key is carried out once (`domain.once`), on every
backend: a retry is answered as the first time, the key is kept in the events'
transaction, and it lives `KEY_LIFE`."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest

from domain.application import Timeline
from domain.case import Case
from domain.errors import CaseErased, KeyReused, Refused
from domain.once import KEY_LIFE, Once, now
from events.facts import FACT
from events.instructions import Instruction, OpenCase, RecordFact
from storage.keyring import StoreKey, new_key
from tests.conftest import BACKENDS, store_maker

SEEN = {"kind": "observation", "date": "2009", "text": "Seen in Amur",
        "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}  # fmt: skip


def once(key: str, asked: bytes = b"the body", account: str = "eva") -> Once:
    return Once(account, key, hashlib.sha256(asked).digest())


def seen(case: str = "amur", text: str = "Seen in Amur") -> list[Instruction]:
    return [RecordFact(case=case, fact=FACT.validate_python({**SEEN, "text": text}))]


def events(app: Timeline) -> int:
    return app.recorder.max_notification_id() or 0


@pytest.fixture
def amur(timeline: Timeline) -> Timeline:
    timeline.carry_out([OpenCase(case="amur", title="t")])
    return timeline


def test_a_retry_under_its_key_gets_the_first_receipts_and_records_nothing(amur: Timeline) -> None:
    first = amur.carry_out(seen(), by="eva", once=once("k1"))
    again = amur.carry_out(seen(), by="eva", once=once("k1"))
    assert [(r.id, r.at.position, r.at.event.fact.text) for r in again] == [
        (r.id, r.at.position, r.at.event.fact.text) for r in first
    ]
    assert events(amur) == 2


def test_a_batch_retried_under_its_key_is_answered_event_by_event(amur: Timeline) -> None:
    batch = [OpenCase(case="tumen", title="t"), *seen("tumen"), *seen("amur", "Seen again")]
    first = amur.carry_out(batch, once=once("k1"))
    again = amur.carry_out(batch, once=once("k1"))
    assert [(str(r.id), r.at.position) for r in again] == [
        ("tumen:1", 2), ("tumen:2", 3), ("amur:2", 4)
    ] == [(str(r.id), r.at.position) for r in first]  # fmt: skip


def test_a_key_given_with_another_request_is_refused_and_records_nothing(amur: Timeline) -> None:
    amur.carry_out(seen(), once=once("k1", b"the body"))
    with pytest.raises(KeyReused):
        amur.carry_out(seen(text="Other"), once=once("k1", b"another body"))
    assert events(amur) == 2


def test_another_accounts_same_key_is_another_request(amur: Timeline) -> None:
    eva = amur.carry_out(seen(), once=once("k1", account="eva"))
    olga = amur.carry_out(seen(), once=once("k1", account="olga"))
    again = amur.carry_out(seen(), once=once("k1", account="eva"))
    assert [str(r.id) for r in (*eva, *olga, *again)] == ["amur:2", "amur:3", "amur:2"]


def test_a_write_whose_key_cannot_be_kept_stores_nothing(
    amur: Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key is written in the transaction of the events: here another writer keeps the
    same key between this write's look-up and its save, and the events go with the key."""
    log = amur.once_log
    assert log is not None
    find = log.find
    planted: list[bool] = []

    def find_then_plant(account: str, key: str, since: int) -> Any:
        found = find(account, key, since)
        if not planted:  # another writer stores another case under the same key
            planted.append(True)
            other = Case(slug="other", title="t").collect_events()
            amur.recorder.insert_events(
                [amur.mapper.to_stored_event(e) for e in other],
                once=replace(once("k1", b"other"), at=now()),
            )
        return found

    monkeypatch.setattr(log, "find", find_then_plant)
    with pytest.raises(KeyReused):
        amur.carry_out(seen(), once=once("k1"))
    assert events(amur) == 2  # the opening of amur, and the other writer's opening


def test_a_retry_after_a_keys_life_is_a_new_request(
    amur: Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    import domain.once

    clock = [10**9]
    monkeypatch.setattr(domain.once, "now", lambda: clock[0])
    amur.carry_out(seen(), once=once("k1"))
    clock[0] += KEY_LIFE - 1
    amur.carry_out(seen(), once=once("k1"))
    clock[0] += 2
    amur.carry_out(seen(), once=once("k1"))
    assert events(amur) == 3


@pytest.fixture(params=BACKENDS)
def encrypted(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Timeline]:
    key: Callable[[], StoreKey] = lambda: StoreKey("test.key", new_key())  # noqa: E731
    with store_maker(request.param, tmp_path_factory.mktemp("stores"), key) as make:
        app = make()
        app.carry_out([OpenCase(case="amur", title="t")])
        yield app


def test_an_erasure_forgets_the_keys_of_its_cases_writes(encrypted: Timeline) -> None:
    """Each key keeps a digest of what was asked: none outlives an erased case's key. A
    retry is then a new request, which the record refuses."""
    encrypted.carry_out(seen(), once=once("k1"))
    encrypted.erase("amur", "asked to be forgotten")
    with pytest.raises(Refused) as refused:
        encrypted.carry_out(seen(), once=once("k1"))
    assert isinstance(refused.value.cause, CaseErased)
