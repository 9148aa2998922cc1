"""How events become stored bytes and back: pydantic in JSON mode, then orjson.

eventsourcing 9.5.6 ships no pydantic mapper (its docs' example is not in the
wheel and ignores `class_version`), so this small one is ours. It honours the
library's upcasting (`class_version` and `upcast_vN_vN+1` on the event class),
compression and encryption, and refuses stores written by a newer version.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

import orjson
from eventsourcing.compressor import ZlibCompressor
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Compressor, Mapper, StoredEvent, Transcoder
from eventsourcing.utils import TopicError, _topic_cache, get_topic, resolve_topic
from pydantic import TypeAdapter, ValidationError

from domain.errors import CaseErased, StoredEventUnreadable, StoreTooNew
from domain.recorded import recording_account
from events.errors import describe
from events.values import readable

if TYPE_CHECKING:
    from storage.keyring import Keyring

TOPIC_PREFIX = "timeline:"
"""Every stored class's topic starts so (`timeline:Case.FactRecorded`)."""


def recorded_by(mapper: Mapper[UUID], stored_event: StoredEvent) -> str | None:
    """The account that recorded a stored event, if one was named when it was stored."""
    try:
        if getattr(mapper, "keyring", None) is not None:
            by = _header(stored_event)[0].get("by")  # outside the ciphertext: see `_sealed`
        else:
            by = _decoded(mapper, stored_event).get("recorded_by")
    except Exception as error:
        raise _unreadable(stored_event, f"{type(error).__name__}: {error}") from None
    return by if isinstance(by, str) else None


def _decoded(mapper: Mapper[UUID], stored_event: StoredEvent) -> dict[str, Any]:
    """The stored state as a dict: decrypted, decompressed and decoded.

    Raises `CaseErased` when the event's case key was destroyed."""
    data = stored_event.state
    keyring: Keyring | None = getattr(mapper, "keyring", None)
    if keyring is not None:
        _, sealed = _header(stored_event)
        case_id = _uuid(stored_event.originator_id)
        data = _cipher(keyring, stored_event.topic, case_id).decrypt(sealed)
    elif mapper.cipher:
        data = mapper.cipher.decrypt(data)
    if mapper.compressor:
        data = _decompressed(mapper.compressor, data)
    state = mapper.transcoder.decode(data)
    if _may_hold_controls(data):
        state = _readable(state)
    if not isinstance(state, dict):
        raise TypeError(f"its state is a {type(state).__name__}, not an object")
    return state


ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
"""How a zstd frame begins; a zlib stream never does (its first byte is 0x08 to 0x78)."""


def _decompressed(compressor: Compressor, data: bytes) -> bytes:
    """A payload decompressed as it was compressed, whatever the store's format row says it
    writes now: `store copy` carries payloads as stored, so a store made with zstd holds the
    zlib payloads of an older one it was copied from, and the other way round."""
    if bytes(data[:4]) == ZSTD_MAGIC:
        from storage.compression import DictionaryCompressor

        if not isinstance(compressor, DictionaryCompressor):
            compressor = _dictionary_compressor()
        return compressor.decompress(data)
    if isinstance(compressor, ZlibCompressor):
        return compressor.decompress(data)
    return zlib.decompress(data)


@cache
def _dictionary_compressor() -> Compressor:
    from storage.compression import DictionaryCompressor

    return DictionaryCompressor()


def _may_hold_controls(data: bytes) -> bool:
    """Whether a stored state's JSON may hold a control character that `readable` shows
    (or a carriage return): DEL as itself, the rest as an escape (`\\u0000`, `\\b`,
    `\\f`, `\\r`). Written by hand: orjson says nothing of what it unescaped, and looking
    at every decoded string costs several times this scan of the few backslashes a state
    holds (most hold none, and are passed over in one `memchr`)."""
    raw = bytes(data)
    if b"\x7f" in raw:
        return True
    at = raw.find(b"\\")
    while at >= 0:  # each backslash escapes the character after it, a backslash too
        if raw[at + 1] in b"ubfr":
            return True
        at = raw.find(b"\\", at + 2)
    return False


def _readable(value: Any) -> Any:
    """The state with each of its strings as `events.values.readable` reads it: a value an
    older timeline accepted (a NUL in a title) is shown, not refused when the event is
    validated, nor carried into a view PostgreSQL cannot hold."""
    if isinstance(value, str):
        return readable(value)
    if isinstance(value, list):
        return [_readable(item) for item in value]
    if isinstance(value, dict):
        return {key: _readable(item) for key, item in value.items()}
    return value


ERASURE_TOPIC = "timeline:Case.Erased"
_TIMESTAMP: TypeAdapter[datetime] = TypeAdapter(datetime)


def topic_is_erasure(topic: str) -> bool:
    return topic == ERASURE_TOPIC


