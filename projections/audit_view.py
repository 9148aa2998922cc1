"""Where the audit's rows are kept (`projections.audit`): a row, the interface of the view
that keeps them, and that view in memory (a store in memory has no database; the other
stores' is `projections.sql_audit`, on the tables their backend gives)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from threading import Lock

from eventsourcing.persistence import IntegrityError
from pydantic import BaseModel, ConfigDict


class AuditRow(BaseModel):
    """One recorded event as the audit shows it: `GET /audit` and `timeline audit --json`."""

    model_config = ConfigDict(frozen=True)

    position: int
    recorded: datetime
    id: str
    """The event's id, `case:version`."""
    case: str
    kind: str
    """What was recorded, in the import vocabulary: `case_opened`, a fact's kind,
    `correction`, `retraction`, `case_closed`, `case_reopened`."""
    event: str | None = None
    """The event a correction or retraction amends."""
    account: str | None
    """The account that recorded it; `null` where none was named (the command line)."""


class AuditView(ABC):
    """Where the audit rows are kept."""

    @abstractmethod
    def adding(self) -> AbstractContextManager[AuditWriter]:
        """One transaction, the only writer of the audit while it lasts."""

    @abstractmethod
    def rows(
        self, *, after: int, limit: int, case: str | None = None, account: str | None = None
    ) -> list[AuditRow]:
        """Rows after position `after`, in recorded order, at most `limit`; `account=""`
        asks for the rows recorded from the command line."""

    @abstractmethod
    def position(self) -> int:
        """The last position the audit holds (0 if none)."""


class AuditWriter(ABC):
    @abstractmethod
    def position(self) -> int: ...

    @abstractmethod
    def add(self, rows: Sequence[AuditRow]) -> None: ...


class MemoryAuditView(AuditView):
    """The audit of an in-memory store."""

    def __init__(self) -> None:
        self._rows: list[AuditRow] = []
        self._lock = Lock()

    @contextmanager
    def adding(self) -> Iterator[AuditWriter]:
        with self._lock:
            writer = _MemoryWriter(self._rows[-1].position if self._rows else 0)
            yield writer
            self._rows.extend(writer.added)

    def rows(
        self, *, after: int, limit: int, case: str | None = None, account: str | None = None
    ) -> list[AuditRow]:
        with self._lock:
            found = [r for r in self._rows if r.position > after and _matches(r, case, account)]
        return found[:limit]

    def position(self) -> int:
        with self._lock:
            return self._rows[-1].position if self._rows else 0


def _matches(row: AuditRow, case: str | None, account: str | None) -> bool:
    if case is not None and row.case != case:
        return False
    return account is None or row.account == (account or None)


class _MemoryWriter(AuditWriter):
    def __init__(self, position: int) -> None:
        self._position = position
        self.added: list[AuditRow] = []

    def position(self) -> int:
        return self._position

    def add(self, rows: Sequence[AuditRow]) -> None:
        for row in rows:
            if row.position <= self._position:
                raise IntegrityError(f"position {row.position} is already in the audit")
            self.added.append(row)
            self._position = row.position
