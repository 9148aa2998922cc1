"""SIGTERM, SIGHUP and Ctrl-C stop a command writing a file as a failure does: what it was
writing is removed, one line says so, and the exit code is 128 + the signal's number
(129 SIGHUP, 130 Ctrl-C, 143 SIGTERM), as a shell reports a program a signal ended.

Python's own handling of SIGTERM and SIGHUP ends the process at once, running no `finally`
and no `except`: the half-written temporary file stayed behind. The standard library has
no "raise in the main thread on these signals" switch (only SIGINT's KeyboardInterrupt),
hence the handler here.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

STOPPING = {signal.SIGHUP: "SIGHUP", signal.SIGINT: "Ctrl-C", signal.SIGTERM: "SIGTERM"}


class Interrupted(BaseException):
    """A signal asked the command to stop. A BaseException, as KeyboardInterrupt is, so that
    no `except Exception` takes it for a failure of the work and carries on."""

    def __init__(self, signum: int, outcome: str) -> None:
        super().__init__(f"interrupted ({STOPPING[signal.Signals(signum)]}): {outcome}")
        self.code = 128 + signum


class Interruptible:
    """The signals of an `interruptible` block; `settle` once the work is done."""

    def settle(self) -> None:
        """From here on the work is done (a file is in place): a signal arriving now is
        ignored rather than told as having undone it; the block ends moments later."""
        for signum in STOPPING:
            signal.signal(signum, signal.SIG_IGN)


@contextmanager
def interruptible(outcome: str) -> Iterator[Interruptible]:
    """Within the block, SIGTERM, SIGHUP and Ctrl-C raise `Interrupted`, saying `outcome`
    (what the interruption leaves: `nothing was written to out.html`), where the main
    thread is, so every `finally` and `except` of the block runs. A second signal while
    they run is ignored. Outside, the handlers are as they were."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        for stopping in STOPPING:  # the clean-up the exception starts runs to its end
            signal.signal(stopping, signal.SIG_IGN)
        raise Interrupted(signum, outcome)

    previous = {signum: signal.signal(signum, interrupt) for signum in STOPPING}
    try:
        yield Interruptible()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
