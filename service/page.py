"""/: the record to look at and add to in a browser, over the same API scripts use.

A browser does not send a bearer token when it opens a page, so the page asks for the
token, keeps it in the tab's session storage, and calls the API with it: the drawn
timeline is the html export (shown in a sandboxed frame that cannot read the token),
the list of events, an event's sources and history, and for editors a form built from
the vocabulary's own JSON Schema (`GET /kinds`), so the API checks what the form asks
and its refusals are shown as they come. Nothing is fetched from elsewhere.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(tags=["page"])

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:1rem 1.5rem;color:#222}
h1{font-size:1.4rem;margin:0}h2{font-size:1.15rem;margin:1.4rem 0 .4rem;
border-bottom:1px solid #ccc}
header{display:flex;gap:1rem;align-items:baseline;flex-wrap:wrap}
#who{color:#555}
input,select,textarea,button{font:inherit;padding:.25rem .4rem}
label{display:block;font-size:13px;color:#444;margin-top:.35rem}
form.row{display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:end}
form.row label{margin:0}
.error{color:#a00;white-space:pre-wrap}.ok{color:#17642f}
iframe{width:100%;height:80vh;border:1px solid #bbb}
select{max-width:24rem}
table{border-collapse:collapse;font-size:14px;width:100%}
th,td{text-align:left;padding:.2rem .5rem .2rem 0;border-bottom:1px solid #eee;
vertical-align:top}
td button{all:unset;color:#1f5fa8;text-decoration:underline;cursor:pointer}
td button:focus-visible,button:focus-visible{outline:2px solid #1f5fa8}
.retracted{text-decoration:line-through;color:#777}
#detail{background:#fafaf5;border:1px solid #ddd;padding:.3rem 1rem;margin-top:.6rem}
#append fieldset{border:1px solid #ddd;margin:.5rem 0}
#append input,#append select,#append textarea{width:min(34rem,100%)}
.hint{font-size:12px;color:#666}
[hidden]{display:none!important}
"""

