"""`timeline import --review`: walk the drafts of a file, then record what was accepted.

Each line with a `draft` key (as `timeline draft` writes them) is shown with its
sentence and why, and asks: accept, edit a field, skip, or quit. Lines without one (a
`case_opened`) are kept as they are. At the end the kept and accepted lines are
recorded in one transaction, checked as any import is; quitting records nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.errors import InputError, RefusedAt

if TYPE_CHECKING:
    from domain.application import Timeline
    from events.instructions import Instruction
    from storage.importing import Imported

Line = dict[str, Any]
Ask = Callable[[str], str]
PROMPT = "[a]ccept, [e]dit a field, [s]kip, [q]uit? "
FIELD_PROMPT = "field=value (a JSON value or plain text; empty line: done)? "
_SHOWN = ("kind", "date", "people", "place")


@cache
def _console() -> Any:
    from rich.console import Console

    # the walk talks on stderr: stdout is for what was recorded (`--json`)
    return Console(stderr=True, highlight=False, markup=False, emoji=False)


def ask_in_terminal(prompt: str) -> str:
    """A line typed in answer to `prompt` (shown on stderr); EOFError where input ended."""
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")


class Quit(Exception):
    """The reviewer quit: nothing is recorded."""


def review_file(
    app: Timeline, file: Path, ask: Ask = ask_in_terminal
) -> tuple[Imported | None, int, int]:
    """Walk the drafts of `file`, asking `ask`; record the accepted ones and the lines
    that are no drafts, in one transaction. Returns what was imported (None when
    nothing was accepted), and how many drafts were accepted and skipped."""
    if str(file) == "-":
        raise InputError("--review reads answers from the terminal: give the drafts as a file")
    lines = _read(file)
    chosen: list[tuple[int, Instruction]] = []
    accepted = skipped = 0
    drafts = sum("draft" in line for _, line in lines)
    seen = 0
    for number, line in lines:
        if "draft" not in line:
            chosen.append((number, _checked(file, number, line)))
            continue
        seen += 1
        verdict = _review(line, f"{seen} of {drafts}", ask)
        if verdict is None:
            skipped += 1
            continue
        chosen.append((number, verdict))
        accepted += 1
    if not accepted:
        return None, accepted, skipped
    return _record(app, file, chosen), accepted, skipped


def reviewed(app: Timeline, file: Path) -> Imported | None:
    """`import --review`: the walk, and what it says at the end (on stderr, so that
    `--json` prints the receipts alone); None where nothing was recorded."""
    from cli.errors import note

    try:
        imported, accepted, skipped = review_file(app, file)
    except Quit:
        note("quit: nothing recorded")
        return None
    if imported is None:
        note(f"no draft accepted ({skipped} skipped): nothing recorded")
        return None
    note(f"{accepted} drafts accepted, {skipped} skipped")
    return imported


def _read(file: Path) -> list[tuple[int, Line]]:
    import orjson

    from events.json_input import JsonRefused, read_json

    try:
        rows = file.read_bytes().splitlines()
    except OSError as error:
        raise InputError(f"{file}: cannot read: {error.strerror}") from None
    lines = []
    for number, row in enumerate(rows, 1):
        if not row.strip():
            continue
        try:
            value = read_json(row)
        except (orjson.JSONDecodeError, JsonRefused) as error:
            raise InputError(f"{file}:{number}: malformed JSON: {error}") from None
        if not isinstance(value, dict):
            raise InputError(f"{file}:{number}: expected a JSON object")
        lines.append((number, value))
    if not lines:
        raise InputError(f"{file}: no events in the file")
    return lines


def _checked(file: Path, number: int, line: Line) -> Instruction:
    found = _problem(line)
    if isinstance(found, str):
        raise InputError(f"{file}:{number}: {found}")
    return found


def _problem(line: Line) -> Instruction | str:
    """The line as an instruction, or what is wrong with it."""
    from pydantic import ValidationError

    from events.errors import describe
    from events.instructions import read_instruction

    try:
        return read_instruction(line)
    except ValidationError as error:
        return describe(error)
    except ValueError as error:
        return str(error)


def _review(line: Line, place: str, ask: Ask) -> Instruction | None:
    """The draft as accepted (perhaps edited), or None where it is skipped."""
    _show(line, place)
    while True:
        answer = _answer(ask, PROMPT).strip().lower()[:1]
        if answer == "q":
            raise Quit
        if answer == "s":
            return None
        if answer == "e":
            _edit(line, ask)
            _show(line, place)
        elif answer == "a":
            found = _problem(line)
            if not isinstance(found, str):
                return found
            _console().print(f"Not accepted: {found}", soft_wrap=True)


def _edit(line: Line, ask: Ask) -> None:
    while True:
        given = _answer(ask, FIELD_PROMPT).strip()
        if not given:
            return
        name, equals, value = given.partition("=")
        name = name.strip()
        if not equals or not name or name in ("draft", "sources"):
            _console().print("Give FIELD=VALUE, e.g. date=2009-09 or people=12", soft_wrap=True)
            continue
        _set(line, name, value.strip())
        found = _problem(line)
        if isinstance(found, str):
            _console().print(f"Not valid yet: {found}", soft_wrap=True)


def _set(line: Line, name: str, value: str) -> None:
    """`value` as typed text, else as JSON where that is what makes the line valid
    (`people=12`, `channels=["letter"]`); an empty value or `null` removes the field."""
    import orjson

    if value in ("", "null"):
        line.pop(name, None)
        return
    line[name] = value
    if not isinstance(_problem(line), str):
        return
    try:
        typed = orjson.loads(value)
    except orjson.JSONDecodeError:
        return
    line[name] = typed
    if isinstance(_problem(line), str):
        line[name] = value


def _answer(ask: Ask, prompt: str) -> str:
    try:
        return ask(prompt)
    except EOFError:
        raise InputError("the answers ended before the review did: nothing recorded") from None


def _show(line: Line, place: str) -> None:
    quote = " ".join(str(line.get("sources", [{}])[0].get("quote", "")).split())
    draft = line.get("draft", {})
    _console().print(f"\nDraft {place}: \u201c{quote}\u201d", soft_wrap=True)
    for name in (
        *_SHOWN,
        *(k for k in line if k not in (*_SHOWN, "case", "draft", "sources", "text")),
    ):
        if name in line:
            _console().print(f"  {name}: {line[name]}", soft_wrap=True)
    _console().print(f"  text: {line.get('text')}", soft_wrap=True)
    _console().print(f"  why ({draft.get('confidence')}): {draft.get('why')}", soft_wrap=True)


def _record(app: Timeline, file: Path, chosen: list[tuple[int, Instruction]]) -> Imported:
    from domain.errors import Refused
    from storage.importing import import_stream

    try:
        return import_stream(app, iter(chosen))
    except Refused as refused:
        raise RefusedAt(f"{file}:{refused.index}: {refused}") from None
