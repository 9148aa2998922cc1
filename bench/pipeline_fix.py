"""`timeline` with psycopg's pipeline flush completed: what an import would cost without the hang.

    python -m bench.pipeline_fix ARGS...    (as `timeline ARGS...`)

psycopg 3.3's pure-Python pipeline (`psycopg.generators._pipeline_communicate`, used
where the C extension is not installed) leaves its loop once the last command is queued,
even when `PGconn.flush()` could not send all of it yet; the sync that follows then waits
for results the server cannot give, as it is still waiting for the end of the query. One
`INSERT` of a whole import is such a command: on this machine an import of 30,000 events
or more never returns (the server's backend waits in `ClientRead`, the client in
`poll`). This wrapper sends the rest before the results are awaited, then runs the CLI
unchanged; the benchmark uses it only when the plain command is seen stuck that way.
"""

from __future__ import annotations

import sys
from collections import deque
from typing import Any

from psycopg import _pipeline_base, generators


def _communicate_all(pgconn: Any, commands: deque[Any]) -> Any:
    results = yield from generators._pipeline_communicate(pgconn, commands)
    while pgconn.flush():
        ready = yield generators.WAIT_RW
        if ready & generators.READY_R:
            pgconn.consume_input()
    return results


def patch() -> None:
    if generators.pipeline_communicate is generators._pipeline_communicate:  # no C extension
        _pipeline_base.pipeline_communicate = _communicate_all  # type: ignore[assignment]


if __name__ == "__main__":
    patch()
    from cli.main import run

    sys.argv = ["timeline", *sys.argv[1:]]
    run()
