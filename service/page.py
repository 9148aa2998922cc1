"""/: the record to look at and add to in a browser, over the same API scripts use.

A browser does not send a bearer token when it opens a page, so the page asks for the
token, keeps it in the tab's session storage, and calls the API with it: the drawn
timeline is the html export (shown in a sandboxed frame that cannot read the token; it
tells the page only its height and the id of a mark opened), the list of events, an
event's evidence (every source with quote and grade, citations, disputes against the
recorded values, corrections old -> new, its history), kept current from
`/events/stream`, and for editors a form built from the vocabulary's own JSON Schema
(`GET /kinds`), so the API checks what the form asks and its refusals are shown beside
the field they name. Nothing is fetched from elsewhere.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from service.page_script import COMMON_SCRIPT

router = APIRouter(tags=["page"])

PAGE_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:1rem 1.5rem;color:#222}
*,*::before,*::after{box-sizing:border-box}
h1{font-size:1.4rem;margin:0}h2{font-size:1.15rem;margin:1.4rem 0 .4rem;
border-bottom:1px solid #ccc}
header{display:flex;gap:1rem;align-items:baseline;flex-wrap:wrap}
#who{color:#555}
input,select,textarea,button{font:inherit;padding:.25rem .4rem;max-width:100%}
label{display:block;font-size:13px;color:#444;margin-top:.35rem}
form.row{display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:end}
form.row label{margin:0;max-width:100%;min-width:0}
form.row select{max-width:min(24rem,100%)}
.error{color:#a00;white-space:pre-wrap}.ok{color:#17642f}
.field-error{color:#a00;font-size:13px;margin:.1rem 0 .3rem}
[aria-invalid=true]{border:2px solid #a00}
#record{display:grid;grid-template-columns:minmax(0,1fr);gap:0 1.5rem}
#record>*{min-width:0}
@media (min-width:1100px){
#record:has(>#detail:not([hidden])){grid-template-columns:minmax(0,1fr) minmax(22rem,30rem)}
#record>*{grid-column:1}
#record>#detail{grid-column:2;grid-row:1/span 20;align-self:start;position:sticky;top:0;
max-height:100vh;overflow-y:auto}}
iframe{display:block;width:100%;height:80vh;border:1px solid #bbb}
select{max-width:100%}
table{border-collapse:collapse;font-size:14px;width:100%}
th,td{text-align:left;padding:.2rem .5rem .2rem 0;border-bottom:1px solid #eee;
vertical-align:top;overflow-wrap:anywhere}
td button,.link{all:unset;color:#1f5fa8;text-decoration:underline;cursor:pointer;
overflow-wrap:anywhere}
td button:focus-visible,button:focus-visible,.link:focus-visible,a:focus-visible{
outline:3px solid #1f5fa8;outline-offset:1px}
tr.new{background:#fff4c2}
.retracted{text-decoration:line-through;color:#777}
#detail{background:#fafaf5;border:1px solid #ddd;padding:.3rem 1rem;margin-top:.6rem;
overflow-wrap:anywhere}
#detail h3{margin:.4rem 0}#detail h4{margin:.8rem 0 .2rem}
#detail dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.1rem .8rem;margin:0}
#detail dt{font-weight:600}#detail dd{margin:0}
#detail ul,#detail ol{padding-left:1.2rem;margin:.2rem 0}
#detail blockquote{margin:.2rem 0 .2rem .6rem;padding-left:.6rem;border-left:3px solid #ccc;
font-style:italic}
.grade{font-weight:600}.ungraded{color:#666}
.against{color:#8a3b00}.open{color:#a00;font-weight:600}.settled{color:#17642f}
.change{font-family:ui-monospace,monospace;font-size:13px}
#append fieldset{border:1px solid #ddd;margin:.5rem 0;min-width:0}
#append input,#append select,#append textarea{width:min(34rem,100%)}
#append .choices label{display:inline-block;margin-right:.8rem}
#append .choices input{width:auto}
.hint{font-size:12px;color:#666}
#token{width:min(34rem,100%)}
[hidden]{display:none!important}
@media (max-width:600px){
body{margin:.6rem .6rem}
#events thead{display:none}
#events tr{display:block;border-bottom:1px solid #ccc;padding:.3rem 0}
#events td{display:block;border:0;padding:.05rem 0}
#events td[data-label]::before{content:attr(data-label) ": ";color:#666}
#events td:empty{display:none}}
"""

