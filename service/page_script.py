"""What the service's pages share of their script: the token kept in the tab's session,
calls of the API with it (a refusal thrown as an Error holding the problem's words and
status), and the making of elements. The page at / and the drafting panel at /draft each
add their own after it."""

COMMON_SCRIPT = r"""
"use strict";
const $ = (id) => document.getElementById(id);
const KEY = "timeline-token";
let token = sessionStorage.getItem(KEY);

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
"""
