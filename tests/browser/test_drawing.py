"""The drawing as a reader sees it in Chromium: kinds told by colour and by shape, the
standing of an event beside its mark, thin whiskers where a date is barely known, months
when zoomed, lane titles that keep their ends, the keyboard, and a phone's width.

One page of a record that holds every family of kinds is opened once for the module and
looked at by several tests; none of them times anything."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

import reads
from bench.generate import lines
from projections.timeline import timeline
from reports.formats import ExportFormat
from tests.browser.conftest import store_of
from tests.browser.pdf_text import pages_text

DOCS = Path(__file__).parent.parent.parent / "docs"
KYODO = [{"outlet": "Kyodo", "published": "2009-12-23", "reference": "ID 96523"}]
START = "Workers of the Amur logging camps whose applications this record follows: "
"""A title start longer than a lane's label holds: the lanes differ only in their ends."""
ENDS = {"harm": "those sent back", "safe": "those kept safe", "move": "those on the move",
        "said": "what was said"}  # fmt: skip
FAMILIES = {
    "harm": [("returned", "2009-05-01", {"country": "North Korea"}),
             ("detained", "2009-03", {}),
             ("application_refused", "2009-04-02", {"applied_for": "asylum",
                                                    "refused_by": "UNHCR"})],
    "safe": [("asylum_granted", "2009-05-03", {"country": "South Korea"}),
             ("protection_granted", "2009-06", {"protection": "refugee_status",
                                                "granted_by": "UNHCR"}),
             ("arrived", "2009-07-01", {"destination": "South Korea"})],
    "move": [("fled_to_mission", "2009-02-01", {"mission": "Consulate",
                                                "mission_country": "South Korea"}),
             ("departed_to_third_country", "2009-06-02", {"origin": "Moscow",
                                                          "destination": "Mongolia"})],
    "said": [("observation", "2009-02-03", {}),
             ("policy_stated", "2009-08", {"authority": "the Russian government"})],
}  # fmt: skip


def _record() -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = [
        {"kind": "case_opened", "case": "vague", "title": "Up to December 2009"},
        {"kind": "observation", "case": "vague", "date": "../2009-12", "people": 12,
         "text": "Known only to have happened by December 2009", "sources": KYODO},
        {"kind": "case_opened", "case": "decade", "title": "Some time in two decades"},
        {"kind": "observation", "case": "decade", "date": "199X/200X",
         "text": "Known only to its decades", "sources": KYODO},
        {"kind": "case_opened", "case": "early", "title": "The earliest known"},
        {"kind": "observation", "case": "early", "date": "2004", "text": "In 2004",
         "sources": KYODO},
    ]  # fmt: skip
    for family, events in FAMILIES.items():
        lines.append({"kind": "case_opened", "case": family, "title": START + ENDS[family]})
        for kind, date, fields in events:
            lines.append({"kind": kind, "case": family, "date": date, "people": 1,
                          "text": f"A {kind}", "sources": KYODO, **fields})  # fmt: skip
    lines += [
        {"kind": "dispute", "event": "said:2", "values": {"people": 3}, "sources": KYODO},
        {"kind": "correction", "event": "said:3", "changes": {"people": 2}, "reason": "a count"},
        {"kind": "retraction", "event": "move:3", "reason": "a duplicate"},
    ]
    return lines


LANES = ["decade", "early", "move", "said", "harm", "safe", "vague"]
"""The lanes by first known date: 1990 (`199X/200X`), 2004, February 2009 (twice: the
first recorded first), March, May, December 2009 (`../2009-12`)."""


def _page_of(browser: Browser, folder: Path, width: int, height: int = 900) -> Iterator[Page]:
    app = store_of(_record())
    out: list[str] = []
    reads.export(app, None, ExportFormat("html"), include_retracted=True)(out.append)
    html = folder / "drawing.html"
    html.write_text("".join(out), encoding="utf-8")
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(html.as_uri())
    yield page
    assert errors == []
    context.close()


