"""Drafts against a person's transcription of the same article: how many agree, and how.

A draft matches a transcribed event when it rests on the same sentence (one quote holds
the other), has the same kind and the same people, and its date agrees: the two dates
overlap and the draft's is no more precise (an open `../2009-12-23` agrees with
`2009-12` and with `../2009-12`: an open end is unbounded; `2009-09-23` never agrees with
`2009-09`). Each event is matched once, exact
dates first. Beside precision and recall: how many matched dates are exactly the
transcription's, and how many drafts give a date more precise than the transcription
gives for the same sentence and kind, the one figure that must be 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from events.edtf import parse_edtf
from events.facts import FACT_KINDS

Line = dict[str, Any]
_FAR = 10**7


@dataclass
class Comparison:
    """The figures of one comparison, and each transcribed event not matched, with why."""

    drafts: int
    events: int
    matched: int
    exact_dates: int
    over_precise: int
    misses: list[tuple[Line, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.drafts if self.drafts else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.events if self.events else 0.0


def compare(drafts: list[Line], events: list[Line]) -> Comparison:
    """How `drafts` agree with the transcribed `events` (both import lines)."""
    drafted = [d for d in drafts if d.get("kind") in FACT_KINDS]
    gold = [e for e in events if e.get("kind") in FACT_KINDS]
    taken: set[int] = set()
    matched: dict[int, int] = {}
    for exact_only in (True, False):
        for g, event in enumerate(gold):
            if g in matched:
                continue
            for d, line in enumerate(drafted):
                if d in taken or not _same_fact(line, event):
                    continue
                if (
                    (line["date"] == event["date"])
                    if exact_only
                    else agrees(line["date"], event["date"])
                ):
                    matched[g] = d
                    taken.add(d)
                    break
    exact = sum(drafted[d]["date"] == gold[g]["date"] for g, d in matched.items())
    over = sum(_over_precise(line, gold) for d, line in enumerate(drafted) if d not in taken)
    misses = [
        (event, _why_missed(event, drafted)) for g, event in enumerate(gold) if g not in matched
    ]
    return Comparison(len(drafted), len(gold), len(matched), exact, over, misses)


def _quotes(line: Line) -> list[str]:
    return [" ".join(str(s.get("quote") or "").split()) for s in line.get("sources", ())]


def same_sentence(a: Line, b: Line) -> bool:
    """Whether one of `a`'s quotes holds one of `b`'s, or the other way round."""
    return any(x and y and (x in y or y in x) for x in _quotes(a) for y in _quotes(b))


def _same_fact(line: Line, event: Line) -> bool:
    return (
        line["kind"] == event["kind"]
        and line.get("people") == event.get("people")
        and same_sentence(line, event)
    )


def _span(text: str) -> tuple[int, int]:
    parsed = parse_edtf(text)
    low = parsed.earliest.toordinal() if parsed.earliest else -_FAR
    high = parsed.latest.toordinal() if parsed.latest else _FAR
    return low, high


def _width(low: int, high: int) -> float:
    # an open end is unbounded: "../2009-12-23" and "../2009-12" are both open, equally wide
    return float("inf") if -_FAR in (low, high) or _FAR in (low, high) else high - low


def agrees(drafted: str, transcribed: str) -> bool:
    """The two dates overlap, and the drafted one is no narrower than the transcribed."""
    (a, b), (c, d) = _span(drafted), _span(transcribed)
    return a <= d and c <= b and _width(a, b) >= _width(c, d)


def more_precise(drafted: str, transcribed: str) -> bool:
    """The drafted date is narrower than the transcribed one, where they overlap."""
    (a, b), (c, d) = _span(drafted), _span(transcribed)
    return a <= d and c <= b and _width(a, b) < _width(c, d)


def _over_precise(line: Line, gold: list[Line]) -> bool:
    alike = [e for e in gold if e["kind"] == line["kind"] and same_sentence(line, e)]
    return (
        bool(alike)
        and any(more_precise(line["date"], e["date"]) for e in alike)
        and not any(agrees(line["date"], e["date"]) for e in alike)
    )


def _why_missed(event: Line, drafted: list[Line]) -> str:
    same = [d for d in drafted if same_sentence(d, event)]
    if not same:
        return "no draft rests on its sentence"
    kinds = [d for d in same if d["kind"] == event["kind"]]
    if not kinds:
        return "its sentence was drafted as " + ", ".join(sorted({d["kind"] for d in same}))
    people = [d for d in kinds if d.get("people") == event.get("people")]
    if not people:
        return f"people {event.get('people')} drafted as " + ", ".join(
            sorted({str(d.get("people")) for d in kinds})
        )
    return f"date {event['date']} drafted as " + ", ".join(sorted({d["date"] for d in people}))
