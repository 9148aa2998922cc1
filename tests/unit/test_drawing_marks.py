"""What the drawing tells without a browser: kinds by colour and shape, colours apart for
red-green colour blindness, ink only where a date is known, titles that keep their ends,
groups of cases that are not repeated, a source list a browser numbers at once."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from events.edtf import Point, Precision, parse_edtf
from events.facts import FACT, FACT_KINDS
from events.ids import EventId
from projections.case_view import CaseView
from projections.record import make_entry
from reports.exports.common import SourceNumbers, middle_ellipsis
from reports.exports.drawing import GROUPED_OVER, drawing
from reports.exports.frame import KIND_CLASS, KIND_CLASSES
from reports.exports.marks import GLYPHS, MIN_WIDTH, pieces, scale_of
from reports.exports.page import _sources
from tests.strategies import edtf_dates
from tests.unit.test_exports import NOW

# Red-green colour blindness simulated as Machado, Oliveira and Fernandes (2009) do, at full
# severity, on linear RGB.
DEUTERANOPIA = ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                (-0.011820, 0.042940, 0.968881))  # fmt: skip
PROTANOPIA = ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
              (-0.003882, -0.048116, 1.051998))  # fmt: skip
TYPICAL = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))
APART = 15.0
"""The least CIE76 difference between two classes' colours, in any of the three visions
(about 2.3 is the least a viewer notices; 15 is told apart at a glance)."""


def _linear(hex_colour: str) -> tuple[float, ...]:
    def one(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return tuple(one(int(hex_colour[i : i + 2], 16) / 255) for i in (1, 3, 5))


def _seen(vision: tuple[tuple[float, ...], ...], rgb: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True))))
                 for row in vision)  # fmt: skip


def _lab(rgb: tuple[float, ...]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.9505
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.089

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _luminance(hex_colour: str) -> float:
    r, g, b = _linear(hex_colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_every_kind_of_the_vocabulary_has_a_class_and_harm_is_never_drawn_as_protection() -> None:
    assert set(FACT_KINDS) | {"no_protection"} <= set(KIND_CLASS)
    harms = {"returned", "detained", "application_refused", "no_protection"}
    assert {KIND_CLASS[k] for k in harms} == {"harm"}
    assert {KIND_CLASS[k] for k in ("asylum_granted", "protection_granted", "arrived")} == {"safe"}
    assert (
        len({KIND_CLASS[k] for k in ("returned", "arrived", "fled_to_mission", "observation")}) == 4
    )


def test_each_class_has_a_glyph_of_its_own_and_a_colour_that_stands_out_from_the_page() -> None:
    assert len({k.glyph for k in KIND_CLASSES.values()}) == len(KIND_CLASSES)
    for k in KIND_CLASSES.values():
        assert (1.0 + 0.05) / (_luminance(k.colour) + 0.05) >= 3.0, k


def test_the_colours_stay_apart_for_deuteranopia_and_protanopia() -> None:
    for vision in (TYPICAL, DEUTERANOPIA, PROTANOPIA):
        seen = {name: _lab(_seen(vision, _linear(k.colour))) for name, k in KIND_CLASSES.items()}
        for a, b in itertools.combinations(seen, 2):
            difference = sum((p - q) ** 2 for p, q in zip(seen[a], seen[b], strict=True)) ** 0.5
            assert difference >= APART, (a, b, round(difference, 1), vision[0])


def _known(text: str) -> tuple[date, date] | None:
    """The time full ink may cover, or None: a non-vague end's own span (known to its
    month or year), and the time certainly between the ends; never an open end's or a
    decade-wide end's span alone."""
    parsed = parse_edtf(text)
    start, end = parsed.start, parsed.end

    def vague(p: Point) -> bool:
        return p.precision in (Precision.DECADE, Precision.CENTURY)

    def after(p: Point) -> date:
        return p.latest + timedelta(days=1)

    if not parsed.interval:
        assert start is not None
        return None if vague(start) else (start.earliest, after(start))
    if start is None:
        assert end is not None
        low = end.earliest
    else:
        low = after(start) if vague(start) else start.earliest
    if end is None:
        assert start is not None
        high = after(start)
    else:
        high = end.earliest if vague(end) else after(end)
    if start is not None and not vague(start):
        high = max(high, after(start))
    if end is not None and not vague(end):
        low = min(low, end.earliest)
    return (low, high) if low < high else None


