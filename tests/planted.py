"""A store as a timeline that took any text left it: control characters in every sort of
text, stored without a check (`plant`)."""

from __future__ import annotations

from domain.case import Case
from events.facts import FACT_KINDS
from events.sources import Source
from storage.opening import open_timeline

TITLE = "Bad\x00title"


def plant(location: str) -> None:
    """Record, as a timeline that took any text did, a case whose texts of every sort hold
    control characters: its title, a fact's text, place, actors and source, a correction,
    a dispute, a citation and the closing reason. Nothing here is validated."""
    app = open_timeline(location)
    kyodo = Source.model_construct(outlet="Kyodo\x00", published="2009-12-23", quote="said\x07")
    fact = FACT_KINDS["observation"].model_construct(
        date="2009", text="Held\x00 at the border\x1b[2J", place="Khasan\x0b",
        actors=("A\x7f",), sources=(kyodo,),
    )  # fmt: skip
    case = Case(slug="planted", title=TITLE)
    case.trigger_event(Case.FactRecorded, fact=fact)
    case.trigger_event(Case.FactCorrected, target=2, changes={"place": "Tumen\x00"},
                       reason="typo\x01", sources=())  # fmt: skip
    case.trigger_event(Case.ValueDisputed, target=2, values={"text": "Other\x1b"},
                       sources=(kyodo,), note="n\x00")  # fmt: skip
    case.trigger_event(Case.SourceCited, target=2, sources=(kyodo,), note="c\x00")
    case.trigger_event(Case.Closed, reason="done\x00")
    app.save(case)
    app.close()
