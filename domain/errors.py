"""Why the domain refuses a command: each error names what is wrong."""

from __future__ import annotations


class TimelineError(Exception):
    """A command the record refuses; the message is shown to the user as it is."""


class CaseNotFound(TimelineError):
    def __init__(self, slug: str) -> None:
        super().__init__(
            f"no case {slug!r}: open it first with `timeline case open {slug} --title ...`"
        )


class CaseNotYetOpened(TimelineError):
    """The case exists, but was opened after the moment of recording a read asked for."""

    def __init__(self, slug: str, moment: str) -> None:
        super().__init__(f"case {slug!r} was not yet opened {moment}: it was opened later")


class CaseAlreadyOpened(TimelineError):
    def __init__(self, slug: str) -> None:
        super().__init__(f"case {slug!r} already exists")


class CaseClosed(TimelineError):
    def __init__(self, slug: str) -> None:
        super().__init__(f"case {slug!r} is closed: reopen it before recording more")


class CaseNotClosed(TimelineError):
    def __init__(self, slug: str) -> None:
        super().__init__(f"case {slug!r} is not closed")


class EventNotFound(TimelineError):
    def __init__(self, event_id: str) -> None:
        super().__init__(f"no dated event {event_id!r} in that case")


class EventAlreadyRetracted(TimelineError):
    def __init__(self, event_id: str) -> None:
        super().__init__(f"event {event_id!r} is already retracted")


class CitationAlreadyRetracted(TimelineError):
    """A retracted citation or dispute was named to be corrected or retracted again."""

    def __init__(self, which: str, event_id: str, *, correcting: bool) -> None:
        if correcting:
            said = f"{which} {event_id!r} is retracted: a retracted {which} cannot be corrected"
        else:
            said = f"{which} {event_id!r} is already retracted"
        super().__init__(said)


class InvalidCorrection(TimelineError):
    def __init__(self, event_id: str, why: str) -> None:
        super().__init__(f"correction of {event_id!r} refused: {why}")


class InvalidDispute(TimelineError):
    def __init__(self, event_id: str, why: str) -> None:
        super().__init__(f"dispute of {event_id!r} refused: {why}")


class StoreTooNew(TimelineError):
    def __init__(self, what: str) -> None:
        super().__init__(
            f"this store was written by a newer version of timeline ({what}); "
            "upgrade timeline to read it"
        )


class ConcurrentWrites(TimelineError):
    """Other writers kept changing the cases of a batch while it was being saved."""

    def __init__(self, slugs: list[str], attempts: int) -> None:
        named = ", ".join(repr(slug) for slug in slugs[:3]) + (" ..." if len(slugs) > 3 else "")
        super().__init__(
            f"case {named} kept changing under other writers ({attempts} attempts): "
            "nothing was stored; try again"
        )


class Refused(TimelineError):
    """One instruction of a batch was refused; nothing of the batch is stored."""

    def __init__(self, index: int, cause: Exception) -> None:
        super().__init__(str(cause))
        self.index = index
        self.cause = cause


class StoredEventUnreadable(Exception):
    """A stored event cannot be decoded or does not validate: the store is damaged.

    Not a `TimelineError`: nothing the user asked was refused, the record itself is wrong.
    """

    def __init__(self, case_id: object, version: int, topic: str, why: str) -> None:
        super().__init__(
            f"the store is damaged: stored event v{version} of case {case_id} ({topic}) "
            f"cannot be read: {why}; run `timeline verify`"
        )


class CaseErased(TimelineError):
    """The case was erased: its data key is destroyed, and nothing of it can be read or added."""

    def __init__(self, case: str) -> None:
        self.case = case
        super().__init__(f"case {case!r} was erased: nothing of it can be read or recorded")


class NotErasable(TimelineError):
    def __init__(self, case: str) -> None:
        super().__init__(
            f"case {case!r} cannot be erased: this store is not encrypted, so what it said "
            "would stay readable in its history (erasure destroys an encrypted case's key)"
        )


class NotScrubbed(TimelineError):
    """The store's files still hold what erasures destroyed: another process still reads the
    old (the message says what, and what to do)."""

    def __init__(self, where: str, left: str) -> None:
        super().__init__(f"store {where}: {left}")


class KeyReused(TimelineError):
    """An idempotency key (`domain.once`) was given again with another request."""

    def __init__(self, key: str) -> None:
        super().__init__(
            f"idempotency key {key!r} was used for another request: give a new key for a "
            "new request; nothing was stored"
        )
