"""Who may do what, route by route: the table is checked against the app's own routes, so
a route added without a rule here fails."""

from __future__ import annotations

from typing import Any

import pytest

from service.app import create_app
from storage.opening import open_timeline
from tests.service.conftest import RESTRICTED, Served

OBSERVATION = {
    "kind": "observation", "date": "2009-12", "text": "Seen at the border",
    "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}],
}  # fmt: skip

# (method, path template) -> (rule, path for the restricted case, body for it)
RULES: dict[tuple[str, str], tuple[str, str, Any]] = {
    ("GET", "/cases"): ("read", "/cases", None),
    ("POST", "/cases"): ("write", "/cases", {"case": RESTRICTED, "title": "Again"}),
    ("GET", "/cases/{slug}"): ("read", f"/cases/{RESTRICTED}", None),
    ("POST", "/cases/{slug}/events"): ("write", f"/cases/{RESTRICTED}/events", OBSERVATION),
    ("POST", "/events/{event}/corrections"): (
        "write",
        f"/events/{RESTRICTED}:2/corrections",
        {"changes": {"date": "2008"}, "reason": "a second source"},
    ),
    ("POST", "/events/{event}/citations"): (
        "write",
        f"/events/{RESTRICTED}:2/citations",
        {"sources": [{"outlet": "Yonhap", "published": "2009-12-24"}]},
    ),
    ("POST", "/events/{event}/disputes"): (
        "write",
        f"/events/{RESTRICTED}:2/disputes",
        {"values": {"people": 14}, "sources": [{"outlet": "Yonhap", "published": "2009-12-24"}]},
    ),
    ("POST", "/events/{event}/retractions"): (
        "write",
        f"/events/{RESTRICTED}:2/retractions",
        {"reason": "a duplicate"},
    ),
    ("POST", "/import"): ("write", "/import", {**OBSERVATION, "case": RESTRICTED}),
    ("GET", "/timeline"): ("read", f"/timeline?case={RESTRICTED}", None),
    ("GET", "/summary"): ("read", f"/summary?case={RESTRICTED}", None),
    ("GET", "/replay"): ("read", f"/replay?case={RESTRICTED}", None),
    ("GET", "/export"): ("read", f"/export?format=csv&case={RESTRICTED}", None),
    ("GET", "/events/{event}"): ("read", f"/events/{RESTRICTED}:2", None),
    ("GET", "/audit"): ("admin", "/audit", None),
    ("GET", "/account"): ("signed-in", "/account", None),
    ("GET", "/kinds"): ("signed-in", "/kinds", None),
    ("GET", "/events/stream"): ("stream", "/events/stream", None),
    ("GET", "/openapi.json"): ("public", "/openapi.json", None),
    ("GET", "/"): ("public", "/", None),
    # drafting reads no case and records nothing: editors only, whatever case is named
    ("POST", "/drafts"): (
        "draft",
        "/drafts",
        {
            "text": "Two men fled to Japan.",
            "published": "2009-12-23",
            "outlet": "K",
            "case": RESTRICTED,
        },
    ),
    ("GET", "/draft"): ("public", "/draft", None),
    ("GET", "/docs"): ("public", "/docs", None),
    ("GET", "/docs/oauth2-redirect"): ("public", "/docs/oauth2-redirect", None),
    ("GET", "/docs/assets"): ("public", "/docs/assets/swagger-ui.css", None),
}


def routes() -> set[tuple[str, str]]:
    """Every method and path the app answers: those its OpenAPI document lists, and the
    routes and mounted files it leaves out (the schema itself, the documentation's)."""
    from starlette.routing import Mount, Route

    app = create_app(open_timeline(":memory:"))
    paths: dict[str, dict[str, Any]] = app.openapi()["paths"]
    found = {(method.upper(), path) for path, item in paths.items() for method in item}
    for route in app.routes:  # the app's own; its routers' are in the document
        if isinstance(route, Mount):
            found.add(("GET", route.path))
        elif isinstance(route, Route):
            found |= {(method, route.path) for method in route.methods or () if method != "HEAD"}
    return found


