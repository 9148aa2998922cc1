"""The command-line options of the kind-specific fields, derived from the vocabulary's models.

One option per field name across the kinds (`--country` serves every kind with a
`country`): a list field is a repeatable option named in the singular, a boolean a flag,
a field with a fixed set of values a choice among them. `timeline append` and
`timeline kinds` both read this table, so they name the same options; `correct` takes
the same options, and it and `dispute` accept `--set` for these fields and the common
ones (`COMMON_FIELDS`). The CLI keeps the tables as plain data in `cli/kind_options.py`,
with each option written out as a typer `Annotated` alias that `append` and `correct`
declare as a parameter (regenerate with `python -m events.options > cli/kind_options.py`;
a test says when it is stale), because building these models would slow every command's
start-up.
"""

from __future__ import annotations

import json
import sys
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from events.facts import FACT_KINDS, DatedFact

_NAMES = {"agency": "--contacted", "channels": "--channel"}
"""Where the option is not `--FIELD`: `--agency` names the common `agencies`, and a list
field's option is repeated, so it is named in the singular."""


def kind_options() -> list[dict[str, Any]]:
    """`field`, `option`, `shape` (text, list, flag, choice), `choices`, and `help` by kind:
    one for each kind-specific field, in the order the kinds define them."""
    options: dict[str, dict[str, Any]] = {}
    common = set(DatedFact.model_fields) | {"kind"}
    for kind, cls in FACT_KINDS.items():
        for name, info in cls.model_fields.items():
            if name in common:
                continue
            if name in options:
                options[name]["help"][kind] = info.description or ""
                continue
            shape, choices = _shape(info.annotation)
            options[name] = {
                "field": name,
                "option": _NAMES.get(name, "--" + name.replace("_", "-")),
                "shape": shape,
                "choices": choices,
                "help": {kind: info.description or ""},
            }
    for option in options.values():
        option["help"] = {kind: _whole(said, option["choices"])
                          for kind, said in option["help"].items()}  # fmt: skip
    return list(options.values())


def _whole(said: str, choices: list[str]) -> str:
    """A field's help with its closed list given whole: `how it was made: one of in_person,
    letter, phone, email, other`, unless the help names every value already."""
    if not choices or all(c in said for c in choices):
        return said
    return f"{said}: one of {', '.join(choices)}"


def common_fields() -> dict[str, str]:
    """The fields every kind has (`date`, `place`, ...), with their descriptions: with
    `kind_options` they are every field a correction or a dispute may name."""
    return {name: info.description or "" for name, info in DatedFact.model_fields.items()}


def value_shapes() -> dict[str, str]:
    """How `--set FIELD=VALUE` reads VALUE, by field: `text` as it is written, `list` as
    a JSON array or else as one item, anything else as JSON."""
    shapes: dict[str, str] = {}
    models: list[type[DatedFact]] = [DatedFact, *FACT_KINDS.values()]
    for cls in models:
        for name, info in cls.model_fields.items():
            if name != "kind":
                shapes.setdefault(name, _value_shape(info.annotation))
    return shapes


def _value_shape(annotation: Any) -> str:
    annotation = _bare(annotation)
    if get_origin(annotation) is tuple:
        return "list" if _is_text(_bare(get_args(annotation)[0])) else "json"
    return "text" if _is_text(annotation) else "json"


def _bare(annotation: Any) -> Any:
    """`annotation` without `| None` and `Annotated[...]`."""
    args = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) in (Union, types.UnionType) and len(args) == 1:
        annotation = args[0]
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _is_text(annotation: Any) -> bool:
    return annotation is str or (
        get_origin(annotation) is Literal and all(isinstance(a, str) for a in get_args(annotation))
    )


def _shape(annotation: Any) -> tuple[str, list[str]]:
    args = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) in (Union, types.UnionType) and len(args) == 1:
        annotation = args[0]  # X | None
    if bool in (annotation, *get_args(annotation)):  # also Annotated[bool, ...]
        return "flag", []
    if get_origin(annotation) is tuple:
        return "list", _choices(get_args(annotation)[0])
    return ("choice", _choices(annotation)) if _choices(annotation) else ("text", [])


def _choices(annotation: Any) -> list[str]:
    return [str(a) for a in get_args(annotation)] if get_origin(annotation) is Literal else []


KIND_PANEL = "Kind-specific fields (see `timeline kinds`)"
"""Where `--help` lists the options of kind-specific fields."""
_HINTS = {"flag": "bool", "list": "list[str] | None"}
"""The type of an option's value, by shape (any other: `str | None`)."""


