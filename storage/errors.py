"""Why a store cannot be used: each error names the store and what failed."""

from __future__ import annotations


class StoreError(Exception):
    """The store named cannot be used as asked; the message is shown as it is."""


class StoreNotFound(StoreError):
    def __init__(self, where: str) -> None:
        super().__init__(f"no store at {where}: create one with `timeline init --store {where}`")


class StoreUnreachable(StoreError):
    """The database server refused the connection or could not be reached."""


class StoreNotEmpty(StoreError):
    def __init__(self, where: str, events: int) -> None:
        super().__init__(f"store {where} already holds {events:,} events: give an empty store")


class CopyMismatch(StoreError):
    """A copied store does not hold what its source holds."""


class StoreDamaged(StoreError):
    """The store was changed behind timeline's back, or is not a timeline store at all."""


class NotAStore(StoreDamaged):
    def __init__(self, where: str, why: str) -> None:
        super().__init__(f"{where} is not a timeline store: {why}; it was left as it is")


class StoreNeedsUpgrade(StoreError):
    def __init__(self, where: str) -> None:
        super().__init__(
            f"store {where} was made before stores recorded their format: "
            f"run `timeline init --store {where}` once to upgrade it"
        )