_SCRIPT = (
    COMMON_SCRIPT
    + r"""
let kinds = {};
let shown = new Set();      // the ids of the events listed now
let showing = 0;            // the latest show() asked; an older answer is dropped
let fresh = null;           // the id of the event just appended, highlighted when listed
const GRADES = [""];
for (const r of "ABCDEF") for (const c of "123456") GRADES.push(r + c);


const words = (name) => String(name).replaceAll("_", " ");
const sentence = (name) => {
  const w = words(name);
  return w.charAt(0).toUpperCase() + w.slice(1);
};
// a recorded time, to the second, with its zone
const at = (iso) => iso ? iso.slice(0, 19).replace("T", " ") + (iso.endsWith("Z") ||
                    iso.endsWith("+00:00") ? " UTC" : " " + iso.slice(26)) : "";
function said(value) {
  if (value === null || value === undefined || value === "") return "none";
  if (Array.isArray(value)) return value.length ? value.map(said).join(", ") : "none";
  if (typeof value === "object") return JSON.stringify(value);
  return typeof value === "string" ? words(value) : String(value);
}

// ---- filters, the drawing and the list ----

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
    const head = await show();
    listen(head);
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
      select.append(el("option", {value: kind, text: words(kind)}));
    }
    select.value = keep;
  }
}

// what the frame adds to the drawing: it tells the page its height (so the page is the one
// scroll area) and which event a mark opened; it reads nothing of the page, nor its token
const FRAMED = "<script>(function () {\n" +
  "const tell = (m) => parent.postMessage(m, '*');\n" +
  "const size = () => tell({height: Math.ceil(document.documentElement.getBoundingClientRect()" +
  ".height)});\n" +
  "new ResizeObserver(size).observe(document.body); size();\n" +
  "function open(e) {\n" +
  "  const m = e.target.closest && e.target.closest('.m'); if (!m) return;\n" +
  "  const d = JSON.parse(document.getElementById('tl-data').textContent).events[+m.dataset.i];\n" +
  "  if (d) tell({open: d.filter((x) => typeof x === 'string')});\n}\n" +
  "document.addEventListener('click', (e) => {\n" +
  "  const a = e.target.closest && e.target.closest('a[href^=\"#\"]');\n" +
  "  if (a) {  // within the frame: its base is the page's address, which it must not load\n" +
  "    e.preventDefault();\n" +
  "    const to = document.getElementById(decodeURIComponent(a.hash.slice(1)));\n" +
  "    if (to) to.scrollIntoView(); return;\n  }\n  open(e);\n});\n" +
  "document.addEventListener('keydown', (e) => {\n" +
  "  if (e.key === 'Enter' || e.key === ' ') open(e);\n});\n" +
  "})();</" + "script></body>";

window.addEventListener("message", (event) => {
  if (event.source !== $("drawing").contentWindow) return;  // only the drawing's own frame
  const m = event.data || {};
  if (typeof m.height === "number" && Number.isFinite(m.height)) {
    $("drawing").style.height = Math.min(Math.max(m.height + 2, 120), 1e6) + "px";
  }
  if (Array.isArray(m.open)) {
    const id = m.open.find((x) => shown.has(x));
    if (id) detail(id, "show");
  }
});

function clearFilterErrors() {
  for (const id of ["f-from", "f-to"]) $(id).removeAttribute("aria-invalid");
}

// draws and lists what the filters choose; gives the highest position it saw
async function show() {
  const asked = ++showing;
  $("status").textContent = "Loading\u2026";
  $("status").className = "";
  clearFilterErrors();
  const query = filters();
  try {
    const [drawn, entries] = await Promise.all([
      api("export?format=html&" + query).then((r) => r.text()),
      api("timeline?" + query).then((r) => r.json()),
    ]);
    if (asked !== showing) return 0;
    $("drawing").srcdoc = drawn ? drawn.replace("</body>", FRAMED) : "<p>No events.</p>";
    listEvents(entries);
    $("status").textContent = entries.length + " event" + (entries.length === 1 ? "" : "s");
    let head = 0;
    for (const e of entries) {
      for (const p of [e, ...e.corrections, ...(e.citations || []), ...(e.disputes || [])]) {
        head = Math.max(head, p.position || 0);
      }
    }
    return head;
  } catch (error) {
    if (asked !== showing) return 0;
    // never a drawing or list of other filters under a refusal
    $("drawing").srcdoc = "<p>Nothing drawn: " + error.message.replace(/[<&]/g, "") + "</p>";
    $("drawing").style.height = "";
    listEvents([]);
    $("status").textContent = error.message;
    $("status").className = "error";
    for (const id of ["f-from", "f-to"]) {  // the date the refusal quotes
      const value = $(id).value.trim();
      if (value && error.message.includes("'" + value + "'")) {
        $(id).setAttribute("aria-invalid", "true");
      }
    }
    return 0;
  }
}

function listEvents(entries) {
  const body = $("events").tBodies[0];
  body.replaceChildren();
  shown = new Set(entries.map((e) => e.id));
  for (const e of entries) {
    const open = el("button", {type: "button", text: e.id, "data-event": e.id});
    open.addEventListener("click", (click) => { click.stopPropagation(); detail(e.id); });
    const marked = [e.retracted ? "retracted" : "", e.id === fresh ? "new" : ""];
    const row = el("tr", {id: "event-" + e.id, class: marked.join(" ").trim() || null},
      el("td", {"data-label": "Date", text: e.date}), el("td", {"data-label": "Event"}, open),
      el("td", {"data-label": "Kind", text: words(e.kind)}),
      el("td", {"data-label": "People", text: e.people === null ? "" : String(e.people)}),
      el("td", {text: e.text}));
    row.addEventListener("click", () => detail(e.id, "show"));  // the whole row opens it
    body.append(row);
  }
  const added = fresh && document.getElementById("event-" + fresh);
  if (added) added.scrollIntoView({block: "nearest"});
}

// ---- live: what others record appears without a reload ----

let redraw = null;
function arrived() {
  if (redraw) return;
  redraw = setTimeout(async () => {
    await show();
    redraw = null;
    if (opened && shown.has(opened)) detail(opened, "quiet");  // as it now stands
  }, 300);
}

async function listen(after) {
  while (token) {
    try {
      const response = await api("events/stream?after=" + after);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const {value, done} = await reader.read();
        if (done) break;
        buffer += value;
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const id = /^id: (\d+)$/m.exec(block);
          if (id && +id[1] > after) { after = +id[1]; arrived(); }
        }
      }
    } catch (error) {
      if (error.status === 401 || error.status === 403) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

// ---- an event's evidence ----

function sourceItem(s) {
  const item = el("li", {}, el("span", {text: [s.outlet, s.published, s.reference].filter(Boolean)
                                              .join(", ")}), " ",
                  s.grade ? el("span", {class: "grade", title: "Admiralty grade: reliability " +
                                        "A-F, credibility 1-6", text: "grade " + s.grade})
                          : el("span", {class: "ungraded", text: "not graded"}));
  for (const [k, v] of Object.entries(s)) {  // what a source may gain, shown as it comes
    if (["outlet", "published", "reference", "quote", "grade"].includes(k)) continue;
    if (v !== null && v !== undefined && v !== "") {
      item.append(" \u00b7 " + words(k) + ": " + said(v));
    }
  }
  if (s.quote) item.append(el("blockquote", {text: "\u201c" + s.quote + "\u201d"}));
  return item;
}

function sourceList(sources) {
  const list = el("ul", {class: "sources"});
  for (const s of sources || []) list.append(sourceItem(s));
  return list;
}

// the record replayed from its history: each correction's old values, and the value each
// dispute stood against when it was recorded
function walk(found) {
  const lines = {};
  const old = {};
  const against = {};
  for (const h of found.history) {
    if (h.kind === "correction" && lines[h.event]) {
      const line = lines[h.event];
      old[h.id] = {};
      for (const [k, v] of Object.entries(h.changes || {})) {
        if (k === "nth") continue;
        let before;
        if (k in line) before = line[k];
        else if (line.values && k in line.values) before = line.values[k];
        else if ((k === "quote" || k === "grade") && line.sources) {
          before = (line.sources[(h.changes.nth || 1) - 1] || {})[k];
        } else if (line.details && k in line.details) before = line.details[k];
        old[h.id][k] = before;
        if (line.values && k in line.values) line.values[k] = v;
        else if ((k === "quote" || k === "grade") && line.sources && !(k in line)) {
          const s = line.sources[(h.changes.nth || 1) - 1];
          if (s) s[k] = v;
        } else line[k] = v;
      }
    } else if (h.kind !== "retraction" && h.kind !== "correction") {
      lines[h.id] = structuredClone(h);
      if (h.kind === "dispute" && lines[h.event]) {
        against[h.id] = {};
        for (const k of Object.keys(h.values || {})) against[h.id][k] = lines[h.event][k];
      }
    }
  }
  return {old, against};
}

function changeList(changes, before) {
  const list = el("ul");
  for (const [k, v] of Object.entries(changes || {})) {
    if (k === "nth") continue;
    const was = before && k in before ? said(before[k]) + " \u2192 " : "\u2192 ";
    list.append(el("li", {class: "change", text: words(k) + ": " + was + said(v)}));
  }
  return list;
}

function amendmentBlock(a, before, title) {
  const item = el("li", {}, el("strong", {text: title + " " + a.id}),
                  " " + at(a.recorded) + " (position " + a.position + ")");
  if (a.changes) item.append(changeList(a.changes, before));
  if (a.reason) item.append(el("div", {text: "Reason: " + a.reason}));
  if (a.sources && a.sources.length) {
    item.append(el("div", {text: "Sources:"}), sourceList(a.sources));
  }
  return item;
}

function citedBlock(c, replayed, kind) {
  const dispute = "values" in c;
  const item = el("li", {class: c.retracted ? "retracted" : null, id: "cited-" + c.id},
                  el("strong", {text: (dispute ? "Dispute " : "Citation ") + c.id}),
                  " " + at(c.recorded) + " (position " + c.position + ")");
  if (dispute) {
    const gives = el("ul");
    const was = replayed.against[c.id] || {};
    for (const [k, v] of Object.entries(c.values)) {
      gives.append(el("li", {class: "against", text: sentence(k) + ": gives " + said(v) +
                             (k in was ? ", against " + said(was[k]) + " recorded" : "")}));
    }
    item.append(gives);
    item.append(c.retracted ? el("div", {text: "Withdrawn: it disputes nothing now."})
              : c.settled_by ? el("div", {class: "settled",
                                          text: "Settled by correction " + c.settled_by})
              : el("div", {class: "open", text: "Open: no correction has settled it."}));
  }
  item.append(sourceList(c.sources));
  if (c.note) item.append(el("div", {text: "Note: " + c.note}));
  for (const a of c.corrections || []) {
    item.append(el("ul", {}, amendmentBlock(a, replayed.old[a.id], "Corrected by")));
  }
  if (c.retracted && c.retraction) {
    item.append(el("div", {text: "Retracted by " + c.retraction.id + " " +
                                 at(c.retraction.recorded) + ": " + c.retraction.reason}));
  }
  return item;
}

// opens an event's evidence: `how` "focus" moves the keyboard there, "show" scrolls it into
// view, "quiet" (a live update of the event open) leaves both where they are
let opened = null;
const SHOWN = new Set(["id", "case", "kind", "date", "earliest", "latest", "people", "group",
  "place", "actors", "agencies", "text", "sources", "details", "position", "recorded",
  "corrected", "corrections", "retracted", "retraction", "citations", "disputes", "disputed"]);
async function detail(id, how = "focus") {
  const box = $("detail");
  opened = id;
  box.hidden = false;
  if (how !== "quiet") box.replaceChildren(el("p", {text: "Loading\u2026"}));
  try {
    const found = await (await api("events/" + encodeURIComponent(id))).json();
    const e = found.entry;
    const replayed = walk(found);
    const heading = el("h3", {tabindex: "-1", text: e.id + ": " + words(e.kind)});
    const facts = el("dl");
    const open = (e.disputes || []).filter((d) => !d.settled_by && !d.retracted).length;
    const status = [e.retracted ? "retracted" : "", e.corrected ? "corrected" : "",
                    open ? "disputed (" + open + " open)" : ""].filter(Boolean).join(", ");
    const when = e.date + (e.earliest || e.latest ? " (between " + (e.earliest || "an open start") +
                 " and " + (e.latest || "an open end") + ")" : "");
    const rows = [["Case", e.case], ["When", when], ["What", e.text], ["People", e.people],
                  ["Group", e.group], ["Place", e.place], ["Actors", (e.actors || []).join(", ")],
                  ["Agencies", (e.agencies || []).join(", ")]];
    // what else the entry gives (a part's `within`, ...) and the kind's own fields, by name
    for (const [k, v] of Object.entries(e)) {
      const plain = v !== null && (typeof v !== "object" || Array.isArray(v));
      if (!SHOWN.has(k) && plain) rows.push([sentence(k), said(v), k]);
    }
    for (const [k, v] of Object.entries(e.details || {})) rows.push([sentence(k), said(v), k]);
    rows.push(["Status", status || "as recorded"],
              ["Recorded", at(e.recorded) + " (position " + e.position + ")"]);
    for (const [name, value, key] of rows) {
      if (value === null || value === undefined || value === "") continue;
      const property = key && ((kinds[e.kind] || {}).properties || {})[key];
      facts.append(el("dt", {title: property ? property.description : null, text: name}),
                   el("dd", {text: String(value)}));
    }
    const parts = [heading, facts, el("h4", {text: "Sources"}), sourceList(e.sources)];
    if ((e.citations || []).length) {
      parts.push(el("h4", {text: "Citations"}),
                 el("ul", {}, ...e.citations.map((c) => citedBlock(c, replayed, e.kind))));
    }
    if ((e.disputes || []).length) {
      parts.push(el("h4", {text: "Disputes"}),
                 el("ul", {}, ...e.disputes.map((c) => citedBlock(c, replayed, e.kind))));
    }
    if ((e.corrections || []).length) {
      parts.push(el("h4", {text: "Corrections"}),
                 el("ul", {}, ...e.corrections.map((a) =>
                   amendmentBlock(a, replayed.old[a.id], "Correction"))));
    }
    if (e.retracted && e.retraction) {
      parts.push(el("h4", {text: "Retraction"}),
                 el("ul", {}, amendmentBlock(e.retraction, null, "Retraction")));
    }
    const history = el("ol");
    for (const h of found.history) {
      const of = h.event && h.event !== e.id ? " " + h.event : "";
      const what = h.kind === "correction" ? "corrected" + of + " by " + h.id +
                   (h.reason ? ": " + h.reason : "")
                 : h.kind === "retraction" ? "retracted" + of + " by " + h.id + ": " + h.reason
                 : h.kind === "citation" || h.kind === "dispute" ? h.kind + " " + h.id + " recorded"
                 : "recorded";
      history.append(el("li", {text: at(h.recorded) + " \u2014 " + what +
                                      " (position " + h.position + ")"}));
    }
    if (opened !== id) return;  // another was opened meanwhile
    box.replaceChildren(...parts, el("h4", {text: "History"}), history);
    if (how === "focus") heading.focus();
    if (how === "show") box.scrollIntoView({block: "nearest"});
  } catch (error) {
    box.replaceChildren(el("p", {class: "error", role: "alert", text: error.message}));
  }
}

// ---- the append form, from the vocabulary's JSON Schema ----

function typeOf(schema) {
  const options = schema.anyOf ? schema.anyOf.filter((s) => s.type !== "null") : [schema];
  return options[0] || {};
}

function withError(id, ...nodes) {
  return [...nodes, el("p", {class: "field-error", id: id + "-error", hidden: true})];
}

function fieldFor(name, schema, required) {
  const type = typeOf(schema);
  const id = "a-field-" + name;
  const label = el("label", {for: id, text: sentence(name) + (required ? " *" : "")});
  const hint = el("div", {class: "hint", id: id + "-hint", text: schema.description || ""});
  let input;
  if (type.enum) {
    input = el("select", {id, name, "aria-describedby": id + "-hint"},
               el("option", {value: "", text: required ? "choose" : "not known"}));
    for (const v of type.enum) input.append(el("option", {value: v, text: words(v)}));
    if (schema.default !== undefined && schema.default !== null) input.value = schema.default;
  } else if (type.type === "array" && type.items && type.items.enum) {
    input = el("div", {id, class: "choices", role: "group", "aria-labelledby": id + "-label",
                       "data-name": name});
    label.id = id + "-label";
    for (const v of type.items.enum) {
      const box = el("input", {type: "checkbox", name, value: v});
      input.append(el("label", {}, box, " " + words(v)));
    }
    return withError(id, el("div", {}, label, input), hint);
  } else if (type.type === "integer") {
    input = el("input", {id, name, type: "number", min: type.minimum ?? null, step: "1",
                         "aria-describedby": id + "-hint"});
  } else if (type.type === "array") {
    input = el("input", {id, name, "data-list": "yes", "aria-describedby": id + "-hint"});
    hint.textContent += (hint.textContent ? "; " : "") + "separate several with ;";
  } else {
    input = el("input", {id, name, "aria-describedby": id + "-hint"});
  }
  if (required) input.required = true;
  return withError(id, label, input, hint);
}

function buildForm() {
  const kind = $("a-kind").value;
  const own = $("a-own");
  own.replaceChildren();
  own.hidden = !kind;
  if (!kind) return;
  const schema = kinds[kind];
  const required = new Set(schema.required || []);
  own.append(el("legend", {text: "What a " + words(kind) + " records"}));
  for (const [name, property] of Object.entries(schema.properties)) {
    if (name === "kind" || name === "sources" || name === "date" || name === "text") continue;
    own.append(...fieldFor(name, property, required.has(name)));
  }
}

let sourceCount = 0;
function addSource() {
  const n = sourceCount++;
  const box = el("fieldset", {class: "source", "data-n": String(n)},
                 el("legend", {text: "Source"}));
  const field = (key, text, attrs = {}, tag = "input") => {
    const id = "a-s" + n + "-" + key;
    return withError(id, el("label", {for: id, text}), el(tag, {id, "data-key": key, ...attrs}));
  };
  box.append(...field("outlet", "Outlet *", {required: true}),
             ...field("published", "Published * (a date: 2009-12-23)", {required: true}),
             ...field("reference", "Reference (URL, wire id or page)"),
             ...field("quote", "Quote (the passage the fact rests on)", {rows: "2"}, "textarea"));
  const grade = el("select", {id: "a-s" + n + "-grade", "data-key": "grade"});
  for (const g of GRADES) grade.append(el("option", {value: g, text: g || "not graded"}));
  box.append(...withError("a-s" + n + "-grade",
    el("label", {for: "a-s" + n + "-grade", text: "Grade (Admiralty: reliability A-F, " +
                                                  "credibility 1-6)"}), grade));
  if ($("a-sources").children.length) {
    const drop = el("button", {type: "button", text: "Remove this source"});
    drop.addEventListener("click", () => box.remove());
    box.append(drop);
  }
  $("a-sources").append(box);
}

function resetSources() {
  $("a-sources").replaceChildren();
  sourceCount = 0;
  addSource();
}

function formLine() {
  const schema = kinds[$("a-kind").value] || {properties: {}};
  const line = {date: $("a-date").value.trim(), text: $("a-text").value.trim()};
  for (const input of $("a-own").querySelectorAll("input:not([type=checkbox]), select")) {
    const value = input.value.trim();
    if (!value) continue;
    const type = typeOf(schema.properties[input.name] || {});
    line[input.name] = input.dataset.list ? value.split(";").map((v) => v.trim()).filter(Boolean)
                     : type.type === "integer" ? Number(value) : value;
  }
  for (const group of $("a-own").querySelectorAll(".choices")) {
    const chosen = [...group.querySelectorAll("input:checked")].map((i) => i.value);
    if (chosen.length) line[group.dataset.name] = chosen;
  }
  line.sources = [];
  for (const box of $("a-sources").querySelectorAll("fieldset.source")) {
    const source = {};
    for (const input of box.querySelectorAll("[data-key]")) {
      if (input.value.trim()) source[input.dataset.key] = input.value.trim();
    }
    line.sources.push(source);
  }
  return line;
}

// the input a refusal's field names (`date`, `sources.1.published`, `channels.0`)
function inputFor(path) {
  const parts = path.split(".");
  if (parts[0] === "sources") {
    const boxes = $("a-sources").querySelectorAll("fieldset.source");
    const box = boxes[Number(parts[1]) || 0];
    return box && (box.querySelector("[data-key='" + (parts[2] || "outlet") + "']"));
  }
  return $("a-" + parts[0]) || $("a-field-" + parts[0]);
}

function clearErrors() {
  for (const node of $("append").querySelectorAll("[aria-invalid]")) {
    node.removeAttribute("aria-invalid");
    const ids = (node.getAttribute("aria-describedby") || "").split(" ")
      .filter((i) => i && !i.endsWith("-error"));
    if (ids.length) node.setAttribute("aria-describedby", ids.join(" "));
    else node.removeAttribute("aria-describedby");
  }
  for (const note of $("append").querySelectorAll(".field-error")) {
    note.hidden = true;
    note.textContent = "";
  }
}

function markError(message) {
  const found = /^([A-Za-z_][\w.]*): /.exec(message);
  const input = found && inputFor(found[1]);
  if (!input) return false;
  const note = $(input.id + "-error");
  note.textContent = message.slice(found[0].length);
  note.hidden = false;
  input.setAttribute("aria-invalid", "true");
  const ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
  input.setAttribute("aria-describedby", [note.id, ...ids].join(" "));
  return input;
}

async function append(event) {
  event.preventDefault();
  const told = $("a-said");
  told.className = "";
  told.replaceChildren();
  clearErrors();
  const slug = $("a-case").value;
  const kind = $("a-kind").value;
  if (!slug || !kind) {
    told.className = "error";
    told.textContent = "choose a case and a kind";
    markError(!slug ? "case: choose a case" : "kind: choose a kind");
    return;
  }
  try {
    const body = JSON.stringify({kind, ...formLine()});
    const response = await api("cases/" + encodeURIComponent(slug) + "/events", {
      method: "POST", body, headers: {"Content-Type": "application/json"}});
    const recorded = await response.json();
    fresh = recorded.id;
    const link = el("a", {href: "#event-" + recorded.id, "data-event": recorded.id,
                          text: recorded.id});
    link.addEventListener("click", (e) => { e.preventDefault(); detail(recorded.id); });
    told.className = "ok";
    told.append("Recorded ", link, " at position " + recorded.position + ".");
    for (const id of ["a-date", "a-text"]) $(id).value = "";
    buildForm();        // the case and the kind stay chosen for the next event
    resetSources();
    await show();
  } catch (error) {
    told.className = "error";
    told.textContent = error.message;
    const input = markError(error.message);
    if (input) input.focus();
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
$("a-more").addEventListener("click", addSource);
$("append").addEventListener("submit", append);
resetSources();
if (token) signIn(token);
"""
)

PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>timeline</title>
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{PAGE_CSS}</style></head>
<body><header><h1>timeline</h1><span id="who"></span>
<button id="signout" type="button" hidden>Sign out</button></header>
<form id="login"><label for="token">Your API token</label>
<input id="token" type="password" autocomplete="off" required>
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
<section id="detail" aria-live="polite" aria-label="The event's evidence" hidden></section>
<section id="append-section" hidden><h2>Append an event</h2>
<p><a href="/draft">Draft from an article</a>: events drafted from its text, to review.</p>
<form id="append" novalidate>
<label for="a-case">Case *</label><select id="a-case" required></select>
<p class="field-error" id="a-case-error" hidden></p>
<label for="a-kind">Kind *</label><select id="a-kind" required></select>
<p class="field-error" id="a-kind-error" hidden></p>
<label for="a-date">Date *</label>
<input id="a-date" required aria-describedby="a-date-hint">
<div class="hint" id="a-date-hint">EDTF: 2004, 2009-09, 2007/2009, ../2009-12</div>
<p class="field-error" id="a-date-error" hidden></p>
<label for="a-text">What happened *</label><textarea id="a-text" rows="2" required></textarea>
<p class="field-error" id="a-text-error" hidden></p>
<fieldset id="a-own" hidden></fieldset>
<div id="a-sources"></div>
<p><button type="button" id="a-more">Add another source</button></p>
<p><button id="a-submit">Append</button></p><p id="a-said" role="alert"></p>
</form></section>
</main>
<script>{_SCRIPT}</script></body></html>
"""


@router.get("/", response_class=HTMLResponse)
def page() -> HTMLResponse:
    """The page: sign in with a token; the drawn timeline, filters, events with their
    sources and history, and for editors a form to append an event."""
    return HTMLResponse(PAGE, headers={"Cache-Control": "no-store"})
