"""One plain-English template per kind of event: who did what, where, with whom.

A sentence is built from parts, `who` and a `predicate`, so that a recurring
event can be told once ("One male North Korean worker a year was granted
asylum ..., 2006 to 2008 (three in all)") with the same words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from events.values import MAIN_GROUP
from projections.record import TimelineEntry
from reports.wording import (
    SPELLED,
    authority,
    bare_plural,
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


_CLOSE = "\x1f"
"""Where a name that holds a comma ends inside a sentence: no recorded text holds a control
character (`events.values.check_text`), so the mark is never a person's word."""


def named(name: str) -> str:
    """A name as it sits inside a sentence. One that holds a comma (`three former miners, all
    over 50`, `A. B., a lawyer in Seoul`) is closed by a comma where more of the sentence
    follows it (`closed`), so that what follows is not read as part of it."""
    return f"{name}{_CLOSE}" if "," in name else name


def closed(text: str) -> str:
    """The sentence with each name `named` marked closed by a comma where words follow it."""
    return re.sub(f"{_CLOSE}(?=\\s*[^\\s.,;:!?){_CLOSE}])", ",", text).replace(_CLOSE, "")


def the(name: str) -> str:
    """`the UNHCR Moscow office`; names that already start with an article, and names written
    as a bare plural (`civic groups in Busan`, `Japanese consulates`), are left as written:
    an article would say all of them where the source may mean some."""
    first = name.split(" ", 1)[0]
    if first.lower() in ("the", "a", "an") or not first[:1].isupper() or bare_plural(name):
        return name
    return f"the {name}"


def _listed(names: Sequence[str], word: str = "and") -> str:
    if len(names) == 1:
        return names[0]
    apart = "; " if any("," in name for name in names) else ", "  # `A, a lawyer; and B`
    both = f"{apart.strip()} {word}" if apart == "; " else f" {word}"
    return f"{apart.join(names[:-1])}{both} {names[-1]}"


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
        return named(authority(str(entry.details.get("reported_by") or "a source")))
    n = entry.people
    if entry.actors:
        actors = _listed(entry.actors)
        close = _CLOSE if "," in actors else ""  # `three miners, all over 50 (three people),`
        if n is not None and n > 1 and not says_number(actors, n):
            actors = f"{actors} ({people(n)})"
        return f"{actors} ({of(entry.within)}){close}" if entry.within else f"{actors}{close}"
    if entry.within:  # `six of the forty`: a part of a group, not more people
        return f"{'some' if n is None else number(n)} {of(entry.within)}"
    return "people" if n is None else people(n)


def of(within: str) -> str:
    """`of the forty`, `of the main group`: the group a part is within, as the user named it."""
    return "of the main group" if within == MAIN_GROUP else f"of {within}"


_NAMED_BY = {
    "United States": ("U.S.", "US", "USA", "American"), "United Kingdom": ("U.K.", "UK", "British"),
    "China": ("Chinese", "PRC"), "France": ("French",), "Germany": ("German",),
    "Netherlands": ("Dutch",), "Switzerland": ("Swiss",), "Thailand": ("Thai",),
    "Philippines": ("Philippine",), "Denmark": ("Danish",), "Sweden": ("Swedish",),
    "Finland": ("Finnish",), "Norway": ("Norwegian",), "Poland": ("Polish",),
    "Spain": ("Spanish",), "Turkey": ("Turkish",), "Ireland": ("Irish",),
}  # fmt: skip
"""The words a mission's name may give its country by, where they do not hold its name
(`Mongolian` holds `Mongolia`, `South Korean` holds `South Korea`)."""


def names_country(mission: str, whose: str) -> bool:
    """Whether the mission's name already says whose it is: `U.S. Consulate General in
    Vladivostok` says `United States`."""
    bare = whose.removeprefix("the ").strip()
    words = set(re.findall(r"[\w.]+", mission))
    return bare in mission or any(word in words for word in _NAMED_BY.get(bare, ()))


def _fled(e: TimelineEntry, d: dict[str, Any]) -> str:
    mission, whose = str(d["mission"]), str(d["mission_country"])
    said = "" if names_country(mission, whose) else f" ({country(whose)})"
    return f"fled to {the(mission)}{said}{_CLOSE if ',' in mission else ''}"


_ASKED = {"asylum": "requested asylum", "unknown": "asked for protection"}


