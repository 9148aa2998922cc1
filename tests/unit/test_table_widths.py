"""The timeline's column widths found from the cells' text (`cli.render._measured`): the
table is drawn byte for byte as rich draws it when it measures every cell itself."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from cli.render import _measured, timeline_columns

WORDS = ["Kim", "arrived", "Blagoveshchensk,", "2009-12-23", "a", "·", "1,234", "漢字漢字",
         "북한", "\uff46\uff55\uff4c\uff4c", "😄", "👨\u200d👩\u200d👧", "e\u0301", "\u200b", "x" * 30, "z" * 90,
         "case-000100:33", "(ID", "863716)", "ﾊﾝｶｸ", "\u3000", "tab\there"]  # fmt: skip
SEPARATORS = [" ", " ", " ", "  ", "\n", "\t", "\u2028"]


@st.composite
def cell(draw: st.DrawFn, most: int = 12) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), max_size=most))
    separators = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)))  # fmt: skip
    return "".join(w + s for w, s in zip(words, separators, strict=True)).strip(draw(st.sampled_from([" ", "", "\n"])))  # fmt: skip


ROW = st.tuples(cell(3), cell(3), cell(2), cell(30), cell(10))
"""Date, event, people, what happened and its dim second line."""


def drawn(
    rows: list[tuple[str, ...]], header: bool, width: int, colour: bool, measured: bool,
    ids: bool = True,
) -> str:  # fmt: skip
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=colour, color_system="truecolor" if colour else None,
                      highlight=False, markup=False, emoji=False)  # fmt: skip
    table = timeline_columns(header, ids)
    cells = []
    for date, event, people, text, source in rows:
        what = Text() if ids else Text(f"{event}\n", style="bold")
        what.append(text)
        what.append(f"\n{source}", style="dim")
        row = (date, event, people, what) if ids else (date, people, what)
        table.add_row(*row)
        cells.append(tuple(c.plain if isinstance(c, Text) else c for c in row))
    if measured:
        _measured(table, cells, console)
    console.print(table)
    return out.getvalue()


def test_the_widths_found_from_the_text_draw_the_table_rich_draws() -> None:
    widths_set = 0

    @settings(max_examples=300, deadline=None)
    @given(st.lists(ROW, min_size=1, max_size=8), st.booleans(), st.booleans(),
           st.sampled_from([20, 33, 40, 47, 60, 80, 81, 120, 200]), st.booleans())  # fmt: skip
    def check(
        rows: list[tuple[str, ...]], header: bool, colour: bool, width: int, ids: bool
    ) -> None:
        nonlocal widths_set
        measured = drawn(rows, header, width, colour, True, ids)
        assert measured == drawn(rows, header, width, colour, False, ids)
        widths_set += _widths_found(rows, header, width)

    check()
    assert widths_set >= 30, (
        widths_set
    )  # most tables in an 80-column terminal fit; many here do not


def _widths_found(rows: list[tuple[str, ...]], header: bool, width: int) -> bool:
    """Whether the widths were found from the text (the table fits), not measured by rich."""
    table = timeline_columns(header)
    console = Console(file=io.StringIO(), width=width)
    _measured(table, [(*row[:3], f"{row[3]}\n{row[4]}") for row in rows], console)
    return all(column.width is not None for column in table.columns)


def test_the_widths_are_set_where_the_table_fits() -> None:
    rows = [("2009-12-23", "case-000100:33", "1,234", "Arrived in Khabarovsk. " * 5)]
    console = Console(file=io.StringIO(), width=80)
    table = timeline_columns(True)
    table.add_row(*rows[0])
    _measured(table, rows, console)
    assert [column.width for column in table.columns] == [10, 14, 6, 44]


def test_ids_have_a_column_of_their_own_only_where_each_fits_whole_beside_the_text() -> None:
    from cli.render import ids_beside

    entries = [{"id": "vladivostok-2004-consulates:2"}, {"id": "amur-2009-group:10"}]
    assert not ids_beside(entries, 80)  # 80 columns: each id heads its event's text
    assert ids_beside(entries, 100)
    assert ids_beside([{"id": "c:1"}], 80)
