"""A summary written out as it is told: wrapped text for the terminal, markdown with
footnotes, or JSON; period by period, so a long record never sits whole in memory."""

from __future__ import annotations

import copy
import shutil
import textwrap
from collections.abc import Callable, Iterator

import orjson

from reports.counts import FIGURES, Figure, counted, figure_said, totals
from reports.summary import Citation, Period, PeriodTold, Sentence, Summary, Told, covered
from reports.summary_options import SummaryFormat
from reports.wording import amended_said, capitalise, noted

Write = Callable[[str], object]


def _cited(s: Sentence, mark: str) -> str:
    marks = "".join(mark.format(n) for n in s.cites)
    return f"{noted(s.text, s.notes)} {marks}{amended_said(s.amended)}"


def _source(c: Citation) -> str:
    return c.said()


def write_text(told: Told, write: Write, width: int | None = None) -> None:
    width = width or min(shutil.get_terminal_size((80, 24)).columns, 100)
    wrap = textwrap.TextWrapper(width=width, initial_indent="  ", subsequent_indent="    ")
    fill = filler(wrap)
    write(f"Summary of {covered(told)}\n\n")
    for period in told.periods():
        write(capitalise(period.name) + "\n")
        for sentence in period.sentences():
            write(fill(_cited(sentence, "[{}]")) + "\n")
        found = counted(period.counts)
        if found:
            write(fill(f"Counted: {'; '.join(found)}.") + "\n")
        write("\n")
    write("In all")
    for line in totals(told.counted, told.still_pending):
        write("\n" + fill(line))
    said = map(figure_said, told.figures())
    for line in filled(wrap, FIGURES, said, "; ", "."):
        write("\n" + line)
    write("\n\nSources")
    for c in told.sources():
        write("\n" + fill(f"[{c.number}] {_source(c)}"))
    write("\n")


_BREAKS = frozenset("\t\n\x0b\x0c\r")
"""The whitespace textwrap replaces by a space (`textwrap._whitespace`, but the space)."""


def filler(wrap: textwrap.TextWrapper) -> Callable[[str], str]:
    """`wrap.fill`, without textwrap's work where the text fits on its first line as it is.

    textwrap splits every text into chunks by a regular expression before it fills a line
    with them, and that is most of the time a summary takes to write (two sentences in
    three fit on one line). A text that fits in the first line's width, holds no whitespace
    textwrap would replace and does not end in whitespace (which it would drop: any that
    `str.strip` strips) is that line as it stands; any other is wrapped by textwrap."""
    room = wrap.width - len(wrap.initial_indent)
    indent = wrap.initial_indent
    ready = wrap.expand_tabs and wrap.replace_whitespace and wrap.drop_whitespace

    def fill(text: str) -> str:
        if (ready and 0 < len(text) <= room and not text[-1].isspace()
                and _BREAKS.isdisjoint(text)):  # fmt: skip
            return indent + text
        return wrap.fill(text)

    return fill


def filled(
    wrap: textwrap.TextWrapper, head: str, parts: Iterator[str], sep: str, end: str, held: int = 64
) -> Iterator[str]:
    """The lines of `wrap.wrap(head + sep.join(parts) + end)`, none when there are no parts,
    holding about `held` lines of text at a time.

    textwrap wraps a paragraph only whole, and the figures of a long record make one of
    millions of words (a hundred MB of chunks). Its lines are filled greedily, each from
    its first word on: so the text from the start of the last line wrapped so far wraps
    the same again once more parts follow, provided that line starts after a space (the
    text was not cut inside a word), no word near it is longer than a line, and no
    whitespace was replaced. Tabs are expanded here, as the whole text would expand them."""
    first = next(parts, None)
    if first is None:
        return
    line = copy.copy(wrap)
    line.expand_tabs = False
    tabs = _Tabs(wrap.tabsize)
    text = tabs.expand(head + first)
    for part in parts:
        text += tabs.expand(sep + part)
        if len(text) < held * wrap.width:
            continue
        lines = line.wrap(text)
        last = lines[-1][len(line.initial_indent if len(lines) == 1 else wrap.subsequent_indent) :]
        cut = len(text) - len(last)
        if (
            len(lines) > 1
            and text.endswith(last)
            and text[cut - 1 : cut] == " "
            and _short(lines, wrap.width - len(wrap.subsequent_indent))
        ):
            yield from lines[:-1]
            text, line.initial_indent = last, wrap.subsequent_indent
    yield from line.wrap(text + tabs.expand(end))