def _requested(e: TimelineEntry, d: dict[str, Any]) -> str:
    """`requested asylum in Mongolia from the UNHCR by letter`; `applied for refugee status`;
    an authority not given is not named (no `from ...`)."""
    sought = str(d.get("applied_for") or "asylum")
    asked = _ASKED.get(sought) or f"applied for {_APPLIED_FOR[sought]}"
    where = f" in {named(country(d['country']))}" if d.get("country") else ""
    whom = f" from {named(the(str(d['requested_from'])))}" if d.get("requested_from") else ""
    return f"{asked}{where}{whom}{_channels(d['channels'])}"


def _granted(e: TimelineEntry, d: dict[str, Any]) -> str:
    at = f" at {named(the(str(d['granted_by'])))}" if d.get("granted_by") else ""
    granted = named(country(d["country"]))
    return f"{'was' if _singular(e) else 'were'} granted asylum in {granted}{at}"


def _contacted(e: TimelineEntry, d: dict[str, Any]) -> str:
    return f"contacted {named(the(str(d['agency'])))}{_channels(d['channels'])}"


def _seeking(d: dict[str, Any]) -> str:
    return f", seeking {named(str(d['purpose']))}" if d.get("purpose") else ""


def _departed(e: TimelineEntry, d: dict[str, Any]) -> str:
    origin = named(country(str(d["origin"])))  # `left Amur Province, Russia, for South Korea`
    return f"left {origin} for {named(country(d['destination']))}"


def _helped(d: dict[str, Any]) -> str:
    helpers = [named(the(h)) for h in d["helped_by"]]
    return f", helped by {_listed(helpers)}" if helpers else ""


def _arrived(e: TimelineEntry, d: dict[str, Any]) -> str:
    return f"reached {named(country(d['destination']))}"


def _pending(e: TimelineEntry, d: dict[str, Any]) -> str:
    going = f" to go to {named(country(d['destination']))}" if d.get("destination") else ""
    noun = "an application" if _singular(e) else "applications"
    return f"had {noun}{going} pending with {named(the(str(d['handled_by'])))}"


def _was(e: TimelineEntry) -> str:
    return "was" if _singular(e) else "were"


def _by(d: dict[str, Any], name: str) -> str:
    return f" by {named(the(str(d[name])))}" if d.get(name) else ""


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
    return f"{verb}{manner} to {named(country(d['country']))}{_by(d, 'returned_by')}"


_APPLIED_FOR = {"asylum": "asylum", "refugee_status": "refugee status",
                "temporary_asylum": "temporary asylum",
                "temporary_protection": "temporary protection",
                "unknown": "protection"}  # fmt: skip


def _refused(e: TimelineEntry, d: dict[str, Any]) -> str:
    where = f" in {named(country(d['country']))}" if d.get("country") else ""
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
    where = f" in {named(country(d['country']))}" if d.get("country") else ""
    return f"{_was(e)} {_PROTECTION[d['protection']]}{where}{_by(d, 'granted_by')}"


def _detained(e: TimelineEntry, d: dict[str, Any]) -> str:
    return f"{_was(e)} detained{_by(d, 'detained_by')}"


def _released(e: TimelineEntry, d: dict[str, Any]) -> str:
    return f"{_was(e)} released{_by(d, 'released_by')}"


def _figure(e: TimelineEntry, d: dict[str, Any]) -> str:
    about = "about " if d.get("about") else ""
    population, region = named(str(d["population"])), named(str(d["region"]))
    return f"reported {about}{number(e.people or 0)} {population} in {region}"


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
_TRAILING: dict[str, Callable[[dict[str, Any]], str]] = {
    "agency_contacted": _seeking,
    "departed_to_third_country": _helped,
}
"""The clauses that close a sentence (`, seeking asylum`), after its place: a place after
them would read as theirs (`seeking to go to Canada in Irkutsk`)."""


def _predicate(entry: TimelineEntry) -> str:
    """What the people did, where, and what closes the sentence."""
    core = _PREDICATES[entry.kind](entry, entry.details)
    trailing = _TRAILING[entry.kind](entry.details) if entry.kind in _TRAILING else ""
    return f"{core}{_place(entry, core + trailing)}{trailing}"


