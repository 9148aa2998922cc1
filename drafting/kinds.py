"""Which kinds of the vocabulary a sentence supports, by the words that say so.

Each cue is a verb phrase of news text ("fled to the ... Embassy", "filed a request for
asylum", "was granted asylum", "letters or phone calls to ...", "dealing with
applications", "were deported to ...", "in principle ..."), and fills the fields its kind
needs from the same sentence. A cue that cannot fill them gives no draft. A cue that is
denied ("received no request for asylum"), only wished or feared ("want to go to",
"could turn out"), or said of a group in passing ("people who defected") gives none
either: the sentence then falls to `observation`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from drafting.numbers import PERSON_WORDS
from drafting.places import adjectives, agencies_in, countries, country_in

Fields = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Cue:
    """A kind a sentence supports: where its words are, and the fields they give."""

    kind: str
    start: int
    end: int
    fields: Fields
    words: str
    coordinated: bool = False


_MISSION = r"(?P<mission>(?:[A-Z][\w.]*\.? )*(?:Embassy|Consulate General|Consulate|Mission|Legation)(?: (?:in|of|to) (?:the )?[A-Z][\w.]*(?: [A-Z][\w.]*)*)?)"
_ORG = r"(?P<org>(?:the )?[A-Z][\w.'\u2019-]*(?:(?: (?:of|for|the)\b)* [A-Z][\w.'\u2019-]*)*(?: (?:office|authorities|government|police|officials|military|border guards)\b)?)"
_CHANNEL = r"(?P<channels>(?:letters?|phone calls?|telephone calls?|calls|e-?mails?|faxes|messages)(?:(?: or | and |, )(?:letters?|phone calls?|telephone calls?|calls|e-?mails?|faxes|messages))*)"
_BE = r"(?:was|were|had been|have been|has been|been|being|are|is)"
_COUNTRY_AFTER = r"(?P<place>(?:the )?[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*)*)"

_NEGATED = re.compile(
    r"\b(?:no|not|never|neither|nor|without|denied|n't|refused to|failed to)\b(?:\W+\w+){0,3}\W*$",
    re.I,
)
_UNREAL = re.compile(
    r"\b(?:want|wants|wanted|hope|hopes|hoped|plan|plans|planned|wish|wishes|seek|seeks|"
    r"try|tries|tried|could|would|might|may|will|should|threatened|intend|intends|"
    r"attempt|attempts|ready|able|risk|risks|face|faces|facing|fear|fears|feared|danger|"
    r"likely|expected|due|if|unless|whether)\b(?:\W+\w+){0,2}\W*(?:to\W+|of\W+)?$",
    re.I,
)


def _channels(words: str) -> list[str]:
    found = []
    for word, channel in (("letter", "letter"), ("phone", "phone"), ("telephone", "phone"),
                          ("call", "phone"), ("mail", "email"), ("fax", "other"),
                          ("message", "other")):  # fmt: skip
        if word in words.lower() and channel not in found:
            found.append(channel)
    return found


def _clean(name: str) -> str:
    return " ".join(name.split()).rstrip(".,")


def _org(name: str) -> str:
    name = _clean(name)
    return name[4:] if name.startswith("the ") and name[4:5].isupper() else name


def _mission(m: re.Match[str], s: str) -> Fields | None:
    mission = _clean(m["mission"])
    country = country_in(mission)
    if country is None:
        return None
    where = re.match(r" in (?:the )?([A-Z][\w.]*(?: [A-Z][\w.]*)*)", s[m.end() :])
    if where and " in " not in mission:
        mission = f"{mission} in {where[1]}"
    return {"mission": mission, "mission_country": country, "agencies": [mission]}


def _asylum_requested(m: re.Match[str], s: str) -> Fields | None:
    after = s[m.end() : m.end() + 120]
    to = re.match(rf"\s+(?:with|to|from|at|before) {_ORG}", after)
    what = m.group().lower()
    fields: Fields = {}
    if "refugee" in what or "temporary" in what:
        fields["applied_for"] = "refugee_status" if "refugee" in what else "temporary_asylum"
    if to and (to["org"].strip()[:1].isupper() or to["org"].startswith("the ")):
        fields["requested_from"] = _org(to["org"])
        fields["agencies"] = [fields["requested_from"]]
    place = re.search(rf"\b(?:asylum|status) in {_COUNTRY_AFTER}", s[m.start() :])
    country = (_country(place["place"]) if place else None) or country_in(
        fields.get("requested_from", "")
    )
    if country:
        fields["country"] = country
    return fields


def _asylum_granted(m: re.Match[str], s: str) -> Fields | None:
    after = re.match(rf" (?:in|by) {_COUNTRY_AFTER}", s[m.end() :])
    country = _country(after["place"]) if after else None
    fields: Fields = {}
    missions = [a for a in agencies_in(s) if re.search("Consulate|Embassy|Mission", a)]
    if country is None and missions:
        country = country_in(missions[0])
    if country is None:
        return None
    fields["country"] = country
    if missions:
        fields["granted_by"] = missions[0]
        fields["agencies"] = [missions[0]]
    return fields


def _contacted(m: re.Match[str], s: str) -> Fields | None:
    agency = _org(m["org"])
    if not agency[:1].isupper():
        return None
    fields: Fields = {"agency": agency, "agencies": [agency]}
    channels = _channels(m.groupdict().get("channels") or "")
    if channels:
        fields["channels"] = channels
    sought = re.search(
        rf"\b(?:sought|seek|seeking|asked for|requested) ((?:political )?asylum(?: in {_COUNTRY_AFTER})?|refugee status|help|protection)",
        s,
    )
    if sought:
        fields["purpose"] = _clean(sought[1])
    return fields


def _departed(m: re.Match[str], s: str) -> Fields | None:
    destination = _country(m["place"])
    if destination is None:
        return None
    origin = re.search(r"\bfrom ((?:the )?[A-Z][\w'\u2019.-]*(?: [A-Z][\w'\u2019.-]*)*)", s)
    if origin is None:
        return None
    return {"destination": destination, "origin": _clean(origin[1])}


def _arrived(m: re.Match[str], s: str) -> Fields | None:
    place = _clean(m["place"])
    return {"destination": _country(place) or place}


def _pending(m: re.Match[str], s: str) -> Fields | None:
    found = agencies_in(s[: m.start()]) or agencies_in(s)
    if not found:
        return None
    fields: Fields = {"handled_by": found[0], "agencies": [found[0]]}
    to = re.search(
        rf"\b(?:go|move|travel|resettle|be resettled|leave) (?:to|for|in) {_COUNTRY_AFTER}",
        s[m.end() :],
    )
    if to and _country(to["place"]):
        fields["destination"] = _country(to["place"])
    return fields


def _returned(m: re.Match[str], s: str) -> Fields | None:
    to = re.search(rf"\bto {_COUNTRY_AFTER}", s[m.start() : m.end() + 80])
    country = _country(to["place"]) if to else None
    own = _own_country(s)
    if to and country is None and not re.fullmatch(r"(?:the )?(?:North|South)", to["place"]):
        # "handed over to North Korean officials": the officials' country is theirs
        country = country_in(to["place"])
    if country is None or (own is not None and country != own):
        # "repatriated" with no country: their own; "deported to South Korea" of North
        # Koreans: not a return to their country; "returned to Seoul": no country said
        country = own if country is None and (not to or _country(to["place"]) is None) else None
    if country is None:
        return None
    verb = m.group().lower()
    means = "deported" if "deport" in verb else "repatriated" if "repatriat" in verb else (
        "handed_over" if "handed" in verb else None)  # fmt: skip
    forced = means is not None or "forcibly" in verb
    fields: Fields = {"country": country, "manner": "forced" if forced else "unknown"}
    if means:
        fields["means"] = means
    by = re.match(rf" by {_ORG}", s[m.end() :])
    if by and by["org"][:1].isupper():
        fields["returned_by"] = _org(by["org"])
    return fields


def _own_country(s: str) -> str | None:
    """The country of the people a sentence counts: "seven North Koreans", "a North Korean
    logger" are of North Korea."""
    plural = re.search(r"\b((?:[A-Z][a-z]+ )?[A-Z][a-z]+(?:an|ese|i|ian|n))s\b", s)
    if plural and plural[1] in adjectives():
        return adjectives()[plural[1]]
    for found in re.finditer(r"\b((?:[A-Z][a-z]+ )?[A-Z][a-z]+)((?: [a-z]+){1,2})", s):
        if found[1] in adjectives() and set(found[2].split()) & PERSON_WORDS:
            return adjectives()[found[1]]
    return None


