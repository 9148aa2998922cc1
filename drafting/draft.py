"""Draft lines from an article: one import line per event a sentence tells, for a person
to review before anything is recorded.

Each draft is a line of the import vocabulary with a `draft` key: which sentence it rests
on (its span in the text), how sure the drafter is (0 to 1), and why: which words gave
the kind, the date and the count. The sentence itself is the source's quote, exactly as
the text has it. A sentence that supports no kind gives one `observation`; a sentence
without a date gives an open date up to the publication day (`../2009-12-23`), never the
publication day itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from drafting.article import LONGEST, Article, Sentence, read_article
from drafting.dates import Found, find_dates
from drafting.figures import Figure, find_figures, reported_by
from drafting.kinds import Cue, find_cues, relative_spans
from drafting.numbers import Count, find_counts
from drafting.places import agencies_in, place_in
from events.values import CONTROLS

Line = dict[str, Any]


class DraftingError(ValueError):
    """The article cannot be drafted from as given (too long)."""


@dataclass(frozen=True, slots=True)
class Origin:
    """Where the article comes from: its outlet, publication day, reference, and the case."""

    outlet: str
    published: date
    reference: str | None = None
    case: str | None = None


def draft(text: str, origin: Origin) -> list[Line]:
    """The draft lines of `text` (line endings read as `\\n`), opening a case named after
    the source first where `origin.case` names none."""
    if len(text) > LONGEST:
        raise DraftingError(
            f"the text has {len(text):,} characters; the drafter reads at most {LONGEST:,} "
            "(split it into its parts)"
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    article = read_article(text, origin.published)
    case = origin.case or case_slug(origin)
    lines: list[Line] = []
    if origin.case is None:
        title = article.headline or f"Drafted from {origin.outlet}, {origin.published.isoformat()}"
        lines.append({"kind": "case_opened", "case": case, "title": title})
    state = _State()
    for sentence in article.sentences:
        lines.extend(_sentence_drafts(sentence, article, origin, case, state))
    return lines


def case_slug(origin: Origin) -> str:
    """`kyodo-2009-12-23`: the case a draft opens when none is named."""
    outlet = re.sub(r"[^a-z0-9]+", "-", origin.outlet.lower()).strip("-")[:60] or "article"
    return f"{outlet}-{origin.published.isoformat()}".strip("-")


@dataclass
class _State:
    """What one sentence hands the next: its count ("They" in the next), the population
    last counted (for a list of figures that follows)."""

    count: int | None = None
    count_words: str | None = None
    population: str | None = None


_BOILERPLATE = re.compile(
    r"^\s*(?:\((?:[^()]*)\)\s*$|(?:\(|\[)?(?:Reporting|Additional reporting|Writing|Editing|"
    r"Compiled) by\b|(?:Copyright|\(c\)|\u00a9)|All rights reserved|Click here|Read more|"
    r"Related:|Follow (?:us|@))",
    re.I,
)
"""A wire's credits and a page's furniture: "(Reporting by ...; Editing by ...)"."""
_THEY = re.compile(r"^(?:They|These|Those|The group|The men|The women|All of them)\b")


def _sentence_drafts(
    sentence: Sentence, article: Article, origin: Origin, case: str, state: _State
) -> list[Line]:
    words = re.sub(r"\s", " ", sentence.text)  # a wrapped line is one line: spans stay
    if (
        len(words.split()) < 5
        or CONTROLS.search(sentence.text)
        or not re.search(r"[a-z]{2}", words)
        or _BOILERPLATE.match(words)
    ):
        state.count = None
        return []
    reference = article.dateline_day or origin.published
    counts = find_counts(words)
    dates = [d for d in find_dates(words, reference, origin.published)
             if not d.reporting and not any(c.start < d.end and d.start < c.end for c in counts)]  # fmt: skip
    carried = (state.count, state.count_words) if _THEY.match(words) and state.count else None
    cues = find_cues(words)
    figures = [] if cues else find_figures(words, counts, state.population)
    made: list[tuple[Line, int | None]] = []
    for cue in cues:
        made.extend(_cue_drafts(cue, cues, words, counts, dates, carried))
    for figure in figures:
        made.append(_figure_draft(figure, words, dates))
        state.population = figure.population
    if not made:
        made.append(_observation(words, counts, dates, carried))
    people = {p for _, p in made if p is not None}
    if len(people) == 1:
        state.count = people.pop()
        state.count_words = next(
            (c.words for c in counts if c.value == state.count), state.count_words
        )
    else:
        state.count = None
    place = place_in(words, tuple(agencies_in(words)))
    return [_line(body, sentence, origin, case, place) for body, _ in made]


def _cue_drafts(
    cue: Cue,
    cues: list[Cue],
    words: str,
    counts: list[Count],
    dates: list[Found],
    carried: tuple[int, str | None] | None,
) -> list[tuple[Line, int | None]]:
    why = [f"kind: '{cue.words}'"]
    people, people_why, actor = _people(cue, cues, words, counts, carried)
    if people_why:
        why.append(people_why)
    found = _date_for(cue.start, cue.end, words, dates)
    each: tuple[str | None, ...] = found.dates if found else (None,)
    if found:
        why.append(f"date: {found.why}")
        own = re.split(r"[,;.]| and ", words[cue.start :], maxsplit=1)[0]  # the cue's own words
        later = _LATER.search(own)
        if later and found.end <= cue.start:
            # "detained on 12 March and handed over two weeks later": from that date on
            each = tuple(_from_then(d) for d in found.dates)
            why.append(f"'{later.group()}': from then on")
    confidence = 0.55 + (0.2 if found else 0) + (0.15 if people is not None else 0)
    made = []
    for when in each:
        body: Line = {"kind": cue.kind, **cue.fields}
        _common(body, when, people, actor)
        _with_part(body, found)
        body["draft_why"], body["confidence"] = why, round(confidence, 2)
        made.append((body, people))
    return made


_LATER = re.compile(
    r"\b(?:(?:a|one|two|three|four|five|six|several|a few|some|[0-9]+) (?:days?|weeks?|months?|years?) later|later|afterwards|subsequently|thereafter)\b"
)


def _from_then(date: str) -> str:
    start = date.split("/")[0]
    return f"{start}/.." if start not in ("", "..") else date


def _people(
    cue: Cue,
    cues: list[Cue],
    words: str,
    counts: list[Count],
    carried: tuple[int, str | None] | None,
) -> tuple[int | None, str | None, str | None]:
    if cue.coordinated:
        subjects = []
        for earlier in cues:
            if earlier.start >= cue.start:
                break
            subject = _nearest_count(earlier, counts)
            if subject and subject not in subjects:
                subjects.append(subject)
        if subjects:
            total = sum(c.value for c in subjects)
            said = " and ".join(f"'{c.words}'" for c in subjects)
            return total, f"people: {said}, the subject of '{cue.words}'", None
    outside = _outside_relatives(cue, words, counts)
    count = _nearest_count(cue, outside)
    if count is None:
        after = [c for c in outside if cue.end <= c.start <= cue.end + 60]
        count = after[0] if after else None
    if count is not None:
        return count.value, f"people: '{count.words}'", count.words
    if carried:
        return carried[0], f"people: 'They' read as the {carried[0]} of the sentence before", None
    return None, None, None


def _outside_relatives(cue: Cue, words: str, counts: list[Count]) -> list[Count]:
    """The counts of the cue's own clause: "The group, which included four children, was
    arrested" counts the group, not the children."""
    relative = relative_spans(words)

    def scope(at: int) -> tuple[int, int] | None:
        return next(((a, b) for a, b in relative if a <= at < b), None)

    mine = scope(cue.start)
    return [c for c in counts if scope(c.start) == mine]


