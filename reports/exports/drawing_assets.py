"""The drawing's inline CSS and JS: lanes with sticky labels (above their lanes on a
phone), an axis that repeats on every printed page; zoom, periods, the overview of where
the view is, collapsing lanes, a tab stop per lane, the event shown on hover or focus and
opened by Enter, Space or a click."""

from __future__ import annotations

CSS = """
.tl-drawing { position: relative; font: 13px/1.35 system-ui, sans-serif; color: #222; }
.tl-defs { position: absolute; }
.tl-defs stop { stop-color: var(--c); }
.m, .tl-defs pattern, .tl-legend use { fill: var(--c); }
.tl-skip { position: absolute; left: -9999px; }
.tl-skip:focus { position: static; display: inline-block; margin: .3rem 0; padding: .2rem .5rem;
  background: #fff; outline: 3px solid #1f5fa8; }
.tl-controls { display: flex; flex-wrap: wrap; gap: .4rem .6rem; align-items: center;
  margin: .5rem 0; }
.tl-controls button, .tl-controls select { font: inherit; padding: .15rem .5rem; }
.tl-showing { color: #444; font-size: 12px; }
.tl-legend { color: #444; font-size: 12px; margin: 0 0 .4rem; }
.tl-legend > span { display: flex; flex-wrap: wrap; gap: .1rem .9rem; margin: .15rem 0; }
.tl-legend svg { vertical-align: middle; margin-right: .25rem; }
.tl-overview { display: flex; align-items: center; gap: .4rem; font-size: 11px; color: #555;
  margin: 0 0 .3rem; }
.tl-track { position: relative; flex: 1; height: 8px; background: #e6e6e6; border-radius: 4px;
  cursor: pointer; }
.tl-window { position: absolute; top: -2px; bottom: -2px; left: 0; width: 100%; min-width: 3px;
  box-sizing: border-box; border: 2px solid #1f5fa8; border-radius: 4px;
  background: rgba(31, 95, 168, .25); }
.tl-scroll { overflow: auto; max-height: 78vh; border: 1px solid #bbb; background: #fff; }
.tl-table, .tl-table > thead, .tl-table > tbody { display: block; border-spacing: 0; }
.tl-table td { display: block; padding: 0; }
.tl-gridrow, .tl-gridrow > td { display: block; height: 0; }
.tl-axisin, .tl-lane, .tl-group { display: flex; width: max-content; min-width: 100%; }
.tl-axisrow { position: sticky; top: 0; z-index: 3; background: #fff;
  border-bottom: 1px solid #bbb; }
.tl-corner, .tl-label { position: sticky; left: 0; z-index: 2; flex: none; width: 15rem;
  box-sizing: border-box; background: #fff; border-right: 1px solid #ddd; }
.tl-corner { text-align: right; padding: 4px 6px 0 0; font-size: 11px; color: #555; }
.tl-table td.tl-label { padding: 2px 6px; }
.tl-label small { display: block; color: #666; font-size: 11px; }
.tl-lane:not(.tl-collapsed) .tl-stacked { display: none; }
.tl-label small.tl-stacked { color: #7a4a00; }
.tl-toggle { all: unset; cursor: pointer; font-weight: 600; font-size: 12px; display: block;
  max-width: 14rem; overflow-wrap: anywhere; }
.tl-toggle::before { content: "\\25BE\\00a0"; color: #888; }
.tl-collapsed .tl-toggle::before { content: "\\25B8\\00a0"; }
.tl-toggle:focus-visible { outline: 3px solid #1f5fa8; outline-offset: 1px; }
.tl-lane { border-top: 1px solid #eee; position: relative;
  content-visibility: auto; contain-intrinsic-size: auto 40px; }
.tl-body { position: relative; }
.tl-grid { position: absolute; top: 0; left: 15rem; pointer-events: none; }
.tl-grid rect { fill: #e6e6e6; }
.tl-group h3 { position: sticky; left: 0; margin: 0; padding: 6px; font-size: 13px;
  background: #f3f3f3; }
.tl-group > td { position: sticky; left: 0; }
.tl-group { background: #f3f3f3; border-top: 1px solid #bbb; position: relative; }
.tl-plot, .tl-axis { flex: none; display: block; }
.tl-axis text { font-size: 11px; fill: #555; }
.tl-axis text.mo { font-size: 10px; fill: #777; }
.tl-hidden, .tl-cut { display: none; }
.m { cursor: pointer; outline: none; }
.m .bar, .m .in, .m .out { stroke: rgba(0,0,0,.25); stroke-width: .5; }
.m use { stroke: #fff; stroke-width: 1; }
.m text.l { font-size: 10px; fill: #333; stroke: none; }
.m text.l .f { font-weight: 700; fill: #000; }
.m.q use.s { fill: #fff; stroke: var(--c); stroke-width: 1.6; stroke-dasharray: 2 1.4; }
.m.d .bar, .m.d use { stroke: #000; stroke-width: 1.2; stroke-dasharray: 2 1.5; }
.m.k use { stroke: #000; stroke-width: 1.5; }
.m.x { opacity: .45; }
.m.x text.l { text-decoration: line-through; }
.m:hover rect, .m:hover use, .m:focus rect, .m:focus use { stroke: #000; stroke-width: 1.5; }
.m:focus-visible { outline: 3px solid #000; outline-offset: 2px; }
.m.tl-open rect.bar, .m.tl-open use { stroke: #000; stroke-width: 2; }
.tl-collapsed .m { transform: translate(0px, 4px); }
.tl-collapsed .m text.l { display: none; }
.tl-tip { position: fixed; z-index: 10; max-width: min(26rem, calc(100vw - 16px));
  box-sizing: border-box; padding: .5rem .7rem; background: #fffef6; border: 1px solid #999;
  box-shadow: 0 2px 8px rgba(0,0,0,.2); font-size: 13px; pointer-events: none;
  overflow-wrap: anywhere; }
.tl-tip p, .tl-detail p { margin: .25rem 0; }
.tl-when { color: #555; }
.tl-note { font-style: italic; }
.tl-tip ul, .tl-detail ul { margin: .25rem 0; padding-left: 1rem; color: #444; font-size: 12px; }
.tl-detail { margin: .5rem 0; padding: .5rem .8rem; border: 2px solid #1f5fa8;
  background: #f7faff; overflow-wrap: anywhere; }
.tl-detail button { float: right; font: inherit; }
@media (max-width: 600px) {
  .tl-lane { display: block; width: max-content; }
  .tl-corner { display: none !important; }
  .tl-table td.tl-label { width: calc(100vw - 2.5rem); border-right: 0; padding: 4px 6px 0; }
  .tl-toggle { max-width: none; }
  .tl-grid { left: 0; }
  .tl-lane { contain-intrinsic-size: auto 70px; }
  .tl-scroll { max-height: 70vh; }
}
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  .tl-controls, .tl-tip, .tl-overview, .tl-skip, .tl-detail { display: none !important; }
  /* a table whose header (the axis) Chromium repeats at the top of every page */
  .tl-scroll { overflow: visible; max-height: none; border: 0; }
  .tl-table { display: table; width: 100%; table-layout: fixed; border-collapse: collapse; }
  .tl-table > thead { display: table-header-group; position: static; }
  .tl-table > tbody { display: table-row-group; }
  .tl-axisin, .tl-lane, .tl-group { display: table-row; break-inside: avoid; }
  .tl-table td { display: table-cell; vertical-align: top; }
  .tl-corner, .tl-label, .tl-group h3, .tl-group > td { position: static; }
  .tl-corner, .tl-label { width: 22%; }
  .tl-toggle { max-width: none; display: block; }
  .tl-plot, .tl-axis { width: 100%; height: auto; }
  .tl-gridrow, .tl-grid { display: none; }
  .tl-lane { content-visibility: visible; }
  .tl-axis text.tl-cut { display: inline; }
  .tl-axis text.tl-hidden { display: none; }
}
"""

