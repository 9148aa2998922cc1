"""The views in a relational store: two tables beside the events, and the tracking row.

`view_cases` holds one row per case (and its computed case view); `view_entries`
one row per dated event, keyed by case and indexed by earliest/latest day, so a
read of one case or of a date range uses an index, not a scan. The statements
are the same on every database; the store's backend (`storage.backends`) makes
`SQLRecordView` a tracking recorder of its kind and gives it its `Tables`, which say
how parameters are written, where the tables live and how a writing transaction begins.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import threading
from abc import abstractmethod
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import Tracking
from pydantic import BaseModel

from projections.case_view import CaseView, Gist, gist, view_of
from projections.compiled import Fresh
from projections.layout import FIRST, LAST, ORDER, VIEW_NAME, day_key, entry_filters
from projections.record import CaseRecord, TimelineEntry
from projections.views import READING, RecordView, ViewWriter
from storage.keyring import Keyring
from storage.tables import Tables

GISTS = 20_000
"""The most timeline rows whose gist a view keeps (`Gists`): a few hundred bytes each."""


def table_statements(cases: str, entries: str, index: str, blob: str) -> list[str]:
    """The views' tables, named by the backend (PostgreSQL qualifies them with the schema)."""
    return [
        f"CREATE TABLE IF NOT EXISTS {cases} ("
        "case_id TEXT PRIMARY KEY, slug TEXT NOT NULL, title TEXT NOT NULL, "
        f"opened BIGINT NOT NULL, closed INTEGER NOT NULL, view {blob})",
        f"CREATE TABLE IF NOT EXISTS {entries} ("
        "case_id TEXT NOT NULL, version INTEGER NOT NULL, "
        "earliest TEXT NOT NULL, latest TEXT NOT NULL, position BIGINT NOT NULL, "
        f"retracted INTEGER NOT NULL, entry {blob} NOT NULL, "
        "PRIMARY KEY (case_id, version))",
        f"CREATE INDEX IF NOT EXISTS {index} ON {entries} (earliest, latest, position)",
    ]


def entry_of(blob: bytes) -> TimelineEntry:
    return TimelineEntry.model_validate(orjson.loads(blob))


class Gists:
    """The gist of each timeline row a view read lately (what its case view reads of it), by
    its case and a digest of its bytes as stored. A case view is computed again from all its
    case's rows whenever one of them changes (in a server, at every append a reader catches
    up with): each row is read into a model once, not at every change. The stored bytes are
    all a gist is made of (a row written again, or sealed again, has other bytes), so a gist
    found by them is the row's. All are let go at an erasure: one this view applies
    (`remove_cases`), and one the store's keyring let a key go for (an erasure by another
    process, which caught the views up itself). Kept by hand, not by `functools.lru_cache`:
    the key is a digest of an argument, so that the stored bytes are not held."""

    def __init__(self, view: Sealing) -> None:
        self.view = view
        self._kept: OrderedDict[tuple[str, bytes], Gist] = OrderedDict()
        self._forgotten = 0
        self._lock = threading.Lock()

    def of(self, case_hex: str, stored: bytes) -> Gist:
        """The gist of the row of case `case_hex` stored as `stored`."""
        key = (case_hex, hashlib.blake2b(stored, digest_size=16).digest())
        with self._lock:
            keyring = self.view.keyring
            if keyring is not None and keyring.forgotten != self._forgotten:
                self._kept.clear()
                self._forgotten = keyring.forgotten
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found
        found = gist(entry_of(self.view.unseal(case_hex, stored)))
        with self._lock:
            self._kept[key] = found
            while len(self._kept) > GISTS:
                self._kept.popitem(last=False)
        return found

    def forget(self) -> None:
        """Let every gist go."""
        with self._lock:
            self._kept.clear()

    def __len__(self) -> int:
        return len(self._kept)


