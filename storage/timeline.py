"""The Timeline as a store opens it: the domain's application, the backend that opened it,
and timeline's mapper named in its settings.

eventsourcing builds an application's mapper and transcoder from the topics its settings
name (`MAPPER_TOPIC`, `TRANSCODER_TOPIC`), as it builds its recorder from
`APPLICATION_RECORDER_TOPIC`: the domain names none of them, and every application made
from the same settings (a follower's, a runner's) reads the store the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.utils import get_topic

from domain import APPLICATION
from domain.application import Timeline
from storage.codec import OrjsonTranscoder, PydanticMapper

if TYPE_CHECKING:
    from storage.backends import Backend
    from storage.keyring import Keyring


class StoredTimeline(Timeline):
    """The Timeline on a store, with the backend it was opened by: code above the storage
    asks `app.backend`, never which kind of store it is on."""

    name = APPLICATION  # eventsourcing names a subclass after itself, and its tables: pinned
    backend: Backend
    keyring: Keyring | None = None  # the domain's `Keys`: ours
    """An encrypted store's keys; None for a plain store."""


def stored(app: Application[UUID]) -> StoredTimeline:
    """`app` as its store opened it, with its backend; a `TypeError` for an application no
    backend opened (made by hand), which nothing above the storage can serve."""
    if not isinstance(app, StoredTimeline):
        raise TypeError(f"{type(app).__name__} was not opened on a store (`storage.opening`)")
    return app


def mapper_env() -> dict[str, str]:
    """The settings that make eventsourcing map events with timeline's pydantic mapper."""
    return {
        "MAPPER_TOPIC": get_topic(PydanticMapper),
        "TRANSCODER_TOPIC": get_topic(OrjsonTranscoder),
    }
