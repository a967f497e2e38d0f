"""Ports: what the ledger needs from the outer layers, as protocols it can be given."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from portfolio_ledger.application.chain import ChainedEvent, ChainLink
from portfolio_ledger.domain.errors import LedgerError


class ReadModelError(LedgerError):
    """Read models could not be brought up to date (the events themselves are safe)."""


class ReadModels(Protocol):
    """Read models the ledger keeps caught up after every write."""

    def catch_up(self) -> int:
        """Apply every event recorded since the last catch-up; return how many.

        Raises :class:`ReadModelError` if they cannot be brought up to date.
        """
        ...


class ChainStore(Protocol):
    """The stored events beside their hash-chain records, read in ledger order."""

    def select_chained(self, after: int | None, limit: int) -> list[ChainedEvent]:
        """Up to ``limit`` events after position ``after``, each beside its chain record.

        With ``after`` None, from the lowest stored position, even a forged one below 1.
        """
        ...

    def select_links(self, start: int, stop: int | None = None, limit: int = 1) -> list[ChainLink]:
        """Up to ``limit`` chain records from position ``start`` to ``stop`` (inclusive)."""
        ...

    def chain_head(self) -> ChainLink | None:
        """The chain's latest record, if any."""
        ...

    def lowest_chain_position(self) -> int | None:
        """The lowest position the chain holds a record at (even a forged one below 1), if any."""
        ...

    def chained_position(self, originator_id: UUID, version: int) -> int | None:
        """Where the chain linked this event (aggregate and version), if it did."""
        ...