@pytest.fixture(scope="module")
def drawn(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    yield from _page_of(browser, tmp_path_factory.mktemp("drawing"), 1366)


def _marks(page: Page) -> list[dict[str, Any]]:
    """Each mark: its lane, its kind's glyph and colour, its label and aria-label."""
    found: list[dict[str, Any]] = page.evaluate(
        """() => Array.from(document.querySelectorAll('.m')).map((m) => {
          const glyph = m.querySelector('use');
          return {lane: m.closest('.tl-lane').querySelector('.tl-toggle').title,
                  glyph: glyph ? glyph.getAttribute('href') : null,
                  colour: getComputedStyle(glyph || m.querySelector('rect,circle')).fill,
                  label: m.querySelector('text.l').textContent,
                  said: m.getAttribute('aria-label')};
        })"""
    )
    return found


def test_harm_protection_movement_and_statements_differ_in_colour_and_in_shape(
    drawn: Page,
) -> None:
    marks = _marks(drawn)
    told = {}
    for family in FAMILIES:
        own = [m for m in marks if m["lane"] == START + ENDS[family]]
        assert len({(m["glyph"], m["colour"]) for m in own}) == 1, own
        told[family] = (own[0]["glyph"], own[0]["colour"])
    assert len({glyph for glyph, _ in told.values()}) == len(FAMILIES)
    assert len({colour for _, colour in told.values()}) == len(FAMILIES)


def test_disputed_corrected_and_retracted_events_say_so_beside_their_marks(drawn: Page) -> None:
    labels = {m["said"].split(": ", 1)[1]: m["label"] for m in _marks(drawn)}
    standing = {text: label for text, label in labels.items() if "," in label}
    assert any(label.endswith(", disputed") for label in standing.values()), labels
    assert any(label.endswith(", corrected") for label in standing.values()), labels
    assert any(label.endswith(", retracted") for label in standing.values()), labels
    assert len(standing) == 3


def test_open_and_decade_wide_dates_are_thin_whiskers_and_lanes_follow_first_known_dates(
    drawn: Page,
) -> None:
    inked = drawn.evaluate(
        """() => Object.fromEntries(['vague', 'decade'].map((slug) => {
          const m = document.querySelector('#lane-' + slug + ' .m');
          const boxes = Array.from(m.querySelectorAll('rect, circle, use'))
            .map((s) => s.getBoundingClientRect());
          const year = document.querySelector('.tl-axis text[data-year="2001"]')
            .getBoundingClientRect().left - document.querySelector(
            '.tl-axis text[data-year="2000"]').getBoundingClientRect().left;
          return [slug, {tall: boxes.filter((b) => b.height > 3)
                                     .reduce((w, b) => w + b.width, 0) / year,
                         span: (Math.max(...boxes.map((b) => b.right)) -
                                Math.min(...boxes.map((b) => b.left))) / year}];
        }))"""
    )
    # `../2009-12`: a whisker over the years before, December 2009 and a glyph solid
    assert inked["vague"]["span"] > 10 and inked["vague"]["tall"] < 0.4, inked
    # `199X/200X`: twenty years of whisker, no bar (its glyph alone is full height)
    assert inked["decade"]["span"] > 15 and inked["decade"]["tall"] < 0.4, inked
    order = drawn.eval_on_selector_all(
        ".tl-lane[id]", "ls => ls.map((l) => l.id.replace('lane-', ''))"
    )
    assert order == LANES


def test_a_year_chosen_shows_its_months_cuts_no_label_and_the_overview_shows_where(
    drawn: Page,
) -> None:
    whole = drawn.evaluate("document.querySelector('.tl-window').getBoundingClientRect().width")
    drawn.select_option("select[data-act=period]", label="2009")
    shown = drawn.evaluate(
        """() => {
          const view = document.querySelector('.tl-scroll').getBoundingClientRect();
          const left = document.querySelector('.tl-corner').getBoundingClientRect().right;
          return Array.from(document.querySelectorAll('.tl-axis text'))
            .filter((t) => getComputedStyle(t).display !== 'none')
            .map((t) => { const r = t.getBoundingClientRect();
                          return {text: t.textContent, inside: r.left >= left - 0.5 &&
                                  r.right <= view.right + 0.5, outside: r.right <= left ||
                                  r.left >= view.right}; });
        }"""
    )
    seen = [t["text"] for t in shown if t["inside"]]
    assert {"Mar", "Jun", "Sep", "Dec"} <= set(seen), seen
    assert all(t["inside"] or t["outside"] for t in shown), shown
    window = drawn.evaluate("document.querySelector('.tl-window').getBoundingClientRect().width")
    assert window < whole / 5
    assert "2009" in drawn.inner_text(".tl-showing")
    drawn.select_option("select[data-act=period]", label="Whole record")


def test_lane_titles_keep_their_ends_and_labels_say_how_many_people(drawn: Page) -> None:
    titles = drawn.eval_on_selector_all(".tl-toggle", "ts => ts.map((t) => t.textContent)")
    for end in ENDS.values():
        assert sum(title.endswith(end) for title in titles) == 1, titles
    labels = [m["label"] for m in _marks(drawn)]
    assert "1 person returned" in labels and "1 person granted asylum" in labels, labels


def test_a_collapsed_lane_tells_its_stacked_marks_and_the_arrows_reach_each(
    drawn: Page,
) -> None:
    drawn.click("button[data-act=collapse]")
    try:
        lane = drawn.locator("#lane-harm")
        assert "3 marks stacked" in lane.locator(".tl-label").inner_text()
        lane.locator('.m[tabindex="0"]').focus()
        reached = {drawn.evaluate("document.activeElement.dataset.i")}
        for _ in range(4):
            drawn.keyboard.press("ArrowRight")
            reached.add(drawn.evaluate("document.activeElement.dataset.i"))
        assert len(reached) == 3
    finally:
        drawn.click("button[data-act=expand]")


def test_each_lane_is_one_tab_stop_and_enter_or_space_opens_the_event(drawn: Page) -> None:
    stops = drawn.eval_on_selector_all(".m", "ms => ms.filter((m) => m.tabIndex === 0).length")
    assert stops == drawn.locator("svg.tl-plot").count()
    assert drawn.locator("a.tl-skip[href='#tl-after']").count() == 1
    drawn.locator("#lane-harm .m").first.focus()
    drawn.keyboard.press("ArrowRight")
    drawn.keyboard.press("Enter")
    detail = drawn.locator(".tl-detail")
    assert detail.is_visible() and "A application_refused" in detail.inner_text()
    ring = drawn.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)")
    assert ring >= 3
    drawn.keyboard.press("ArrowDown")  # the next lane: protection
    drawn.keyboard.press(" ")
    assert "A asylum_granted" in detail.inner_text()
    drawn.keyboard.press("Escape")
    assert detail.is_hidden()
    said = drawn.get_attribute("#lane-vague .m", "aria-label") or ""
    assert said.startswith("Up to December 2009: ") and "../" not in said


