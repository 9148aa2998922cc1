"""JSON responses written with orjson, as the CLI's `--json` writes them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import orjson
from fastapi.responses import Response

if TYPE_CHECKING:
    from reads import Writing


class OrjsonResponse(Response):
    """A JSON body from plain values (models already dumped in JSON mode), by orjson."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


class StoredJson(Response):
    """A JSON body written from documents already JSON (the views' rows), as they are: one
    document, or an array of them."""

    media_type = "application/json"

    @staticmethod
    def array(documents: Iterable[bytes]) -> StoredJson:
        return StoredJson(b"[" + b",".join(documents) + b"]")


def written(writing: Writing) -> bytes:
    """What `writing` writes (a summary, an export), as UTF-8."""
    out: list[bytes] = []
    writing(lambda text: out.append(text.encode()))
    return b"".join(out)
