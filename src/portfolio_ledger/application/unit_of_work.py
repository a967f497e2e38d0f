"""Units of work: where a command's aggregates come from, and where what it decided goes.

A handler asks its unit of work for aggregates, histories and governance,
and gives it the aggregate it changed; it never asks whether it is one
command of many. The kind of unit is chosen once, by the caller:

- :class:`SingleCommand` loads from the store, appends the events in a
  transaction of their own, then catches the read models up;
- :class:`Batch` keeps the aggregates it touches in memory, appends their
  events a thousand at a time, all in one transaction that holds the append
  lock from start to end (all of it recorded, or none), and catches the read
  models up once, at the end. A dry run rolls it back.

Both append through ``appending.append``: under the append lock, each event's
recorded time no earlier than the one before it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from portfolio_ledger.application.appending import append, store
from portfolio_ledger.application.errors import InterruptedAfterRecording, ItemChanged
from portfolio_ledger.application.ports import ImportFollower, ReadModelError, Request
from portfolio_ledger.application.repository import KeptWhole, loaded_together
from portfolio_ledger.application.views import Recorded, subject_key
from portfolio_ledger.domain.boards import Board
from portfolio_ledger.domain.decided import DecidedAggregate, HistoryNeeded, Recheck
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.delegations import Delegation
from portfolio_ledger.domain.errors import DuplicateItem, DuplicateKey, InvalidDecision, LedgerError
from portfolio_ledger.domain.governance import Governance
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.keys import person_id
from portfolio_ledger.domain.people import Person

if TYPE_CHECKING:
    from portfolio_ledger.application.ledger import PortfolioLedger

FLUSH_EVERY = 1000
"""Events a batch keeps in memory before sending them to the database."""


ONLY_COUNTED = Recorded(
    key="",
    event="",
    summary="recorded in a batch that reports only how many decisions it recorded",
    version=0,
    position=None,
    recorded_at=datetime.min.replace(tzinfo=UTC),
)
"""What a quiet batch's ``save`` returns: the same for every decision (see ``Batch.quiet``)."""


class UnitOfWork(ABC):
    """What a command handler reads from and saves to."""

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


