"""The ledger application: commands in, through their handlers, to the event store.

``handle(command)`` finds the command's handler in the registry and runs it
in a unit of work of its own (``batch()`` runs many in one). A request id
makes a command idempotent: sent again, it is recorded once and the first
result reported, whatever the interleaving with its twin. Questions about
one subject are answered by :attr:`queries`; about the portfolio at large,
by the read models.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import Application, Repository
from eventsourcing.domain import Aggregate, DomainEventProtocol, MutableOrImmutableAggregate
from eventsourcing.persistence import IntegrityError, Recording
from eventsourcing.utils import Environment, EnvType

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.appending import append
from portfolio_ledger.application.batch import Batch
from portfolio_ledger.application.conflicts import run_again_on_conflict
from portfolio_ledger.application.errors import (
    InterruptedAfterRecording,
    ItemChanged,
    RequestRecordAltered,
    RequestReused,
)
from portfolio_ledger.application.ports import (
    ChainStore,
    CheckpointStore,
    EventLog,
    ReadModels,
    Request,
    RequestRecorded,
    TreeStore,
)
from portfolio_ledger.application.registry import spec_for
from portfolio_ledger.application.repository import LedgerRepository
from portfolio_ledger.application.unit_of_work import SingleCommand, UnitOfWork
from portfolio_ledger.application.views import Recorded, subject_key
from portfolio_ledger.domain.clock import day_fixed, one_day
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.errors import LedgerError
from portfolio_ledger.domain.record_keeping import BeforeMaking, MovedPastItsCorrection

if TYPE_CHECKING:
    from portfolio_ledger.application.queries import EventQueries

C = TypeVar("C", bound=c.Decided)

STORAGE = "portfolio_ledger.storage.factory:LedgerFactory"
"""Where the ledger's storage adapters are (eventsourcing's ``PERSISTENCE_MODULE``)."""


class PortfolioLedger(Application[UUID]):
    """The portfolio's decisions, stored once each as immutable events."""

    name = "portfolio_ledger"  # the events live in table portfolio_ledger_events

    def __init__(self, url: str, *, adopt: bool = False, storage: str = STORAGE) -> None:
        """Open the ledger at ``url`` (a file path, or an SQLite or PostgreSQL URL).

        Its tables are created if need be. A database holding other tables but
        no ledger is refused unless ``adopt`` (``init --force``) says the ledger
        belongs there. Raises the ledger's own errors for a bad URL or a
        database that cannot be reached.
        """
        self.url = url
        self.read_models: ReadModels | None = None
        super().__init__(
            env={
                "PERSISTENCE_MODULE": storage,
                "SQLALCHEMY_URL": url,
                "PORTFOLIO_LEDGER_ADOPT": "yes" if adopt else "no",
            }
        )
        self.url = getattr(self.factory, "url", url)  # as the storage normalised it

    @cached_property
    def queries(self) -> EventQueries:
        """Questions about one subject, from its events (made when first asked)."""
        from portfolio_ledger.application.queries import EventQueries

        return EventQueries(self)

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """Configure from the given settings only, never from stray environment variables."""
        return Environment(name, dict(env or {}))

    def construct_repository(self) -> Repository[UUID]:
        """The library's repository, folding loaded events without its per-event check.

        No aggregate cache, as the library's by default (the ledger sets none of its options).
        """
        return LedgerRepository(event_store=self.events, snapshot_store=self.snapshots)

    def attach_read_models(self, read_models: ReadModels) -> None:
        """Keep these read models caught up after every write."""
        self.read_models = read_models

    @property
    def event_log(self) -> EventLog:
        """The event store's appending side (the storage's recorder implements it)."""
        return cast(EventLog, self.recorder)

    @property
    def chain(self) -> ChainStore:
        """The stored events beside their hash chain, for verification."""
        return cast(ChainStore, self.recorder)

    @property
    def tree(self) -> TreeStore:
        """The Merkle tree over the events, for proofs and verification."""
        return cast(TreeStore, self.recorder)

    @property
    def checkpoints(self) -> CheckpointStore:
        """The checkpoints the ledger signed, its settings, and the hook that signs on append."""
        return cast(CheckpointStore, self.recorder)

    # -- commands --------------------------------------------------------------------

    def handle(self, command: C) -> Recorded:
        """Check and record one command; with a request id, record it once whatever happens.

        A command whose subject another writer changed between its read and its save
        is run again on the subject as now recorded (``conflicts.py``).
        """
        if command.request_id is None:
            return run_again_on_conflict(lambda: self.dispatch(SingleCommand(self), command))
        request = Request(
            command.request_id,
            command.fingerprint(),
            getattr(command, "key", "PORTFOLIO"),
            command.fingerprint_as_given(),
        )
        earlier = self.recorded(request)
        if earlier is not None:
            return earlier
        try:
            return run_again_on_conflict(
                lambda: self.dispatch(SingleCommand(self, request), command)
            )
        except LedgerError:
            # A twin of this request may have been recorded between the check
            # above and this command's own checks (its key now taken, its item
            # moved on): then the twin's result is this request's result.
            earlier = self.recorded(request)
            if earlier is not None:
                return earlier
            raise

    def dispatch(self, uow: UnitOfWork, command: C) -> Recorded:
        """Run the command's handler in this unit of work, "today" one day throughout.

        Its checks, those made again under the append lock, and the decision
        recorded take one day as today (``clock.one_day``), even past midnight;
        in a batch, the day the batch began.
        """
        handler = spec_for(type(command)).handler
        try:
            if day_fixed() is not None:  # a batch's: its day fixed, one_day would change nothing
                return handler(uow, command)
            with one_day():
                return handler(uow, command)
        except (BeforeMaking, MovedPastItsCorrection) as error:
            # Outside a batch nothing is open, so the decision's position can be read.
            if isinstance(uow, SingleCommand):
                position = self.chain.positions_of(error.subject_id).get(error.version)
                if position is not None:
                    raise error.at_position(position) from None
            raise

    @contextmanager
    def batch(
        self, *, write: bool = True, request: Request | None = None, bulk: bool = False
    ) -> Iterator[Batch]:
        """Record every command handled inside as one transaction: all of them, or none.

        Each command is checked exactly as on its own. With ``write`` False
        (a dry run), or after :meth:`Batch.undo`, the transaction is rolled
        back at the end. Read models catch up once, after. The batch holds
        the append lock from start to end: nobody else appends meanwhile.
        With a ``request``, the batch is recorded once: if that request was
        recorded before, ``batch.already`` says where, and the caller should
        record nothing. ``bulk``: the batch is very large (see
        :meth:`EventLog.appending`); the read models are then rebuilt as it
        goes, from the events it stores, and swapped in with them, if it grows
        large enough that they would be rebuilt after it (``projections/follow.py``).
        """
        batch = Batch(self, keep=write)
        if write and bulk and self.read_models is not None:
            batch.follower = self.read_models.import_follower()
        try:
            with one_day():  # its lines' "today": the day it began, however long it runs
                yield from self._batch(batch, request, bulk=bulk)
        except InterruptedAfterRecording:
            raise
        except KeyboardInterrupt:
            # Ctrl-C or SIGTERM may land after the commit and before the catch-up (while the
            # transaction or the journal is put back, say): what the store holds says which.
            if batch.keep and batch.last_stored is not None and self.holds(batch.last_stored):
                raise InterruptedAfterRecording from None
            raise

    def _batch(self, batch: Batch, request: Request | None, *, bulk: bool) -> Iterator[Batch]:
        from portfolio_ledger.application.unit_of_work import catch_up

        try:
            with suppress(_RollBack), self.event_log.appending(bulk=bulk) as head:
                batch.head, batch.started_empty = head.position, head.position == 0
                if request is not None:
                    batch.already = self.event_log.select_request(request.request_id)
                yield batch
                batch.flush()
                if not batch.keep:
                    raise _RollBack  # a dry run, or a refusal: undo whatever was saved
                if batch.follower is not None:
                    batch.follower.finish()  # read models rebuilt as it went: in, with the events
                if request is not None and batch.recorded and batch.already is None:
                    self.event_log.note_request(request, head.position)
        except IntegrityError:
            raise ItemChanged("the ledger") from None
        finally:
            if batch.follower is not None:
                batch.follower.close()
        if batch.keep and batch.recorded:
            batch.warning = catch_up(self)

    def holds(self, event: DomainEventProtocol[UUID]) -> bool:
        """Whether the store holds this event, committed, as its subject's version of it.

        Asked after an interruption, to tell whether it landed after the commit.
        The version stored must be this decision, not another process's
        recorded at that version while this one waited for the lock (only
        the recorded time, stamped under the lock, may differ). False if the
        store cannot be asked (the interruption broke the connection, say):
        then the interruption is reported as it came.
        """
        try:
            stored = self.event_log.committed(event.originator_id, event.originator_version)
            found = None if stored is None else self.mapper.to_domain_event(stored)
            return found is not None and _same_decision(found, event)
        except Exception:  # noqa: BLE001 - any failure to ask: the interruption as it came
            return False

    def save(
        self,
        *objs: MutableOrImmutableAggregate[UUID] | DomainEventProtocol[UUID] | None,
        **kwargs: Any,
    ) -> list[Recording[UUID]]:
        """Append the aggregates' new events, their recorded times in ledger order.

        What the library's ``save`` does, less snapshots and notifications
        (this application uses neither), through the same append as commands.
        """
        events: list[Any] = []
        for obj in objs:
            if isinstance(obj, Aggregate):
                events.extend(obj.collect_events())
            elif obj is not None:
                events.append(obj)
        return append(self, events, kwargs.get("request"))

    def recorded(self, request: Request) -> Recorded | None:
        """What a request already recorded reported, if it was; refuses a reused id."""
        found = self.event_log.select_request(request.request_id)
        if found is None:
            return None
        if not request.asks(found.fingerprint):
            raise RequestReused(request.request_id, found.position)
        event = self._request_ended_at(request.request_id, found)
        return Recorded.of(found.subject, event, found.position, repeated=True)

    def _request_ended_at(self, request_id: str, found: RequestRecorded) -> DecisionEvent:
        """The event a recorded request ended at: its subject's, or the request row was altered.

        The requests table is not in the chain: a row edited through SQL could
        otherwise point a retry at nothing (an internal error) or at another
        subject's decision, reported as this request's own.
        """
        stored = self.recorder.select_notifications(
            start=found.position, limit=1, stop=found.position
        )
        if not stored or stored[0].id != found.position:
            raise RequestRecordAltered(request_id, found.subject, found.position, "none is there")
        event = self.mapper.to_domain_event(stored[0])
        subject: Aggregate = self.repository.get(
            event.originator_id, version=event.originator_version
        )
        if not isinstance(event, DecisionEvent) or subject_key(subject) != found.subject:
            raise RequestRecordAltered(
                request_id, found.subject, found.position, "the decision there is not on it"
            )
        return event

    # -- the record itself ---------------------------------------------------------------

    def event_count(self) -> int:
        """The position of the latest event (0 for an empty ledger)."""
        return self.recorder.max_notification_id() or 0

    def recorded_at(self, position: int) -> datetime | None:
        """When the event at ``position`` was recorded (None if none is there, or unreadable)."""
        event = self.event_at(position)
        return None if event is None else event.timestamp

    def event_at(self, position: int) -> DecisionEvent | None:
        """The event at ``position`` (None if none is there, or unreadable)."""
        return self.events_from(position, 1).get(position)

    def events_from(self, start: int, limit: int) -> dict[int, DecisionEvent | None]:
        """The events from position ``start``, at most ``limit``, by position (None: unreadable).

        One read for many: ``audit verify-export`` words the events of many rows in turn.
        """
        read: dict[int, DecisionEvent | None] = {}
        for notification in self.recorder.select_notifications(start=start, limit=limit):
            try:
                event = self.mapper.to_domain_event(notification)
            except (ValueError, KeyError, TypeError, AttributeError):
                event = None  # its stored bytes were damaged: verification will say where
            read[notification.id] = cast(DecisionEvent | None, event)
        return read


def _same_decision(stored: Any, event: Any) -> bool:
    """Whether ``stored`` is ``event``, its recorded time apart (an appender may restamp it)."""
    return type(stored) is type(event) and stored == dataclasses.replace(
        event, timestamp=stored.timestamp
    )


class _RollBack(Exception):  # noqa: N818 - a signal to the transaction, never seen outside
    """Undo the batch's transaction."""