def _cipher(keyring: Keyring, topic: str, case_id: UUID, *, create: bool = False) -> Any:
    """The data key an event is sealed with: its case's, but an erasure's is the record's
    own, so that the erasure stays readable once the case's key is destroyed."""
    if topic == ERASURE_TOPIC:
        from storage.keyring import RECORD_ID

        return keyring.cipher(RECORD_ID, create=create)
    return keyring.case_cipher(case_id, create=create)


def _sealed(keyring: Keyring, event: DomainEventProtocol[UUID], state: dict[str, Any],
            topic: str, encode: Callable[[dict[str, Any]], bytes]) -> bytes:  # fmt: skip
    """An encrypted store's stored state: a clear header (when it was recorded, and by whom),
    a newline, then the payload compressed and encrypted with its case's data key.

    The header is what an erased event is still shown with, and what the audit reads."""
    header: dict[str, Any] = {"t": state["timestamp"]}
    if "recorded_by" in state:
        header["by"] = state.pop("recorded_by")
    cipher = _cipher(keyring, topic, event.originator_id, create=True)
    sealed: bytes = cipher.encrypt(encode(state))
    return orjson.dumps(header) + b"\n" + sealed


def _header(stored_event: StoredEvent) -> tuple[dict[str, Any], bytes]:
    data = bytes(stored_event.state)
    head, newline, sealed = data.partition(b"\n")
    header = orjson.loads(head) if newline else None
    if not isinstance(header, dict):
        raise ValueError("its state has no clear header: it is not from an encrypted store")
    return header, sealed


def _erased(stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
    from domain.erasure import ErasedEvent  # imported where an erased case is read

    header, _ = _header(stored_event)
    stamp = _TIMESTAMP.validate_python(header.get("t"))

    erased = ErasedEvent(UUID(str(stored_event.originator_id)), stored_event.originator_version,
                         stamp, stored_event.topic)  # fmt: skip
    return cast(DomainEventProtocol[UUID], erased)


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


_COLUMNS = {"originator_id", "originator_version"}
"""Fields stored as columns of their own, not in the state."""
_ENCODINGS: dict[type[DomainEventProtocol[UUID]], tuple[TypeAdapter[Any], str, int]] = {}


def _encoding(cls: type[DomainEventProtocol[UUID]]) -> tuple[TypeAdapter[Any], str, int]:
    """What encoding an event of `cls` needs, looked up once a class: its adapter, its
    topic and its class version."""
    if cls not in _ENCODINGS:
        _ENCODINGS[cls] = _adapter(cls), get_topic(cls), getattr(cls, "class_version", 1)
    return _ENCODINGS[cls]


ZLIB_WINDOW_BITS = 10
"""A payload is compressed with a window of 1 KB (and zlib's memory level 4), not zlib's
default 32 KB: a payload is a few hundred bytes, and the default's 256 KB of state is
allocated and cleared for each one. Inside an encrypted import (cProfile, 20,000 events)
this took compression from 17.8 to 14.5 us a payload, the same size to within 0.1%; the
rest is deflate itself. The stream is zlib's own format, its header naming its window:
`zlib.decompress`, and so eventsourcing's
`ZlibCompressor` and every earlier timeline, read it as any other."""


def deflated(data: bytes) -> bytes:
    """`data` compressed as a zlib stream with a window of `ZLIB_WINDOW_BITS`."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, ZLIB_WINDOW_BITS, 4)
    return compressor.compress(data) + compressor.flush()


class PydanticMapper(Mapper[UUID]):
    """Maps each event through a pydantic `TypeAdapter` of its own class."""

    keyring: Keyring | None = None
    """An encrypted store's keys (`storage.keyring`): each case's payloads sealed with its own."""

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        cls = type(domain_event)
        adapter, topic, class_version = _encoding(cls)
        state = adapter.dump_python(domain_event, mode="json", exclude=_COLUMNS)
        if class_version > 1:
            state["class_version"] = class_version
        by = recording_account()  # `domain.recorded.recording_by`
        if by is not None:
            state["recorded_by"] = by
        if self.keyring is not None:
            data = _sealed(self.keyring, domain_event, state, topic, self._encoded)
        else:
            data = self._encoded(state)
            if self.cipher:
                data = self.cipher.encrypt(data)
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=topic,
            state=data,
        )

    def _encoded(self, state: dict[str, Any]) -> bytes:
        data = self.transcoder.encode(state)
        if isinstance(self.compressor, ZlibCompressor):
            return deflated(data)
        return self.compressor.compress(data) if self.compressor else data

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
            try:
                state = _decoded(self, stored_event)
            except CaseErased:
                return _erased(stored_event)
            if topic_is_erasure(stored_event.topic) and self.keyring is not None:
                self.keyring.forget(
                    UUID(str(stored_event.originator_id))
                )  # another process erased it
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


def _uuid(value: object) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))
