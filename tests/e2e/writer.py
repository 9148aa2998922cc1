"""A writer process for the concurrency tests: appends N events to one case, one at a time.

python -m tests.e2e.writer STORE CASE WRITER N
"""

from __future__ import annotations

import sys

from events.instructions import read_instruction
from storage.opening import open_timeline


def main(store: str, case: str, writer: str, count: int) -> None:
    app = open_timeline(store)
    for i in range(count):
        line = {
            "kind": "observation", "case": case, "date": "2009", "text": f"{writer}-{i}",
            "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}],
        }  # fmt: skip
        app.carry_out([read_instruction(line)])
    app.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
