"""One case's events with their positions in the log: an index read on every backend.

eventsourcing reads one aggregate's events (`select_events`) without their
notification ids, and the whole log (`select_notifications`) with them; a case's
history with positions needs both, so it is one query of ours on the library's
own table, keyed by its primary key (originator id, version).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Notification


def case_notifications(
    app: Application[UUID], case_id: UUID, until: int | None = None
) -> Sequence[Notification]:
    """The stored events of one case recorded up to position `until`, in version order."""
    from eventsourcing.popo import POPOApplicationRecorder
    from eventsourcing.sqlite import SQLiteApplicationRecorder

    from domain.store import on_postgres

    recorder: Any = app.recorder
    if isinstance(recorder, SQLiteApplicationRecorder):
        rows = _sqlite_rows(recorder, case_id, until)
    elif on_postgres(app):
        rows = _postgres_rows(recorder, case_id, until)
    elif isinstance(recorder, POPOApplicationRecorder):
        # memory: a scan of the log, which only tests hold
        return [
            n
            for n in recorder.select_notifications(None, 2**62, stop=until)
            if n.originator_id == case_id
        ]
    else:  # pragma: no cover
        raise TypeError(f"no index read for {type(recorder).__name__}")
    return [
        Notification(
            id=position,
            originator_id=case_id,
            originator_version=version,
            topic=topic,
            state=bytes(state),
        )
        for position, version, topic, state in rows
    ]


def _sqlite_rows(recorder: Any, case_id: UUID, until: int | None) -> list[Any]:
    statement = (
        f"SELECT rowid, originator_version, topic, state FROM {recorder.events_table_name} "
        "WHERE originator_id = ?"
    )
    params: list[Any] = [case_id.hex]
    if until is not None:
        statement += " AND rowid <= ?"
        params.append(until)
    with recorder.datastore.transaction(commit=False) as c:
        c.execute(statement + " ORDER BY originator_version", params)
        return [tuple(row) for row in c.fetchall()]


def _postgres_rows(recorder: Any, case_id: UUID, until: int | None) -> list[Any]:
    from psycopg import sql

    statement = sql.SQL(
        "SELECT notification_id, originator_version, topic, state FROM {}.{} "
        "WHERE originator_id = %s"
    ).format(sql.Identifier(recorder.datastore.schema), sql.Identifier(recorder.events_table_name))
    params: list[Any] = [case_id]
    if until is not None:
        statement += sql.SQL(" AND notification_id <= %s")
        params.append(until)
    with recorder.datastore.transaction(commit=False) as c:
        c.execute(statement + sql.SQL(" ORDER BY originator_version"), params)
        return [
            (r["notification_id"], r["originator_version"], r["topic"], r["state"])
            for r in c.fetchall()
        ]
