"""Ports: what the ledger needs from the outer layers, as protocols it can be given.

The storage adapters (``portfolio_ledger.storage``) implement :class:`EventLog`
and :class:`ChainStore`; the read models (``portfolio_ledger.projections``)
implement :class:`ReadModels`. The application names none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from portfolio_ledger.application.chain import ChainedEvent, ChainLink
from portfolio_ledger.application.selection import TrailFilter
from portfolio_ledger.application.tree import Frontier
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

    def import_follower(self) -> ImportFollower | None:
        """What to tell each page an import stores (to rebuild them as it goes); None: nothing."""
        ...


class ImportFollower(Protocol):
    """Read models kept by a large import as it goes, in its transaction (see ``Batch.flush``)."""

    def follow(self, events: Sequence[tuple[int, Any]]) -> None:
        """Take a page of events just stored, each with its ledger position, in ledger order."""
        ...

    def stop(self) -> None:
        """Take no more pages: the import was refused, and will be rolled back."""
        ...

    def finish(self) -> bool:
        """Put what was kept in place, in the import's transaction; whether there was any."""
        ...

    def close(self) -> None:
        """Let go of what was held, once the import's transaction has ended."""
        ...


@dataclass(frozen=True, slots=True)
class Request:
    """A request to record, once: its id, a fingerprint of what it asks, its subject."""

    request_id: str
    fingerprint: str
    subject: str
    given: str = ""
    """The fingerprint as earlier releases kept it (members in the order given), if other."""

    def asks(self, fingerprint: str) -> bool:
        """Whether a request recorded with ``fingerprint`` asked what this one asks."""
        return fingerprint in (self.fingerprint, self.given or self.fingerprint)


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
    tree: Frontier | None = None
    """The Merkle tree grown to ``position``; None while the ledger has no tree yet."""


AppendHook = Callable[[int, Head], None]
"""Called in the appending transaction after events are appended: the position before, the head."""


class EventLog(Protocol):
    """What the ledger needs of its event store beyond the library's recorder."""

    def appending(self, *, bulk: bool = False) -> AbstractContextManager[Head]:
        """A transaction holding the append lock, and the head; inside one already, that one.

        Events saved inside it join its transaction. Raises ``LedgerBusy`` if
        another writer holds the lock longer than a writer waits. ``bulk``
        says the transaction will be very large (a big import): the store may
        then journal it in the way that suits one (SQLite: a rollback journal,
        so the WAL does not grow with it).
        """
        ...

    def committed(self, originator_id: UUID, version: int) -> StoredEvent | None:
        """This version of this aggregate as stored, committed; None if not (asked promptly)."""
        ...

    def select_request(self, request_id: str) -> RequestRecorded | None:
        """The request recorded under this id, if any."""
        ...

    def note_request(self, request: Request, position: int) -> None:
        """Note, in the open appending transaction, that ``request`` ended at ``position``."""
        ...

    def iter_histories(
        self, originator_ids: Sequence[UUID]
    ) -> Iterator[tuple[UUID, list[StoredEvent]]]:
        """Each of these aggregates' stored events, oldest first, read together, one at a time."""
        ...

    def mergers_into(self, key: str | None) -> Sequence[tuple[str, UUID]]:
        """Each item key merged into (``key``'s alone, or any), and an aggregate merging into it.

        From the stored events that could (a leaving's ``merged_into``, a correction's):
        a superset, by an index rather than a read of every item that left.
        """
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


@dataclass(frozen=True, slots=True)
class IssuedCheckpoint:
    """A checkpoint the ledger signed and kept."""

    tree_size: int
    key_id: str
    """The signing key's name and hash, as ``<name>+<8 hex digits>``."""
    note: str
    """The signed note, exactly as issued."""
    issued_at: str
    """When it was signed (UTC, ISO 8601)."""


@dataclass(frozen=True, slots=True)
class TreeBuilt:
    """What building the tree did: the positions it covered before, and after."""

    before: int
    after: int


class TreeStore(Protocol):
    """The Merkle tree over the events, stored one row per position (see application/tree.py)."""

    def read_hashes(self, indexes: Sequence[int]) -> list[bytes]:
        """The stored hashes at these stored hash indexes, in order (fewer if any is missing)."""
        ...

    def tree_size(self) -> int:
        """How many leaves the stored tree has: its last row's position (0 if none)."""
        ...

    def tree_span(self, upto: int | None = None) -> tuple[int | None, int | None, int]:
        """The lowest and highest positions the tree holds a row at (to ``upto``), and how many."""
        ...

    def build_tree(self, progress: Callable[[int, int], None] | None = None) -> TreeBuilt:
        """Extend the tree to the last event, under the append lock, from the verified chain.

        Raises ``ChainBroken`` naming the first position whose event does not
        match its chain link: the tree is only ever built over a chain that verifies.
        """
        ...


class CheckpointStore(Protocol):
    """The checkpoints the ledger issued, its settings, and the hook that signs as it appends."""

    def keep_checkpoint(self, checkpoint: IssuedCheckpoint) -> IssuedCheckpoint:
        """Keep a checkpoint (in the open transaction, if any); the one kept if already there."""
        ...

    def issued_checkpoints(self, key_id: str | None = None) -> list[IssuedCheckpoint]:
        """The checkpoints kept (by this key, if given), smallest tree first."""
        ...

    def latest_checkpoint(
        self, key_id: str | None = None, upto: int | None = None
    ) -> IssuedCheckpoint | None:
        """The checkpoint kept with the largest tree (by this key, of at most ``upto`` events)."""
        ...

    def setting(self, name: str) -> str | None:
        """A setting's current value, if it was ever set."""
        ...

    def change_setting(self, name: str, value: str) -> None:
        """Set a setting: a new revision, kept beside the earlier ones."""
        ...

    def when_appended(self, hook: AppendHook | None) -> None:
        """Call ``hook`` in each appending transaction, after its events are appended."""
        ...
