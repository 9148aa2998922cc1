"""Summaries told lately, kept by what they were told from: asked again of the same
entries, a summary is not told again.

A summary is told from the timeline entries it reads and the question alone (`reads.summary_of`,
`reports.summary`: format, grouping, cases, dates, kinds, width). A server is asked the
same summary again and again while nothing it covers changes; each time, the entries are
read now, as the JSON the views hold, and only those this account may see
(`reads.timeline_json`), and the summary is kept under a digest of exactly that JSON
with the question. An append, a correction, a retraction or an erasure changes an entry's
JSON or the entries read, and a grant or a restriction changes which entries the account
reads: each gives another digest, and the summary is told afresh. The entries read for the
digest are the entries it is then told from.

Only summaries of at most `MOST` entries are kept (their JSON is held while they are told;
a larger one is streamed, as on the command line), and at most `KEPT` summaries.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence

import reads
from domain.access import Policy
from domain.application import Timeline
from projections.known import Known
from projections.sql_views import entry_of
from reports.summary_options import By, SummaryFormat
from service.responses import written

MOST = 5_000
"""The most entries of a summary kept."""
KEPT = 16
"""The most summaries kept."""

Question = tuple[object, ...]


class Summaries:
    """The summaries one server told lately, by a digest of their entries and the question."""

    def __init__(self) -> None:
        self._kept: OrderedDict[tuple[bytes, Question], bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.told = 0
        """How many summaries were told here rather than found kept."""

    def summary(
        self,
        app: Timeline,
        policy: Policy,
        cases: Sequence[str],
        *,
        format: SummaryFormat,
        by: By,
        start: str | None,
        end: str | None,
        kinds: Sequence[str],
        include_retracted: bool,
        known: Known,
        width: int,
    ) -> bytes:
        """The summary `reads.summary` tells with these arguments, as UTF-8."""
        asked = list(dict.fromkeys(cases))
        stored = reads.timeline_json(
            app, policy, asked, start=start, end=end, kinds=kinds,
            include_retracted=include_retracted, known=known, most=MOST,
        )  # fmt: skip
        held = None if stored is None else list(stored)
        question = (format, by, tuple(asked), start, end, tuple(kinds), include_retracted, width)
        key = None if held is None else (_digest(held), question)
        if key is not None:
            with self._lock:
                found = self._kept.get(key)
                if found is not None:
                    self._kept.move_to_end(key)
                    return found
        telling = reads.summary(
            app, policy, asked, format=format, by=by, start=start, end=end, kinds=kinds,
            include_retracted=include_retracted, known=known, width=width,
        ) if held is None else reads.summary_of(
            map(entry_of, held), asked, format=format, by=by, start=start, end=end,
            kinds=kinds, include_retracted=include_retracted, known=known, width=width,
        )  # fmt: skip
        text = written(telling)
        with self._lock:
            self.told += 1
            if key is not None:
                self._kept[key] = text
                while len(self._kept) > KEPT:
                    self._kept.popitem(last=False)
        return text


def _digest(documents: list[bytes]) -> bytes:
    found = hashlib.sha256()
    for document in documents:
        found.update(len(document).to_bytes(8, "big"))
        found.update(document)
    return found.digest()