def _refused(m: re.Match[str], s: str) -> Fields | None:
    found = agencies_in(s)
    if not found:
        return None
    what = m["what"].lower()
    applied_for = "refugee_status" if "refugee" in what else (
        "temporary_asylum" if "temporary" in what else "asylum")  # fmt: skip
    return {"applied_for": applied_for, "refused_by": found[0], "agencies": [found[0]]}


def _protection(m: re.Match[str], s: str) -> Fields | None:
    found = agencies_in(s)
    if not found:
        return None
    what = (m["what"] or m["what2"] or "").lower()
    protection = "refugee_status" if "refugee" in what else (
        "registration" if "regist" in what else "temporary_protection")  # fmt: skip
    return {"protection": protection, "granted_by": found[0], "agencies": [found[0]]}


def _detained(m: re.Match[str], s: str) -> Fields | None:
    by = re.match(rf" by {_ORG}", s[m.end() :])
    return {"detained_by": _org(by["org"])} if by and by["org"][:1].isupper() else {}


def _detained_by_subject(m: re.Match[str], s: str) -> Fields | None:
    subject = re.search(r"([A-Z][\w.'\u2019-]*(?: [A-Za-z][\w.'\u2019-]*){0,5}) $", s[: m.start()])
    if subject is None:
        return {}
    found = agencies_in(subject[1])
    return {"detained_by": found[0] if found else _clean(subject[1])}


