"""What a streamed import (`storage.importing`) is given by its store: one transaction,
opened by the store's backend (`Backend.import_transaction`), with its inserts and the
reads that see what it wrote."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from domain.access import CaseAccess
from domain.application import Timeline
from domain.case import Case
from domain.errors import CaseErased, CaseNotFound

Insert = Callable[[list[Any], list[Any]], list[int]]
"""Insert stored events (and stored snapshots) in the import's transaction; their positions."""
AddKeys = Callable[[list[tuple[str, bytes]]], None]
"""Insert wrapped data keys (an encrypted store's) in the import's transaction."""
Restrict = Callable[[list[tuple[str, CaseAccess]]], None]
"""Store the restrictions and grants of cases opened restricted in the import's transaction."""


Select = Callable[..., list[Any]]
"""One aggregate's stored events (or snapshots), read in the import's transaction:
(recorder, originator id, after version, newest first, how many)."""


@dataclass
class ImportStore:
    """The import's one transaction (each backend opens it: `Backend.import_transaction`): its
    inserts, and the reads that see what it wrote."""

    app: Timeline
    insert: Insert
    add_keys: AddKeys
    select: Select
    restrict: Restrict

    def exists(self, slug: str) -> bool:
        """Whether case `slug` has an event, stored before the import or by it."""
        return bool(self.select(self.app.recorder, Case.create_id(slug), None, False, 1))

    def load(self, slug: str) -> Case:
        """Case `slug` from its latest snapshot and the events after it, as the repository
        would load it, but read in the import's transaction."""
        from eventsourcing.application import project_aggregate

        case_id = Case.create_id(slug)
        shots = self.app.snapshots
        stored = self.select(shots.recorder, case_id, None, True, 1) if shots else []
        after = stored[0].originator_version if stored else None
        stored += self.select(self.app.recorder, case_id, after, False, None)
        try:
            case = project_aggregate(None, map(self.app.mapper.to_domain_event, stored))
        except CaseErased:
            raise CaseErased(slug) from None
        if case is None:
            raise CaseNotFound(slug)
        assert isinstance(case, Case)
        if case.cited is None:  # a snapshot that kept no citations: read them all
            every = self.select(self.app.recorder, case_id, None, False, None)
            case = project_aggregate(None, map(self.app.mapper.to_domain_event, every))
            assert isinstance(case, Case)
        return case
