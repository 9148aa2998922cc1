"""Many clients at once on one server: nobody is told the store failed, and every
acknowledged append is stored exactly once."""

from __future__ import annotations

import threading
from collections import Counter

from tests.service.conftest import Served

CASE = "russian-far-east-2009"
APPENDERS, READERS, EACH = 4, 4, 30
READS = [f"/cases/{CASE}", f"/timeline?case={CASE}", "/cases", f"/summary?case={CASE}&format=text"]


def test_appends_and_reads_at_once_are_all_answered_and_stored_once(served: Served) -> None:
    acknowledged: list[str] = []
    failures: list[str] = []
    go = threading.Barrier(APPENDERS + READERS)

    def append(n: int) -> None:
        with served.client("eva") as client:
            go.wait()
            for i in range(EACH):
                line = {"kind": "observation", "date": "2009-12", "text": f"load {n} {i}",
                        "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}  # fmt: skip
                response = client.post(f"/cases/{CASE}/events", json=line)
                if response.status_code == 201:
                    acknowledged.append(f"load {n} {i}")
                else:
                    failures.append(f"{response.status_code} {response.text[:200]}")

    def read(n: int) -> None:
        with served.client("rui") as client:
            go.wait()
            for i in range(EACH):
                response = client.get(READS[(n + i) % len(READS)])
                if response.status_code != 200:
                    failures.append(f"{response.status_code} {response.text[:200]}")

    threads = [threading.Thread(target=append, args=(n,)) for n in range(APPENDERS)]
    threads += [threading.Thread(target=read, args=(n,)) for n in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with served.client("ana") as client:
        replayed = client.get("/replay", params={"case": CASE, "limit": 10_000}).json()
    stored = Counter(e.get("text") for e in replayed if str(e.get("text")).startswith("load "))
    assert len(acknowledged) == APPENDERS * EACH
    assert stored == Counter(acknowledged)
