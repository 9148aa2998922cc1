"""One plain-English template per kind of event: who did what, where, with whom.

A sentence is built from parts, `who` and a `predicate`, so that a recurring
event can be told once ("One male North Korean worker a year was granted
asylum ..., 2006 to 2008 (three in all)") with the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from projections.case_view import MAIN_GROUP
from projections.record import TimelineEntry
from reports.wording import (
    authority,
    capitalise,
    country,
    dated,
    full_sentence,
    number,
    people,
    says_number,
    sentence_end,
    when,
)

_CHANNELS = {"in_person": "in person", "letter": "letter", "phone": "phone", "email": "email"}


def the(name: str) -> str:
    """`the UNHCR Moscow office`; names that already start with an article are left alone."""
    first = name.split(" ", 1)[0]
    if first.lower() in ("the", "a", "an") or not first[:1].isupper():
        return name
    return f"the {name}"


def _listed(names: Sequence[str], word: str = "and") -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word} {names[-1]}"


def _channels(channels: Sequence[str]) -> str:
    if not channels:
        return ""
    words = [_CHANNELS.get(c, c) for c in channels]
    return (" in person" if words == ["in person"] else " by " + _listed(words, "or")).replace(
        "by in person", "in person"
    )


def _singular(entry: TimelineEntry) -> bool:
    return entry.people == 1


def who(entry: TimelineEntry) -> str:
    """The people the event is about: its actors, with their number where it is not said."""
    if entry.kind == "figure_reported":
        return authority(str(entry.details.get("reported_by") or "a source"))
    n = entry.people
    if entry.actors:
        named = _listed(entry.actors)
        if n is not None and n > 1 and not says_number(named, n):
            named = f"{named} ({people(n)})"
        return f"{named} ({of(entry.within)})" if entry.within else named
    if entry.within:  # `six of the forty`: a part of a group, not more people
        return f"{'some' if n is None else number(n)} {of(entry.within)}"
    return "people" if n is None else people(n)


def of(within: str) -> str:
    """`of the forty`, `of the main group`: the group a part is within, as the user named it."""
    return "of the main group" if within == MAIN_GROUP else f"of {within}"


def _fled(e: TimelineEntry, d: dict[str, Any]) -> str:
    mission, whose = str(d["mission"]), str(d["mission_country"])
    return f"fled to {the(mission)}" + ("" if whose in mission else f" ({country(whose)})")


_ASKED = {"asylum": "requested asylum", "unknown": "asked for protection"}


def _requested(e: TimelineEntry, d: dict[str, Any]) -> str:
    """`requested asylum in Mongolia from the UNHCR by letter`; `applied for refugee status`;
    an authority not given is not named (no `from ...`)."""
    sought = str(d.get("applied_for") or "asylum")
    asked = _ASKED.get(sought) or f"applied for {_APPLIED_FOR[sought]}"
    where = f" in {country(d['country'])}" if d.get("country") else ""
    whom = f" from {the(str(d['requested_from']))}" if d.get("requested_from") else ""
    return f"{asked}{where}{whom}{_channels(d['channels'])}"


def _granted(e: TimelineEntry, d: dict[str, Any]) -> str:
    at = f" at {the(str(d['granted_by']))}" if d.get("granted_by") else ""
    return f"{'was' if _singular(e) else 'were'} granted asylum in {country(d['country'])}{at}"


def _contacted(e: TimelineEntry, d: dict[str, Any]) -> str:
    seeking = f", seeking {d['purpose']}" if d.get("purpose") else ""
    return f"contacted {the(str(d['agency']))}{_channels(d['channels'])}{seeking}"


def _departed(e: TimelineEntry, d: dict[str, Any]) -> str:
    helped = f", helped by {_listed([the(h) for h in d['helped_by']])}" if d["helped_by"] else ""
    origin = country(str(d["origin"]))
    closed = "," if "," in origin else ""  # `left Amur Province, Russia, for South Korea`
    return f"left {origin}{closed} for {country(d['destination'])}{helped}"


def _arrived(e: TimelineEntry, d: dict[str, Any]) -> str:
    return f"reached {country(d['destination'])}"


def _pending(e: TimelineEntry, d: dict[str, Any]) -> str:
    going = f" to go to {country(d['destination'])}" if d.get("destination") else ""
    noun = "an application" if _singular(e) else "applications"
    return f"had {noun}{going} pending with {the(str(d['handled_by']))}"


def _was(e: TimelineEntry) -> str:
    return "was" if _singular(e) else "were"


def _by(d: dict[str, Any], name: str) -> str:
    return f" by {the(str(d[name]))}" if d.get(name) else ""


_RETURN_VERBS = {"deported": "deported", "repatriated": "repatriated", "handed_over": "handed over"}
_MANNER = {"forced": " forcibly", "voluntary": " voluntarily", "unknown": ""}


def _returned(e: TimelineEntry, d: dict[str, Any]) -> str:
    means = d.get("means")
    if means is None:
        verb = "went back" if d["manner"] == "voluntary" else f"{_was(e)} sent back"
        manner = _MANNER["forced"] if d["manner"] == "forced" else ""
    else:  # deported and handed over say force; repatriated may be either
        verb = f"{_was(e)} {_RETURN_VERBS[means]}"
        manner = _MANNER[d["manner"]] if means == "repatriated" else ""
    return f"{verb}{manner} to {country(d['country'])}{_by(d, 'returned_by')}"


_APPLIED_FOR = {"asylum": "asylum", "refugee_status": "refugee status",
                "temporary_asylum": "temporary asylum",
                "temporary_protection": "temporary protection",
                "unknown": "protection"}  # fmt: skip


def _refused(e: TimelineEntry, d: dict[str, Any]) -> str:
    where = f" in {country(d['country'])}" if d.get("country") else ""
    return f"{_was(e)} refused {_APPLIED_FOR[d['applied_for']]}{where}{_by(d, 'refused_by')}"


def _not_protected(e: TimelineEntry, d: dict[str, Any]) -> str:
    """`did not receive refugee status in Mongolia from the Mongolian authorities (no refusal
    is reported)`: what the source says, and that it is not a refusal."""
    where = f" in {country(d['country'])}" if d.get("country") else ""
    by = f" from {the(str(d['by']))}" if d.get("by") else ""
    what = _APPLIED_FOR[str(d.get("applied_for") or "unknown")]
    return f"did not receive {what}{where}{by} (no refusal is reported)"


_PROTECTION = {
    "temporary_protection": "granted temporary protection",
    "refugee_status": "granted refugee status",
    "registration": "registered",
}


def _protected(e: TimelineEntry, d: dict[str, Any]) -> str:
    where = f" in {country(d['country'])}" if d.get("country") else ""
    return f"{_was(e)} {_PROTECTION[d['protection']]}{where}{_by(d, 'granted_by')}"


def _detained(e: TimelineEntry, d: dict[str, Any]) -> str:
    return f"{_was(e)} detained{_by(d, 'detained_by')}"


def _released(e: TimelineEntry, d: dict[str, Any]) -> str:
    return f"{_was(e)} released{_by(d, 'released_by')}"


def _figure(e: TimelineEntry, d: dict[str, Any]) -> str:
    about = "about " if d.get("about") else ""
    return f"reported {about}{number(e.people or 0)} {d['population']} in {d['region']}"


_PREDICATES: dict[str, Callable[[TimelineEntry, dict[str, Any]], str]] = {
    "fled_to_mission": _fled,
    "asylum_requested": _requested,
    "asylum_granted": _granted,
    "agency_contacted": _contacted,
    "departed_to_third_country": _departed,
    "arrived": _arrived,
    "application_pending": _pending,
    "returned": _returned,
    "application_refused": _refused,
    "protection_granted": _protected,
    "no_protection": _not_protected,
    "detained": _detained,
    "released": _released,
    "figure_reported": _figure,
}


def sentence(entry: TimelineEntry) -> str:
    """The event told in one sentence, dated at its real precision."""
    predicate = _PREDICATES.get(entry.kind)
    if predicate is None:  # observations and policies are told in their own words, as written
        text, date = entry.text.strip(), dated(entry.text, entry.date)
        if not date:
            return full_sentence(text, own_words=True)
        return full_sentence(f"{sentence_end(text)} ({date})")
    said = predicate(entry, entry.details)
    return full_sentence(f"{when(entry.date)}, {who(entry)} {said}{_place(entry, said)}")


def recurring_parts(head: TimelineEntry) -> tuple[str, str]:
    """The subject and the rest of a sentence telling events of `head`'s shape once:
    ("One male North Korean worker", "was granted asylum in South Korea at ...")."""
    predicate = _PREDICATES[head.kind](head, head.details)
    subject = who(head)
    if _singular(head) and subject.split(" ", 1)[0].lower() in ("a", "an"):
        subject = "one " + subject.split(" ", 1)[1]
    return capitalise(subject), predicate + _place(head, predicate)


def recurring(
    parts: tuple[str, str], people: int | None, count: int, unit: str, first: str, last: str
) -> str:
    """Events of one shape, one a period over consecutive periods, told once:
    "One worker a year was granted asylum ..., 2006 to 2008 (three in all)"."""
    subject, rest = parts
    total = f"{number(people * count)} in all" if people is not None else f"{number(count)} times"
    return full_sentence(f"{subject} a {unit} {rest}, {first} to {last} ({total})")


def _place(entry: TimelineEntry, said: str) -> str:
    """` in Amur Province, Russia`, unless the sentence already names the town."""
    if not entry.place or entry.place.split(",")[0] in said:
        return ""
    return f" in {country(entry.place)}"


def can_recur(entry: TimelineEntry) -> bool:
    return entry.kind in _PREDICATES
