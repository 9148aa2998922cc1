"""A store in memory (`:memory:`), thrown away with the process: for tests.

It keeps idempotency keys (`domain.once`) as the SQL stores do: eventsourcing's in-memory
recorder, keeping the key a batch is saved with under the same lock as its events, and
forgetting those of an erased case's writes with its erasure. Its factory is named by
`PERSISTENCE_MODULE` (`memory_env`). It has no database: its views and audit are kept
in memory by the read side, its keys in a `MemoryKeyTable`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from eventsourcing.persistence import (
    ApplicationRecorder,
    IntegrityError,
    Notification,
    StoredEvent,
)
from eventsourcing.popo import POPOApplicationRecorder, POPOFactory

from domain.once import KEY_LIFE, Answered, Once
from storage.backends import Backend, StoredTimeline, use_keyring
from storage.chain import ERASURE_TOPIC
from storage.format import CURRENT_FORMAT, ENCRYPTED_FORMAT, Inspection, Kind, StoreFormat
from storage.location import MEMORY

if TYPE_CHECKING:
    from storage.import_store import ImportStore
    from storage.keyring import Keyring, StoreKey
    from storage.tables import Tables

V = TypeVar("V")


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


class MemoryBackend(Backend):
    """A store in this process's memory."""

    streams_imports = False

    def __str__(self) -> str:
        return MEMORY

    def __repr__(self) -> str:
        return "MemoryBackend()"

    def env(self) -> dict[str, str]:
        return memory_env()

    def inspect(self) -> Inspection:
        return Inspection(Kind.MISSING)

    def exists(self) -> bool:
        return False

    def open(
        self, *, create: bool = False, key: StoreKey | None = None, threads: int = 1
    ) -> StoredTimeline:
        """A new, empty store; encrypted where a key is given."""
        from storage.access import give_access

        app = self.timeline(ENCRYPTED_FORMAT if key else CURRENT_FORMAT)
        if key:
            use_keyring(app, self.keyring(app, key.key, new=True))
        give_access(app)
        return app

    def application(
        self, found: Inspection, store_format: StoreFormat, *, create: bool, threads: int
    ) -> StoredTimeline:
        return self.timeline(store_format)

    def tables(self, app: StoredTimeline) -> Tables | None:
        return None

    def views(
        self, app: StoredTimeline, name: str, on_tables: type[Any], in_memory: Callable[[], V]
    ) -> V:
        return in_memory()

    def keyring(self, app: StoredTimeline, store_key: bytes, *, new: bool) -> Keyring:
        from storage.keyring import MemoryKeyTable, new_keyring

        return new_keyring(store_key, MemoryKeyTable())

    def import_transaction(self, app: StoredTimeline) -> AbstractContextManager[ImportStore]:
        raise NotImplementedError("an in-memory store imports through `Timeline.carry_out`")

    def case_notifications(
        self, app: StoredTimeline, case_id: UUID, until: int | None
    ) -> Sequence[Notification]:
        # a scan of the log, which only tests hold
        recorder: Any = app.recorder
        found = recorder.select_notifications(None, 2**62, stop=until)
        return [n for n in found if n.originator_id == case_id]

    @contextmanager
    def inserting(self, app: StoredTimeline) -> Iterator[Callable[[list[StoredEvent]], Any]]:
        yield app.recorder.insert_events