class CaseGists:
    """The gists of every timeline row of the cases whose views this process computed
    lately, by case and version, as the views held them at one tracked position (`at`).

    A catch-up recomputes the view of each case an event touched from all that case's rows
    (`refresh_case_views`); where the views are still where this process's last catch-up
    left them, the rows of a case it computed then are those it held, with the rows this
    catch-up writes over them: they are not read again (a case of hundreds of events read
    whole at every append). Every write of the views' rows moves the tracked position on
    (a catch-up, a rebuild, another process's), so gists kept at another position are never
    used, and are let go. Let go, too, at an erasure (`remove_cases`, or a key the store's
    keyring let go), as `Gists` are."""

    def __init__(self, view: Sealing) -> None:
        self.view = view
        self._cases: OrderedDict[str, dict[int, Gist]] = OrderedDict()
        self._held = 0
        self._at: int | None = None
        self._forgotten = 0
        self._lock = threading.Lock()

    def at(self, position: int, case_hex: str) -> dict[int, Gist] | None:
        """The gists of every row of the case, by version, as the views held them at
        `position`; None where not kept."""
        with self._lock:
            self._check_keyring()
            found = self._cases.get(case_hex) if self._at == position else None
            if found is None:
                return None
            self._cases.move_to_end(case_hex)
            return dict(found)

    def keep(
        self, start: int, at: int, cases: dict[str, dict[int, Gist]], written: Iterable[str]
    ) -> None:
        """A transaction that found the views at `start` moved them to `at` (committed),
        writing rows of the cases `written` and computing the views of `cases` from these
        gists of all their rows."""
        with self._lock:
            self._check_keyring()
            if self._at != start:
                self._clear()
            for case_hex in written:
                self._drop(case_hex)
            for case_hex, gists in cases.items():
                self._drop(case_hex)
                self._cases[case_hex] = gists
                self._held += len(gists)
            while self._held > GISTS and self._cases:
                self._held -= len(self._cases.popitem(last=False)[1])
            self._at = at

    def forget(self) -> None:
        """Let every gist go."""
        with self._lock:
            self._clear()

    def __len__(self) -> int:
        return self._held

    def _drop(self, case_hex: str) -> None:
        self._held -= len(self._cases.pop(case_hex, {}))

    def _clear(self) -> None:
        self._cases.clear()
        self._held, self._at = 0, None

    def _check_keyring(self) -> None:
        keyring = self.view.keyring
        if keyring is not None and keyring.forgotten != self._forgotten:
            self._clear()
            self._forgotten = keyring.forgotten


class Sealing:
    """What a view row of an encrypted store holds is sealed with its case's data key: the
    JSON of its entry or case view, and the case's title (as base64 text). Slugs, dates,
    positions and flags stay clear: the views are queried by them."""

    keyring: Keyring | None = None

    def seal(self, case_hex: str, data: bytes) -> bytes:
        if self.keyring is None:
            return data
        return bytes(self.keyring.cipher(case_hex).encrypt(data))

    def unseal(self, case_hex: str, data: bytes) -> bytes:
        if self.keyring is None:
            return bytes(data)
        return bytes(self.keyring.cipher(case_hex).decrypt(bytes(data)))

    def seal_text(self, case_hex: str, text: str) -> str:
        if self.keyring is None:
            return text
        return base64.b64encode(self.seal(case_hex, text.encode())).decode()

    def unseal_text(self, case_hex: str, text: str) -> str:
        if self.keyring is None:
            return text
        return self.unseal(case_hex, base64.b64decode(text)).decode()


def _json(model: BaseModel) -> bytes:
    """A view row's JSON, as bytes from pydantic's serializer in one pass (`model_dump_json`
    would decode them to a str)."""
    return bytes(model.__pydantic_serializer__.to_json(model))


def _row(row: Any) -> tuple[Any, ...]:
    """A row as a tuple, whether the driver gives tuples, sqlite3.Row or dicts."""
    return tuple(row.values()) if isinstance(row, dict) else tuple(row)