JS = """
(function () {
  "use strict";
  const root = document.querySelector(".tl-drawing[data-width]");
  if (!root) return;
  const PAD = +root.dataset.pad, BASE = +root.dataset.width, ROW = +root.dataset.row;
  const TOP = +root.dataset.top, YEARS = +root.dataset.years, OVER = +root.dataset.overhang;
  const FIRST = +root.dataset.first;
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
    "Dec"];
  const scroller = root.querySelector(".tl-scroll");
  const tip = root.querySelector(".tl-tip");
  const detail = root.querySelector(".tl-detail");
  const windowEl = root.querySelector(".tl-window");
  const showing = root.querySelector(".tl-showing");
  const now = root.querySelector(".tl-now");
  let k = 1, data = null, placed = null, ticks = null, monthly = 0, opened = null;

  // Read when first needed, not on load: a page of thousands of events opens at once.
  function details() {
    if (!data) data = JSON.parse(document.getElementById("tl-data").textContent);
    return data;
  }
  function positions() {
    if (placed) return placed;
    placed = [];
    const shapes = ".tl-plot .m > *, .tl-axis text, .tl-grid rect";
    for (const el of root.querySelectorAll(shapes)) {
      const name = el.tagName === "circle" ? "cx" : "x";
      const zooms = el.tagName === "rect" && el.parentNode.classList.contains("m");
      placed.push([el, name, +el.getAttribute(name) - PAD, zooms ? +el.getAttribute("width") : 0]);
    }
    return placed;
  }
  // A lane whose marks wait in a script of their own: drawn when it nears the view, when
  // the keyboard reaches it, and before printing.
  function draw(lane) {
    const later = lane && lane.querySelector("script.tl-later");
    if (!later) return;
    const svg = lane.querySelector("svg.tl-plot");
    svg.innerHTML = later.textContent;
    later.remove();
    const found = [];
    for (const el of svg.querySelectorAll(".m > *")) {
      const name = el.tagName === "circle" ? "cx" : "x";
      const w = el.tagName === "rect" ? +el.getAttribute("width") : 0;
      found.push([el, name, +el.getAttribute(name) - PAD, w]);
    }
    if (placed) for (const item of found) placed.push(item);
    if (k !== 1) {
      for (const [el, name, x, w] of found) {
        el.setAttribute(name, (PAD + x * k).toFixed(1));
        if (w) el.setAttribute("width", (w * k).toFixed(1));
      }
    }
  }
  function drawAll() { for (const lane of root.querySelectorAll(".tl-lane")) draw(lane); }
  if (root.querySelector("script.tl-later")) {
    const near = new IntersectionObserver((seen) => {
      for (const e of seen) if (e.isIntersecting) { draw(e.target); near.unobserve(e.target); }
    }, { root: scroller, rootMargin: "400px 0px" });
    for (const later of root.querySelectorAll("script.tl-later")) {
      near.observe(later.closest(".tl-lane"));
    }
  }
  function axisTexts() {
    if (ticks) return ticks;
    ticks = [];
    for (const t of root.querySelectorAll(".tl-axis text")) {
      ticks.push([t, +t.getAttribute("x") - PAD, t.textContent.length * 7 + 2]);
    }
    return ticks;
  }
  function fit(svg) {
    const w = (PAD * 2 + BASE * k + OVER).toFixed(1), h = svg.getAttribute("height");
    svg.setAttribute("width", w);
    svg.setAttribute("viewBox", "0 0 " + w + " " + (svg.classList.contains("tl-grid") ? 100 : h));
  }
  function labelWidth() {
    const label = root.querySelector(".tl-corner");
    return label ? label.offsetWidth : 0;
  }
  function viewWidth() { return scroller.clientWidth - labelWidth(); }
  function yearAt(x) { return FIRST + Math.max(0, Math.min(YEARS, x / (BASE * k) * YEARS)); }
  function named(y) {
    const year = Math.floor(y);
    if (!monthly) return String(year);
    return MONTHS[Math.min(11, Math.floor((y - year) * 12))] + " " + year;
  }
  // Where the view is: the overview's window, the words beside the controls, the corner;
  // a tick label the edge of the view would cut is not drawn.
  function where() {
    const left = scroller.scrollLeft - PAD, width = viewWidth();
    const total = BASE * k;
    const a = Math.max(0, left / total), b = Math.min(1, (left + width) / total);
    windowEl.style.left = (a * 100).toFixed(2) + "%";
    windowEl.style.width = (Math.max(0, b - a) * 100).toFixed(2) + "%";
    const from = named(yearAt(Math.max(0, left + PAD))), to = named(yearAt(left + width) - 1e-6);
    showing.textContent = "Showing " + (from === to ? from : from + " to " + to);
    if (now) now.textContent = left > 0 ? named(yearAt(left)) : "";
    for (const [t, x, w] of axisTexts()) {
      const at = x * k;
      t.classList.toggle("tl-cut", (at < left && at + w > left) ||
                                   (at < left + width && at + w > left + width));
    }
  }
  let pending = false;
  scroller.addEventListener("scroll", () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; where(); });
  }, { passive: true });
  function zoom(next, start) {
    const view = viewWidth();
    const centre = start === undefined ? (scroller.scrollLeft + view / 2 - PAD) / k : 0;
    k = Math.min(Math.max(next, 1), 2000);
    for (const [el, name, x, w] of positions()) {
      el.setAttribute(name, (PAD + x * k).toFixed(1));
      if (w) el.setAttribute("width", (w * k).toFixed(1));
    }
    root.querySelectorAll("svg.tl-plot, svg.tl-axis, svg.tl-grid").forEach(fit);
    let step = 1;
    const steps = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
    for (step of steps) if ((BASE * k / YEARS) * step >= 40) break;
    for (const t of root.querySelectorAll("text[data-year]")) {
      t.classList.toggle("tl-hidden", t.dataset.year % step !== 0);
    }
    const perMonth = BASE * k / YEARS / 12;
    monthly = perMonth >= 30 ? 1 : perMonth * 3 >= 30 ? 3 : 0;
    for (const t of root.querySelectorAll("text[data-month]")) {
      t.classList.toggle("tl-hidden", !monthly || (t.dataset.month - 1) % monthly !== 0);
    }
    scroller.scrollLeft = start === undefined ? PAD + centre * k - view / 2 : start * k;
    where();
  }
  function collapse(lane, yes) {
    lane.classList.toggle("tl-collapsed", yes);
    const svg = lane.querySelector("svg.tl-plot");
    svg.setAttribute("height", TOP * 2 + (yes ? 1 : +lane.dataset.rows) * ROW);
    fit(svg);
    lane.querySelector(".tl-toggle").setAttribute("aria-expanded", String(!yes));
  }
  function add(parent, tag, text, cls) {
    const el = document.createElement(tag);
    el.textContent = text;
    if (cls) el.className = cls;
    parent.appendChild(el);
    return el;
  }
  function tell(into, mark) {
    const d = details().events[+mark.dataset.i];
    add(into, "strong", d[0]);
    add(into, "p", d[1], "tl-when");
    add(into, "p", d[2]);
    if (d[3]) add(into, "p", d[3]);
    for (const note of d[4]) add(into, "p", note, "tl-note");
    const list = add(into, "ul", "");
    for (const [n, grade] of d[5]) add(list, "li", "[" + n + "] " + details().sources[n] + grade);
    add(into, "small", d[6]);
  }
  function show(mark) {
    tip.replaceChildren();
    tell(tip, mark);
    tip.hidden = false;
    const r = mark.getBoundingClientRect();
    const width = tip.offsetWidth, height = tip.offsetHeight;
    const left = Math.min(Math.max(r.left, 4), window.innerWidth - width - 4);
    const below = r.bottom + 6 + height < window.innerHeight;
    const top = below ? r.bottom + 6 : r.top - height - 6;
    tip.style.left = Math.max(4, left) + "px";
    tip.style.top = Math.max(4, Math.min(top, window.innerHeight - height - 4)) + "px";
  }
  function hide() { tip.hidden = true; }
  function open(mark) {
    if (opened) opened.classList.remove("tl-open");
    opened = mark;
    mark.classList.add("tl-open");
    detail.replaceChildren();
    const close = add(detail, "button", "Close");
    close.type = "button";
    close.dataset.act = "close";
    tell(detail, mark);
    detail.hidden = false;
    hide();
  }
  function shut() {
    if (opened) opened.classList.remove("tl-open");
    opened = null;
    detail.hidden = true;
  }
  // One tab stop a lane: the mark last reached in it.
  function reach(from, to) {
    if (!to) return;
    if (from && from !== to) from.setAttribute("tabindex", "-1");
    to.setAttribute("tabindex", "0");
    to.focus();
    to.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
  function laneMarks(mark) { return Array.from(mark.closest("svg").querySelectorAll(".m")); }
  function nextLane(mark, way) {
    const lanes = Array.from(root.querySelectorAll("svg.tl-plot"));
    let i = lanes.indexOf(mark.closest("svg")) + way;
    for (; i >= 0 && i < lanes.length; i += way) {
      draw(lanes[i].closest(".tl-lane"));
      const stop = lanes[i].querySelector('.m[tabindex="0"]') || lanes[i].querySelector(".m");
      if (stop) return stop;
    }
    return null;
  }

  root.addEventListener("mouseover", (e) => {
    const m = e.target.closest(".m");
    if (m) show(m);
  });
  root.addEventListener("mouseout", (e) => {
    const m = e.target.closest(".m");
    if (m && !m.contains(e.relatedTarget)) hide();
  });
  root.addEventListener("focusin", (e) => {
    const toggle = e.target.closest(".tl-toggle");
    if (toggle) draw(toggle.closest(".tl-lane"));
    const m = e.target.closest(".m");
    if (!m) return;
    m.setAttribute("aria-describedby", "tl-tip");
    show(m);
  });
  root.addEventListener("focusout", hide);
  root.addEventListener("keydown", (e) => {
    const m = e.target.closest(".m");
    if (e.key === "Escape") { hide(); if (m) shut(); }
    if (!m) return;
    if (e.key === "Enter" || e.key === " ") { open(m); e.preventDefault(); return; }
    const all = laneMarks(m), i = all.indexOf(m);
    const to = {
      ArrowRight: () => all[i + 1], ArrowLeft: () => all[i - 1],
      Home: () => all[0], End: () => all[all.length - 1],
      ArrowDown: () => nextLane(m, 1), ArrowUp: () => nextLane(m, -1),
    }[e.key];
    if (!to) return;
    e.preventDefault();
    reach(m, to());
  });
  root.addEventListener("click", (e) => {
    const mark = e.target.closest(".m");
    if (mark) { open(mark); return; }
    const toggle = e.target.closest(".tl-toggle");
    if (toggle) {
      const lane = toggle.closest(".tl-lane");
      collapse(lane, !lane.classList.contains("tl-collapsed"));
      return;
    }
    const track = e.target.closest(".tl-track");
    if (track) {
      const r = track.getBoundingClientRect();
      const at = (e.clientX - r.left) / r.width * BASE * k;
      scroller.scrollLeft = PAD + at - viewWidth() / 2;
      return;
    }
    const button = e.target.closest("button[data-act]");
    if (!button) return;
    const act = button.dataset.act;
    if (act === "close") shut();
    if (act === "in") zoom(k * 2);
    if (act === "out") zoom(k / 2);
    if (act === "collapse" || act === "expand") {
      for (const lane of root.querySelectorAll(".tl-lane")) collapse(lane, act === "collapse");
    }
  });
  root.querySelector("select[data-act=period]").addEventListener("change", (e) => {
    if (!e.target.value) { zoom(1, 0); return; }
    const [a, b] = e.target.value.split(" ").map(Number);
    zoom((viewWidth() - PAD * 2) / (b - a), a);
  });
  window.addEventListener("beforeprint", () => { drawAll(); zoom(1, 0); });
  // A phone shows a few years at a time: it opens at the latest, where most records end.
  if (window.matchMedia("(max-width: 600px)").matches) scroller.scrollLeft = scroller.scrollWidth;
  where();
})();
"""