def sentence(entry: TimelineEntry) -> str:
    """The event told in one sentence, dated at its real precision; an event of a structured
    kind is told from its fields, then in its own words where they say more (`own_words`)."""
    predicate = _PREDICATES.get(entry.kind)
    if predicate is None:  # observations and policies are told in their own words, as written
        text, date = entry.text.strip(), dated(entry.text, entry.date, entry.part)
        if not date:
            return full_sentence(text, own_words=True)
        return full_sentence(f"{sentence_end(text)} ({date})")
    return told(entry)[0]


def told(entry: TimelineEntry) -> tuple[str, str]:
    """The event's sentence (`sentence`), and the own words it gives after the sentence its
    fields make ("" where it gives none: `own_words`), at the cost of one sentence."""
    if entry.kind not in _PREDICATES:
        return sentence(entry), ""
    fields = _from_fields(entry)
    own = _more(entry, fields)
    return with_own_words(fields, own), own


def _from_fields(entry: TimelineEntry) -> str:
    said = f"{when(entry.date, part=entry.part)}, {who(entry)} {_predicate(entry)}"
    return full_sentence(closed(said))


_NOT_MEANING = frozenset([
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or",
    "as", "into", "their", "they", "them", "his", "her", "he", "she", "it", "its", "who",
    "which", "that", "this", "these", "those", "was", "were", "is", "are", "be", "been",
    "being", "there",
])  # fmt: skip
"""Words whose absence from a sentence changes no meaning: articles, the commonest
prepositions and pronouns, forms of `be`. Never a negation, a modal, a verb of wanting or
seeking, a quantifier or a name: those are the words a hedge or an attribution is made of."""
_DIGITS = {word: str(n) for n, word in enumerate(SPELLED)}


_WORD = re.compile("[^\\W_]+(?:['\u2019.-][^\\W_]+)*")


def meaning_words(text: str) -> frozenset[str]:
    """The words of `text` that carry meaning, in small letters, numbers as digits
    (`twelve` as `12`): every word but those `_NOT_MEANING` names."""
    return frozenset([_DIGITS.get(w, w) for w in _WORD.findall(text.lower())]) - _NOT_MEANING


_text_words = lru_cache(maxsize=4096)(meaning_words)
"""`meaning_words` of events' texts, which a record often repeats."""


def own_words(entry: TimelineEntry) -> str:
    """The event's text where it says more than the sentence its fields make: a word of
    meaning in it that the sentence lacks (`seek to`, `want`, `according to an activist`,
    an age); "" where the sentence holds every such word, or the kind is told in its own
    words anyway."""
    return _more(entry, _from_fields(entry)) if entry.kind in _PREDICATES else ""


def _more(entry: TimelineEntry, told: str) -> str:
    said = _text_words(entry.text)
    return entry.text.strip() if said and not said <= meaning_words(told) else ""


def with_own_words(told: str, text: str) -> str:
    """The sentence from the fields, then the event's own words as a sentence of their own."""
    return f"{told} {full_sentence(text, own_words=True)}" if text else told


def recurring_parts(head: TimelineEntry) -> tuple[str, str, str]:
    """The subject and the rest of a sentence telling events of `head`'s shape once, and
    their own words where they say more (`own_words`): ("One male North Korean worker",
    "was granted asylum in South Korea at ...", "")."""
    subject = who(head)
    if _singular(head) and subject.split(" ", 1)[0].lower() in ("a", "an"):
        subject = "one " + subject.split(" ", 1)[1]
    return capitalise(subject), _predicate(head), own_words(head)


def recurring(
    parts: tuple[str, str, str], people: int | None, count: int, unit: str, first: str,
    last: str,
) -> str:  # fmt: skip
    """Events of one shape, one a period over consecutive periods, told once:
    "One worker a year was granted asylum ..., 2006 to 2008 (three in all)"."""
    subject, rest, own = parts
    total = f"{number(people * count)} in all" if people is not None else f"{number(count)} times"
    told = full_sentence(closed(f"{subject} a {unit} {rest}, {first} to {last} ({total})"))
    return with_own_words(told, own)


def _place(entry: TimelineEntry, said: str) -> str:
    """` in Amur Province, Russia`, unless the sentence already names the town."""
    if not entry.place or entry.place.split(",")[0] in said:
        return ""
    return f" in {named(country(entry.place))}"


def can_recur(entry: TimelineEntry) -> bool:
    return entry.kind in _PREDICATES
