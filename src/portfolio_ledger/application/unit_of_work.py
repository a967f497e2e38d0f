"""Units of work: where a command's aggregates come from, and where what it decided goes.

A handler asks its unit of work for aggregates, histories and governance,
and gives it the aggregate it changed; it never asks whether it is one
command of many. The kind of unit is chosen once, by the caller:

- :class:`SingleCommand` loads from the store, appends the events in a
  transaction of their own, then catches the read models up;
- :class:`~portfolio_ledger.application.batch.Batch` (application/batch.py)
  keeps the aggregates it touches in memory, appends their events a thousand
  at a time, all in one transaction that holds the append lock from start to
  end (all of it recorded, or none), and catches the read models up once, at
  the end. A dry run rolls it back.

Both append through ``appending``: under the append lock, each event's
recorded time no earlier than the one before it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from portfolio_ledger.application.appending import append
from portfolio_ledger.application.errors import InterruptedAfterRecording, ItemChanged
from portfolio_ledger.application.ports import ReadModelError, Request
from portfolio_ledger.application.views import Recorded, subject_key
from portfolio_ledger.domain.boards import Board
from portfolio_ledger.domain.decided import Recheck
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.delegations import Delegation
from portfolio_ledger.domain.errors import DuplicateItem, DuplicateKey, InvalidDecision, LedgerError
from portfolio_ledger.domain.governance import Governance
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.keys import person_id
from portfolio_ledger.domain.people import Person

if TYPE_CHECKING:
    from portfolio_ledger.application.ledger import PortfolioLedger


class UnitOfWork(ABC):
    """What a command handler reads from and saves to."""

    single: ClassVar[bool] = False
    """Whether it is a :class:`SingleCommand` (``isinstance`` on an ABC is a call into Python)."""

    def __init__(self, ledger: PortfolioLedger) -> None:
        self.ledger = ledger
        self.recheck: Recheck | None = None
        """The authority check handlers give the items they load (``handlers.authority.item``)."""

    @abstractmethod
    def get(self, aggregate_id: UUID) -> Any:
        """The aggregate as it stands; ``AggregateNotFoundError`` if there is none."""

    @abstractmethod
    def exists(self, aggregate_id: UUID) -> bool:
        """Whether the aggregate exists."""

    @abstractmethod
    def history(self, aggregate_id: UUID) -> Sequence[DecisionEvent]:
        """Every event of the aggregate, oldest first (none if it does not exist)."""

    @abstractmethod
    def save(self, aggregate: Aggregate, **detail: Any) -> Recorded:
        """Record the aggregate's new events; say what was recorded (``detail`` goes along)."""

    def governance(self, on: date) -> Governance:
        """Governance as it stands on a day, read through this unit's histories."""
        return Governance(self.history, on)

    def at_position(self, position: int) -> tuple[UUID, int]:
        """The aggregate and version of the decision recorded at a ledger position."""
        found = self.ledger.recorder.select_notifications(start=position, limit=1, stop=position)
        if not found:
            head = self.ledger.event_count()
            if not head:  # not "its positions run from 1 to 0"
                raise InvalidDecision(
                    f"the ledger has no decision at position {position:,}: it holds none yet, "
                    "so there is nothing to put right; check --db (or PORTFOLIO_LEDGER_DB) "
                    "names the ledger the decision was recorded in"
                )
            raise InvalidDecision(
                f"the ledger has no decision at position {position:,} (its positions run "
                f"from 1 to {head:,}); find the decision's position with 'portfolio-ledger "
                "item history KEY' or 'portfolio-ledger audit trail'"
            )
        return UUID(str(found[0].originator_id)), found[0].originator_version

    def name_of(self, person: str) -> str:
        """A person's registered name (their key if they are not registered)."""
        try:
            found: Person = self.get(person_id(person))
        except AggregateNotFoundError:
            return person
        return found.name


class SingleCommand(UnitOfWork):
    """One command: its events appended in a transaction of their own, then the catch-up."""

    single = True

    def __init__(self, ledger: PortfolioLedger, request: Request | None = None) -> None:
        super().__init__(ledger)
        self.request = request
        self.rechecks: list[Callable[[], object]] = []  # run again under the lock: registered.py

    def get(self, aggregate_id: UUID) -> Any:
        """From the store."""
        return self.ledger.repository.get(aggregate_id)

    def exists(self, aggregate_id: UUID) -> bool:
        """In the store."""
        return aggregate_id in self.ledger.repository

    def history(self, aggregate_id: UUID) -> Sequence[DecisionEvent]:
        """From the store."""
        return [e for e in self.ledger.events.get(aggregate_id) if isinstance(e, DecisionEvent)]

    def save(self, aggregate: Aggregate, **detail: Any) -> Recorded:
        """Append now; a twin of this request recorded first is reported as the result."""
        is_new = aggregate.version == len(aggregate.pending_events)
        events = aggregate.collect_events()
        # Kept with the subject saved, so a retry names it as this reply does
        # (a correction's command names a position, not its subject's key).
        request = (
            None if self.request is None else replace(self.request, subject=subject_key(aggregate))
        )
        try:
            recordings = append(self.ledger, events, request, self.rechecks)
        except KeyboardInterrupt:
            # Ctrl-C or SIGTERM after the commit (the transaction being put back)? The store says.
            if events and self.ledger.holds(events[-1]):
                raise InterruptedAfterRecording from None
            raise
        except IntegrityError:
            earlier = None if self.request is None else self.ledger.recorded(self.request)
            if earlier is not None:
                return earlier
            # The (aggregate, version) pair is unique: someone saved this version first.
            raise duplicate(aggregate) if is_new else ItemChanged(subject_key(aggregate)) from None
        *before, last = [(r.domain_event, r.notification.id) for r in recordings]
        recorded = Recorded.of(subject_key(aggregate), *last, detail=detail, earlier=before)
        warning = catch_up(self.ledger)
        if warning is not None:
            recorded.warnings.append(warning)
        return recorded


def catch_up(ledger: PortfolioLedger) -> str | None:
    """Catch the read models up; if they cannot, say so (the events are safe)."""
    if ledger.read_models is None:
        return None
    try:
        ledger.read_models.catch_up()
    except KeyboardInterrupt:
        raise InterruptedAfterRecording from None
    except ReadModelError as error:
        # The decision is safely recorded; only the derived views lag.
        # Reporting failure here would invite a duplicate re-run.
        return (
            f"recorded, but the read models could not catch up ({error}); the next command "
            "tries again (see 'portfolio-ledger projections status')"
        )
    return None


_DUPLICATE_KINDS = (Person, Board, Delegation)


def duplicate(aggregate: Aggregate) -> LedgerError:
    """The error for a new aggregate whose key someone else used first."""
    key = subject_key(aggregate)
    if isinstance(aggregate, PortfolioItem):
        return DuplicateItem(key)
    for kind in _DUPLICATE_KINDS:
        if isinstance(aggregate, kind):
            return DuplicateKey(kind.__name__.lower(), key)
    return ItemChanged(key)