class Batch(UnitOfWork):
    """Many commands as one transaction; see :meth:`PortfolioLedger.batch`."""

    def __init__(self, ledger: PortfolioLedger, *, keep: bool = True) -> None:
        super().__init__(ledger)
        self.keep = keep
        """False for a dry run, or once a command was refused: undo it all at the end."""
        self.head = 0
        """The latest event's position when the batch took the append lock."""
        self.started_empty = False
        """No events when the batch began, so none but its own (``head == 0``; ``get`` asks)."""
        self.recorded = 0
        self.last_stored: DecisionEvent | None = None
        """The last event stored (uncommitted until the batch ends): asked after an interruption."""
        self.positions: tuple[int, int] | None = None
        """The first and last ledger positions the batch stored (None: none yet)."""
        self.already: Any = None
        """The earlier recording of this batch's request, if it was recorded before."""
        self.warning: str | None = None
        """Set after the batch if the read models could not catch up."""
        self.quiet = False
        """True if the caller (an import) only counts: ``save`` gives :data:`ONLY_COUNTED`."""
        # By ``UUID.int``: an int's hash is no Python call (a UUID's is); asked often a line.
        self._aggregates: dict[int, Any] = {}
        self._unsaved: dict[int, Any] = {}
        self._counted: dict[int, int] = {}
        self._in_order: list[DecisionEvent] = []
        """The events kept, in the order they were decided (across aggregates)."""
        self._absent: set[int] = set()  # found not in the store by ``load_together``
        self._whole = KeptWhole()  # those that folded again, with their decisions
        self._preloaded: set[int] = set()  # loaded whole by ``load_together``, not saved yet
        self._histories: dict[int, list[DecisionEvent]] = {}
        self._saved: set[int] = set()
        """Every aggregate the batch saved events of (kept to the end)."""
        self._states: dict[tuple[Any, ...], Any] = {}
        self._governance: dict[date, Governance] = {}
        """Governance by day, shared by the batch's decisions until governance is saved."""
        self._waiting = 0
        self.follower: ImportFollower | None = None
        """The read models, told each page as it is stored (set by ``PortfolioLedger.batch``)."""

    def handle(self, command: Any) -> Recorded:
        """Check and record one command within the batch (as ``PortfolioLedger.handle``)."""
        if command.request_id is not None:
            raise LedgerError(
                "request ids are for commands sent one at a time; an import is recorded "
                "once per file, so leave request_id out of its lines"
            )
        try:
            return self.ledger.dispatch(self, command)
        except HistoryNeeded as needed:
            # The aggregate was kept without its decisions (see save) and this one
            # is late, or puts one right: load it whole and decide again.
            self.flush()
            self._aggregates.pop(needed.args[0].int, None)
            return self.ledger.dispatch(self, command)

    def undo(self) -> None:
        """Roll the batch back at its end (after a refusal); carry on checking."""
        self.keep = False
        if self.follower is not None:
            self.follower.stop()

    def forget_kept(self) -> None:
        """Let go of the aggregates, histories and states kept to decide; the unsaved stay."""
        self._aggregates = {}
        self._absent = set()
        self._whole = KeptWhole()
        self._preloaded = set()
        self._histories = {}
        self._states = {}
        self._governance = {}

    def get(self, aggregate_id: UUID) -> Any:
        """As the batch left it (loaded once)."""
        aggregate = self._aggregates.get(aggregate_id.int)
        if aggregate is None:
            aggregate = self.ledger.repository.get(aggregate_id)
            self._aggregates[aggregate_id.int] = aggregate
        return aggregate

    def exists(self, aggregate_id: UUID) -> bool:
        """Made by the batch, or in the store."""
        if aggregate_id.int in self._aggregates:
            return True
        if self.started_empty or aggregate_id.int in self._absent:
            return False  # an empty ledger holds only what the batch made
        return aggregate_id in self.ledger.repository

    def load_together(self, ids: Iterable[UUID]) -> None:
        """Load these aggregates from the store before they are asked for, a query per few hundred.

        An import that updates items already in the ledger otherwise loads each
        by a query of its own, when its first line is handled. Those the batch
        holds already are not read again; those the store does not hold are
        noted as absent, so ``exists`` need not ask (until the batch makes them).
        Those loaded for the lines before and never saved (their lines were
        refused) keep no decisions from here on: one call's are held whole.
        """
        if self.started_empty:
            return
        for key in self._preloaded:  # the last lines' that were not saved (refused, say)
            if isinstance(unsaved := self._aggregates.get(key), DecidedAggregate):
                unsaved.forget_history()
        wanted = {
            i: None for i in ids if i.int not in self._aggregates and i.int not in self._absent
        }
        decode = self.ledger.mapper.to_domain_event
        found = loaded_together(self.ledger.event_log, wanted, decode) if wanted else {}
        self._aggregates.update(found)
        self._preloaded = set(found)
        self._absent.update(i.int for i in wanted if i.int not in found)

    def history(self, aggregate_id: UUID) -> Sequence[DecisionEvent]:
        """Stored, with what the batch added since (read once)."""
        key = aggregate_id.int
        if key not in self._histories:
            if self.started_empty and key not in self._saved:
                # A ledger that began empty holds only what the batch saved: none of this
                # one's (the store would read no events for it).
                self._histories[key] = []
                return self._histories[key]
            events = [
                e for e in self.ledger.events.get(aggregate_id) if isinstance(e, DecisionEvent)
            ]
            unsaved = self._aggregates.get(key)
            if unsaved is not None:
                events.extend(unsaved.pending_events)
            self._histories[key] = events
        return self._histories[key]

    def governance(self, on: date) -> Governance:
        """Governance on a day, shared by every command of the batch until governance changes.

        A day's governance keeps the people, boards and delegations it has
        looked up; ``save`` lets go of every day's when it saves anything but
        an item (a person, a board, a delegation: what governance reads), so
        a decision never sees governance older than the batch's own.
        """
        found = self._governance.get(on)
        if found is None:
            found = self._governance[on] = Governance(self.history, on, states=self._states)
        return found

    def at_position(self, position: int) -> tuple[UUID, int]:
        """As for a single command, once what the batch kept is in the database."""
        self.flush()
        return super().at_position(position)

    def save(self, aggregate: Aggregate, **detail: Any) -> Recorded:
        """Keep the events; send them to the database a thousand at a time."""
        key = aggregate.id.int
        pending = aggregate.pending_events
        new: list[DecisionEvent] = pending[self._counted.get(key, 0) :]  # type: ignore[assignment]
        self._counted[key] = len(pending)
        if _is_decided(type(aggregate)):
            self._whole.keep(key, cast(DecidedAggregate, aggregate))
        if self._governance and not isinstance(aggregate, PortfolioItem):
            self._governance = {}  # a person, board or delegation changed: look again
        self._aggregates[key] = aggregate
        self._unsaved[key] = aggregate
        self._saved.add(key)
        self._absent.discard(key)
        self._preloaded.discard(key)
        history = self._histories.get(key)
        if history is not None:
            history.extend(new)
        self._in_order.extend(new)
        self._waiting += len(new)
        self.recorded += len(new)
        if self._waiting >= FLUSH_EVERY:
            self.flush()
        if self.quiet:
            return ONLY_COUNTED
        earlier = [(event, None) for event in new[:-1]]
        return Recorded.of(subject_key(aggregate), new[-1], None, detail=detail, earlier=earlier)

    def flush(self) -> None:
        """Send the kept events to the database (in the batch's transaction), in decided order.

        In the order they were decided across aggregates, not aggregate by
        aggregate: so positions follow the order of decisions, and so do the
        recorded times.
        """
        for aggregate in self._unsaved.values():
            aggregate.collect_events()  # they are in self._in_order
        events, self._in_order = self._in_order, []
        self._unsaved.clear()
        self._counted.clear()
        self._waiting = 0
        if events:
            stored = store(self.ledger, events)
            self.last_stored = stored[-1][1]
            # Its own positions, not the head's: another writer may append once it commits.
            first = stored[0][0] if self.positions is None else self.positions[0]
            self.positions = (first, stored[-1][0])
            if self.follower is not None and self.keep:
                self.follower.follow(stored)


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


@cache
def _is_decided(kind: type) -> bool:
    """Whether the class is a decided aggregate (``isinstance`` on the library's ABCs is a call)."""
    return issubclass(kind, DecidedAggregate)
