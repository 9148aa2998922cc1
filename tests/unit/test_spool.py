"""The summary's spool of an encrypted store holds no text in clear, and tells the same
summary as an unsealed one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.facts import FACT
from events.ids import EventId
from projections import spool
from projections.record import TimelineEntry, make_entry
from reports.summary import SummaryStream, summarise
from storage.keyring import cipher_of, new_key
from tests.strategies import fact_fields

NOW = datetime(2026, 11, 28, tzinfo=UTC)
PLANTED = "Zoltarnikova Quixbel at Vrellograd-Ost"
KYODO = [{"outlet": "Kyodo", "published": "2009-12-23", "reference": None}]


@pytest.fixture
def sealed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(spool, "_cipher", cipher_of(new_key()))
    yield


def planted(version: int) -> TimelineEntry:
    fact = {"kind": "observation", "date": "2009", "text": f"{PLANTED} {version}",
            "place": "Vrellograd-Ost", "sources": KYODO}  # fmt: skip
    return make_entry(EventId("c", version), FACT.validate_python(fact), version, NOW)


def figure(version: int) -> TimelineEntry:
    fact = {"kind": "figure_reported", "date": "2009", "people": 1700, "text": "A count",
            "population": "Quixbel workers", "region": "Vrellograd-Ost",
            "reported_by": "Zoltarnikova", "sources": KYODO}  # fmt: skip
    return make_entry(EventId("c", version), FACT.validate_python(fact), version, NOW)


def spooled_text(stream: SummaryStream) -> str:
    rows = stream._db.execute("SELECT * FROM told").fetchall()
    rows += stream._db.execute("SELECT * FROM figures").fetchall()
    return repr(rows) + "".join(bytes(v).decode("latin-1") for r in rows for v in r
                                if isinstance(v, bytes))  # fmt: skip


def test_an_unsealed_spool_holds_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spool, "_cipher", None)
    assert "Quixbel" in spooled_text(SummaryStream([planted(2), planted(3)]))


def test_an_unsealed_spool_holds_the_figures_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spool, "_cipher", None)
    stream = SummaryStream([figure(2)])
    stream._db.execute("DELETE FROM told")  # the figure's sentence
    assert "Quixbel workers" in spooled_text(stream)


def test_a_sealed_spool_holds_no_text(sealed: None) -> None:
    stream = SummaryStream([planted(2), planted(3), figure(4)])
    assert "Quixbel" not in spooled_text(stream) and "Vrellograd" not in spooled_text(stream)
    assert any(PLANTED in s.text for p in stream.periods() for s in p.sentences())
    assert [f.population for f in stream.figures()] == ["Quixbel workers"]


@st.composite
def entry_lists(draw: st.DrawFn) -> list[TimelineEntry]:
    facts = draw(st.lists(fact_fields(), min_size=1, max_size=12))
    same_day = draw(st.booleans())  # many ties: what the sealed tie-breaker must order
    found = []
    for position, fields in enumerate(facts, 2):
        if same_day:
            fields["date"] = "2009"
        found.append(
            make_entry(EventId("c", position), FACT.validate_python(fields), position, NOW)
        )
    return found


@settings(max_examples=60, deadline=None)
@given(entries=entry_lists(), by=st.sampled_from(["year", "month"]))
def test_a_sealed_spool_tells_the_same_summary(entries: list[TimelineEntry], by: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spool, "_cipher", None)
        plain = summarise(entries, by=by)
        patch.setattr(spool, "_cipher", cipher_of(new_key()))
        assert summarise(entries, by=by) == plain
