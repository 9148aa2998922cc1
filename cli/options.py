"""Options shared by every command: where the store is, and JSON for scripts."""

from __future__ import annotations

from typing import Annotated

import typer

STORE_HELP = "The store: an SQLite file (default ./timeline.db), or :memory: for a throwaway one."

Store = Annotated[
    str,
    typer.Option("--store", "-s", envvar="TIMELINE_STORE", help=STORE_HELP, show_default=True),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON (with orjson) for scripts.")]
CaseFilter = Annotated[
    str | None, typer.Option("--case", "-c", help="Only this case (its slug).", show_default=False)
]
IncludeRetracted = Annotated[
    bool, typer.Option("--include-retracted", help="Also show retracted events, marked as such.")
]
