"""A progress bar on stderr for work that can take seconds; silent when not a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from projections.runner import Behind
    from projections.runner import Progress as ProgressCallback


@contextmanager
def progress_bar(description: str, *, always: bool = False) -> Iterator[ProgressCallback]:
    """Yields a callback `(done, total)`; the bar shows once there is work to show.

    rich is imported and the bar drawn at the first call only: a read whose views are
    current, or output that is not a terminal, never pays for it.
    """
    shown: list[Any] = []

    def update(done: int, total: int) -> None:
        if not shown:
            if not (always or sys.stderr.isatty()):
                return
            shown.append(_bar(description, transient=not always))
            shown[0].start()
            shown.append(shown[0].add_task(description, total=None))
        shown[0].update(shown[1], completed=done, total=total)

    try:
        yield update
    finally:
        if shown:
            shown[0].stop()


def _bar(description: str, *, transient: bool) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    return Progress(
        f"[bold]{description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=Console(stderr=True), transient=transient,
    )  # fmt: skip


def say_behind(behind: Behind) -> None:
    """One line on stderr: the views (or the audit) read are behind the store, by how much
    and why."""
    from cli.errors import note

    lag = behind.last - behind.position
    note(
        f"{behind.why}; showing {behind.shown} as of position {behind.position:,}, "
        f"{lag:,} events behind the store"
    )
