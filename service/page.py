"""/: the record to look at in a browser, as the html export draws it.

A browser does not send a bearer token when it opens a page, so the page asks for the
token, keeps it in the tab's session storage, and fetches the html export with it.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(tags=["page"])

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>timeline</title>
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px system-ui,sans-serif;margin:3rem auto;max-width:36rem}
input{width:100%;font:inherit;padding:.4rem}p.error{color:#a00}</style></head>
<body><h1>timeline</h1>
<form id="login"><label for="token">Your API token</label>
<input id="token" type="password" autocomplete="off" required>
<p><button>Show the timeline</button></p></form><p class="error" id="error" role="alert"></p>
<script>
async function show(token) {
  const response = await fetch("export?format=html" + location.search.replace("?", "&"),
                               {headers: {Authorization: "Bearer " + token}});
  if (!response.ok) {
    sessionStorage.removeItem("timeline-token");
    const problem = await response.json();
    document.getElementById("error").textContent = problem.detail;
    return;
  }
  const page = await response.text();
  document.open(); document.write(page); document.close();
}
document.getElementById("login").addEventListener("submit", (event) => {
  event.preventDefault();
  const token = document.getElementById("token").value.trim();
  sessionStorage.setItem("timeline-token", token);
  show(token);
});
const kept = sessionStorage.getItem("timeline-token");
if (kept) show(kept);
</script></body></html>
"""


@router.get("/", response_class=HTMLResponse)
def page() -> HTMLResponse:
    """A page that asks for the account's token, then shows the record it may see, drawn."""
    return HTMLResponse(PAGE, headers={"Cache-Control": "no-store"})
