"""A summary written out: wrapped text for the terminal, or markdown with footnotes."""

from __future__ import annotations

import shutil
import textwrap

from projections.summary import Citation, Counts, Sentence, Summary
from projections.wording import as_of, capitalise, number, people


def _scope(s: Summary) -> str:
    cases = f"{number(len(s.cases))} case{'s' if len(s.cases) != 1 else ''}"
    return f"{cases}, by {s.by}"


def counted(c: Counts) -> list[str]:
    """The outcomes of a period or of the whole record, in short clauses."""
    lines = [f"{people(n)} reached {country}" for country, n in sorted(c.reached.items())]
    if c.granted:
        lines.append(f"{people(c.granted)} granted asylum")
    if c.pending:
        lines.append(f"{people(c.pending)} with applications pending")
    return lines


def _figures(c: Counts) -> list[str]:
    return [
        f"{'about ' if f.about else ''}{number(f.people)} {f.population} in {f.region}"
        f" ({as_of(f.date)})"
        for f in c.figures
    ]


def _cited(s: Sentence, mark: str) -> str:
    notes = "".join(f" ({note})" for note in s.notes)
    return f"{s.text}{notes} " + "".join(mark.format(n) for n in s.cites)


def _source(c: Citation) -> str:
    return f"{c.outlet}, {c.published}" + (f" ({c.reference})" if c.reference else "")


def _totals(s: Summary) -> list[str]:
    found = counted(s.totals)
    reached = "; ".join(found) if found else "no outcome counted"
    lines = [f"In the whole record: {reached}."]
    lines.append(f"Still pending at the end of the record: {people(s.still_pending)}.")
    if s.totals.figures:
        lines.append("Figures reported: " + "; ".join(_figures(s.totals)) + ".")
    return lines


def text(s: Summary, width: int | None = None) -> str:
    width = width or min(shutil.get_terminal_size((80, 24)).columns, 100)
    wrap = textwrap.TextWrapper(width=width, initial_indent="  ", subsequent_indent="    ")
    out = [f"Summary of {_scope(s)}", ""]
    for period in s.periods:
        out.append(capitalise(period.name))
        out += [wrap.fill(_cited(sentence, "[{}]")) for sentence in period.sentences]
        found = counted(period.counts)
        if found:
            out.append(wrap.fill(f"Counted: {'; '.join(found)}."))
        out.append("")
    out.append("In all")
    out += [wrap.fill(line) for line in _totals(s)]
    out += ["", "Sources"]
    out += [wrap.fill(f"[{c.number}] {_source(c)}") for c in s.sources]
    return "\n".join(out) + "\n"


def markdown(s: Summary) -> str:
    out = [f"# Summary of {_scope(s)}", ""]
    for period in s.periods:
        out += [f"## {capitalise(period.name)}", ""]
        out += [f"- {_cited(sentence, '[^{}]')}" for sentence in period.sentences]
        found = counted(period.counts)
        if found:
            out += ["", f"*Counted: {'; '.join(found)}.*"]
        out.append("")
    out += ["## In all", ""]
    out += [f"- {line}" for line in _totals(s)]
    out.append("")
    out += [f"[^{c.number}]: {_source(c)}." for c in s.sources]
    return "\n".join(out) + "\n"
