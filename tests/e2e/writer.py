"""A writer process for the concurrency tests: appends events to one case, one at a time.

    python -m tests.e2e.writer STORE CASE WRITER N [PAUSE]

With N = 0 it appends until SIGTERM, pausing PAUSE seconds between appends.
"""

from __future__ import annotations

import itertools
import signal
import sys
import time

from events.instructions import read_instruction
from storage.opening import open_timeline


def main(store: str, case: str, writer: str, count: int, pause: float) -> None:
    app = open_timeline(store)
    stopped = False

    def stop(*_: object) -> None:
        nonlocal stopped
        stopped = True

    signal.signal(signal.SIGTERM, stop)
    for i in range(count) if count else itertools.count():
        if stopped:
            break
        line = {
            "kind": "observation", "case": case, "date": "2009", "text": f"{writer}-{i}",
            "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}],
        }  # fmt: skip
        app.carry_out([read_instruction(line)])
        time.sleep(pause)
    app.close()


if __name__ == "__main__":
    main(*sys.argv[1:4], int(sys.argv[4]), float(sys.argv[5]) if len(sys.argv) > 5 else 0.0)
