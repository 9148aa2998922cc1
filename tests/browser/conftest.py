"""A real browser for the exports: Debian's chromium, driven by Playwright.

`make test` installs chromium and TimelineJS when they are missing. A test that
needs them fails, never skips, where they are not there.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

import reads
from domain.application import Timeline
from events.instructions import read_instruction
from reports.formats import ExportFormat
from tests.conftest import new_store

CHROMIUM = Path("/usr/bin/chromium")
TIMELINEJS = Path(__file__).parent / "node_modules" / "@knight-lab" / "timelinejs" / "dist"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"no browser at {CHROMIUM}: `make browser` installs Debian's chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def store_of(lines: list[dict[str, Any]]) -> Timeline:
    app = new_store(":memory:")
    app.carry_out([read_instruction(line) for line in lines])
    return app


def seed_lines(seed_path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(row) for row in seed_path.read_bytes().splitlines() if row.strip()]


def exported(app: Timeline, format_: str) -> str:
    out: list[str] = []
    reads.export(app, None, ExportFormat(format_))(out.append)
    return "".join(out)


class Watched:
    """What a page said and asked for: console errors, uncaught errors, every request."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))


@pytest.fixture
def serve() -> Iterator[Callable[[Path], str]]:
    """Serve a folder on 127.0.0.1; gives its address."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass
