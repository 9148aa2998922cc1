"""Writing results: JSON with orjson for scripts, rich for people."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

import orjson
from pydantic import BaseModel
from rich.console import Console

console = Console(highlight=False)


def _plain(value: Any) -> Any:
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else value


def print_json(value: Any) -> None:
    """One JSON document on stdout."""
    data = [_plain(v) for v in value] if isinstance(value, list | tuple) else _plain(value)
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")


def stream_json(items: Iterable[Any]) -> None:
    """A JSON array on stdout, one item at a time, so memory stays bounded."""
    out = sys.stdout.buffer
    out.write(b"[")
    first = True
    for item in items:
        out.write(b"\n  " if first else b",\n  ")
        out.write(orjson.dumps(_plain(item)))
        first = False
    out.write(b"\n]\n" if not first else b"]\n")
