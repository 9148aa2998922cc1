"""The drawing's inline CSS and JS: colours, lanes with sticky labels, print on A4; zoom,
periods, collapsing lanes, and the event shown on hover or focus."""

from __future__ import annotations

CSS = """
.tl-drawing { position: relative; font: 13px/1.35 system-ui, sans-serif; color: #222; }
.tl-defs { position: absolute; }
.c-move { --c: #1f5fa8; } .c-asylum { --c: #17805c; } .c-said { --c: #7d6b52; }
.c-fig { --c: #8a4fa0; }
.c-move, .c-asylum, .c-said, .c-fig { fill: var(--c); color: var(--c); }
.tl-defs stop { stop-color: var(--c); }
.tl-controls { display: flex; flex-wrap: wrap; gap: .4rem .6rem; align-items: center;
  margin: .5rem 0; }
.tl-controls button, .tl-controls select { font: inherit; padding: .15rem .5rem; }
.tl-legend { color: #444; font-size: 12px; }
.tl-legend svg { vertical-align: middle; margin: 0 .2rem 0 .5rem; }
.tl-scroll { overflow: auto; max-height: 78vh; border: 1px solid #bbb; background: #fff; }
.tl-axisrow, .tl-lane, .tl-group { display: flex; width: max-content; min-width: 100%; }
.tl-axisrow { position: sticky; top: 0; z-index: 3; background: #fff;
  border-bottom: 1px solid #bbb; }
.tl-corner, .tl-label { position: sticky; left: 0; z-index: 2; flex: none; width: 15rem;
  box-sizing: border-box; background: #fff; border-right: 1px solid #ddd; }
.tl-label { padding: 2px 6px; }
.tl-label small { display: block; color: #666; font-size: 11px; }
.tl-toggle { all: unset; cursor: pointer; font-weight: 600; font-size: 12px; overflow: hidden;
  display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; max-width: 14rem; }
.tl-toggle::before { content: "\\25BE\\00a0"; color: #888; }
.tl-collapsed .tl-toggle::before { content: "\\25B8\\00a0"; }
.tl-collapsed .tl-toggle { -webkit-line-clamp: 1; }
.tl-toggle:focus-visible { outline: 2px solid #1f5fa8; }
.tl-lane { border-top: 1px solid #eee; position: relative;
  content-visibility: auto; contain-intrinsic-size: auto 40px; }
.tl-body { position: relative; }
.tl-grid { position: absolute; top: 0; left: 15rem; pointer-events: none; }
.tl-grid rect { fill: #e6e6e6; }
.tl-group h3 { position: sticky; left: 0; margin: 0; padding: 6px; font-size: 13px;
  background: #f3f3f3; }
.tl-group { background: #f3f3f3; border-top: 1px solid #bbb; position: relative; }
.tl-plot, .tl-axis { flex: none; display: block; }
.tl-axis text { font-size: 11px; fill: #555; }
.tl-hidden { display: none; }
.m { cursor: pointer; outline: none; }
.m .bar, .m circle { stroke: rgba(0,0,0,.25); stroke-width: .5; }
.m text.l { font-size: 10px; fill: #333; stroke: none; }
.m.q circle { fill: #fff; stroke: var(--c); stroke-width: 1.6; stroke-dasharray: 2 1.4; }
.m.x { opacity: .4; }
.m.x text.l { text-decoration: line-through; }
.m:hover rect, .m:hover circle, .m:focus rect, .m:focus circle { stroke: #000;
  stroke-width: 1.5; }
.tl-collapsed .m { transform: translate(0px, 4px); }
.tl-collapsed .m text.l { display: none; }
.tl-tip { position: fixed; z-index: 10; max-width: 26rem; padding: .5rem .7rem;
  background: #fffef6; border: 1px solid #999; box-shadow: 0 2px 8px rgba(0,0,0,.2);
  font-size: 13px; pointer-events: none; }
.tl-tip p { margin: .25rem 0; }
.tl-tip .tl-when { color: #555; }
.tl-tip .tl-note { font-style: italic; }
.tl-tip ul { margin: .25rem 0; padding-left: 1rem; color: #444; font-size: 12px; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  .tl-controls, .tl-tip { display: none !important; }
  .tl-scroll { overflow: visible; max-height: none; border: 0; }
  .tl-axisrow, .tl-lane, .tl-group { width: 100%; break-inside: avoid; }
  .tl-axisrow, .tl-corner, .tl-label, .tl-group h3 { position: static; }
  .tl-corner, .tl-label { width: 22%; }
  .tl-toggle { max-width: none; display: block; }
  .tl-plot, .tl-axis { width: 78%; height: auto; }
  .tl-grid { left: 22%; width: 78%; }
  .tl-lane { content-visibility: visible; }
}
"""

