"""The Timeline application: the commands the CLI uses, each one transaction.

Every command, one or many, goes through `carry_out`: the instructions are
applied to the cases in memory, then all their events are saved in one
transaction, so a batch is stored whole or not at all.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.persistence import IntegrityError, Recording
from eventsourcing.utils import Environment, EnvType

from domain import APPLICATION
from domain.case import Case
from domain.errors import (
    CaseAlreadyOpened,
    CaseErased,
    CaseNotFound,
    ConcurrentWrites,
    KeyReused,
    NotErasable,
    Refused,
    TimelineError,
)
from domain.ports import CaseLocks, Keys, Scrub
from domain.recorded import Receipt, Recorded, recording_by
from events.ids import EventId

if TYPE_CHECKING:
    from domain.access import AccessRecord, CaseAccess, Policy
    from domain.once import Answered, Once, OnceLog
    from events.instructions import Instruction, OpenCase


def _nothing_to_scrub(wait: float, *, whole: bool = False) -> str | None:
    return None


class Timeline(Application[UUID]):
    """The record of cases and their dated events.

    Opened on a store by `storage.backends` (`storage.opening.open_timeline`), which names
    in its settings the store's persistence module and timeline's mapper, and hands it the
    store's services: `keyring`, `writing_cases`, `scrub`, `read_only`.
    """

    name = APPLICATION
    snapshotting_intervals = {Case: 20}
    """A case's state is snapshotted every 20 events: loading one replays at most 19. Each
    event replayed is decoded through pydantic (about 15 us); at every 100, loading a case
    for an append was 40% of its CPU time. A snapshot holds a few dozen bytes per event of
    its case (1.3 KB at 50 events): on a case of 10,000 events one every 20 writes about
    13 KB an event, and only the latest is kept (`forget_older_snapshots`)."""
    forget_older_snapshots: Callable[[UUID, int], None] = staticmethod(lambda case, version: None)
    """Where the store offers it, removes a case's snapshots older than a version: all kept,
    they would grow with the square of the case's length."""
    writing_cases: CaseLocks = staticmethod(lambda slugs: nullcontext())
    """Where the store offers it, a lock held by one writer of these cases at a time while
    they are read and saved, so that writers take turns instead of racing (PostgreSQL)."""
    read_only = False
    """The store is opened read-only (this process may not write it): nothing is written,
    and reads serve the views as they stand."""
    keyring: Keys | None = None
    """An encrypted store's keys (`storage.keyring`); None for a plain store."""
    scrub: Scrub = staticmethod(_nothing_to_scrub)
    """The store's `Scrub` (set by its backend; a store in memory has no files)."""
    _erasures_seen = 0
    """The position up to which `notice_erasures` has looked."""
    access: AccessRecord | None = None
    """The store's access tables (`storage.access`), given when the store is opened; without
    them a case can be opened only open to every account."""
    save_attempts = 40
    """How many times a batch is tried when other writers keep changing its cases: a writer
    that loses a race tries again at once, so many tries, with short jittered pauses."""

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """Only the settings given: eventsourcing's default merges the process environment,
        where a stray `COMPRESSOR_TOPIC` would change how the store is written."""
        snapshotting = {"IS_SNAPSHOTTING_ENABLED": "y"} if self.snapshotting_intervals else {}
        return Environment(name, {**type(self).env, **snapshotting, **(env or {})})

    def carry_out(
        self,
        instructions: Iterable[Instruction],
        *,
        by: str | None = None,
        once: Once | None = None,
        policy: Policy | None = None,
    ) -> list[Receipt]:
        """Apply every instruction, then store all of them in one transaction.

        The events are recorded in the order of the instructions, even when
        they interleave cases, so the history replays as it was given. A case opened
        restricted (`domain.access.access_on_opening`) has its restriction and grants
        stored in the same transaction as its opening.

        Raises `Refused` with the index of the first instruction refused; then
        nothing is stored. When another writer changed one of the cases between
        reading and saving it (a version conflict), the instructions are applied
        again to the cases as they now stand, rules checked anew, a bounded number
        of times; then `ConcurrentWrites` is raised and nothing is stored.

        `by` names the account recording them: each stored event carries it as metadata
        (`storage.codec.recorded_by` reads it back). With `policy` (that account's), each
        instruction is checked against it in its turn: a case the account may not see is
        refused as a case that does not exist would be, at the same instruction.

        `once` is the idempotency key they are asked under (`domain.once`), kept with their
        events in the same transaction. If the key's account recorded this same request
        under it already, the receipts of that write are given again and nothing is stored;
        another request under it raises `KeyReused`. Looked up while the cases are held, and
        the key is unique in the store: two writers under one key cannot both store.
        """
        instructions = list(instructions)
        if policy is not None:
            by = policy.account.name
        if once is not None and self.once_log is None:
            raise NotImplementedError("this store keeps no idempotency keys")
        for attempt in range(1, self.save_attempts + 1):
            try:
                with self.writing_cases(_cases_named(instructions)), recording_by(by):
                    if once is not None and (done := self._done_before(once)) is not None:
                        return self._receipts_again(done, instructions)
                    return self._carry_out_once(instructions, policy, once)
            except IntegrityError:
                if attempt == self.save_attempts:
                    raise ConcurrentWrites(_cases_named(instructions), attempt) from None
                # another writer saved first: let it finish, then read the cases again
                time.sleep(random.uniform(0, min(0.05, 0.001 * 2**attempt)))
        raise AssertionError("unreachable")  # pragma: no cover

    @property
    def once_log(self) -> OnceLog | None:
        """The store's idempotency keys, kept by its recorder (`storage.once`)."""
        return cast("OnceLog | None", getattr(self.recorder, "once", None))

    def _done_before(self, once: Once) -> Answered | None:
        """What `once`'s key recorded for its account before; `KeyReused` if it was asked
        for another request."""
        from domain.once import KEY_LIFE, now, opened

        assert self.once_log is not None
        done = self.once_log.find(once.account, once.key, now() - KEY_LIFE)
        if done is not None and opened(self.keyring, done.digest) != once.digest:
            raise KeyReused(once.key)
        return done

    def _receipts_again(self, done: Answered, instructions: list[Instruction]) -> list[Receipt]:
        """The receipts of the write `done` names, read back from its events: the same
        instructions recorded them in this order, from its first position to its last."""
        found = self.recorder.select_notifications(done.first, len(instructions), stop=done.last)
        return [
            Receipt(EventId(case_of(instruction), n.originator_version),
                    Recorded(n.id, self.mapper.to_domain_event(n)))
            for instruction, n in zip(instructions, found, strict=True)
        ]  # fmt: skip

    def _carry_out_once(
        self, instructions: list[Instruction], policy: Policy | None, once: Once | None = None
    ) -> list[Receipt]:
        batch = Batch(self, policy)
        ids: list[tuple[EventId, Any]] = []
        for index, instruction in enumerate(instructions):
            try:
                event_id = batch.apply(instruction)
                ids.append((event_id, batch.cases[event_id.case].pending_events[-1]))
            except TimelineError as error:
                raise Refused(index, error) from error
        kept = None if once is None else _kept(once, self.keyring)
        events = [event for _, event in ids]
        recordings = self._save_in_order(
            events, batch.cases.values(), batch.restricted(), once=kept
        )
        return [
            Receipt(
                event_id,
                Recorded(recording.notification.id, recording.domain_event),
                batch.opened.get(event_id.case) if isinstance(event, Case.Opened) else None,
            )
            for (event_id, event), recording in zip(ids, recordings, strict=True)
        ]

    def _save_in_order(
        self,
        events: list[Any],
        cases: Iterable[Case],
        restricted: list[tuple[str, CaseAccess]] | None = None,
        *,
        once: Once | None = None,
    ) -> list[Recording[UUID]]:
        """What `Application.save` does, with the events in the order given, and the
        access of the cases opened `restricted` stored in the same transaction.

        `save(*cases)` would store them grouped by case, and `save(*events)`
        checks every event against a runtime Protocol, which costs more than
        encoding it; so the processing event is filled here directly. `once` goes to the
        recorder's insert as eventsourcing passes a save's keyword arguments, to be kept in
        its transaction.
        """
        cases = list(cases)
        if self.keyring is not None:
            self.keyring.prepare(
                case.id for case in cases if case.version == len(case.pending_events)
            )
        processing: ProcessingEvent[UUID] = ProcessingEvent()
        processing.events.extend(events)
        if once is not None:
            processing.saved_kwargs["once"] = once
        for case in cases:
            case.collect_events()
            processing.aggregates[case.id] = case
        with self._restricting(restricted or []) as in_transaction:
            processing.saved_kwargs.update(in_transaction)
            recordings = self._record(processing)
        self._take_snapshots(processing)
        self._notify(recordings)
        return recordings

    def _take_snapshots(self, processing_event: ProcessingEvent[UUID]) -> None:
        """eventsourcing's, but a case is snapshotted from the aggregate just saved where
        the event at the interval is its last (the library reads it back from the store),
        never when the same save erased it (its key is destroyed: nothing of it is kept, and
        the library's read back failed after the erasure was stored), and its older
        snapshots are then removed."""
        interval = self.snapshotting_intervals.get(Case)
        if self.snapshots is None or not interval:
            return
        events = processing_event.events
        erased = {e.originator_id for e in events if type(e) is Case.Erased}
        for event in events:
            case = processing_event.aggregates.get(event.originator_id)
            if event.originator_version % interval or case is None or case.id in erased:
                continue
            if case.version == event.originator_version:
                self.snapshots.put([Case.Snapshot.take(case)])
            else:
                self.take_snapshot(case.id, event.originator_version, projector_func=_project)
            self.forget_older_snapshots(case.id, event.originator_version)

    def _restricting(
        self, restricted: list[tuple[str, CaseAccess]]
    ) -> AbstractContextManager[dict[str, Any]]:
        if not restricted:
            return nullcontext({})
        return self.restricting_access().restricting(restricted)

    def restricting_access(self) -> AccessRecord:
        """The access tables, where a case is to be restricted: a store opened without them
        cannot keep a restriction, and stores nothing rather than open the case to all."""
        if self.access is None:
            raise RuntimeError("this store was opened without its access tables")
        return self.access

    def erase(self, slug: str, reason: str, *, by: str | None = None) -> Receipt:
        """Erase case `slug`: record its erasure and destroy its data key, in one transaction
        where the store allows (see `storage.chain`); only an encrypted store's cases can be.
        The destroyed key's bytes can stay in the store's files until `scrub` removes them.

        Raises `CaseNotFound`, `CaseErased` (erased already), `NotErasable` (a plain store).
        """
        if self.keyring is None:
            raise NotErasable(slug)
        with self.writing_cases([slug]), recording_by(by):
            case = self.get_case(slug)
            event_id = case.erase(reason)
            (recording,) = self._save_in_order([case.pending_events[-1]], [case])
        self.keyring.erase(case.id)  # done with the event on SQL stores; memory ones here
        return Receipt(event_id, Recorded(recording.notification.id, recording.domain_event))

    def notice_erasures(self) -> None:
        """Drop from this process's keyring the keys of cases another process erased since it
        last looked: a process that lives long (a server) would otherwise go on opening an
        erased case's events with the key it read before. Two indexed reads; a server calls
        it before each request."""
        if self.keyring is None:
            return
        last = self.recorder.max_notification_id() or 0
        seen = self._erasures_seen
        while erasures := self.recorder.select_notifications(
            seen, 1000, stop=last, topics=(Case.Erased.TOPIC,), inclusive_of_start=False
        ):
            for erasure in erasures:
                self.keyring.forget(UUID(str(erasure.originator_id)))
            seen = erasures[-1].id
        self._erasures_seen = max(self._erasures_seen, last)

    def has_case(self, slug: str) -> bool:
        """Whether case `slug` was ever opened: one indexed read, nothing decoded."""
        return bool(self.recorder.select_events(Case.create_id(slug), limit=1))

    def get_case(self, slug: str) -> Case:
        try:
            case: Case = self.repository.get(Case.create_id(slug), projector_func=_project)
        except AggregateNotFoundError:
            raise CaseNotFound(slug) from None
        except CaseErased:
            raise CaseErased(slug) from None
        if case.cited is None:  # loaded from a snapshot that kept no citations: read them all
            replayed: Any = None
            for event in self.events.get(case.id):
                replayed = cast("Any", event).mutate(replayed)
            case = replayed
        return case


