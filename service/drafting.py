"""Drafting from an article, for editors: `POST /drafts` and the panel at `/draft`.

`POST /drafts` takes the article's text and where it comes from, and answers with the
draft lines `timeline draft` would write; nothing is recorded. The panel (in the look
of the page at `/`, signed in with the same token) shows each draft beside its
sentence, highlighted in the text, lets an editor change its fields, accept or skip it,
and records the accepted ones with `POST /import`: one transaction, all or nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from service.auth import Held, Writing
from service.page import PAGE_CSS
from service.page_script import COMMON_SCRIPT
from service.problems import Problem
from service.responses import OrjsonResponse
from service.writing import JSON_BODY, json_object, read_body

router = APIRouter(tags=["drafting"])


@router.post("/drafts", openapi_extra=JSON_BODY)
async def drafts(request: Request, policy: Writing, held: Held) -> Any:
    """Draft events from an article: `{"text": ..., "published": "2009-12-23", "outlet":
    "Kyodo", "reference": "ID 96523", "case": "slug"}` (reference and case optional;
    without a case the first line opens one named after the source). Answers with the
    draft lines, each with its `draft` key (sentence span, confidence, why); records
    nothing: editors only, as the drafts are for recording."""
    from drafting.draft import Origin, draft
    from events.ids import check_slug

    given = json_object(await read_body(request, held))
    text, outlet = _text(given, "text"), _text(given, "outlet").strip()
    reference, case = given.get("reference") or None, given.get("case") or None
    try:
        published = date.fromisoformat(_text(given, "published").strip())
    except ValueError:
        raise Problem(
            400, "published: give the day the article was published, YYYY-MM-DD"
        ) from None
    if not outlet:
        raise Problem(400, "outlet: give who published the article")
    if reference is not None and not isinstance(reference, str):
        raise Problem(400, "reference: give it as text")
    if case is not None:
        try:
            check_slug(case if isinstance(case, str) else "")
        except ValueError as error:
            raise Problem(400, f"case: {error}") from None
    origin = Origin(outlet, published, reference, case)
    try:
        lines = await run_in_threadpool(draft, text, origin)
    except ValueError as error:
        raise Problem(400, str(error)) from None
    return OrjsonResponse(lines)


def _text(given: dict[str, Any], name: str) -> str:
    value = given.get(name)
    if not isinstance(value, str):
        raise Problem(400, f"{name}: give it as text")
    return value


_PANEL_CSS = """
#drafting{display:grid;gap:.6rem}
#d-text{width:100%;font:inherit}
.draft{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1rem;
border:1px solid #ddd;padding:.5rem .8rem;background:#fff}
.draft.skipped{opacity:.5}.draft.accepted{border-color:#17642f;background:#f4faf5}
.draft blockquote{margin:0;color:#333}.draft mark{background:#fff3a8}
.draft .why{font-size:12px;color:#666}
.draft input,.draft select{width:min(22rem,100%)}
@media (max-width:700px){.draft{grid-template-columns:1fr}}
"""

_SCRIPT = (
    COMMON_SCRIPT
    + r"""
let article = "";
let lines = [];
const EDITABLE = ["kind", "date", "people", "place", "text"];


async function signIn(given) {
  token = given;
  try {
    const account = await (await api("account")).json();
    if (account.role === "reader") {
      throw new Error("drafting is for editors: this token reads only");
    }
    sessionStorage.setItem(KEY, token);
    $("who").textContent = "Signed in as " + account.name + " (" + account.role + ")";
    $("login").hidden = true;
    $("drafting").hidden = false;
    $("error").textContent = "";
  } catch (error) {
    sessionStorage.removeItem(KEY);
    $("error").textContent = error.message;
  }
}

function sentence(line) {
  // the offsets count characters (code points), as Python does; a JavaScript string's
  // slice counts UTF-16 units, which an emoji or a rare ideograph before it would shift
  const points = Array.from(article);
  const part = (from, to) => points.slice(from, to).join("");
  const [start, end] = line.draft.sentence;
  const before = part(Math.max(0, start - 120), start);
  const after = part(end, end + 120);
  const more = end + 120 < points.length ? "\u2026" : "";
  return el("blockquote", {}, (start > 120 ? "\u2026" : "") + before,
            el("mark", {text: part(start, end)}), after + more);
}

function card(line, n) {
  const fields = el("div", {});
  for (const name of EDITABLE) {
    const value = line[name] === undefined ? "" : String(line[name]);
    const input = el("input", {id: `d-${n}-${name}`, value: value, "data-field": name});
    fields.append(el("label", {for: input.id, text: name}), input);
  }
  fields.append(el("p", {class: "why", text: `why (${line.draft.confidence}): ${line.draft.why}`}));
  const accept = el("button", {type: "button", id: `d-${n}-accept`, text: "Accept"});
  const skip = el("button", {type: "button", id: `d-${n}-skip`, text: "Skip"});
  const box = el("article", {class: "draft", id: `d-${n}`, "aria-label": `Draft ${n + 1}`},
                 sentence(line), el("div", {}, fields, el("p", {}, accept, " ", skip)));
  accept.addEventListener("click", () => { box.className = "draft accepted"; tally(); });
  skip.addEventListener("click", () => { box.className = "draft skipped"; tally(); });
  return box;
}

function tally() {
  const accepted = document.querySelectorAll(".draft.accepted").length;
  $("d-record").textContent = `Record the ${accepted} accepted`;
  $("d-record").disabled = accepted === 0;
}

async function makeDrafts(event) {
  event.preventDefault();
  $("d-said").textContent = "";
  article = $("d-text").value.replace(/\r\n?/g, "\n");
  const body = {text: article, published: $("d-published").value.trim(),
                outlet: $("d-outlet").value.trim(),
                reference: $("d-reference").value.trim() || null,
                case: $("d-case").value.trim() || null};
  try {
    lines = await (await api("drafts", {method: "POST", body: JSON.stringify(body),
                                        headers: {"Content-Type": "application/json"}})).json();
  } catch (error) { $("d-said").textContent = error.message; return; }
  const list = $("d-list");
  list.replaceChildren();
  lines.forEach((line, n) => { if (line.draft) list.append(card(line, n)); });
  $("d-results").hidden = false;
  $("d-count").textContent = `${list.children.length} drafts: accept or skip each, then record.`;
  tally();
}

function edited(line, n) {
  const out = {...line};
  delete out.draft;
  for (const name of EDITABLE) {
    const value = $(`d-${n}-${name}`).value.trim();
    if (!value) delete out[name];
    else out[name] = name === "people" && /^[0-9]+$/.test(value) ? Number(value) : value;
  }
  return out;
}

async function recordAccepted() {
  const chosen = lines.flatMap((line, n) => {
    if (!line.draft) return [line];
    return $(`d-${n}`).classList.contains("accepted") ? [edited(line, n)] : [];
  });
  try {
    const made = await (await api("import", {method: "POST",
      body: chosen.map((line) => JSON.stringify(line)).join("\n") + "\n",
      headers: {"Content-Type": "application/jsonl"}})).json();
    $("d-said").className = "ok";
    $("d-said").textContent = `Recorded ${made.length} events: ` + made.map((r) => r.id).join(", ");
    $("d-record").disabled = true;
  } catch (error) {
    $("d-said").className = "error";
    $("d-said").textContent = error.message;
  }
}

$("login").addEventListener("submit", (event) => {
  event.preventDefault();
  signIn($("token").value.trim());
});
$("d-form").addEventListener("submit", makeDrafts);
$("d-record").addEventListener("click", recordAccepted);
if (token) signIn(token);
"""
)

PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>timeline: draft from an article</title>
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{PAGE_CSS}{_PANEL_CSS}</style></head>
<body><header><h1>Draft from an article</h1><span id="who"></span>
<a href="/">The record</a></header>
<form id="login"><label for="token">Your API token (an editor's)</label>
<input id="token" type="password" autocomplete="off" required size="50">
<p><button>Sign in</button></p></form>
<p class="error" id="error" role="alert"></p>
<main id="drafting" hidden>
<form id="d-form">
<label for="d-text">The article's text *</label>
<textarea id="d-text" rows="12" required></textarea>
<div class="row">
<label>Published * <input id="d-published" required placeholder="2009-12-23" size="12"></label>
<label>Outlet * <input id="d-outlet" required placeholder="Kyodo"></label>
<label>Reference <input id="d-reference" placeholder="a URL or wire id"></label>
<label>Case <input id="d-case" placeholder="an existing case's slug" size="22"></label>
</div>
<p class="hint">Without a case, the drafts open one named after the source. Nothing is
recorded until you record the accepted drafts.</p>
<p><button>Draft</button></p></form>
<section id="d-results" hidden><h2>Drafts</h2><p id="d-count" role="status"></p>
<div id="d-list"></div>
<p><button id="d-record" type="button" disabled>Record the accepted</button></p></section>
<p id="d-said" role="alert"></p>
</main>
<script>{_SCRIPT}</script></body></html>
"""


@router.get("/draft", response_class=HTMLResponse)
def panel() -> HTMLResponse:
    """The drafting panel: paste an article, review each draft beside its sentence,
    record the accepted ones."""
    return HTMLResponse(PAGE, headers={"Cache-Control": "no-store"})
