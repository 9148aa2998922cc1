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
    """The stopping signals of an `interruptible` block: the first one raises `Interrupted`
    where the main thread is, unless it is deferred or the work is settled; later ones are
    ignored, so the clean-up the first one starts runs to its end."""

    def __init__(self, outcome: str) -> None:
        self.outcome = outcome
        self.received: int | None = None
        self.deferring = self.settled = False

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if self.received is not None or self.settled:
            return
        self.received = signum
        if not self.deferring:
            raise Interrupted(signum, self.outcome)

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """A signal arriving within waits for the block's end, then interrupts: what the
        block makes (a file) is known to the clean-up by then."""
        self.deferring = True
        try:
            yield
        finally:
            self.deferring = False
        if self.received is not None:
            raise Interrupted(self.received, self.outcome)

    def settle(self) -> None:
        """From here on the work is done (its file is going into place): a signal arriving
        now is let go rather than told as having undone it; the command ends moments later."""
        self.settled = True


@contextmanager
def interruptible(outcome: str) -> Iterator[Interruptible]:
    """Within the block, SIGTERM, SIGHUP and Ctrl-C raise `Interrupted`, saying `outcome`
    (what the interruption leaves: `nothing was written to out.html`), so every `finally`
    and `except` of the block runs. Outside, the handlers are as they were."""
    signals = Interruptible(outcome)
    previous = {signum: signal.signal(signum, signals.handle) for signum in STOPPING}
    try:
        yield signals
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
