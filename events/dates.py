"""The `EdtfDate` field type: a validated EDTF string inside pydantic models."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator

from events.edtf import parse_edtf


def _check_edtf(value: str) -> str:
    parse_edtf(value)  # raises EdtfError (a ValueError) that pydantic reports on the field
    return value


EdtfDate = Annotated[str, AfterValidator(_check_edtf)]
"""An EDTF string such as `2004`, `2009-09`, `2007/2009`, `2004/..` or `2004~`."""