@pytest.fixture(scope="module")
def phone(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    yield from _page_of(browser, tmp_path_factory.mktemp("phone"), 390, 844)


def test_on_a_phone_nothing_scrolls_sideways_titles_sit_above_lanes_and_the_tip_stays(
    phone: Page,
) -> None:
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    label, plot = (
        phone.locator("#lane-harm " + part).bounding_box() for part in (".tl-label", ".tl-plot")
    )
    assert label is not None and plot is not None
    assert label["y"] + label["height"] <= plot["y"] + 1 and label["width"] > 300
    assert (
        phone.evaluate("getComputedStyle(document.querySelector('table.cases tr')).display")
        == "block"
    )
    phone.locator("#lane-vague .m").focus()
    phone.wait_for_selector(".tl-tip:not([hidden])")
    tip = phone.locator(".tl-tip").bounding_box()
    assert tip is not None and tip["x"] >= 0 and tip["x"] + tip["width"] <= 390
    phone.keyboard.press("Escape")
    phone.locator(".tl-overview").scroll_into_view_if_needed()
    phone.screenshot(path=str(DOCS / "phone-timeline.png"))


def test_the_axis_heads_every_printed_page_of_the_drawing(browser: Browser, tmp_path: Path) -> None:
    out: list[str] = []
    reads.export(store_of(lines(300)), None, ExportFormat("html"))(out.append)
    html = tmp_path / "many.html"
    html.write_text("".join(out), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1047, "height": 740})
    page = context.new_page()
    page.goto(html.as_uri())
    page.emulate_media(media="print")
    years = page.eval_on_selector_all(
        ".tl-axis text[data-year]",
        "ts => ts.filter((t) => getComputedStyle(t).display !== 'none').map((t) => t.textContent)",
    )
    texts = pages_text(page.pdf(format="A4", landscape=True))
    context.close()
    axis = "".join(years)
    first = next(i for i, text in enumerate(texts) if axis in text)
    summary = next(i for i, text in enumerate(texts) if text.startswith("Summary"))
    assert summary - first >= 3, texts  # the lanes fill several pages
    assert all(axis in text for text in texts[first:summary]), [axis in t for t in texts]


def test_a_large_record_reaches_every_lane_by_keyboard_and_prints_every_mark(
    browser: Browser, tmp_path: Path
) -> None:
    app = store_of(lines(900))
    out: list[str] = []
    reads.export(app, None, ExportFormat("html"))(out.append)
    html = tmp_path / "large.html"
    html.write_text("".join(out), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(html.as_uri())
    lanes = page.locator("svg.tl-plot").count()
    page.locator(".tl-toggle").first.focus()
    page.keyboard.press("Tab")
    reached = {page.evaluate("document.activeElement.closest('.tl-lane').rowIndex")}
    for _ in range(lanes):
        page.keyboard.press("ArrowDown")
        reached.add(page.evaluate("document.activeElement.closest('.tl-lane').rowIndex"))
    assert len(reached) == lanes
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    drawn = page.locator(".m").count()
    context.close()
    assert drawn == len(list(timeline(app)))
