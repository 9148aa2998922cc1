"""A store in memory (`:memory:`) keeps idempotency keys (`domain.once`) as the SQL stores
do: eventsourcing's in-memory recorder, keeping the key a batch is saved with under the
same lock as its events, and forgetting those of an erased case's writes with its erasure.
Its factory is named by `PERSISTENCE_MODULE` (`memory_env`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, IntegrityError, StoredEvent
from eventsourcing.popo import POPOApplicationRecorder, POPOFactory

from domain.once import KEY_LIFE, Answered, Once
from storage.chain import ERASURE_TOPIC


class OnceMemoryRecorder(POPOApplicationRecorder):
    """eventsourcing's in-memory recorder, and the idempotency keys of its writes."""

    def __init__(self) -> None:
        super().__init__()
        self.once = self
        self._kept: dict[tuple[str, str], tuple[Answered, int]] = {}

    def find(self, account: str, key: str, since: int) -> Answered | None:
        with self._database_lock:
            found = self._kept.get((account, key))
        return found[0] if found is not None and found[1] >= since else None

    def _assert_uniqueness(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        super()._assert_uniqueness(stored_events, **kwargs)
        once: Once | None = kwargs.get("once")
        if once is not None and self.find(once.account, once.key, once.at - KEY_LIFE):
            raise IntegrityError(f"idempotency key {once.key!r} is kept already")

    def _update_table(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._update_table(stored_events, **kwargs)
        once: Once | None = kwargs.get("once")
        if once is not None and positions:
            answered = Answered(once.digest, positions[0], positions[-1])
            self._kept[once.account, once.key] = (answered, once.at)
        for event in stored_events:
            if event.topic == ERASURE_TOPIC:
                self._forget(str(event.originator_id))
        return positions

    def _forget(self, case: str) -> None:
        """Forget the keys of writes that recorded an event of `case` (erased), as
        `storage.chain.Erasures` does on SQL stores."""
        held = {index + 1 for index in self._stored_events_index[case].values()}
        for kept, (answered, _) in list(self._kept.items()):
            if any(answered.first <= position <= answered.last for position in held):
                del self._kept[kept]


class OnceMemoryFactory(POPOFactory):
    def application_recorder(self) -> ApplicationRecorder:
        return OnceMemoryRecorder()


def memory_env() -> dict[str, str]:
    """The setting that makes eventsourcing build a memory store with `OnceMemoryRecorder`."""
    return {"PERSISTENCE_MODULE": f"{__name__}:{OnceMemoryFactory.__qualname__}"}
