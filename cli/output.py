"""Writing results: JSON with orjson for scripts, rich for people."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


@cache
def _console() -> Console:
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # rich exits with 1 here; `cli.main.run` ends a broken pipe as a shell would (141)
            raise BrokenPipeError

    # what the record says is printed as written: no rich markup (`[bold]`, `[link=...]`)
    # nor emoji codes (`:smile:`) read in a title, a text or a file name
    return _Console(highlight=False, markup=False, emoji=False)


class _LazyConsole:
    """rich's Console, made on first use: importing rich costs every command's start-up."""

    def __getattr__(self, name: str) -> Any:
        return getattr(_console(), name)


console: Console = _LazyConsole()  # type: ignore[assignment]


_CONTROLS = {
    c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if chr(c) not in "\n\t"
}


def visible(text: str) -> str:
    """`text` for a terminal: its control characters written as escapes (`\\x1b`), so what a
    record says can neither be hidden nor drive the terminal (clear it, retitle it, fake
    other output); the JSON output keeps them, escaped as JSON escapes them."""
    # most text has none (each is unprintable), and isprintable() says so faster than
    # translate() copies it
    return text if text.isprintable() else text.translate(_CONTROLS)


def visible_json(value: Any) -> Any:
    """A JSON value with every string in it made `visible`."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {key: visible_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [visible_json(item) for item in value]
    return value


def _plain(value: Any) -> Any:
    # duck-typed: importing pydantic here would slow every command's start-up
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else value


def print_json(value: Any) -> None:
    """One JSON document on stdout."""
    import orjson  # here: commands that print no JSON (`--version` among them) never load it

    data = [_plain(v) for v in value] if isinstance(value, list | tuple) else _plain(value)
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")


def stream_json(items: Iterable[Any]) -> None:
    """A JSON array on stdout, one item at a time, so memory stays bounded."""
    import orjson

    stream_json_documents(orjson.dumps(_plain(item)) for item in items)


def stream_json_documents(documents: Iterable[bytes]) -> None:
    """A JSON array on stdout of `documents`, each one JSON value already written.

    Nothing is written until the first document is in hand: a read refused at its start
    (an unknown or erased case) leaves stdout empty rather than an unclosed `[`."""
    out = sys.stdout.buffer
    documents = iter(documents)
    first = next(documents, None)
    if first is None:
        out.write(b"[]\n")
        return
    out.write(b"[\n  ")
    out.write(first)
    for document in documents:
        out.write(b",\n  ")
        out.write(document)
    out.write(b"\n]\n")


@contextmanager
def paged() -> Iterator[None]:
    """Long output for people read through a pager, as git does: where stdout is a
    terminal, what the block prints goes to `TIMELINE_PAGER` (else `PAGER`, else `less`;
    `cat` for none, as `timeline --no-pager` sets), fed as it is written, so memory stays
    bounded; `less` is told to quit when the output fits one screen and to keep colours
    (`LESS=FRX` unless set). Anywhere else (a file, a pipe, a test) it prints as ever."""
    import os
    import shutil
    import subprocess

    command = os.environ.get("TIMELINE_PAGER") or os.environ.get("PAGER") or "less"
    if command == "cat" or not sys.stdout.isatty():
        yield
        return
    width = shutil.get_terminal_size().columns
    env = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:  # no such pager: print as if there were none
        yield
        return
    assert pager.stdin is not None
    sys.stdout.flush()
    terminal = os.dup(1)
    os.dup2(pager.stdin.fileno(), 1)
    # rich draws for the terminal the pager shows on, not for the pipe it is fed by
    os.environ.setdefault("COLUMNS", str(width))
    if "NO_COLOR" not in os.environ:
        os.environ.setdefault("FORCE_COLOR", "1")
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:  # the reader quit the pager before the end: that is all
        nowhere = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nowhere, 1)  # what is still buffered goes nowhere, not to the terminal
        os.close(nowhere)
        sys.stdout.flush()
    finally:
        os.dup2(terminal, 1)
        os.close(terminal)
        pager.stdin.close()
        pager.wait()