class SQLRecordView(RecordView, Sealing):
    """Case and timeline views in two tables of the store's own database, made by its backend
    (`Backend.views`) on the tracking recorder of its kind, which gives `tables` and the
    tracking row's statements."""

    tables: Tables

    def table_statements(self, tables: Tables) -> list[str]:
        """The views' tables, as the backend's tracking recorder creates them."""
        return table_statements(tables.name("view_cases"), tables.name("view_entries"),
                                "view_entries_by_day", tables.blob)  # fmt: skip

    def transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        """A cursor in one transaction of the store's database."""
        return self.tables.transaction(commit=commit)

    @abstractmethod
    def insert_tracking_row(self, cursor: Any, tracking: Tracking) -> None: ...

    @abstractmethod
    def tracked(self, cursor: Any, application_name: str) -> int | None: ...

    @abstractmethod
    def clear_tracking(self, cursor: Any, application_name: str) -> None: ...

    def layout(self) -> int:
        try:
            rows = self._rows("SELECT version FROM view_layout")
        except Exception:  # no such table (its driver's error): views older than layouts
            return 0
        return int(rows[0][0]) if rows else 0

    @functools.cached_property
    def gists(self) -> Gists:
        """The gists of the timeline rows this view read lately (`Gists`)."""
        return Gists(self)

    @functools.cached_property
    def case_gists(self) -> CaseGists:
        """The gists of every row of the cases whose views this process computed lately."""
        return CaseGists(self)

    def sql(self, statement: str) -> str:
        t = self.tables
        return t.sql(
            statement.replace("view_layout", t.name("view_layout"))
            .replace("view_cases", t.name("view_cases"))
            .replace("view_entries", t.name("view_entries"))
        )

    @contextmanager
    def writing(self) -> Iterator[ViewWriter]:
        # the one writer of the views, waiting for another: a reader's catch-up within the
        # store's lock timeout (it then reads the views as they stand), a rebuild or the
        # follower as long as it takes
        with self.tables.derived_writing(VIEW_NAME, bounded=READING.get()) as c:
            writer = _SQLWriter(c, self)
            yield writer
        writer.committed()

    def _rows(self, statement: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of one statement, read alone (`Tables.read`)."""
        return self.tables.read(self.sql(statement), tuple(params))

    def timeline(
        self,
        case_id: UUID | None = None,
        low: date | None = None,
        high: date | None = None,
        include_retracted: bool = False,
    ) -> Iterator[TimelineEntry]:
        where, params = entry_filters(case_id, low, high, include_retracted)
        statement = self.sql(f"SELECT case_id, entry FROM view_entries{where}{ORDER}")
        for row in self.stream(statement, tuple(params)):
            case_hex, entry = _row(row)
            yield entry_of(self.unseal(case_hex, entry))

    def stream(self, statement: str, params: tuple[Any, ...]) -> Iterator[Any]:
        """The rows of one query, fetched as they are read, from one snapshot of the view."""
        return self.tables.stream(statement, params)

    def case_view(self, case_id: UUID) -> CaseView | None:
        found = self.case_view_json(case_id)
        return None if found is None else CaseView.model_validate(orjson.loads(found))

    def case_view_json(self, case_id: UUID) -> bytes | None:
        """The case's view as the JSON its row holds (unsealed), if the views hold the case."""
        rows = self._rows("SELECT view FROM view_cases WHERE case_id = ?", [case_id.hex])
        return self.unseal(case_id.hex, rows[0][0]) if rows else None

    def case_views(self) -> list[CaseView]:
        return [CaseView.model_validate(orjson.loads(view)) for _, view in self.case_views_json()]

    def case_views_json(self) -> list[tuple[str, bytes]]:
        """Every case's slug and view as the JSON its row holds (unsealed), in the order the
        cases were opened."""
        rows = self._rows("SELECT slug, case_id, view FROM view_cases ORDER BY opened")
        return [(slug, self.unseal(case_hex, view)) for slug, case_hex, view in rows]

    def counts(self) -> tuple[int, int]:
        rows = self._rows(
            "SELECT (SELECT COUNT(*) FROM view_cases) AS cases, "
            "(SELECT COUNT(*) FROM view_entries) AS entries"
        )
        return rows[0][0], rows[0][1]


class _SQLWriter(ViewWriter):
    def __init__(self, cursor: Any, view: SQLRecordView) -> None:
        self.c = cursor
        self.view = view
        self.start: int | None = None
        """The tracked position this transaction found (`position`), where it asked."""
        self.tracked: int | None = None
        self.written: dict[str, dict[int, TimelineEntry]] = {}
        """The entries of the timeline rows this transaction wrote, by case and version."""
        self.computed: dict[str, dict[int, Gist]] = {}
        """The gists of all the rows of the cases whose views this transaction computed."""

    def committed(self) -> None:
        """This transaction is committed: what it knows of its cases' rows is kept."""
        if self.start is not None and self.tracked is not None:
            self.view.case_gists.keep(self.start, self.tracked, self.computed, self.written)

    def _one(self, statement: str, params: Iterable[Any]) -> tuple[Any, ...] | None:
        self.c.execute(self.view.sql(statement), tuple(params))
        row = self.c.fetchone()
        return None if row is None else _row(row)

    def load_case(self, case_id: UUID) -> CaseRecord | None:
        row = self._one(
            "SELECT slug, title, opened, closed FROM view_cases WHERE case_id = ?", [case_id.hex]
        )
        if row is None:
            return None
        title = self.view.unseal_text(case_id.hex, row[1])
        return CaseRecord(row[0], title, row[2], bool(row[3]))

    def load_entry(self, case_id: UUID, version: int) -> TimelineEntry | None:
        row = self._one(
            "SELECT entry FROM view_entries WHERE case_id = ? AND version = ?",
            [case_id.hex, version],
        )
        return entry_of(self.view.unseal(case_id.hex, row[0])) if row else None

    def put_cases(self, cases: Iterable[tuple[UUID, CaseRecord]]) -> None:
        seal = self.view.seal_text
        rows = [(i.hex, c.slug, seal(i.hex, c.title), c.opened, int(c.closed)) for i, c in cases]
        if rows:
            self.c.executemany(
                self.view.sql(
                    "INSERT INTO view_cases (case_id, slug, title, opened, closed) "
                    "VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (case_id) DO UPDATE SET closed = excluded.closed"
                ),
                rows,
            )

    def put_entries(self, entries: Iterable[tuple[UUID, TimelineEntry]]) -> None:
        seal = self.view.seal if self.view.keyring is not None else None
        rows = []
        for case_id, entry in entries:
            case_hex, json = case_id.hex, _json(entry)
            self.written.setdefault(case_hex, {})[entry.version] = entry
            rows.append((case_hex, entry.version, day_key(entry.earliest, FIRST),
                         day_key(entry.latest, LAST), entry.position, int(entry.retracted),
                         seal(case_hex, json) if seal else json))  # fmt: skip
        self._put_rows(rows)

    def put_fresh(self, rows: Sequence[Fresh]) -> None:
        """Write the rows of entries as the fold makes them of a recorded fact
        (`projections.compiled`), their JSON sealed here where the store is encrypted."""
        self.start = None  # a rebuild: nothing of it is kept
        if self.view.keyring is None:
            self._put_rows(rows)
            return
        seal = self.view.seal
        self._put_rows([
            (case_hex, version, earliest, latest, position, retracted, seal(case_hex, json))
            for case_hex, version, earliest, latest, position, retracted, json in rows
        ])  # fmt: skip

    def _put_rows(self, rows: Sequence[tuple[str, int, str, str, int, int, bytes]]) -> None:
        """Write these timeline rows (their columns in order, their JSON sealed)."""
        if rows:
            self.c.executemany(
                self.view.sql(
                    "INSERT INTO view_entries VALUES (?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (case_id, version) DO UPDATE SET earliest = excluded.earliest, "
                    "latest = excluded.latest, position = excluded.position, "
                    "retracted = excluded.retracted, entry = excluded.entry "
                    # a row the same as its old self is left as it is: a rebuild writes every
                    # row over itself, and an update of an unchanged row still rewrites its
                    # entry in the date index (SQLite) or leaves a dead copy (PostgreSQL)
                    "WHERE view_entries.entry <> excluded.entry "
                    "OR view_entries.earliest <> excluded.earliest "
                    "OR view_entries.latest <> excluded.latest "
                    "OR view_entries.position <> excluded.position "
                    "OR view_entries.retracted <> excluded.retracted"
                ),
                rows,
            )

    def put_case_views(self, views: Iterable[tuple[UUID, CaseView]]) -> None:
        rows = [(self.view.seal(case_id.hex, _json(view)), case_id.hex) for case_id, view in views]
        if rows:
            statement = self.view.sql("UPDATE view_cases SET view = ? WHERE case_id = ?")
            self.c.executemany(statement, rows)

    def refresh_case_views(self, case_ids: Iterable[UUID] | None) -> None:
        if case_ids is None:
            self.c.execute(self.view.sql("SELECT case_id FROM view_cases"))
            case_ids = [UUID(_row(row)[0]) for row in self.c.fetchall()]
        self.put_case_views([(case_id, self._stored_view(case_id)) for case_id in case_ids])

    def _stored_view(self, case_id: UUID) -> CaseView:
        case = self.load_case(case_id)
        assert case is not None
        case_hex = case_id.hex
        held = None if self.start is None else self.view.case_gists.at(self.start, case_hex)
        if held is None:
            held = self._stored_gists(case_hex)
        else:  # the rows as this process's last catch-up left them, and those written since
            for version, entry in self.written.get(case_hex, {}).items():
                held[version] = gist(entry)
        self.computed[case_hex] = held
        return view_of(case, held.values())

    def _stored_gists(self, case_hex: str) -> dict[int, Gist]:
        """The gists of every timeline row of the case, by version, as stored."""
        self.c.execute(
            self.view.sql("SELECT version, entry FROM view_entries WHERE case_id = ?"),
            (case_hex,),
        )
        gist_of = self.view.gists.of
        return {row[0]: gist_of(case_hex, bytes(row[1])) for row in map(_row, self.c.fetchall())}

    def remove_cases(self, case_ids: Iterable[UUID]) -> None:
        rows = [(case_id.hex,) for case_id in case_ids]
        self.view.gists.forget()
        self.view.case_gists.forget()
        self.start = None
        self.c.executemany(self.view.sql("DELETE FROM view_entries WHERE case_id = ?"), rows)
        self.c.executemany(self.view.sql("DELETE FROM view_cases WHERE case_id = ?"), rows)

    def clear(self, application_name: str) -> None:
        self.view.case_gists.forget()
        self.start = None
        self.c.execute(self.view.sql("DELETE FROM view_cases"))
        self.c.execute(self.view.sql("DELETE FROM view_entries"))
        self.view.clear_tracking(self.c, application_name)

    def clear_keeping_entries(self, application_name: str) -> None:
        self.view.case_gists.forget()
        self.start = None
        self.c.execute(self.view.sql("DELETE FROM view_cases"))
        self.view.clear_tracking(self.c, application_name)

    def rebuilding(self) -> AbstractContextManager[None]:
        return self.view.tables.rebuilding(self.c)

    def count_entries(self) -> int:
        self.c.execute(self.view.sql("SELECT COUNT(*) FROM view_entries"))
        return int(_row(self.c.fetchone())[0])

    def track(self, tracking: Tracking) -> None:
        self.view.insert_tracking_row(self.c, tracking)
        self.tracked = tracking.notification_id

    def set_layout(self, layout: int) -> None:
        self.c.execute(self.view.sql("CREATE TABLE IF NOT EXISTS view_layout (version INTEGER)"))
        self.c.execute(self.view.sql("DELETE FROM view_layout"))
        self.c.execute(self.view.sql("INSERT INTO view_layout VALUES (?)"), (layout,))

    def position(self, application_name: str) -> int:
        self.start = self.view.tracked(self.c, application_name) or 0
        return self.start