_SCRIPT = r"""
"use strict";
const $ = (id) => document.getElementById(id);
const KEY = "timeline-token";
let token = sessionStorage.getItem(KEY);
let kinds = {};
const COMMON = ["date", "text", "people", "place", "actors", "agencies", "sources"];

async function api(path, options = {}) {
  const headers = {Authorization: "Bearer " + token, ...(options.headers || {})};
  const response = await fetch(path, {...options, headers});
  if (!response.ok) {
    let detail = response.status + " " + response.statusText;
    try {
      const problem = await response.json();
      detail = problem.detail || problem.title || detail;
    } catch (e) { /* not a problem document */ }
    const error = new Error(detail);
    error.status = response.status;
    throw error;
  }
  return response;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = v; else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children) node.append(child);
  return node;
}

function filters() {
  const query = new URLSearchParams();
  for (const [name, id] of [["case", "f-case"], ["from", "f-from"], ["to", "f-to"],
                            ["kind", "f-kind"]]) {
    const value = $(id).value.trim();
    if (value) query.set(name, value);
  }
  if ($("f-retracted").checked) query.set("include_retracted", "true");
  return query;
}

async function signIn(given) {
  token = given;
  $("error").textContent = "";
  try {
    const account = await (await api("account")).json();
    sessionStorage.setItem(KEY, token);
    $("who").textContent = "Signed in as " + account.name + " (" + account.role + ")";
    $("login").hidden = true;
    $("record").hidden = false;
    $("signout").hidden = false;
    kinds = await (await api("kinds")).json();
    await loadChoices();
    $("append-section").hidden = account.role === "reader";
    await show();
  } catch (error) {
    sessionStorage.removeItem(KEY);
    token = null;
    $("error").textContent = error.message;
  }
}

async function loadChoices() {
  const cases = await (await api("cases")).json();
  for (const select of [$("f-case"), $("a-case")]) {
    const keep = select.value;
    select.replaceChildren(select.id === "f-case" ? el("option", {value: "", text: "every case"})
                                                  : el("option", {value: "", text: "choose"}));
    for (const c of cases) {
      select.append(el("option", {value: c.slug, text: c.slug + " \u2014 " + c.title}));
    }
    select.value = keep;
  }
  for (const select of [$("f-kind"), $("a-kind")]) {
    const keep = select.value;
    select.replaceChildren(el("option", {value: "", text: select.id === "f-kind" ?
                                                    "every kind" : "choose"}));
    for (const kind of Object.keys(kinds)) {
      select.append(el("option", {value: kind, text: kind.replaceAll("_", " ")}));
    }
    select.value = keep;
  }
}

async function show() {
  $("status").textContent = "Loading\u2026";
  $("status").className = "";
  const query = filters();
  try {
    const [drawn, entries] = await Promise.all([
      api("export?format=html&" + query).then((r) => r.text()),
      api("timeline?" + query).then((r) => r.json()),
    ]);
    // the frame opens at the drawing; the cases above it and the summary below scroll in
    const atDrawing = "<script>document.scrollingElement.scrollTop = " +
                      "document.getElementById('timeline-h').offsetTop</" + "script></body>";
    $("drawing").srcdoc = drawn ? drawn.replace("</body>", atDrawing) : "<p>No events.</p>";
    listEvents(entries);
    $("status").textContent = entries.length + " event" + (entries.length === 1 ? "" : "s");
  } catch (error) {
    $("status").textContent = error.message;
    $("status").className = "error";
  }
}

function listEvents(entries) {
  const body = $("events").tBodies[0];
  body.replaceChildren();
  for (const e of entries) {
    const open = el("button", {type: "button", text: e.id, "data-event": e.id});
    open.addEventListener("click", () => detail(e.id));
    body.append(el("tr", {class: e.retracted ? "retracted" : null},
      el("td", {text: e.date}), el("td", {}, open), el("td", {text: e.kind.replaceAll("_", " ")}),
      el("td", {text: e.people === null ? "" : String(e.people)}), el("td", {text: e.text})));
  }
}

async function detail(id) {
  const box = $("detail");
  box.hidden = false;
  box.replaceChildren(el("p", {text: "Loading\u2026"}));
  try {
    const found = await (await api("events/" + encodeURIComponent(id))).json();
    const e = found.entry;
    const heading = el("h3", {tabindex: "-1", text: e.id + ": " + e.kind.replaceAll("_", " ")});
    const facts = el("dl");
    const status = e.retracted ? "retracted" : (e.corrected ? "corrected" : "as recorded");
    const rows = [["When", e.date], ["What", e.text], ["People", e.people], ["Place", e.place],
                  ["Status", status]];
    for (const [name, value] of rows) {
      if (value === null || value === undefined || value === "") continue;
      facts.append(el("dt", {text: name}), el("dd", {text: String(value)}));
    }
    const sources = el("ul");
    for (const s of e.sources) {
      const said = [s.outlet, s.published, s.reference].filter(Boolean).join(", ");
      sources.append(el("li", {text: said + (s.quote ? ": \u201c" + s.quote + "\u201d" : "")}));
    }
    const cited = el("ul");
    for (const c of [...(e.citations || []), ...(e.disputes || [])]) {
      cited.append(el("li", {class: c.retracted ? "retracted" : null, text: citedSaid(c)}));
    }
    const history = el("ol");
    for (const h of found.history) {
      const of = h.event && h.event !== e.id ? " " + h.event : "";
      let what = h.kind === "correction" ? "corrected" + of + ": " + JSON.stringify(h.changes) +
                 (h.reason ? " (" + h.reason + ")" : "")
               : h.kind === "retraction" ? "retracted" + of + ": " + h.reason
               : h.kind === "citation" || h.kind === "dispute" ? h.kind + " " + h.id
               : "recorded";
      history.append(el("li", {text: h.recorded.slice(0, 19).replace("T", " ") + " \u2014 " +
                                      what + " (position " + h.position + ")"}));
    }
    const parts = [heading, facts, el("h4", {text: "Sources"}), sources];
    if (cited.children.length) parts.push(el("h4", {text: "Citations and disputes"}), cited);
    box.replaceChildren(...parts, el("h4", {text: "History"}), history);
    heading.focus();
  } catch (error) {
    box.replaceChildren(el("p", {class: "error", role: "alert", text: error.message}));
  }
}

// a citation or dispute as it now stands: its sources, the values a dispute gives, its
// note, its corrections; a retracted one says so and why
function citedSaid(c) {
  const by = c.sources.map((s) => [s.outlet, s.published, s.reference].filter(Boolean)
    .join(", ") + (s.grade ? " [" + s.grade + "]" : "") +
    (s.quote ? ": \u201c" + s.quote + "\u201d" : "")).join("; ");
  const gives = c.values ? " gives " + Object.entries(c.values)
    .map(([k, v]) => k + " " + JSON.stringify(v)).join("; ") : "";
  let said = (c.values ? "dispute " : "citation ") + c.id + ": " + by + gives;
  if (c.note) said += " \u2014 note: " + c.note;
  if (c.settled_by) said += " (settled by " + c.settled_by + ")";
  if (c.corrections && c.corrections.length) {
    said += " (corrected by " + c.corrections.map((a) => a.id).join(", ") + ")";
  }
  if (c.retracted) said += " \u2014 retracted by " + c.retraction.id + ": " + c.retraction.reason;
  return said;
}

function typeOf(schema) {
  const options = schema.anyOf ? schema.anyOf.filter((s) => s.type !== "null") : [schema];
  return options[0] || {};
}

function fieldFor(name, schema, required) {
  const type = typeOf(schema);
  const id = "a-field-" + name;
  const label = el("label", {for: id, text: name.replaceAll("_", " ") + (required ? " *" : "")});
  let input;
  if (type.type === "integer") {
    input = el("input", {id, name, type: "number", min: type.minimum ?? null, step: "1"});
  } else if (type.type === "array") {
    input = el("input", {id, name, "data-list": "yes"});
  } else {
    input = el("input", {id, name});
  }
  if (required) input.required = true;
  let hint = schema.description || "";
  if (type.type === "array") hint += (hint ? "; " : "") + "separate several with ;";
  if (type.items && type.items.enum) hint += " (" + type.items.enum.join(", ") + ")";
  return [label, input, el("div", {class: "hint", text: hint})];
}

function buildForm() {
  const kind = $("a-kind").value;
  const own = $("a-own");
  own.replaceChildren();
  if (!kind) return;
  const schema = kinds[kind];
  const required = new Set(schema.required || []);
  for (const [name, property] of Object.entries(schema.properties)) {
    if (name === "kind" || name === "sources" || name === "date" || name === "text") continue;
    own.append(...fieldFor(name, property, required.has(name)));
  }
}

function formLine() {
  const schema = kinds[$("a-kind").value] || {properties: {}};
  const line = {date: $("a-date").value.trim(), text: $("a-text").value.trim()};
  for (const input of $("a-own").querySelectorAll("input")) {
    const value = input.value.trim();
    if (!value) continue;
    const type = typeOf(schema.properties[input.name] || {});
    line[input.name] = input.dataset.list ? value.split(";").map((v) => v.trim()).filter(Boolean)
                     : type.type === "integer" ? Number(value) : value;
  }
  const source = {outlet: $("a-outlet").value.trim(), published: $("a-published").value.trim()};
  if ($("a-reference").value.trim()) source.reference = $("a-reference").value.trim();
  if ($("a-quote").value.trim()) source.quote = $("a-quote").value.trim();
  line.sources = [source];
  return line;
}

async function append(event) {
  event.preventDefault();
  const said = $("a-said");
  said.className = "";
  said.textContent = "";
  const slug = $("a-case").value;
  const kind = $("a-kind").value;
  if (!slug || !kind) {
    said.className = "error";
    said.textContent = "choose a case and a kind";
    return;
  }
  try {
    const body = JSON.stringify({kind, ...formLine()});
    const response = await api("cases/" + encodeURIComponent(slug) + "/events", {
      method: "POST", body, headers: {"Content-Type": "application/json"}});
    const recorded = await response.json();
    said.className = "ok";
    said.textContent = "Recorded " + recorded.id + " at position " + recorded.position + ".";
    $("append").reset();
    buildForm();
    await show();
  } catch (error) {
    said.className = "error";
    said.textContent = error.message;
  }
}

$("login").addEventListener("submit", (event) => {
  event.preventDefault();
  signIn($("token").value.trim());
});
$("signout").addEventListener("click", () => {
  sessionStorage.removeItem(KEY);
  location.reload();
});
$("filters").addEventListener("submit", (event) => { event.preventDefault(); show(); });
$("a-kind").addEventListener("change", buildForm);
$("append").addEventListener("submit", append);
if (token) signIn(token);
"""

PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>timeline</title>
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{_CSS}</style></head>
<body><header><h1>timeline</h1><span id="who"></span>
<button id="signout" type="button" hidden>Sign out</button></header>
<form id="login"><label for="token">Your API token</label>
<input id="token" type="password" autocomplete="off" required size="50">
<p><button>Show the timeline</button></p></form>
<p class="error" id="error" role="alert"></p>
<main id="record" hidden>
<form id="filters" class="row" aria-label="Filters">
<label>Case <select id="f-case"></select></label>
<label>From <input id="f-from" placeholder="2004 or 2009-09" size="12"></label>
<label>To <input id="f-to" placeholder="2009-12" size="12"></label>
<label>Kind <select id="f-kind"></select></label>
<label><input id="f-retracted" type="checkbox"> retracted too</label>
<button>Show</button><span id="status" role="status"></span></form>
<h2>The record, drawn</h2>
<iframe id="drawing" title="The drawn timeline, with the summary and the sources"
 sandbox="allow-scripts"></iframe>
<h2>Events</h2>
<table id="events"><thead><tr><th>Date</th><th>Event</th><th>Kind</th><th>People</th>
<th>What happened</th></tr></thead><tbody></tbody></table>
<section id="detail" aria-live="polite" hidden></section>
<section id="append-section" hidden><h2>Append an event</h2>
<form id="append">
<label for="a-case">Case *</label><select id="a-case" required></select>
<label for="a-kind">Kind *</label><select id="a-kind" required></select>
<label for="a-date">Date * <span class="hint">EDTF: 2004, 2009-09, 2007/2009</span></label>
<input id="a-date" required>
<label for="a-text">What happened *</label><textarea id="a-text" rows="2" required></textarea>
<fieldset id="a-own"></fieldset>
<fieldset><legend>Source</legend>
<label for="a-outlet">Outlet *</label><input id="a-outlet" required>
<label for="a-published">Published * <span class="hint">a date: 2009-12-23</span></label>
<input id="a-published" required>
<label for="a-reference">Reference</label><input id="a-reference">
<label for="a-quote">Quote</label><textarea id="a-quote" rows="2"></textarea></fieldset>
<p><button>Append</button></p><p id="a-said" role="alert"></p>
</form></section>
</main>
<script>{_SCRIPT}</script></body></html>
"""


@router.get("/", response_class=HTMLResponse)
def page() -> HTMLResponse:
    """The page: sign in with a token; the drawn timeline, filters, events with their
    sources and history, and for editors a form to append an event."""
    return HTMLResponse(PAGE, headers={"Cache-Control": "no-store"})
