"""JSON a person wrote (a JSONL line, a request body, a `--set` value), read with orjson, a
key given twice in one object refused.

JSON lets an object repeat a key and parsers keep the last value, so
`{"people": 12, ..., "people": 14}` would be recorded as 14 without a word: in a record
people rely on, one of two figures silently dropped. orjson cannot tell (it has no such
option: ijl/orjson#456), so this module checks what it decoded, in C: every `"` of a
JSON text that no backslash escapes opens or closes a string, a key or a value. The
value orjson decoded, written back by orjson, has as many of them as the text had
unless a key was dropped on the way. Only then does the standard library's parser read
the text again, for its `object_pairs_hook` to name the key (about 15 us a line,
against 2-3 us for the count).
"""

from __future__ import annotations

import json
from typing import Any

import orjson


class JsonRefused(ValueError):
    """Well-formed JSON that is not read: it could not be read whole."""


class KeyGivenTwice(JsonRefused):
    """A JSON object gives one key twice."""

    def __init__(self, key: str) -> None:
        super().__init__(f"key {key!r} is given twice in one object; give it once")
        self.key = key


class NestedTooDeep(JsonRefused):
    """A JSON text nested too deeply for its keys to be checked (no record needs it)."""

    def __init__(self) -> None:
        super().__init__("nested too deeply to be checked; nest at most 255 levels")


def read_json(data: bytes | str) -> Any:
    """The value of the JSON text `data`. Raises `orjson.JSONDecodeError` for malformed
    JSON, and `JsonRefused`: `KeyGivenTwice` for an object that repeats a key,
    `NestedTooDeep` for a text nested deeper than Python's own parser goes (about 1,000
    levels)."""
    value = orjson.loads(data)
    text = data.encode() if isinstance(data, str) else data
    try:
        same = _strings(text) == _strings(orjson.dumps(value))
    except orjson.JSONEncodeError:  # nested deeper than orjson writes (255 levels)
        same = False
    if not same:
        try:
            json.loads(text, object_pairs_hook=_once)  # raises if a key was given twice
        except RecursionError:  # deeper than Python's own parser goes (orjson reads 1,024)
            raise NestedTooDeep() from None
    return value


def _strings(text: bytes) -> int:
    """Twice the strings (keys and values) of a JSON text: its `"` but escaped ones. Pairs
    of backslashes go first, left to right as a JSON parser reads them, so that what is
    left before a `"` is a backslash escaping it."""
    quotes = text.count(b'"')
    if b"\\" in text:
        quotes -= text.replace(b"\\\\", b"").count(b'\\"')
    return quotes


def _once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise KeyGivenTwice(key)
            seen.add(key)
    return found