def _released(m: re.Match[str], s: str) -> Fields | None:
    return {}


def _policy(m: re.Match[str], s: str) -> Fields | None:
    head = s[: m.start()]
    said = re.search(
        r"(?:^|\b(?:But|And|However|Yet),? )?([^,]{3,80}?) (?:said|says|stated|told)\b", head
    )
    subject = said[1] if said else head
    subject = re.sub(r"^(?:But|And|However|Yet),? ", "", subject.strip(" ,"))
    words = subject.split()
    if not 1 <= len(words) <= 10 or not words[0][:1].isalpha():
        return None
    authority = _clean(subject)
    fields: Fields = {"authority": authority}
    found = agencies_in(authority)
    if found:
        fields["agencies"] = found[:1]
    return fields


def _country(words: str) -> str | None:
    words = _clean(words)
    words = words[4:] if words.startswith("the ") else words
    names = countries()
    return names.get(words) or next((names[n] for n in names if words.startswith(n + " ")), None)


_Fill = Callable[[re.Match[str], str], Fields | None]
_CUES: list[tuple[str, str, _Fill]] = [
    (
        "fled_to_mission",
        rf"\b(?:fled|escaped|ran|rushed|went|sought refuge|took refuge|sought asylum|sought shelter)(?: in| into| to| at)? (?:the )?{_MISSION}",
        _mission,
    ),
    ("agency_contacted", rf"\b(?:via|by|through|in) {_CHANNEL} (?:to|with) {_ORG}", _contacted),
    (
        "agency_contacted",
        rf"\b(?:contacted|wrote to|phoned|called|e-?mailed|approached|turned to) {_ORG}",
        _contacted,
    ),
    (
        "asylum_requested",
        r"\b(?:filed|submitted|lodged|made|sent) (?:a |an |their |his |her |formal )?(?:requests?|applications?|claims?|bids?|petitions?) for (?:political asylum|asylum|refugee status|temporary asylum)",
        _asylum_requested,
    ),
    (
        "asylum_requested",
        r"\b(?:applied|asked|requested|sought|seeking) (?:for )?(?:political asylum|asylum|refugee status|temporary asylum)",
        _asylum_requested,
    ),
    (
        "asylum_granted",
        rf"\b(?:{_BE} granted (?:political )?asylum|granted (?:him|her|them) (?:political )?asylum|received (?:political )?asylum)",
        _asylum_granted,
    ),
    (
        "protection_granted",
        rf"\b(?:{_BE} )?(?:granted|given|received) (?P<what>temporary protection|refugee status|temporary asylum)|\b(?P<what2>registered) (?:[\w,]+ ){{1,4}}as refugees",
        _protection,
    ),
    (
        "application_refused",
        r"\b(?:rejected|refused|denied|turned down) (?:their |his |her |the |an? )?(?:applications?|requests?|claims?|bids?) for (?P<what>refugee status|temporary asylum|(?:political )?asylum)",
        _refused,
    ),
    (
        "departed_to_third_country",
        rf"\b(?:fled|went|left|traveled|travelled|moved|defected|escaped|flew|were flown|was flown|headed|were taken|was taken|were resettled|was resettled) (?:to|for) {_COUNTRY_AFTER}",
        _departed,
    ),
    (
        "arrived",
        rf"\b(?:arrived in|arrived at|reached|made it to|landed in|got to) {_COUNTRY_AFTER}",
        _arrived,
    ),
    (
        "application_pending",
        r"\b(?:dealing with|processing|handling|reviewing|considering|examining) (?:the |their |\w+ )?applications?|\bapplications? (?:are|is|were|remain|remained) pending|\bpending applications?",
        _pending,
    ),
    (
        "returned",
        rf"\b(?:{_BE} (?:deported|repatriated|sent back|handed over|forcibly returned|returned)|(?:deported|repatriated|sent back|handed over|forcibly returned)(?= (?:[\w,]+ ){{0,6}}to [A-Z])|returned(?= (?:[\w,]+ ){{1,6}}to [A-Z]))",
        _returned,
    ),
    (
        "detained",
        rf"\b(?:{_BE} (?:detained|arrested|caught|apprehended|taken into custody)|{_BE} sent to (?:an? |the )?(?:\w+ ){{0,2}}(?:detention|prison|jail|labou?r camp))",
        _detained,
    ),
    (
        "detained",
        r"(?<!was )(?<!were )(?<!been )(?<!being )(?<!is )(?<!are )\b(?:detained|arrested|apprehended|rounded up)\b(?! by)",
        _detained_by_subject,
    ),
    ("released", rf"\b{_BE} (?:released|freed|set free)", _released),
    (
        "policy_stated",
        r"\b(?:in principle|in principal|as a rule|as a matter of policy|(?:does|do|will) not (?:allow|accept|permit|deport|return|recognise|recognize)|it is (?:impossible|forbidden|illegal|not possible|not allowed|against the law)\b[^.]{0,80}? to \w+)",
        _policy,
    ),
]
_COMPILED = [(kind, re.compile(pattern), fill) for kind, pattern, fill in _CUES]
_RELATIVE = re.compile(r"(?:,? (?:who|whom|which|whose)\b|,? like the\b)[^,;]*", re.I)
_MAIN_VERB = re.compile(r" (?:have|has|had|was|were|is|are|will|would) ")


def relative_spans(sentence: str) -> list[tuple[int, int]]:
    """Where `sentence` speaks of its people in passing: its relative clauses ("who
    defected"), each up to the next comma; one without a comma before it ("14 North
    Koreans who entered the country last month have been sent ...") ends where the
    sentence's own verb begins."""
    spans = []
    for match in _RELATIVE.finditer(sentence):
        end = match.end()
        if not match.group().startswith(","):
            first = re.match(r"\W*\w+\W+\w+", match.group())  # "who" and its own verb
            verb = _MAIN_VERB.search(match.group(), first.end() if first else 0)
            if verb:
                end = match.start() + verb.start()
        spans.append((match.start(), end))
    return spans


def find_cues(sentence: str) -> list[Cue]:
    """The kinds `sentence` supports, left to right, with the fields each gives."""
    relative = relative_spans(sentence)
    cues: list[Cue] = []
    for kind, pattern, fill in _COMPILED:
        for match in pattern.finditer(sentence):
            if any(a <= match.start() < b for a, b in relative):
                continue
            before = sentence[max(0, match.start() - 60) : match.start()]
            if _NEGATED.search(before) or _UNREAL.search(before):
                continue
            if any(c.start <= match.start() < c.end for c in cues):
                continue
            fields = fill(match, sentence)
            if fields is None:
                continue
            coordinated = bool(re.search(r"\band\s*$", sentence[: match.start()]))
            words = " ".join(match.group().split())
            cues.append(Cue(kind, match.start(), match.end(), fields, words, coordinated))
            cues.extend(_gapped(kind, match, sentence, fill))
    return _subsumed(sorted(cues, key=lambda c: c.start))


def _gapped(kind: str, match: re.Match[str], sentence: str, fill: _Fill) -> list[Cue]:
    """ "one man fled to the A and another to the B": the same kind again for the other."""
    if kind != "fled_to_mission":
        return []
    rest = re.match(rf" and another (?:to|into|at) (?:the )?{_MISSION}", sentence[match.end() :])
    if rest is None:
        return []
    again = re.compile(rf"(?:the )?{_MISSION}").match(sentence, match.end() + rest.start("mission"))
    if again is None:
        return []
    fields = fill(again, sentence)
    if fields is None:
        return []
    start = match.end() + rest.start()
    return [Cue(kind, start, match.end() + rest.end(), fields, " ".join(rest.group().split()))]


def _subsumed(cues: list[Cue]) -> list[Cue]:
    """An asylum request made by letter or call to an agency is that contact: one draft."""
    contacts = [c for c in cues if c.kind == "agency_contacted" and "purpose" in c.fields]
    if not contacts:
        return cues
    return [c for c in cues if c.kind != "asylum_requested"]