def alias_name(field: str, *, both_ways: bool = False) -> str:
    """The name of a field's option in `cli/kind_options.py`: `granted_by` is `GrantedBy`;
    `both_ways`, a correction's flag (`--about/--no-about`), is `AboutBothWays`."""
    return "".join(part.capitalize() for part in field.split("_")) + "BothWays" * both_ways


def _alias(option: dict[str, Any], *, both_ways: bool = False) -> str:
    """The typer option of one kind-specific field, as the source of an `Annotated` alias;
    `both_ways`: a correction's flag, which says both ways and leaves the field alone when
    not given."""
    shape, names = option["shape"], option["option"]
    hint = "bool | None" if both_ways else _HINTS.get(shape, "str | None")
    if both_ways:
        names = f"{names}/--no-{names.removeprefix('--')}"
    said = "; ".join(f"{kind}: {words}" for kind, words in option["help"].items())
    help_ = f"{said}{'; repeatable' if shape == 'list' else ''}."
    return "\n".join([
        f"{alias_name(option['field'], both_ways=both_ways)} = Annotated[",
        f"    {hint},",
        "    typer.Option(",
        f"        {_string(names)},",
        *_help_lines(help_),
        "        rich_help_panel=KIND_PANEL,",
        "        show_default=False,",
        "    ),",
        "]",
    ])  # fmt: skip


def _help_lines(text: str) -> list[str]:
    """`help=TEXT,` as lines of the alias, the text in pieces joined implicitly."""
    quoted = [_string(piece) for piece in _pieces(text, 100 - len('        help="",'))]
    lines = [f"        help={quoted[0]}", *(f"        {q}" for q in quoted[1:])]
    lines[-1] += ","
    return lines


def _pieces(text: str, width: int) -> list[str]:
    """`text` cut at spaces into pieces of at most `width` characters (a longer word whole)."""
    pieces = [""]
    for word in text.split(" "):
        if pieces[-1] and len(pieces[-1]) + len(word) + 1 > width:
            pieces.append("")
        pieces[-1] += word + " "
    pieces[-1] = pieces[-1][:-1]
    return [piece for piece in pieces if piece]


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a Python string


def _literal(value: Any, indent: int, room: int) -> str:
    """`value` (text, lists and dicts of them) as Python source, on one line where it fits in
    `room` characters, else one item a line at `indent` levels; a long text in pieces."""
    flat = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    if len(flat) <= room:
        return flat
    pad, close = "    " * (indent + 1), "    " * indent
    if isinstance(value, str):
        pieces = _pieces(value, 100 - len(pad) - 2)
        return "(\n" + "".join(f"{pad}{_string(p)}\n" for p in pieces) + close + ")"
    items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
    lines = []
    for key, item in items:
        head = f"{_string(key)}: " if key is not None else ""
        room = 100 - len(pad) - len(head) - 1
        lines.append(f"{pad}{head}{_literal(item, indent + 1, room)},\n")
    brackets = "{}" if isinstance(value, dict) else "[]"
    return brackets[0] + "\n" + "".join(lines) + close + brackets[1]


_HEADER = '''"""Generated by `python -m events.options` from the vocabulary's models: do not edit.

The tables are plain data for `timeline kinds` and `--set`; below them, the option of each
kind-specific field, which `append` (`cli/recording.py`) and `correct` (`cli/amending.py`)
declare as a parameter named as the field; a flag also says both ways for `correct`
(`...BothWays`).
"""

# fmt: off
from typing import Annotated, Any

import typer

'''


def module_text() -> str:
    """`cli/kind_options.py`, from the models."""
    options = kind_options()
    aliases = [_alias(o) for o in options]
    aliases += [_alias(o, both_ways=True) for o in options if o["shape"] == "flag"]
    tables = {
        "KIND_OPTIONS: list[dict[str, Any]]": options,
        "COMMON_FIELDS: dict[str, str]": common_fields(),
        "VALUE_SHAPES: dict[str, str]": value_shapes(),
    }
    return (
        _HEADER
        + f"KIND_PANEL = {_string(KIND_PANEL)}\n\n"
        + "".join(f"{name} = {_literal(table, 0, 0)}\n\n" for name, table in tables.items())
        + "\n".join(f"{alias}\n" for alias in aliases)
        + "# fmt: on\n"
    )


def main() -> None:
    """Print `cli/kind_options.py` from the models."""
    sys.stdout.write(module_text())


if __name__ == "__main__":
    main()