JS = """
(function () {
  "use strict";
  const root = document.querySelector(".tl-drawing[data-width]");
  if (!root) return;
  const PAD = +root.dataset.pad, BASE = +root.dataset.width, ROW = +root.dataset.row;
  const TOP = +root.dataset.top, YEARS = +root.dataset.years, OVER = +root.dataset.overhang;
  const scroller = root.querySelector(".tl-scroll");
  const tip = root.querySelector(".tl-tip");
  let k = 1, data = null, placed = null, marks = null;

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
  function byIndex() {
    if (marks) return marks;
    marks = [];
    for (const m of root.querySelectorAll(".m")) marks[+m.dataset.i] = m;
    return marks;
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
  function zoom(next, start) {
    const view = scroller.clientWidth - labelWidth();
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
    scroller.scrollLeft = start === undefined ? PAD + centre * k - view / 2 : start * k;
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
  function show(mark) {
    const d = details().events[+mark.dataset.i];
    tip.replaceChildren();
    add(tip, "strong", d[0]);
    add(tip, "p", d[1], "tl-when");
    add(tip, "p", d[2]);
    if (d[3]) add(tip, "p", d[3]);
    for (const note of d[4]) add(tip, "p", note, "tl-note");
    const list = add(tip, "ul", "");
    for (const [n, grade] of d[5]) add(list, "li", "[" + n + "] " + details().sources[n] + grade);
    add(tip, "small", d[6]);
    tip.hidden = false;
    const r = mark.getBoundingClientRect();
    const left = Math.min(r.left, window.innerWidth - tip.offsetWidth - 8);
    const below = r.bottom + 6 + tip.offsetHeight < window.innerHeight;
    tip.style.left = Math.max(4, left) + "px";
    tip.style.top = (below ? r.bottom + 6 : Math.max(4, r.top - tip.offsetHeight - 6)) + "px";
  }
  function hide() { tip.hidden = true; }

  root.addEventListener("mouseover", (e) => {
    const m = e.target.closest(".m");
    if (m) show(m);
  });
  root.addEventListener("mouseout", (e) => {
    const m = e.target.closest(".m");
    if (m && !m.contains(e.relatedTarget)) hide();
  });
  root.addEventListener("focusin", (e) => {
    const m = e.target.closest(".m");
    if (!m) return;
    m.setAttribute("aria-describedby", "tl-tip");
    show(m);
  });
  root.addEventListener("focusout", hide);
  root.addEventListener("keydown", (e) => {
    if (e.key === "Escape") hide();
    const m = e.target.closest(".m");
    if (!m || (e.key !== "ArrowRight" && e.key !== "ArrowLeft")) return;
    const next = byIndex()[+m.dataset.i + (e.key === "ArrowRight" ? 1 : -1)];
    if (next) { next.focus(); e.preventDefault(); }
  });
  root.addEventListener("click", (e) => {
    const toggle = e.target.closest(".tl-toggle");
    if (toggle) {
      const lane = toggle.closest(".tl-lane");
      collapse(lane, !lane.classList.contains("tl-collapsed"));
      return;
    }
    const button = e.target.closest("button[data-act]");
    if (!button) return;
    const act = button.dataset.act;
    if (act === "in") zoom(k * 2);
    if (act === "out") zoom(k / 2);
    if (act === "collapse" || act === "expand") {
      for (const lane of root.querySelectorAll(".tl-lane")) collapse(lane, act === "collapse");
    }
  });
  root.querySelector("select[data-act=period]").addEventListener("change", (e) => {
    if (!e.target.value) { zoom(1, 0); return; }
    const [a, b] = e.target.value.split(" ").map(Number);
    zoom((scroller.clientWidth - labelWidth() - PAD * 2) / (b - a), a);
  });
  window.addEventListener("beforeprint", () => zoom(1, 0));
})();
"""
