"""The batch unit of work: many commands as one transaction, their aggregates kept in memory.

A :class:`Batch` keeps the aggregates it touches in memory, appends their
events a thousand at a time, all in one transaction that holds the append
lock from start to end (all of it recorded, or none), and catches the read
models up once, at the end. A dry run rolls it back. It stores through
``appending.store``, as a single command appends through ``appending.append``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from portfolio_ledger.application.appending import store
from portfolio_ledger.application.ports import ImportFollower
from portfolio_ledger.application.registry import spec_for
from portfolio_ledger.application.repository import KeptWhole, loaded_together
from portfolio_ledger.application.unit_of_work import UnitOfWork
from portfolio_ledger.application.views import Recorded, subject_key
from portfolio_ledger.domain.clock import day_fixed
from portfolio_ledger.domain.decided import DecidedAggregate, HistoryNeeded
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.errors import LedgerError
from portfolio_ledger.domain.governance import Governance
from portfolio_ledger.domain.item import PortfolioItem

if TYPE_CHECKING:
    from portfolio_ledger.application.ledger import PortfolioLedger

FLUSH_EVERY = 1000
"""Events a batch keeps in memory before sending them to the database."""


def only_counted() -> Recorded:
    """What a quiet batch's ``save`` returns: one for every decision of the batch.

    One a batch, not one for every batch: a handler adds its warnings to what ``save``
    gives (a quorum left beyond the members), and a batch's must not reach the next
    batch's in the same process.
    """
    return Recorded(
        key="",
        event="",
        summary="recorded in a batch that reports only how many decisions it recorded",
        version=0,
        position=None,
        recorded_at=datetime.min.replace(tzinfo=UTC),
    )


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
        """True if the caller (an import) only counts: ``save`` gives :attr:`counted`."""
        self.counted = only_counted()
        """What ``save`` gives when quiet, one for the batch: the handlers' warnings (a quorum
        left beyond a board's members) gather in its ``warnings``, for the caller to take."""
        self.last_saved: DecisionEvent | None = None
        """The last event saved (kept or stored): the last a command just handled recorded."""
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
        self._handed: dict[int, int] = {}
        """The aggregates ``get`` handed the command being handled, each at its version then."""
        self._handlers: dict[type, Any] = {}
        """Each command's handler, by its model (``spec_for``, once a kind)."""
        self.follower: ImportFollower | None = None
        """The read models, told each page as it is stored (set by ``PortfolioLedger.batch``)."""

    def handle(self, command: Any) -> Recorded:
        """Check and record one command within the batch (as ``PortfolioLedger.handle``)."""
        if command.request_id is not None:
            raise LedgerError(
                "request ids are for commands sent one at a time; an import is recorded "
                "once per file, so leave request_id out of its lines"
            )
        handler = self._handlers.get(type(command))
        if handler is None:
            handler = self._handlers[type(command)] = spec_for(type(command)).handler
        while True:
            self._handed = {}
            try:
                if day_fixed() is None:  # (never, within ``PortfolioLedger.batch``)
                    return self.ledger.dispatch(self, command)
                # What dispatch does with a fixed day, without its call and spec_for's: the
                # handler, in this batch (its refusals go as they come: nothing is open to read).
                return handler(self, command)
            except HistoryNeeded as needed:
                # The aggregate was kept without its decisions (see save) and this one
                # is late, or puts one right: load it whole and decide again. Each one
                # once: a decision may need two (an item, and the one it merges into).
                self._put_back(needed.args[0].int)
            except LedgerError:
                self._put_back()  # refused: the batch is left as it was before it
                raise

    def _put_back(self, wanted_whole: int | None = None) -> None:
        """Leave the batch as it was before the command just refused: as if never handled.

        A handler may refuse after its decision was made on an aggregate (a closing
        refused for an item merged into it by then, a correction for what it would
        leave), and it saves last: so a refused command saved nothing, and what it
        changed is in the aggregates ``get`` handed it. Each of those at another
        version now is loaded again as the commands kept left it (once what they
        kept is in the database), and what the batch read through it is read again:
        its history, and governance if it is not an item. So is ``wanted_whole``
        (an aggregate kept without its decisions: see :meth:`handle`).
        """
        changed = []
        for key, version in self._handed.items():
            handed = self._aggregates.get(key)
            if handed is not None and handed.version != version:
                changed.append(key)
        if not changed and wanted_whole is None:
            return  # most refusals: refused before anything was changed
        self.flush()
        for key in changed:
            self._histories.pop(key, None)
            self._whole.drop(key)
            self._preloaded.add(key)  # as if loaded for the lines: let go of unless saved
            if not isinstance(self._aggregates[key], PortfolioItem):
                self._governance, self._states = {}, {}
        for key in changed if wanted_whole is None else {*changed, wanted_whole}:
            self._aggregates[key] = self.ledger.repository.get(UUID(int=key))

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
        key = aggregate_id.int
        aggregate = self._aggregates.get(key)
        if aggregate is None:
            aggregate = self.ledger.repository.get(aggregate_id)
            self._aggregates[key] = aggregate
        if key not in self._handed:  # as it was when first handed: see _put_back
            self._handed[key] = aggregate._version  # (the property's attribute, without its call)
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
        # The library's attributes behind id and pending_events, without the properties' calls
        # (tests/test_library_contract.py).
        key = aggregate._id.int
        pending = aggregate._pending_events
        new: list[DecisionEvent] = pending[self._counted.get(key, 0) :]  # type: ignore[assignment]
        self._counted[key] = len(pending)
        if _is_decided(type(aggregate)):  # (a DecidedAggregate: no cast, a call on every line)
            self._whole.keep(key, aggregate)  # type: ignore[arg-type]
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
        if new:
            self.last_saved = new[-1]
        self._waiting += len(new)
        self.recorded += len(new)
        if self._waiting >= FLUSH_EVERY:
            self.flush()
        if self.quiet:
            return self.counted
        earlier = [(event, None) for event in new[:-1]]
        return Recorded.of(subject_key(aggregate), new[-1], None, detail=detail, earlier=earlier)

    def flush(self) -> None:
        """Send the kept events to the database (in the batch's transaction), in decided order.

        In the order they were decided across aggregates, not aggregate by
        aggregate: so positions follow the order of decisions, and so do the
        recorded times.
        """
        for aggregate in self._unsaved.values():
            # They are in self._in_order: let go of them as ``collect_events`` does, without
            # its pop(0) per event.
            aggregate._pending_events.clear()
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


@cache
def _is_decided(kind: type) -> bool:
    """Whether the class is a decided aggregate (``isinstance`` on the library's ABCs is a call)."""
    return issubclass(kind, DecidedAggregate)
