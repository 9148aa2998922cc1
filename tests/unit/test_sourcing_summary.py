"""How the summary tells citations and disputes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from events.facts import FACT
from events.ids import EventId
from events.sources import Source
from projections.record import Corroboration, Dispute, TimelineEntry, make_entry
from reports import telling
from reports.summary import _order, summarise

NOW = datetime(2026, 11, 28, tzinfo=UTC)
YONHAP = (Source(outlet="Yonhap", published="2010-01-05"),)


def arrived() -> TimelineEntry:
    fact = FACT.validate_python({"kind": "arrived", "date": "2008", "people": 12, "text": "t",
        "destination": "South Korea", "sources": [{"outlet": "Kyodo", "published": "2009"}]})  # fmt: skip
    return make_entry(EventId("c", 2), fact, 2, NOW)


def disputed(values: dict[str, object], settled_by: str | None = None) -> TimelineEntry:
    dispute = Dispute(id="c:3", position=3, recorded=NOW, values=values, sources=YONHAP,  # type: ignore[arg-type]
                      settled_by=settled_by)  # fmt: skip
    return arrived().model_copy(update={"disputes": (dispute,), "disputed": settled_by is None})


def test_a_disputed_date_is_told_with_both_values_and_their_sources() -> None:
    (sentence,) = summarise([disputed({"date": "2009"})]).periods[0].sentences
    assert sentence.notes == ("according to Kyodo; Yonhap gives 2009",)
    assert sentence.cites == (1, 2)


def test_a_settled_dispute_is_no_longer_told() -> None:
    (sentence,) = summarise([disputed({"date": "2009"}, settled_by="c:4")]).periods[0].sentences
    assert sentence.notes == ()


def test_totals_count_the_recorded_value_and_say_the_count_is_disputed() -> None:
    summary = summarise([disputed({"people": 14})])
    assert summary.totals.reached == {"South Korea": 12}
    assert summary.totals.disputed == ("c:2",)


def test_when_a_citation_was_recorded_does_not_change_the_summary() -> None:
    def cited(position: int, at: datetime) -> TimelineEntry:
        citation = Corroboration(id="c:3", position=position, recorded=at, sources=YONHAP)
        return arrived().model_copy(update={"citations": (citation,)})

    later = cited(9, NOW + timedelta(days=1))
    assert _order(cited(3, NOW)) == _order(later)  # where it is told among its date's events
    assert "[1][2]" in telling.text(summarise([later]), 80)
