"""The options that name fields of a fact, derived from the vocabulary's tables
(`cli/kind_options.py`, generated from the models): `append` and `correct` take one
option per kind-specific field, and `correct` and `dispute` take `--set FIELD=VALUE` for
any field the vocabulary has. A new kind or field needs no edit here.

typer reads a command's options from its signature, so the kind-specific ones are
added to the signature of the commands that take them (`**kind_fields`).
"""

from __future__ import annotations

import inspect
from typing import Annotated, Any

import typer

from cli.kind_options import COMMON_FIELDS, KIND_OPTIONS, VALUE_SHAPES

KIND_PANEL = "Kind-specific fields (see `timeline kinds`)"
FIELDS = (*COMMON_FIELDS, *(o["field"] for o in KIND_OPTIONS))
"""Every field a fact of some kind has, in the vocabulary's order."""
_KIND = "kind_"
"""The prefix of the parameters of kind-specific fields (`agency` is also a common option)."""


def with_kind_options(command: Any, correcting: bool = False) -> None:
    """Give `command` (whose `**kind_fields` take them) the options of every kind. A
    correction's flags say both ways (`--about/--no-about`) and default to unchanged."""
    fixed = inspect.signature(command, eval_str=True).parameters.values()
    named = [p for p in fixed if p.kind is not inspect.Parameter.VAR_KEYWORD]
    command.__signature__ = inspect.Signature([*named, *_kind_parameters(correcting)])


def _kind_parameters(correcting: bool) -> list[inspect.Parameter]:
    parameters = []
    for o in KIND_OPTIONS:
        shape, names = o["shape"], [o["option"]]
        said = "; ".join(f"{kind}: {words}" for kind, words in o["help"].items())
        help_ = f"{said}{'; repeatable' if shape == 'list' else ''}."
        hint: Any = {"flag": bool, "list": list[str] | None}.get(shape, str | None)
        default: Any = False if shape == "flag" else None
        if shape == "flag" and correcting:
            hint, default = bool | None, None
            names = [f"{o['option']}/--no-{o['option'].removeprefix('--')}"]
        option = typer.Option(*names, help=help_, rich_help_panel=KIND_PANEL, show_default=False)
        parameters.append(inspect.Parameter(
            _KIND + o["field"], inspect.Parameter.KEYWORD_ONLY,
            annotation=Annotated[hint, option], default=default,
        ))  # fmt: skip
    return parameters


def kind_values(kind_fields: dict[str, Any], unset: tuple[Any, ...]) -> dict[str, Any]:
    """The kind-specific fields given, by field name, leaving out the values in `unset`."""
    return {
        k.removeprefix(_KIND): v
        for k, v in kind_fields.items()
        if not any(v is u or v == u for u in unset)
    }


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