def _nearest_count(cue: Cue, counts: list[Count]) -> Count | None:
    before = [c for c in counts if c.start < cue.end and c.end <= cue.end]
    return before[-1] if before else None


def _date_for(start: int, end: int, words: str, dates: list[Found]) -> Found | None:
    """The date nearest the words, among those of the same clause (a relative clause's
    date is its own)."""
    relative = relative_spans(words)

    def scope(at: int) -> tuple[int, int] | None:
        return next(((a, b) for a, b in relative if a <= at < b), None)

    mine = scope(start)
    same = [d for d in dates if scope(d.start) == mine]
    if not same:
        return None
    return min(same, key=lambda d: min(abs(d.start - end), abs(start - d.end)))


def _figure_draft(figure: Figure, words: str, dates: list[Found]) -> tuple[Line, int | None]:
    body: Line = {"kind": "figure_reported", "population": figure.population,
                  "region": figure.region, "about": figure.about}  # fmt: skip
    by = reported_by(words)
    if by:
        body["reported_by"] = by
        body["agencies"] = [by]
    found = _date_for(figure.start, figure.end, words, dates)
    _common(body, found.dates[0] if found and len(found.dates) == 1 else None, figure.people, None)
    approx = "around " if figure.about else ""
    why = [f"kind: a count of {figure.population} in {figure.region} ('{figure.words}')",
           f"people: {approx}{figure.people:,}"]  # fmt: skip
    if found:
        why.append(f"date: {found.why}")
    body["draft_why"], body["confidence"] = why, 0.7 if found else 0.55
    return body, figure.people


