"""An article's text as the drafter reads it: its header, dateline, body and sentences.

A leading header block (an id, a time, an author, a headline) and a dateline such as
`VLADIVOSTOK, Russia, Dec. 23 Kyodo -` or `SEOUL, May 3 (Reuters) -` are understood:
the body starts after the dateline, whose day is the reference for "Wednesday". Without
a dateline the body is the text after the leading lines that end no sentence. Sentences
are found by `pysbd` (rule-based, made for news text's abbreviations: "Dec.", "U.S.",
"N. Koreans"), with a hard-wrapped line read as a space; each keeps its span in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from drafting.dates import MONTHS

LONGEST = 200_000
"""The most characters an article may have (about 30,000 words): a news report or an NGO
report's chapter; a longer text is refused with one line, not read for minutes."""

_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z .'\u2019-]{1,40}(?:,[ ]?[A-Z][a-z]+(?: [A-Z][a-z]+)*)?),?[ ]+"
    r"(?:\(?(?P<agency1>[A-Za-z]{2,12})\)?[ ]+)?"
    r"(?:(?P<month>[A-Z][a-z]{2,8})\.?[ ]+(?P<day>[0-3]?[0-9])(?:,?[ ]+(?P<year>[0-9]{4}))?[ ]+)?"
    r"(?:(?:\((?P<agency2>[A-Za-z][A-Za-z .&'-]{1,40})\)|(?P<agency3>[A-Za-z]{2,12}))[ ]*)?"
    r"[-\u2013—]+[ ]*",
    re.M,
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the body: where it is in the text, and its words."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Article:
    """The text read: where its body starts, its dateline's day, its headline, its sentences."""

    text: str
    body_start: int
    dateline_day: date | None
    headline: str | None
    sentences: tuple[Sentence, ...]


def read_article(text: str, published: date) -> Article:
    """The article in `text` (line endings as `\\n`), published on `published`."""
    dateline = _DATELINE.search(text[:3000])
    if dateline and (
        dateline["day"] or dateline["agency1"] or dateline["agency2"] or dateline["agency3"]
    ):
        body_start = dateline.end()
        day = _dateline_day(dateline, published)
        headline = _last_paragraph(text[: dateline.start()])
    else:
        body_start, day = _after_header(text), None
        headline = _last_paragraph(text[:body_start]) if body_start else None
    return Article(text, body_start, day, headline, tuple(sentences(text, body_start)))


def _dateline_day(found: re.Match[str], published: date) -> date | None:
    month = MONTHS.get((found["month"] or "").lower().rstrip("."))
    if month is None or not found["day"]:
        return None
    year = int(found["year"]) if found["year"] else published.year
    try:
        day = date(year, month, int(found["day"]))
    except ValueError:
        return None
    if day > published and not found["year"]:
        day = day.replace(year=year - 1)
    return day


def _last_paragraph(header: str) -> str | None:
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", header) if p.strip()]
    return paragraphs[-1][:300] if paragraphs else None


def _after_header(text: str) -> int:
    """Where the body starts: past the leading short lines that end no sentence."""
    at = 0
    for line in text.splitlines(keepends=True):
        bare = line.strip()
        if bare and (len(bare) > 80 or bare[-1] in ".!?\"”'"):
            return at
        at += len(line)
    return 0


def sentences(text: str, start: int = 0) -> list[Sentence]:
    """The sentences of `text` from `start`, each with its span (`text[s:e]` is its words)."""
    import pysbd

    body = text[start:]
    # a line break inside a paragraph is a space; a blank line ends a paragraph
    flat = re.sub(r"(?<!\n)\n(?!\n)", " ", body)
    segmenter = pysbd.Segmenter(language="en", clean=False)
    found: list[Sentence] = []
    at = 0
    for paragraph in re.split(r"(\n\s*\n)", flat):
        if not paragraph.strip() or paragraph.isspace():
            at += len(paragraph)
            continue
        cursor = 0
        for piece in (p for block in _blocks(paragraph) for p in segmenter.segment(block)):
            words = piece.strip()
            if not words:
                continue
            index = paragraph.find(words, cursor)
            if index < 0:
                continue
            cursor = index + len(words)
            begin = start + at + index
            found.append(Sentence(begin, begin + len(words), text[begin : begin + len(words)]))
        at += len(paragraph)
    return found


BLOCK = 2_000
"""The most characters handed to pysbd at once: its time grows with the square of a
paragraph's length, so a longer paragraph is cut first at a sure end of a sentence."""
_SURE_END = re.compile(r"(?<=[a-z]{4}[.!?]) +(?=[A-Z])")


def _blocks(paragraph: str) -> list[str]:
    """`paragraph` in pieces of `BLOCK` to twice `BLOCK` characters, each cut after a full
    stop that ends a lower-case word of four letters or more (no abbreviation: "Dec.",
    "U.S."), else at a space: a text without sentences is not one sentence of a megabyte."""
    blocks, start = [], 0
    while len(paragraph) - start > 2 * BLOCK:
        sure = _SURE_END.search(paragraph, start + BLOCK, start + 2 * BLOCK)
        if sure:
            blocks.append(paragraph[start : sure.start()])
            start = sure.end()
            continue
        space = paragraph.rfind(" ", start + BLOCK, start + 2 * BLOCK)
        cut = space if space > start else start + 2 * BLOCK
        blocks.append(paragraph[start:cut])
        start = cut
    blocks.append(paragraph[start:])
    return blocks
