"""A case restricted from its first event, on every backend, plain and encrypted: its
restriction and grants are stored in the transaction that stores its opening, or nothing
is stored."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.access import AccountNotFound, Role
from domain.application import Timeline
from domain.errors import Refused
from domain.importing import import_stream
from domain.keys import StoreKey, new_key
from events.instructions import OpenCase
from storage.access import AccessStore, access_store
from tests.conftest import BACKENDS, store_maker

STORES = [(backend, encrypted) for backend in BACKENDS for encrypted in (False, True)]


@pytest.fixture(params=STORES, ids=[f"{b}{'-encrypted' if e else ''}" for b, e in STORES])
def new_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[], Timeline]]:
    """Fresh stores with the accounts `eva` and `olga`, on this test's backend, plain or
    encrypted."""
    backend, encrypted = request.param
    key = (lambda: StoreKey("test.key", new_key())) if encrypted else None
    with store_maker(backend, tmp_path_factory.mktemp("stores"), key) as make:

        def made() -> Timeline:
            app = make()
            for name in ("eva", "olga"):
                access_store(app).add_user(name, Role.editor, name * 32)
            return app

        yield made


@pytest.fixture
def store(new_store: Callable[[], Timeline]) -> Timeline:
    return new_store()


def test_a_case_opened_restricted_is_stored_restricted_and_granted(store: Timeline) -> None:
    store.carry_out([OpenCase(case="hidden", title="T", restricted=True, grants=("eva",)),
                     OpenCase(case="seen", title="T")])  # fmt: skip
    access = access_store(store)
    assert access.restricted() == {"hidden"}
    assert (access.granted("eva"), access.granted("olga")) == ({"hidden"}, set())


@pytest.mark.parametrize("fails", ["before its rows are written", "after its rows are written"])
def test_an_opening_whose_restriction_cannot_be_stored_opens_nothing(
    store: Timeline, fails: str
) -> None:
    written = AccessStore.write_in

    def failing(self: AccessStore, cursor: Any, cases: Any) -> None:
        if fails == "after its rows are written":
            written(self, cursor, cases)
        raise OSError("the disk is full")

    with patch.object(AccessStore, "write_in", failing), pytest.raises(OSError):
        store.carry_out([OpenCase(case="hidden", title="T", restricted=True, grants=("eva",))])
    assert not store.has_case("hidden")
    assert (store.recorder.max_notification_id() or 0) == 0
    assert access_store(store).restricted() == set()
    assert access_store(store).granted("eva") == set()


def test_a_store_that_restricts_new_cases_restricts_each_opened_without_saying(
    store: Timeline,
) -> None:
    access_store(store).restrict_new_cases(True)
    store.carry_out([OpenCase(case="unsaid", title="T"),
                     OpenCase(case="said-open", title="T", restricted=False)])  # fmt: skip
    import_stream(store, [(1, OpenCase(case="imported", title="T"))]).close()
    assert access_store(store).restricted() == {"unsaid", "imported"}


def test_an_import_restricts_its_cases_in_its_one_transaction(store: Timeline) -> None:
    lines = [(1, OpenCase(case="first", title="T", restricted=True)),
             (2, OpenCase(case="second", title="T", grants=("olga",)))]  # fmt: skip
    import_stream(store, lines, page=1).close()
    assert access_store(store).restricted() == {"first", "second"}
    with pytest.raises(Refused):
        import_stream(store, [(1, OpenCase(case="third", title="T", restricted=True)),
                              (2, OpenCase(case="first", title="T"))], page=1)  # fmt: skip
    assert access_store(store).restricted() == {"first", "second"}
    assert not store.has_case("third")


def test_a_grant_to_no_account_is_refused_before_anything_is_recorded(store: Timeline) -> None:
    with pytest.raises(Refused) as refused:
        store.carry_out([OpenCase(case="fine", title="T"),
                         OpenCase(case="hidden", title="T", grants=("eva", "nobody"))])  # fmt: skip
    assert (refused.value.index, type(refused.value.cause)) == (1, AccountNotFound)
    assert "no account 'nobody'" in str(refused.value)
    assert (store.recorder.max_notification_id() or 0) == 0
    assert access_store(store).restricted() == set()


asked_access = st.tuples(
    st.sampled_from([None, True, False]), st.lists(st.sampled_from(["eva", "olga"]))
).map(lambda asked: (asked[0], () if asked[0] is False else tuple(asked[1])))
"""An opening's `restricted` and `grants`: never grants to a case opened open."""
openings = st.lists(asked_access, min_size=1, max_size=6)


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(asked=openings, by_default=st.booleans(), imported=st.booleans())
def test_the_stored_restrictions_are_those_the_rule_gives(
    new_store: Callable[[], Timeline],
    asked: list[tuple[bool | None, tuple[str, ...]]],
    by_default: bool,
    imported: bool,
) -> None:
    from domain.access import access_on_opening

    app = new_store()
    access_store(app).restrict_new_cases(by_default)
    opening = [OpenCase(case=f"case-{n}", title="T", restricted=restricted, grants=grants)
               for n, (restricted, grants) in enumerate(asked)]  # fmt: skip
    if imported:
        import_stream(app, list(enumerate(opening, 1)), page=2).close()
    else:
        app.carry_out(opening)
    ruled = {o.case: access_on_opening(o.restricted, o.grants, restricted_by_default=by_default,
                                       opener=None) for o in opening}  # fmt: skip
    access = access_store(app)
    assert access.restricted() == {slug for slug, a in ruled.items() if a.restricted}
    for name in ("eva", "olga"):
        assert access.granted(name) == {slug for slug, a in ruled.items() if name in a.granted}