@settings(max_examples=400, deadline=None)
@given(text=edtf_dates())
def test_full_ink_only_where_the_date_is_known_and_one_glyph_a_mark(text: str) -> None:
    scale = scale_of([text])
    drawn = pieces(text, scale)
    assert sum(p.shape in GLYPHS for p in drawn) == 1
    full = [p for p in drawn if p.shape in ("bar", "in", "out")]
    known = _known(text)
    if known is None:
        assert full == []
        return
    low, high = scale.x(known[0]), scale.x(known[1])
    for piece in full:
        assert low - 1e-6 <= piece.x and piece.x + piece.w <= max(high, piece.x + MIN_WIDTH) + 1e-6


@settings(max_examples=300, deadline=None)
@given(text=st.text(min_size=1, max_size=200), most=st.integers(10, 80))
def test_a_long_title_keeps_its_start_and_its_end(text: str, most: int) -> None:
    shown = middle_ellipsis(text, most)
    assert len(shown) <= most
    if len(text) <= most:
        assert shown == text
    else:
        end = text[-((most - 1) // 2) :].lstrip()  # the last half, less spaces at the cut
        assert shown.endswith("…" + end)
        assert text.startswith(shown[: len(shown) - len(end) - 1])


def _case(slug: str, status: str) -> CaseView:
    return CaseView(slug=slug, title=f"Case {slug}", status=status, closed=False, people=1,
                    earliest=None, latest=None, places=(), agencies=(), events=1, retracted=0,
                    sources=())  # fmt: skip


STATUSES = ["returned, departed", "arrived", "returned", "pending", "granted, returned",
            "departed, detained", "open", "a status of a newer vocabulary"]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(statuses=st.lists(st.sampled_from(STATUSES), min_size=GROUPED_OVER + 1, max_size=30))
def test_cases_alike_are_one_group_each_named_once(statuses: list[str]) -> None:
    cases = [_case(f"c{i}", status) for i, status in enumerate(statuses)]
    fields = {"kind": "observation", "date": "2009", "text": "t",
              "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}  # fmt: skip
    timeline = [
        make_entry(EventId(c.slug, 2), FACT.validate_python(fields), i, NOW)
        for i, c in enumerate(cases)
    ]
    html = drawing(timeline, cases, SourceNumbers()).html
    headings = re.findall(r"<h3>(.*?) <small>\((\d+) cases?\)</small></h3>", html)
    names = [name for name, _ in headings]
    assert len(names) == len(set(names)), names
    assert sum(int(n) for _, n in headings) == len(cases)
    assert len(names) == len({s.split(", ")[0] for s in statuses})


@settings(max_examples=40, deadline=None)
@given(count=st.integers(1, 1600), first=st.integers(1, 3))
def test_the_source_list_numbers_its_items_without_an_attribute_on_each(
    count: int, first: int
) -> None:
    numbers = SourceNumbers(
        (n, (f"Outlet {n}", "2009-12-23", None)) for n in range(first, first + count)
    )
    html = _sources(numbers)
    assert " value=" not in html
    told = []
    for start, items in re.findall(r'<ol(?: start="(\d+)")?>(.*?)</ol>', html):
        ids = [int(n) for n in re.findall(r'<li id="source-(\d+)">', items)]
        assert ids == list(range(int(start or 1), int(start or 1) + len(ids)))
        told += ids
    assert told == list(range(first, first + count))
