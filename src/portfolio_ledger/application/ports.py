"""Ports: what the ledger needs from the outer layers, as protocols it can be given.

The storage adapters (``portfolio_ledger.storage``) implement :class:`EventLog`
and :class:`ChainStore`; the read models (``portfolio_ledger.projections``)
implement :class:`ReadModels`. The application names none of them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from portfolio_ledger.application.chain import ChainedEvent, ChainLink
from portfolio_ledger.application.views import TrailFilter
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


@dataclass(frozen=True, slots=True)
class Request:
    """A request to record, once: its id, a fingerprint of what it asks, its subject."""

    request_id: str
    fingerprint: str
    subject: str


@dataclass(frozen=True, slots=True)
class RequestRecorded:
    """A request found already recorded: what it asked, and the position it ended at."""

    fingerprint: str
    subject: str
    position: int


@dataclass(slots=True)
class Head:
    """The ledger's last event, as the transaction holding the append lock sees it."""

    position: int
    link: bytes
    recorded_at: datetime | None
    """When the last event was recorded: no event appended after it may say earlier."""


class EventLog(Protocol):
    """What the ledger needs of its event store beyond the library's recorder."""

    def appending(self) -> AbstractContextManager[Head]:
        """A transaction holding the append lock, and the head; inside one already, that one.

        Events saved inside it join its transaction. Raises ``LedgerBusy`` if
        another writer holds the lock longer than a writer waits.
        """
        ...

    def select_request(self, request_id: str) -> RequestRecorded | None:
        """The request recorded under this id, if any."""
        ...

    def note_request(self, request: Request, position: int) -> None:
        """Note, in the open appending transaction, that ``request`` ended at ``position``."""
        ...


class TrailSource(Protocol):
    """The audit trail as exports read it: kept rows, and rows derived afresh from events."""

    def trail_columns(self) -> list[tuple[str, str]]:
        """The trail's columns: name and kind (int, date, datetime, decimal, json, text)."""
        ...

    def trail_rows(
        self, where: TrailFilter, upto: int
    ) -> AbstractContextManager[Iterator[Sequence[Any]]]:
        """The matching rows up to position ``upto``, streamed while the block runs."""
        ...

    def derived_trail_rows(self, upto: int) -> Iterator[dict[str, Any]]:
        """The trail's rows for positions 1 to ``upto``, derived afresh from the events."""
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

    def positions_of(self, originator_id: UUID) -> dict[int, int]:
        """Where the chain linked each event of one aggregate: version to position."""
        ...
