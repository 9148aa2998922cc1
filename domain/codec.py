"""How events become stored bytes and back: pydantic in JSON mode, then orjson.

eventsourcing 9.5.6 ships no pydantic mapper (its docs' example is not in the
wheel and ignores `class_version`), so this small one is ours. It honours the
library's upcasting (`class_version` and `upcast_vN_vN+1` on the event class),
compression and encryption, and refuses stores written by a newer version.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder
from eventsourcing.utils import TopicError, _topic_cache, get_topic, resolve_topic
from pydantic import TypeAdapter, ValidationError

from domain.errors import StoredEventUnreadable, StoreTooNew
from events.errors import describe

TOPIC_PREFIX = "timeline:"
"""Every stored class's topic starts so (`timeline:Case.FactRecorded`)."""

_RECORDED_BY: ContextVar[str | None] = ContextVar("recorded_by", default=None)


@contextmanager
def recording_by(account: str | None) -> Iterator[None]:
    """Events stored within this block carry `account` as their `recorded_by` metadata: a
    key of the stored state beside the event's fields, not a field of the event, so that
    every reader (and every older version of timeline) reads the event as it was."""
    token = _RECORDED_BY.set(account)
    try:
        yield
    finally:
        _RECORDED_BY.reset(token)


def recorded_by(mapper: Mapper[UUID], stored_event: StoredEvent) -> str | None:
    """The account that recorded a stored event, if one was named when it was stored."""
    try:
        by = _decoded(mapper, stored_event).get("recorded_by")
    except Exception as error:
        raise _unreadable(stored_event, f"{type(error).__name__}: {error}") from None
    return by if isinstance(by, str) else None


def _decoded(mapper: Mapper[UUID], stored_event: StoredEvent) -> dict[str, Any]:
    """The stored state as a dict: decrypted, decompressed and decoded."""
    data = stored_event.state
    if mapper.cipher:
        data = mapper.cipher.decrypt(data)
    if mapper.compressor:
        data = mapper.compressor.decompress(data)
    state = mapper.transcoder.decode(data)
    if not isinstance(state, dict):
        raise TypeError(f"its state is a {type(state).__name__}, not an object")
    return state


class NotJsonNative(TypeError):
    """The transcoder was given a value JSON has no type for."""


def _refuse(value: object) -> None:
    raise NotJsonNative(
        f"{type(value).__name__} is not JSON-native: the mapper must dump it in JSON mode first"
    )


class OrjsonTranscoder(Transcoder):
    """orjson for the stored state; it only ever sees JSON-native values."""

    _OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS

    def encode(self, obj: Any) -> bytes:
        try:
            return orjson.dumps(obj, default=_refuse, option=self._OPTIONS)
        except orjson.JSONEncodeError as error:
            raise NotJsonNative(str(error.__cause__ or error)) from error

    def decode(self, data: bytes) -> Any:
        return orjson.loads(data)


@cache
def _adapter(cls: type[Any]) -> TypeAdapter[Any]:
    return TypeAdapter(cls)


class PydanticMapper(Mapper[UUID]):
    """Maps each event through a pydantic `TypeAdapter` of its own class."""

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        cls = type(domain_event)
        state = _adapter(cls).dump_python(domain_event, mode="json")
        del state["originator_id"], state["originator_version"]
        class_version = getattr(cls, "class_version", 1)
        if class_version > 1:
            state["class_version"] = class_version
        by = _RECORDED_BY.get()
        if by is not None:
            state["recorded_by"] = by
        data = self.transcoder.encode(state)
        if self.compressor:
            data = self.compressor.compress(data)
        if self.cipher:
            data = self.cipher.encrypt(data)
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=get_topic(cls),
            state=data,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        if stored_event.topic not in _topic_cache and not stored_event.topic.startswith(
            TOPIC_PREFIX
        ):
            # never import what a stored string names: only classes that registered their
            # topic (every event class with a TOPIC does, as it is defined) are events
            raise _unreadable(stored_event, "not an event type of timeline")
        try:
            cls = resolve_topic(stored_event.topic)
        except TopicError:
            raise StoreTooNew(f"unknown event type {stored_event.topic!r}") from None
        try:
            state = _decoded(self, stored_event)
            state.pop("recorded_by", None)  # metadata, not a field of the event
            _upcast(cls, state, stored_event.topic)
            state["originator_id"] = stored_event.originator_id
            state["originator_version"] = stored_event.originator_version
            event: DomainEventProtocol[UUID] = _adapter(cls).validate_python(state)
        except StoreTooNew:
            raise
        except ValidationError as error:
            raise _unreadable(stored_event, describe(error)) from None
        except Exception as error:
            raise _unreadable(stored_event, f"{type(error).__name__}: {error}") from None
        return event


def _unreadable(stored_event: StoredEvent, why: str) -> StoredEventUnreadable:
    return StoredEventUnreadable(
        stored_event.originator_id, stored_event.originator_version, stored_event.topic, why
    )


def _upcast(cls: type[Any], state: dict[str, Any], topic: str) -> None:
    """Bring an old stored state up to the class's current `class_version`, in place."""
    class_version = getattr(cls, "class_version", 1)
    version = state.pop("class_version", 1)
    if version > class_version:
        raise StoreTooNew(f"{topic} version {version}, this timeline reads up to {class_version}")
    while version < class_version:
        getattr(cls, f"upcast_v{version}_v{version + 1}")(state)
        version += 1