def _observation(
    words: str, counts: list[Count], dates: list[Found], carried: tuple[int, str | None] | None
) -> tuple[Line, int | None]:
    why = ["kind: no words of another kind: an observation"]
    relative = relative_spans(words)
    main = [c for c in counts if not any(a <= c.start < b for a, b in relative)]
    count = next(iter(main or counts), None)
    if count and count.about:  # "about two hundred workers were employed": a head-count
        why.append(f"people: '{count.words}' is an approximate count of a population, not "
                   "the case's people: left out (a figure_reported, where it is one)")  # fmt: skip
        count = None
    people = count.value if count else carried[0] if carried else None
    if count:
        why.append(f"people: '{count.words}'")
    elif carried:
        why.append(f"people: 'They' read as the {carried[0]} of the sentence before")
    found = next((d for d in dates if len(d.dates) == 1), None)
    if found:
        why.append(f"date: {found.why}")
    body: Line = {"kind": "observation"}
    _common(body, found.dates[0] if found else None, people, count.words if count else None)
    _with_part(body, found)
    body["draft_why"], body["confidence"] = why, 0.3 + (0.1 if found else 0)
    return body, people


def _with_part(body: Line, found: Found | None) -> None:
    """The part of the period the sentence names ("early 2022": `2022`, part `early`), where
    the date is that one period: the date still spans all of it, the part says where."""
    date = body.get("date")
    if found and found.part and isinstance(date, str) and "/" not in date and len(date) <= 7:
        body["part"] = found.part


def _common(body: Line, when: str | None, people: int | None, actor: str | None) -> None:
    body["date"] = when
    if people is not None:
        body["people"] = people
    if actor:
        body["actors"] = [_as_actor(actor)]


_COMMON_HEADS = frozenset(
    [
        "a",
        "an",
        "the",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "another",
        "other",
        "others",
        "some",
        "several",
        "many",
        "about",
        "around",
        "nearly",
        "almost",
        "more",
        "at",
        "least",
    ]
)


def _as_actor(words: str) -> str:
    """Who acted, as a sentence of the summary can take it anywhere: a phrase that opened
    its sentence with a common word ("Twelve North Koreans", "One of the men") starts in
    lower case; a name ("Kim Il") keeps its capital."""
    head, _, rest = words.partition(" ")
    if head.lower() in _COMMON_HEADS and head[:1].isupper():
        return f"{head.lower()} {rest}".rstrip()
    return words


def _line(body: Line, sentence: Sentence, origin: Origin, case: str, place: str | None) -> Line:
    why = body.pop("draft_why")
    confidence = body.pop("confidence")
    if body["date"] is None:
        body["date"] = f"../{origin.published.isoformat()}"
        why.append("date: none in the sentence: open, up to the publication day")
    text = " ".join(sentence.text.split())
    source: Line = {"outlet": origin.outlet, "published": origin.published.isoformat()}
    if origin.reference:
        source["reference"] = origin.reference
    source["quote"] = sentence.text
    line: Line = {"kind": body.pop("kind"), "case": case, "date": body.pop("date")}
    if place and "place" not in body:
        line["place"] = place
    line.update(body)
    line["text"] = text
    line["sources"] = [source]
    line["draft"] = {"sentence": [sentence.start, sentence.end], "confidence": confidence,
                     "why": "; ".join(why)}  # fmt: skip
    return line
