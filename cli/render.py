"""Human output: rich tables that read well in an 80-column terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from rich.table import Table
from rich.text import Text

from cli.output import console, visible, visible_json
from events.citing import dispute_said, graded_citation
from reports.wording import when

Row = TypeVar("Row")

if TYPE_CHECKING:
    from rich.console import Console

    from projections.audit import AuditRow


def timeline_table(entries: Iterable[Mapping[str, Any]]) -> None:
    """The timeline, its entries given as `show --json` writes them, as tables of at most
    `CHUNK` rows: a long one never sits whole in memory."""
    _in_chunks(map(visible_json, entries), _timeline_chunk)


def _in_chunks(rows: Iterable[Row], draw: Callable[[list[Row], bool], None]) -> None:
    """`draw` each `CHUNK` of `rows` (the first with the header), or say there are none."""
    shown = 0
    for chunk in batched(rows, CHUNK):
        draw(chunk, shown == 0)
        shown += len(chunk)
    if not shown:
        console.print("No events.")


CHUNK = 500


def _timeline_chunk(entries: Sequence[Mapping[str, Any]], header: bool) -> None:
    beside = ids_beside(entries, console.width)
    table = timeline_columns(header, beside)
    cells: list[tuple[str, ...]] = []
    for e in entries:
        retraction = e.get("retraction") if e["retracted"] else None
        what = Text() if beside else Text(e["id"] + "\n", style="bold")
        what.append(e["text"], style="strike" if retraction else "")
        cited = "; ".join(dict.fromkeys(graded_citation(s) for s in e["sources"]))
        group = f" · {e['group']}" if e.get("group") else ""
        part = f" · {when(e['date'], part=e['part'], bracketed=True)}" if e.get("part") else ""
        what.append(f"\n{e['kind'].replace('_', ' ')}{group}{part} · {cited}", style="dim")
        if e["corrected"]:
            what.append(" · corrected", style="yellow")
        for c in e.get("citations", ()):
            cited_too = "; ".join(graded_citation(s) for s in c["sources"])
            if c.get("retracted"):
                what.append(f"\n{_withdrawn('citation', c, cited_too)}", style="red")
            else:
                # a story another outlet republished repeats its report: it confirms nothing
                how = "carried by" if all(s.get("via") for s in c["sources"]) else "confirmed by"
                said = f"\n{how} {cited_too} ({c['id']}){_amended(c)}"
                what.append(said, style="dim")
        for d in e.get("disputes", ()):
            if d.get("retracted"):
                by = "; ".join(graded_citation(s) for s in d["sources"])
                what.append(f"\n{_withdrawn('dispute', d, by)}", style="red")
                continue
            said = f"\n{_dispute(e, d)}{_amended(d)}"
            what.append(said, style="dim" if d.get("settled_by") else "yellow")
        if retraction:  # struck, and still saying what it was and who said so
            what.append(f"\nretracted: {retraction['reason']}", style="red")
        people = "" if e["people"] is None else f"{e['people']:,}"
        row = (e["date"], e["id"], people, what) if beside else (e["date"], people, what)
        table.add_row(*row)
        cells.append(tuple(cell.plain if isinstance(cell, Text) else cell for cell in row))
    _measured(table, cells, console)
    console.print(table)


WHAT_WIDTH = 40
"""The room an id may not take from "What happened": it stays readable beside it."""


def ids_beside(entries: Sequence[Mapping[str, Any]], width: int, beside: int = 10 + 6) -> bool:
    """Whether each id fits whole in a column of its own where the terminal is `width`
    wide, beside the other columns (`beside` wide: the date and the people) and 40
    columns of what happened. An id is never folded in two, since it is what a user
    copies into `correct` or `cite`: where it does not fit beside, it heads its event's
    text on a line of its own."""
    longest = max((len(e.get("id", "")) for e in entries), default=0)
    return longest <= width - beside - WHAT_WIDTH - 2 * 3  # the padding between 4 columns


def timeline_columns(header: bool, ids: bool = True) -> Table:
    """The timeline's table, its columns and no rows; `ids`: whether the ids have a column
    of their own (else each heads its event's text)."""
    table = Table(box=None, pad_edge=False, expand=False, show_header=header)
    table.add_column("Date", no_wrap=True, min_width=10)
    if ids:
        table.add_column("Event", no_wrap=True)
    table.add_column("People", justify="right", min_width=6)
    if ids:
        table.add_column("What happened (source)", ratio=1)
    else:  # each id heads its event's text, whole: `ids_beside`
        table.add_column("Event: what happened (source)", ratio=1, overflow="fold")
    return table


def _measured(table: Table, rows: Sequence[Sequence[str]], on: Console) -> None:
    """Set on each column of `table` (no box, not expanded, no width of its own) the width
    rich would find for it printed `on` that console, its `rows`' cells given as text.

    rich measures each cell of a table, twice where it is wider than the terminal: a
    third of drawing 50 rows, and no option of rich's spares it. A cell measures as its
    text does (`Text.__rich_measure__`): its longest word and its longest line; a column,
    the largest of each over its cells. So one cell per column, that word padded to that
    line, measures as the column does: rich sizes a table of that one row, by its own
    rules, and its widths are set on the columns, which rich then draws as it would have.
    Where they would not be taken as they are (the table wider than the terminal even
    so, a column narrower than its padding), rich measures every cell, as before.
    """
    headers = [column.header for column in table.columns if isinstance(column.header, str)]
    if (
        table.box
        or table.expand
        or table.width
        or table.min_width
        or len(headers) < len(table.columns)
    ):
        return
    from rich.cells import cell_len

    widest = [0] * len(table.columns)
    longest = [0] * len(table.columns)
    for row in [headers, *rows] if table.show_header else rows:
        for index, text in enumerate(row):
            lines = text.splitlines()
            line = max(map(cell_len, lines)) if lines else 0
            words = text.split()
            widest[index] = max(widest[index], line)
            longest[index] = max(longest[index], max(map(cell_len, words)) if words else line)
    sizes = list(zip(longest, widest, strict=True))
    if any(word > line for word, line in sizes):
        return  # never (a word is part of a line), but one cell could not measure so
    sizer = Table(box=None, padding=table.padding, pad_edge=table.pad_edge,
                  collapse_padding=table.collapse_padding, show_header=False)  # fmt: skip
    for column in table.columns:
        sizer.add_column(no_wrap=column.no_wrap, min_width=column.min_width,
                         max_width=column.max_width, ratio=column.ratio)  # fmt: skip
    sizer.add_row(*("x" * word + " " * (line - word) for word, line in sizes))
    try:  # rich's own sizing, which it keeps to itself
        widths = sizer._calculate_column_widths(on, on.options)
        padding = [table._get_padding_width(index) for index in range(len(table.columns))]
    except AttributeError:  # a rich that sizes tables otherwise: it measures, as ever
        return
    fits = sum(widths) <= on.options.max_width
    if fits and all(width >= max(pad, 1) for width, pad in zip(widths, padding, strict=True)):
        for column, width, pad in zip(table.columns, widths, padding, strict=True):
            column.width = width - pad


def _amended(cited: Mapping[str, Any]) -> str:
    """What follows a citation or dispute as it now stands: ` · corrected by c:10 · note:
    names the twelve` (no correction, no note: nothing)."""
    corrections = [c["id"] for c in cited.get("corrections", ())]
    said = f" · corrected by {', '.join(corrections)}" if corrections else ""
    return said + (f" · note: {cited['note']}" if cited.get("note") else "")


def _withdrawn(which: str, cited: Mapping[str, Any], by: str) -> str:
    """A retracted citation or dispute: `citation (c:3) of Yonhap, 2009-12-24 retracted by
    c:6: misread`."""
    retraction = cited.get("retraction") or {}
    by_whom = f" by {retraction['id']}" if retraction.get("id") else ""
    return f"{which} ({cited['id']}) of {by} retracted{by_whom}: {retraction.get('reason', '')}"


def _dispute(entry: Mapping[str, Any], dispute: Mapping[str, Any]) -> str:
    """The dispute of a stored entry (JSON), in `events.citing.dispute_said`'s words."""
    details: Mapping[str, Any] = entry["details"]
    return dispute_said(
        dispute["id"],
        "; ".join(graded_citation(s) for s in dispute["sources"]),
        dispute["values"],
        dispute.get("settled_by"),
        lambda name: details[name] if name in details else entry.get(name),
    )


def history_table(entries: Iterable[dict[str, Any]]) -> None:
    """The history as tables of at most `CHUNK` rows, as `timeline_table` draws the timeline."""
    _in_chunks(map(visible_json, entries), _history_chunk)


def timeline_lines(entries: Iterable[Mapping[str, Any]]) -> None:
    """`show --oneline`: each event on one line, its date, id, kind, people and text
    (`2004  vladivostok-2004-consulates:2  fled_to_mission  1  A North Korean man ...`);
    a retracted one says so before its text."""
    write = console.file.write
    for e in map(visible_json, entries):
        people = "-" if e["people"] is None else f"{e['people']:,}"
        retracted = "retracted: " if e["retracted"] else ""
        text = _one_line(e["text"])
        write(f"{e['date']:<10}  {e['id']}  {e['kind']}  {people}  {retracted}{text}\n")


def history_lines(entries: Iterable[dict[str, Any]]) -> None:
    """`replay --oneline`: each recorded event on one line, its position, when it was
    recorded, its id, kind and what `replay` shows of it."""
    write = console.file.write
    for e in map(visible_json, entries):
        recorded = e["recorded"][:19].replace("T", " ")
        detail = _one_line(_history_detail(e))
        write(f"{e['position']}  {recorded}  {e.get('id', '')}  {e['kind']}  {detail}\n")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _history_detail(e: Mapping[str, Any]) -> str:
    detail = e.get("text") or e.get("title") or e.get("reason") or e.get("erased") or ""
    if e["kind"] in ("citation", "dispute"):
        cited = "; ".join(f"{s['outlet']}, {s['published']}" for s in e["sources"])
        detail = e.get("note") or cited
    if e["kind"] in ("correction", "citation", "dispute", "retraction"):
        detail = f"{e['event']}: {detail}"
    return str(detail)


def _history_chunk(entries: Sequence[dict[str, Any]], header: bool) -> None:
    table = Table(box=None, pad_edge=False, show_header=header)
    numbers = len(str(entries[-1]["position"]))
    kinds = max(len(e["kind"]) for e in entries)
    beside = ids_beside(entries, console.width, beside=numbers + 19 + 2 + kinds)
    longest = max(len(e.get("id", "")) for e in entries)
    # under about 60 columns the time recorded leaves no room for an id: it goes under it
    dated = beside or console.width - numbers - 19 - 2 * 2 >= longest
    table.add_column("#", justify="right", min_width=numbers)
    if dated:
        table.add_column("Recorded", no_wrap=True)
    if beside:
        table.add_column("Event", no_wrap=True)
        table.add_column("Kind")
        table.add_column("Detail", ratio=1)
    else:  # each id heads its event's line, whole: `ids_beside`
        heading = "Event, kind: detail" if dated else "Event, kind, recorded: detail"
        table.add_column(heading, ratio=1, overflow="fold")
    for e in entries:
        detail = _history_detail(e)
        recorded = e["recorded"][:19].replace("T", " ")
        if beside:
            table.add_row(str(e["position"]), recorded, e.get("id", ""), e["kind"], detail)
            continue
        headed = Text(e.get("id", ""), style="bold")
        headed.append(f"  {e['kind']}\n", style="dim")
        if dated:
            table.add_row(str(e["position"]), recorded, headed.append(detail))
        else:
            headed.append(f"{recorded}\n", style="dim")
            table.add_row(str(e["position"]), headed.append(detail))
    console.print(table)


def audit_table(rows: Sequence[AuditRow]) -> None:
    table = Table(box=None, pad_edge=False)
    table.add_column("#", justify="right")
    table.add_column("Recorded", no_wrap=True)
    table.add_column("Account")
    table.add_column("Event", overflow="fold")
    table.add_column("Kind")
    for row in rows:
        kind = row.kind if row.event is None else f"{row.kind} of {row.event}"
        recorded = row.recorded.isoformat()[:19].replace("T", " ")
        account = row.account or Text("command line", style="dim")
        table.add_row(str(row.position), recorded, account, row.id, kind)
    console.print(table if rows else "No events.")


def case_panel(view: Mapping[str, Any]) -> None:
    """One case, given as `case show --json` writes it."""
    view = visible_json(view)
    start, end = view.get("first") or view["earliest"], view.get("last") or view["latest"]
    span = f"{start or '..'} to {end or '..'}" if start != end else str(start)  # as written
    rows = [
        ("Case", view["slug"]),
        ("Title", view["title"]),
        ("Status", view["status"]),
        ("People", "unknown" if view["people"] is None else f"{view['people']:,}"),
        ("Groups", "; ".join(_group(g) for g in view["groups"]) or "-"),
        ("Span", span if view["events"] else "no dated events"),
        ("Events", f"{view['events']}" + (f" ({view['retracted']} retracted)"
                                          if view["retracted"] else "")),
        ("Places", "; ".join(view["places"]) or "-"),
        ("Agencies", "; ".join(view["agencies"]) or "-"),
        ("Sources", "; ".join(view["sources"]) or "-"),
    ]  # fmt: skip
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for label, value in rows:
        table.add_row(label, value)
    console.print(table)


def _group(group: Mapping[str, Any]) -> str:
    """`main group: 12 (arrived)`, `the twelve: 2 (returned)`, `the six, of the forty: 6
    (detained)` or `part of the forty: 6 (detained)`; a size no event gives is `unknown`; a
    group its events take to no outcome yet says no status; a status the dates leave open,
    or that an outcome ranked further came before, says so (`returned (2007), then protected
    (2016)`)."""
    size = "unknown" if group["people"] is None else f"{group['people']:,}"
    said = group.get("said") or group["status"]
    status = "" if group["status"] == "open" else f" ({said})"
    within = group.get("within")
    of = "the main group" if within == "main group" else within
    if within is None:
        name = group["name"] or "main group"
    else:
        name = f"{group['name']}, of {of}" if group["name"] else f"part of {of}"
    return f"{name}: {size}{status}"


def cases_table(views: Sequence[Mapping[str, Any]]) -> None:
    """The case list, its views given as `case list --json` writes them."""
    if not views:
        console.print("No cases.")
        return
    table = Table(box=None, pad_edge=False)
    table.add_column("Case", overflow="fold")
    table.add_column("Status")
    table.add_column("People", justify="right")
    table.add_column("Title", ratio=1)
    for v in views:
        people = "" if v["people"] is None else f"{v['people']:,}"
        table.add_row(v["slug"], v["status"], people, visible(v["title"]))
    console.print(table)


def batched(items: Iterable[Row], size: int) -> Iterator[list[Row]]:
    """Lists of `size` items (itertools.batched arrives with Python 3.12)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
