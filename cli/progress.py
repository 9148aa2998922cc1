"""A progress bar on stderr for work that can take seconds; silent when not a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from projections.runner import Behind
from projections.runner import Progress as ProgressCallback


@contextmanager
def progress_bar(description: str, *, always: bool = False) -> Iterator[ProgressCallback]:
    """Yields a callback `(done, total)`; the bar shows once there is work to show."""
    console = Console(stderr=True)
    bar = Progress(
        f"[bold]{description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=not always,
        disable=not (always or sys.stderr.isatty()),
    )
    task = bar.add_task(description, total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield update


def say_behind(behind: Behind) -> None:
    """One line on stderr: the views read are behind the store, by how much and why."""
    from cli.errors import one_line

    lag = behind.last - behind.position
    print(
        one_line(
            f"timeline: note: {behind.why}; showing the views as of position "
            f"{behind.position:,}, {lag:,} events behind the store"
        ),
        file=sys.stderr,
    )
