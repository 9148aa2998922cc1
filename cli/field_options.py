"""The fields of a fact as options, from the vocabulary's tables (`cli/kind_options.py`,
generated from the models): `append` and `correct` declare one parameter per
kind-specific field, named as the field, with the option generated for it
(`kinds.GrantedBy`, ...); `kind_values` gathers them, and `correct` and `dispute` take
`--set FIELD=VALUE` for any field the vocabulary has. A test says when a command lacks
the parameter of a field the models have.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import typer

from cli.kind_options import COMMON_FIELDS, KIND_OPTIONS, VALUE_SHAPES

FIELDS = (*COMMON_FIELDS, *(o["field"] for o in KIND_OPTIONS))
"""Every field a fact of some kind has, in the vocabulary's order."""


def kind_values(parameters: Mapping[str, Any], unset: tuple[Any, ...]) -> dict[str, Any]:
    """The kind-specific fields among a command's `parameters` (each named as its field), in
    the vocabulary's order, leaving out the values in `unset`."""
    given = {o["field"]: parameters[o["field"]] for o in KIND_OPTIONS}
    return {k: v for k, v in given.items() if not any(v is u or v == u for u in unset)}


SET_HELP = (
    "FIELD=VALUE, repeatable: VALUE is text for a text field (date=2009), one item or a "
    'JSON array for a list (actor=Kim, channels=["letter","phone"]), else JSON (people=14). '
    "FIELD is one of " + ", ".join(FIELDS) + "."
)


def assignments(pairs: list[str]) -> dict[str, Any]:
    """`--set FIELD=VALUE` pairs as values by field; a field no kind has is a usage error
    naming the nearest fields of the vocabulary (`--help` lists them all)."""
    import difflib

    from events.json_input import JsonRefused
    from events.values import shown

    values: dict[str, Any] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or not name:
            raise typer.BadParameter(f"{shown(pair)}: write it as FIELD=VALUE", param_hint="--set")
        if name not in FIELDS:
            near = difflib.get_close_matches(name, FIELDS, n=3, cutoff=0.5)
            meant = f"; did you mean {' or '.join(map(repr, near))}?" if near else ""
            # all of them would not fit the one line of an error: `--help` lists them
            raise typer.BadParameter(
                f"{shown(pair)}: no kind has a field {shown(name)}{meant}", param_hint="--set"
            )
        if name in values:
            raise typer.BadParameter(f"{shown(name)} is given twice", param_hint="--set")
        try:
            values[name] = _value(VALUE_SHAPES.get(name, "json"), raw)
        except JsonRefused as error:
            raise typer.BadParameter(f"{shown(name)}: {error}", param_hint="--set") from None
    return values


def _value(shape: str, raw: str) -> Any:
    """VALUE as its field reads it (see `SET_HELP`); the model then validates it."""
    marks = {"text": '"', "list": "["}
    if shape in marks and not raw.startswith(marks[shape]):
        return raw if shape == "text" else [raw]
    import orjson

    from events.json_input import read_json

    try:
        return read_json(raw)
    except orjson.JSONDecodeError:
        return raw