def call(served: Served, who: str | None, method: str, path: str, body: Any) -> Any:
    with served.client(who) as client:
        if body is None:
            return client.request(method, path)
        import orjson

        return client.request(method, path, content=orjson.dumps(body))


def test_every_route_has_an_access_rule() -> None:
    assert routes() == set(RULES)


@pytest.mark.parametrize(
    ("method", "route"), sorted(k for k, v in RULES.items() if v[0] != "public")
)
def test_a_request_without_a_token_is_unauthorized(served: Served, method: str, route: str) -> None:
    _, path, body = RULES[method, route]
    response = call(served, None, method, path, body)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 401


@pytest.mark.parametrize(
    ("method", "route"), sorted(k for k, v in RULES.items() if v[0] != "public")
)
def test_a_revoked_or_unknown_token_is_unauthorized(
    served: Served, method: str, route: str
) -> None:
    _, path, body = RULES[method, route]
    served.tokens["nobody"] = "not-a-token-of-this-store"
    assert call(served, "nobody", method, path, body).status_code == 401


@pytest.mark.parametrize(
    ("method", "route"), sorted(k for k, v in RULES.items() if v[0] in ("write", "draft"))
)
def test_a_reader_cannot_write(served: Served, method: str, route: str) -> None:
    _, path, body = RULES[method, route]
    response = call(served, "rui", method, path, body)
    assert response.status_code == 403
    assert "reader" in response.json()["detail"]


@pytest.mark.parametrize(
    ("method", "route"), sorted(k for k, v in RULES.items() if v[0] in ("read", "write"))
)
def test_a_restricted_case_does_not_exist_for_an_account_without_its_grant(
    served: Served, method: str, route: str
) -> None:
    _, path, body = RULES[method, route]
    who = "olga" if RULES[method, route][0] == "write" else "rui"
    response = call(served, who, method, path, body)
    if (method, route) == ("GET", "/cases"):
        assert RESTRICTED not in response.text
    elif (method, route) == ("POST", "/cases"):
        # its slug is taken: opening it is answered as for any case that exists, no more
        granted = call(served, "eva", method, path, body)
        assert (response.status_code, response.json()) == (409, granted.json())
        assert response.json()["detail"] == f"case {RESTRICTED!r} already exists"
    else:
        assert response.status_code == 404, response.text
        assert response.json()["detail"].endswith(
            f"no case {RESTRICTED!r}: open it first with `timeline case open {RESTRICTED} --title ...`"
        )


def test_an_import_line_opening_a_restricted_case_is_refused_as_for_any_existing_case(
    served: Served,
) -> None:
    line = {"kind": "case_opened", "case": RESTRICTED, "title": "Again"}
    refused = call(served, "olga", "POST", "/import", line)
    assert refused.status_code == 409
    assert refused.json()["detail"] == f"line 1: case {RESTRICTED!r} already exists"


@pytest.mark.parametrize("who", ["rui", "eva"])
@pytest.mark.parametrize(
    ("method", "route"), sorted(k for k, v in RULES.items() if v[0] == "admin")
)
def test_only_an_admin_reads_the_audit(served: Served, who: str, method: str, route: str) -> None:
    _, path, body = RULES[method, route]
    assert call(served, who, method, path, body).status_code == 403
    assert call(served, "ana", method, path, body).status_code == 200


@pytest.mark.parametrize("path", [f"/cases/{RESTRICTED}/", "/cases/", "/timeline/", "/kinds/"])
def test_a_host_header_is_never_reflected(served: Served, path: str) -> None:
    with served.client("eva") as client:
        response = client.get(path, headers={"Host": "evil.example"})
    assert "evil.example" not in f"{response.headers}{response.text}"
    assert response.status_code == 404