class _Tabs:
    """`str.expandtabs` of a text given in pieces: a tab's width depends on its column."""

    def __init__(self, size: int) -> None:
        self.size, self.column = size, 0

    def expand(self, piece: str) -> str:
        pad = self.column % self.size
        out = (" " * pad + piece).expandtabs(self.size)[pad:]
        newline = max(out.rfind("\n"), out.rfind("\r"))
        self.column = len(out) - newline - 1 if newline >= 0 else self.column + len(out)
        return out


def _short(lines: list[str], width: int) -> bool:
    """No word near the cut is broken across lines (textwrap breaks a word longer than a
    line where the text ends, and its last line then differs from the whole's)."""
    return all(len(word) < width for word in " ".join(lines[-3:]).split())


def write_markdown(told: Told, write: Write) -> None:
    """The summary as the markdown export writes it (`reports.exports.markdown`: the
    record's words escaped, so they show as written), then its sources as footnotes."""
    from reports.exports.markdown import cell, write_summary

    write_summary(told, write)
    for c in told.sources():
        write(f"[^{c.number}]: {cell(_source(c))}.\n")


def write_json(told: Told, write: Callable[[bytes], object]) -> None:
    """The `Summary` document, written a period at a time."""
    write(b'{"by":' + orjson.dumps(told.by) + b',"cases":' + orjson.dumps(told.cases))
    write(b',"periods":[')
    for i, period in enumerate(told.periods()):
        head = {"name": period.name, "start": period.start}
        write((b"," if i else b"") + orjson.dumps(head)[:-1] + b',"sentences":[')
        for j, sentence in enumerate(period.sentences()):
            write((b"," if j else b"") + orjson.dumps(sentence.model_dump(mode="json")))
        write(b'],"counts":' + orjson.dumps(period.counts.model_dump(mode="json")) + b"}")
    counts = orjson.dumps(told.counted.model_dump(mode="json"))
    write(b'],"totals":' + counts.removesuffix(b"[]}") + b"[")  # figures come last in Counts
    for i, figure in enumerate(told.figures()):
        write((b"," if i else b"") + orjson.dumps(figure.model_dump(mode="json")))
    write(b']},"still_pending":' + orjson.dumps(told.still_pending) + b',"sources":[')
    for i, c in enumerate(told.sources()):
        write((b"," if i else b"") + orjson.dumps(c.model_dump(mode="json")))
    write(b"]}\n")


def write_as(told: Told, format: SummaryFormat, write: Write, width: int | None = None) -> None:
    """The summary in `format`, written a piece at a time (the JSON as UTF-8 text); the text
    wrapped to `width` (the terminal's, at most 100 columns, if not given)."""
    if format is SummaryFormat.json:
        write_json(told, lambda data: write(data.decode()))
    elif format is SummaryFormat.markdown:
        write_markdown(told, write)
    else:
        write_text(told, write, width)


def text(summary: Summary, width: int | None = None) -> str:
    """A whole summary as text (for one already held in memory)."""
    out: list[str] = []
    write_text(_Held(summary), out.append, width)
    return "".join(out)


def markdown(summary: Summary) -> str:
    out: list[str] = []
    write_markdown(_Held(summary), out.append)
    return "".join(out)


class _Held:
    """A summary already told, read through the stream's interface."""

    def __init__(self, summary: Summary) -> None:
        self.summary = summary
        self.cases, self.by = summary.cases, summary.by
        self.totals, self.still_pending = summary.totals, summary.still_pending
        self.counted = summary.totals.model_copy(update={"figures": ()})

    def figures(self) -> Iterator[Figure]:
        return iter(self.summary.totals.figures)

    def periods(self) -> Iterator[PeriodTold]:
        return (_HeldPeriod(period) for period in self.summary.periods)

    def sources(self) -> tuple[Citation, ...]:
        return self.summary.sources


class _HeldPeriod:
    def __init__(self, period: Period) -> None:
        self.name, self.start, self.counts = period.name, period.start, period.counts
        self._sentences = period.sentences

    def sentences(self) -> Iterator[Sentence]:
        return iter(self._sentences)
