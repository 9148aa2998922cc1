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
a larger one is streamed, as on the command line), and at most `KEPT` summaries. The
entries' models are kept by their JSON too (`MODELS` of them), with what a summary tells of
each alone (`reports.summary.entry_told`: its sentence, order, shape and counts): a summary
told again after one of its entries changed reads only that one into a model and tells only
that one's sentence anew.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from typing import Generic, TypeVar

import reads
from domain.access import Policy
from domain.application import Timeline
from projections.known import Known
from projections.record import TimelineEntry
from projections.sql_views import entry_of
from reports.summary import EntryTold, entry_told
from reports.summary_options import By, SummaryFormat
from service.responses import written

MOST = 5_000
"""The most entries of a summary kept."""
KEPT = 16
"""The most summaries kept."""
MODELS = 4 * MOST
"""The most entries kept read into their models: a summary told again after one of its
entries changed reads the others' JSON into models no more."""

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _Recent(Generic[K, V]):
    """The `most` values last put or found, by key; safe across a server's threads."""

    def __init__(self, most: int) -> None:
        self.most, self._kept, self._lock = most, OrderedDict[K, V](), threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
            return found

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._kept[key] = value
            while len(self._kept) > self.most:
                self._kept.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def values(self) -> list[V]:
        with self._lock:
            return list(self._kept.values())


class Summaries:
    """The summaries one server told lately, by a digest of their entries and the question."""

    def __init__(self) -> None:
        self._kept = _Recent[tuple[bytes, tuple[object, ...]], bytes](KEPT)
        self._models = _Recent[bytes, TimelineEntry](MODELS)
        self._told = _Recent[int, tuple[TimelineEntry, EntryTold]](MODELS)
        self._counting = threading.Lock()
        self.told = 0
        """How many summaries were told here rather than found kept."""
        self._forgotten = 0
        """The store keyring's count of keys let go when this last looked (`_forget_erased`)."""

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
        self._forget_erased(app)
        asked = list(dict.fromkeys(cases))
        stored = reads.timeline_json(
            app, policy, asked, start=start, end=end, kinds=kinds,
            include_retracted=include_retracted, known=known, most=MOST,
        )  # fmt: skip
        held = None if stored is None else list(stored)
        question = (format, by, tuple(asked), start, end, tuple(kinds), include_retracted, width)
        key = None if held is None else (_digest(held), question)
        found = None if key is None else self._kept.get(key)
        if found is not None:
            return found
        telling = reads.summary(
            app, policy, asked, format=format, by=by, start=start, end=end, kinds=kinds,
            include_retracted=include_retracted, known=known, width=width,
        ) if held is None else reads.summary_of(
            map(self._model, held), asked, format=format, by=by, start=start, end=end,
            kinds=kinds, include_retracted=include_retracted, known=known, width=width,
            told_of=self._told_of,
        )  # fmt: skip
        text = written(telling)
        with self._counting:
            self.told += 1
        if key is not None:
            self._kept.put(key, text)
        return text

    def _forget_erased(self, app: Timeline) -> None:
        """Let every summary, model and sentence kept go once the store's keyring let a key
        go (a case erased here, or by another process and noticed): nothing told of an
        erased case stays in a server's memory, though none of it would be served again."""
        forgotten = 0 if app.keyring is None else app.keyring.forgotten
        with self._counting:
            if forgotten != self._forgotten:
                self._kept.clear()
                self._models.clear()
                self._told.clear()
                self._forgotten = forgotten

    def cases_held(self) -> set[str]:
        """The cases whose entries are held here (read into models)."""
        return {entry.case for entry in self._models.values()}

    def _model(self, document: bytes) -> TimelineEntry:
        """The entry `document` is the JSON of (models are frozen: one serves every summary)."""
        found = self._models.get(document)
        if found is None:
            found = entry_of(document)
            self._models.put(document, found)
        return found

    def _told_of(self, entry: TimelineEntry) -> EntryTold:
        """What a summary tells of `entry` alone. The models are kept by their JSON
        (`_model`), so an entry unchanged is the same model in every summary: what was told
        of it is found by its identity (the pair kept holds the model, so no other object
        takes its id while it is kept)."""
        found = self._told.get(id(entry))
        if found is not None and found[0] is entry:
            return found[1]
        told = entry_told(entry)
        self._told.put(id(entry), (entry, told))
        return told


def _digest(documents: list[bytes]) -> bytes:
    found = hashlib.sha256()
    for document in documents:
        found.update(len(document).to_bytes(8, "big"))
        found.update(document)
    return found.digest()