def _kept(once: Once, keyring: Keys | None) -> Once:
    """`once` as the store keeps it: its digest sealed, the time it was recorded."""
    from domain.once import now, sealed

    return replace(once, digest=sealed(keyring, once.digest), at=now())


def _project(case: Any, events: Iterable[Any]) -> Any:
    """eventsourcing's `project_aggregate` without its check of each event against a
    runtime Protocol, which costs more than the event's own mutation (a fifth of an
    append's time in the service); every event of a case stream is one of Case's."""
    for event in events:
        case = event.mutate(case)
    return case


def case_of(instruction: Instruction) -> str:
    """The slug of the case an instruction is about."""
    from events.fact_instruction import RecordFact

    if isinstance(instruction, RecordFact):  # never imports the other instructions' module
        return instruction.case
    import events.instructions as given  # imported by whoever made the instructions

    if isinstance(instruction, given.Amending):
        return EventId.parse(instruction.event).case
    return instruction.case


def _cases_named(instructions: Iterable[Instruction]) -> list[str]:
    """The slugs of the cases these instructions touch, in order, once each."""
    return list(dict.fromkeys(case_of(instruction) for instruction in instructions))


class Batch:
    """Cases touched by a batch of instructions, changed in memory until saved, and who sees
    each case it opens."""

    def __init__(self, app: Timeline, policy: Policy | None = None) -> None:
        self.app = app
        self.policy = policy
        self.cases: dict[str, Case] = {}
        self.opened: dict[str, CaseAccess] = {}
        self._restricted_by_default: bool | None = None

    def case(self, slug: str) -> Case:
        if slug not in self.cases:
            self.cases[slug] = self.app.get_case(slug)
        return self.cases[slug]

    def apply(self, instruction: Instruction) -> EventId:
        # imported here: a command that only reads never builds the instructions' schemas;
        # one that records a fact (an append) never defines the other instructions
        from events.fact_instruction import RecordFact

        if self.policy is not None:
            from events.instructions import OpenCase

            opening = isinstance(instruction, OpenCase)
            self.policy.check_may_record(case_of(instruction), opening=opening)
        if isinstance(instruction, RecordFact):
            return self.case(instruction.case).record(instruction.fact)
        import events.instructions as given

        match instruction:
            case given.OpenCase():
                return self.open(instruction)
            case given.CorrectEvent(event=ref, changes=changes, reason=reason, sources=sources):
                target = EventId.parse(ref)
                return self.case(target.case).correct(target.version, changes, reason, sources)
            case given.CiteSource(event=ref, sources=sources, note=note):
                target = EventId.parse(ref)
                return self.case(target.case).cite(target.version, sources, note)
            case given.DisputeEvent(event=ref, values=values, sources=sources, note=note):
                target = EventId.parse(ref)
                return self.case(target.case).dispute(target.version, values, sources, note)
            case given.RetractEvent(event=ref, reason=reason):  # of any event, or a citation
                target = EventId.parse(ref)
                return self.case(target.case).retract(target.version, reason)
            case given.CloseCase(case=slug, reason=reason):
                return self.case(slug).close(reason)
            case given.ReopenCase(case=slug, reason=reason):
                return self.case(slug).reopen(reason)
        raise TypeError(f"not an instruction: {instruction!r}")  # pragma: no cover

    def open(self, opening: OpenCase) -> EventId:
        slug = opening.case
        if slug in self.cases or self.exists(slug):
            raise CaseAlreadyOpened(slug)
        self.opened[slug] = self.access_of(opening)
        case = Case(slug=slug, title=opening.title)
        self.cases[slug] = case
        return EventId(slug, case.version)

    def exists(self, slug: str) -> bool:
        """Whether case `slug` was opened before this batch."""
        return self.app.has_case(slug)

    def access_of(self, opening: OpenCase) -> CaseAccess:
        """Who will see the case `opening` opens; the accounts it grants must exist."""
        from domain.access import access_on_opening

        if opening.grants:
            self.app.restricting_access().check_accounts(opening.grants)
        return access_on_opening(
            opening.restricted,
            opening.grants,
            restricted_by_default=self.restricted_by_default(),
            opener=self.policy.account if self.policy is not None else None,
        )

    def restricted_by_default(self) -> bool:
        """The store's default for new cases, read once a batch."""
        if self._restricted_by_default is None:
            access = self.app.access
            self._restricted_by_default = access is not None and access.new_cases_restricted()
        return self._restricted_by_default

    def restricted(self) -> list[tuple[str, CaseAccess]]:
        """The cases this batch opens restricted, with their access."""
        return [(slug, access) for slug, access in self.opened.items() if access.restricted]
