"""JSON responses written with orjson, as the CLI's `--json` writes them."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import Response


class OrjsonResponse(Response):
    """A JSON body from plain values (models already dumped in JSON mode), by orjson."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)
