"""The ledger application: one short method per command and per query.

Commands are validated pydantic models; each method gets the item, asks it
to decide, saves the resulting event, and says what was recorded. Library
errors become the ledger's own, with messages a user can act on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from functools import wraps
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, DomainEventProtocol, MutableOrImmutableAggregate
from eventsourcing.persistence import (
    InfrastructureFactory,
    IntegrityError,
    JSONTranscoder,
    Mapper,
    Recording,
)
from eventsourcing.utils import Environment, EnvType

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.batch import FLUSH_EVERY, Batch
from portfolio_ledger.application.errors import DatabaseUnavailable, ItemChanged, RequestReused
from portfolio_ledger.application.governance import audit_item
from portfolio_ledger.application.governance_views import (
    AuthorityCheck,
    BoardView,
    DelegationView,
    PersonView,
)
from portfolio_ledger.application.persistence import (
    OPEN_ERRORS,
    LedgerFactory,
    LedgerRecorder,
    Request,
    access_problem,
    describe_url,
    normalise_url,
)
from portfolio_ledger.application.ports import ChainStore, ReadModelError, ReadModels
from portfolio_ledger.application.transcodings import (
    LedgerMapper,
    register_domain_transcodings,
)
from portfolio_ledger.application.views import HistoryEntry, ItemView, Recorded
from portfolio_ledger.domain.boards import Board
from portfolio_ledger.domain.decision import Decision, DecisionEvent, utc_today
from portfolio_ledger.domain.delegations import Delegation
from portfolio_ledger.domain.errors import (
    DuplicateItem,
    DuplicateKey,
    GovernanceRecordNotFound,
    InvalidDecision,
    ItemNotFound,
    LedgerError,
)
from portfolio_ledger.domain.events import ItemEvent
from portfolio_ledger.domain.governance import (
    Governance,
    as_at,
    authorise,
    check_sets_tolerances,
)
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.keys import (
    board_id,
    delegation_id,
    item_id,
    normalise_key,
    normalise_person_key,
    person_id,
)
from portfolio_ledger.domain.lifecycle import Action
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.people import Person
from portfolio_ledger.domain.portfolio import PORTFOLIO_ID, Portfolio

A = TypeVar("A", bound=Aggregate)


def _once(method: Callable[[PortfolioLedger, Any], Recorded]) -> Callable[..., Recorded]:
    """Record a command with a request id once: a repeat reports the first result."""

    @wraps(method)
    def record_once(self: PortfolioLedger, cmd: c.Decided) -> Recorded:
        if cmd.request_id is None:
            return method(self, cmd)
        if self._batch is not None:
            raise InvalidDecision(
                "request ids are for commands sent one at a time; an import is recorded "
                "once per file, so leave request_id out of its lines"
            )
        request = Request(cmd.request_id, cmd.fingerprint(), getattr(cmd, "key", "PORTFOLIO"))
        earlier = self._recorded(request)
        if earlier is not None:
            return earlier
        self._request = request
        try:
            return method(self, cmd)
        except LedgerError:
            # A twin of this request may have been recorded between the check
            # above and this command's own checks (its key now taken, its item
            # moved on): then the twin's result is this request's result.
            earlier = self._recorded(request)
            if earlier is not None:
                return earlier
            raise
        finally:
            self._request = None

    return record_once


class PortfolioLedger(Application[UUID]):
    """The portfolio's decisions, stored once each as immutable events."""

    name = "portfolio_ledger"  # the events live in table portfolio_ledger_events

    def __init__(self, url: str, *, adopt: bool = False) -> None:
        """Open the ledger at ``url``, creating its tables if need be.

        A database holding other tables but no ledger is refused unless
        ``adopt`` (``init --force``) says the ledger belongs there.
        """
        self.url = normalise_url(url)
        self.read_models: ReadModels | None = None
        self._batch: Batch | None = None
        self._request: Request | None = None
        try:
            # Tables are created below, once the database is known to be a ledger's.
            super().__init__(env={"SQLALCHEMY_URL": self.url, "CREATE_TABLE": "no"})
        except ModuleNotFoundError as error:
            raise DatabaseUnavailable(
                f"{describe_url(self.url)} needs the driver {error.name!r}, which is "
                "not installed; install it with: pip install 'portfolio-ledger[postgres]'"
            ) from None
        except OPEN_ERRORS as error:
            raise DatabaseUnavailable(_cannot_open(self.url, error)) from None
        try:
            cast(LedgerRecorder, self.recorder).create_table(adopt=adopt)
        except OPEN_ERRORS as error:
            self.close()
            raise DatabaseUnavailable(_cannot_open(self.url, error)) from None
        except LedgerError:
            self.close()
            raise

    # -- wiring --------------------------------------------------------------

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """Configure from the given settings only, never from stray environment variables."""
        return Environment(name, dict(env or {}))

    def construct_factory(self, env: Environment) -> InfrastructureFactory[Any]:
        """Store events with eventsourcing-sqlalchemy, through the ledger's recorder."""
        return LedgerFactory(env)

    def construct_mapper(self) -> Mapper[UUID]:
        """Map events to stored records with the ledger's transcodings."""
        return self.factory.mapper(
            transcoder=self.construct_transcoder(), mapper_class=LedgerMapper
        )

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        """Teach the store the domain's value types."""
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)

    def attach_read_models(self, read_models: ReadModels) -> None:
        """Keep these read models caught up after every write."""
        self.read_models = read_models

    # -- commands ------------------------------------------------------------

    @_once
    def propose(self, cmd: c.ProposeItem) -> Recorded:
        """Propose a new item."""
        item = PortfolioItem.propose(
            key=cmd.key,
            kind=cmd.kind,
            title=cmd.title,
            owner=cmd.owner,
            sponsor=cmd.sponsor,
            category=cmd.category,
            currency=cmd.currency,
            objectives=cmd.objectives,
            description=cmd.description,
            decision=cmd.decision(),
        )
        if self._exists(item.id):
            raise DuplicateItem(item.key)
        return self._save(item)

    @_once
    def appraise(self, cmd: c.AppraiseItem) -> Recorded:
        """Record a business case appraisal."""
        item = self._get(cmd.key)
        item.appraise(
            estimated_cost=cmd.estimated_cost.in_currency(item.currency),
            expected_benefits=cmd.expected_benefits.in_currency(item.currency),
            risk_rating=cmd.risk_rating,
            alignment_score=cmd.alignment_score,
            criteria=cmd.criteria,
            decision=cmd.decision(),
        )
        return self._save(item)

    @_once
    def approve(self, cmd: c.ApproveItem) -> Recorded:
        """Approve an item with an authorised budget, if the authority named allows it."""
        item = self._get(cmd.key)
        item.check_allowed(Action.APPROVE)
        budget = cmd.budget.in_currency(item.currency)
        decision = self._authorised(cmd, item, budget)
        item.approve(budget=budget, conditions=cmd.conditions, decision=decision)
        return self._save(item)

    @_once
    def reject(self, cmd: c.RejectItem) -> Recorded:
        """Reject an item."""
        item = self._get(cmd.key)
        item.reject(decision=cmd.decision())
        return self._save(item)

    @_once
    def defer(self, cmd: c.DeferItem) -> Recorded:
        """Defer the decision on an item."""
        item = self._get(cmd.key)
        item.defer(until=cmd.until, decision=cmd.decision())
        return self._save(item)

    @_once
    def reprioritise(self, cmd: c.ReprioritiseItem) -> Recorded:
        """Give an item a new priority rank."""
        item = self._get(cmd.key)
        item.reprioritise(rank=cmd.rank, decision=cmd.decision())
        return self._save(item)

    @_once
    def change_funding(self, cmd: c.ChangeFunding) -> Recorded:
        """Raise or lower an item's authorised budget, if the authority named allows it."""
        item = self._get(cmd.key)
        item.check_allowed(Action.CHANGE_FUNDING)
        budget = cmd.budget.in_currency(item.currency)
        decision = self._authorised(cmd, item, budget)
        item.change_funding(budget=budget, decision=decision)
        return self._save(item)

    @_once
    def set_tolerances(self, cmd: c.SetTolerances) -> Recorded:
        """Set an item's tolerances, by the authority that authorised it (or one above)."""
        item = self._get(cmd.key)
        item.check_allowed(Action.SET_TOLERANCES)
        decision = self._authorised(cmd, item, None)
        check_sets_tolerances(
            cmd.mandate(), item.authorised_under, self._governance(decision), item.key
        )
        item.set_tolerances(
            cost=cmd.cost_tolerance(item.currency), time=cmd.time_tolerance(), decision=decision
        )
        return self._save(item)

    @_once
    def start_delivery(self, cmd: c.StartDelivery) -> Recorded:
        """Mobilise an approved item."""
        item = self._get(cmd.key)
        item.start_delivery(decision=cmd.decision())
        return self._save(item)

    @_once
    def report_status(self, cmd: c.ReportStatus) -> Recorded:
        """Record a status report."""
        item = self._get(cmd.key)
        forecast = cmd.forecast_cost
        # A forecast beyond a tolerance adds the breach and its escalation,
        # saved with the report in one transaction: all three, or none.
        item.report_status(
            overall=cmd.overall,
            cost=cmd.cost,
            schedule=cmd.schedule,
            scope=cmd.scope,
            benefits=cmd.benefits,
            forecast_cost=forecast.in_currency(item.currency) if forecast else None,
            forecast_date=cmd.forecast_date,
            decision=cmd.decision(),
        )
        return self._save(item)

    @_once
    def escalate(self, cmd: c.EscalateIssue) -> Recorded:
        """Escalate an issue on an item."""
        item = self._get(cmd.key)
        number = item.escalate(
            issue=cmd.issue,
            severity=cmd.severity,
            escalated_to=cmd.escalated_to,
            decision=cmd.decision(),
        )
        return self._save(item, escalation=number)

    @_once
    def resolve_escalation(self, cmd: c.ResolveEscalation) -> Recorded:
        """Resolve an open escalation."""
        item = self._get(cmd.key)
        number = item.resolve_escalation(escalation=cmd.escalation, decision=cmd.decision())
        return self._save(item, escalation=number)

    @_once
    def pause(self, cmd: c.PauseItem) -> Recorded:
        """Pause an item."""
        item = self._get(cmd.key)
        item.pause(decision=cmd.decision())
        return self._save(item)

    @_once
    def resume(self, cmd: c.ResumeItem) -> Recorded:
        """Resume a paused item."""
        item = self._get(cmd.key)
        item.resume(decision=cmd.decision())
        return self._save(item)

    @_once
    def go_live(self, cmd: c.GoLive) -> Recorded:
        """Take an item live."""
        item = self._get(cmd.key)
        item.go_live(decision=cmd.decision())
        return self._save(item)

    @_once
    def retire(self, cmd: c.RetireItem) -> Recorded:
        """Retire a live item."""
        item = self._get(cmd.key)
        item.retire(decision=cmd.decision())
        return self._save(item)

    @_once
    def cancel(self, cmd: c.CancelItem) -> Recorded:
        """Cancel an item before it goes live."""
        item = self._get(cmd.key)
        item.cancel(decision=cmd.decision())
        return self._save(item)

    @_once
    def set_envelope(self, cmd: c.SetEnvelope) -> Recorded:
        """Set or change the portfolio's envelope."""
        try:
            portfolio: Portfolio = self._aggregate(PORTFOLIO_ID)
        except AggregateNotFoundError:
            portfolio = Portfolio.set_up(envelope=cmd.money(), decision=cmd.decision())
        else:
            portfolio.change_envelope(envelope=cmd.money(), decision=cmd.decision())
        return self._save(portfolio)

    # -- governance ------------------------------------------------------------

    @_once
    def register_person(self, cmd: c.RegisterPerson) -> Recorded:
        """Register a person."""
        person = Person.register(
            key=cmd.key, name=cmd.name, roles=cmd.roles, decision=cmd.decision()
        )
        if self._exists(person.id):
            raise DuplicateKey("person", person.key, "person list")
        return self._save(person)

    @_once
    def constitute_board(self, cmd: c.ConstituteBoard) -> Recorded:
        """Constitute a board, under the board it escalates to (as that stands then)."""
        decision = cmd.decision()
        parent = cmd.escalates_to
        board = Board.constitute(
            key=cmd.key,
            name=cmd.name,
            terms_of_reference=cmd.terms_of_reference,
            limit=cmd.limit_money(),
            escalates_to=self._governance(decision).board(parent) if parent else None,
            quorum=cmd.quorum,
            decision=decision,
        )
        if self._exists(board.id):
            raise DuplicateKey("board", board.key, "board show")
        return self._save(board)

    @_once
    def appoint_member(self, cmd: c.AppointMember) -> Recorded:
        """Appoint a person (registered by the effective date) to a board."""
        board = self._load(Board, board_id(cmd.key), "board", cmd.key)
        decision = cmd.decision()
        person = self._governance(decision).person(cmd.person)
        board.appoint(person=person, role=cmd.seat, decision=decision)
        return self._save(board)

    @_once
    def stand_down_member(self, cmd: c.StandDownMember) -> Recorded:
        """A member leaves a board."""
        board = self._load(Board, board_id(cmd.key), "board", cmd.key)
        board.stand_down(person=cmd.person, decision=cmd.decision())
        return self._save(board)

    @_once
    def set_quorum(self, cmd: c.SetQuorum) -> Recorded:
        """Set a board's quorum."""
        board = self._load(Board, board_id(cmd.key), "board", cmd.key)
        board.set_quorum(quorum=cmd.quorum, decision=cmd.decision())
        return self._save(board)

    @_once
    def set_board_limit(self, cmd: c.SetBoardLimit) -> Recorded:
        """Set the most a board may authorise for one item."""
        board = self._load(Board, board_id(cmd.key), "board", cmd.key)
        board.set_limit(limit=cmd.limit_money(), decision=cmd.decision())
        return self._save(board)

    @_once
    def delegate_authority(self, cmd: c.DelegateAuthority) -> Recorded:
        """A board's resolution delegates authority to a person."""
        if self._exists(delegation_id(cmd.key)):
            raise DuplicateKey("delegation", cmd.key, "authority list")
        decision, governance = self._resolved(cmd, cmd.board)
        delegation = Delegation.grant(
            key=cmd.key,
            board=governance.board(cmd.board),
            delegate=governance.person(cmd.to),
            limit=cmd.limit_money(),
            categories=cmd.categories,
            valid_from=cmd.valid_from,
            valid_to=cmd.valid_to,
            decision=decision,
        )
        return self._save(delegation)

    @_once
    def revoke_delegation(self, cmd: c.RevokeDelegation) -> Recorded:
        """A resolution of the board that made a delegation revokes it."""
        delegation = self._load(Delegation, delegation_id(cmd.key), "delegation", cmd.key)
        decision, _governance = self._resolved(cmd, delegation.board)
        delegation.revoke(decision=decision)
        return self._save(delegation)

    # -- queries -------------------------------------------------------------

    def item(self, key: str) -> ItemView:
        """An item's current state."""
        return ItemView.of(self._get(key))

    def history(self, key: str) -> list[HistoryEntry]:
        """Every decision recorded on an item, oldest first."""
        key = normalise_key(key)
        events = list(self.events.get(item_id(key)))
        if not events:
            raise ItemNotFound(key)
        return [HistoryEntry.of(key, e) for e in events if isinstance(e, ItemEvent)]

    def board(
        self, key: str, effective_on: date | None = None, as_of: datetime | None = None
    ) -> BoardView:
        """A board as it stood (on a day, as recorded by a moment, or now), with its members."""
        key = normalise_key(key, "board", "IC")
        board: Board = self._as_at(board_id(key), "board", key, effective_on, as_of)
        return BoardView.of(board, {person: self._name(person) for person in board.members})

    def people(
        self, keys: Sequence[str], effective_on: date | None = None, as_of: datetime | None = None
    ) -> list[PersonView]:
        """Those of these people who were registered at the moment (or now)."""
        found = (as_at(self._history(person_id(k)), effective_on, as_of) for k in keys)
        return [PersonView.of(person) for person in found if person is not None]

    def boards(
        self, keys: Sequence[str], effective_on: date | None = None, as_of: datetime | None = None
    ) -> list[BoardView]:
        """Those of these boards that had been constituted at the moment (or now)."""
        found = (as_at(self._history(board_id(k)), effective_on, as_of) for k in keys)
        return [
            BoardView.of(board, {p: self._name(p) for p in board.members})
            for board in found
            if board is not None
        ]

    def delegations(
        self,
        keys: Sequence[str],
        effective_on: date | None = None,
        as_of: datetime | None = None,
        *,
        board: str | None = None,
        delegate: str | None = None,
    ) -> list[DelegationView]:
        """Those of these delegations made by the moment (or now), of a board, to a person."""
        on = effective_on or utc_today()
        board = normalise_key(board, "board", "IC") if board else None
        delegate = normalise_person_key(delegate) if delegate else None
        found = (as_at(self._history(delegation_id(k)), effective_on, as_of) for k in keys)
        return [
            DelegationView.of(delegation, self._name(delegation.delegate), on)
            for delegation in found
            if delegation is not None
            and board in {None, delegation.board}
            and delegate in {None, delegation.delegate}
        ]

    def authority_audit(self, key: str) -> list[AuthorityCheck]:
        """Every decision on an item with its authority, checked as at its effective date."""
        key = normalise_key(key)
        events = self._history(item_id(key))
        if not events:
            raise ItemNotFound(key)
        return audit_item(key, [e for e in events if isinstance(e, ItemEvent)], self._history)

    def event_count(self) -> int:
        """The position of the latest event (0 for an empty ledger)."""
        return self.recorder.max_notification_id() or 0

    @property
    def chain(self) -> ChainStore:
        """The stored events beside their hash chain, for verification."""
        return cast(LedgerRecorder, self.recorder)

    def recorded_at(self, position: int) -> datetime | None:
        """When the event at ``position`` was recorded (None if none is there, or unreadable)."""
        notifications = self.recorder.select_notifications(start=position, limit=1, stop=position)
        if not notifications:
            return None
        try:
            event = self.mapper.to_domain_event(notifications[0])
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # its stored bytes were damaged: verification will say where
        return cast(DecisionEvent, event).timestamp

    # -- shared steps --------------------------------------------------------

    def _get(self, key: str) -> PortfolioItem:
        key = normalise_key(key)
        try:
            item: PortfolioItem = self._aggregate(item_id(key))
        except AggregateNotFoundError:
            raise ItemNotFound(key) from None
        return item

    def _load(self, kind: type[A], aggregate_id: UUID, name: str, key: str) -> A:
        try:
            aggregate: A = self._aggregate(aggregate_id)
        except AggregateNotFoundError:
            raise GovernanceRecordNotFound(name, key, _HINTS[name]) from None
        assert isinstance(aggregate, kind)
        return aggregate

    def _history(self, aggregate_id: UUID) -> Sequence[DecisionEvent]:
        batch = self._batch
        if batch is not None and aggregate_id in batch.histories:
            return batch.histories[aggregate_id]
        events = [e for e in self.events.get(aggregate_id) if isinstance(e, DecisionEvent)]
        if batch is None:
            return events
        unsaved = batch.aggregates.get(aggregate_id)
        if unsaved is not None:  # stored so far, and what the batch has added since
            events.extend(unsaved.pending_events)
        batch.histories[aggregate_id] = events
        return events

    def _as_at(
        self,
        aggregate_id: UUID,
        name: str,
        key: str,
        effective_on: date | None,
        as_of: datetime | None,
    ) -> Any:
        events = self._history(aggregate_id)
        if not events:
            raise GovernanceRecordNotFound(name, key, _HINTS[name])
        state = as_at(events, effective_on, as_of)
        if state is None:
            moment = " and ".join(
                text
                for text in (
                    f"effective on {effective_on.isoformat()}" if effective_on else "",
                    f"as recorded at {as_of.isoformat()}" if as_of else "",
                )
                if text
            )
            raise LedgerError(
                f"{name} {key} did not exist yet ({moment}); its first record takes effect "
                f"{events[0].decision.effective_date.isoformat()}"
            )
        return state

    def _name(self, person: str) -> str:
        try:
            found: Person = self._aggregate(person_id(person))
        except AggregateNotFoundError:
            return person
        return found.name

    def _governance(self, decision: Decision) -> Governance:
        states = None if self._batch is None else self._batch.governance
        return Governance(self._history, decision.effective_date, states=states)

    def _authorised(self, cmd: c.Governed, item: PortfolioItem, amount: Money | None) -> Decision:
        """Check the authority a decision on ``item`` names; the decision as it will be recorded."""
        decision = cmd.decision()
        mandate = cmd.mandate()
        authorised = authorise(mandate, self._governance(decision), item.as_subject(), amount)
        return c.with_mandate(
            decision,
            actor=authorised.actor.name,
            authority=authorised.authority,
            mandate=dataclasses.replace(mandate, actor=authorised.actor.key),
        )

    def _resolved(self, cmd: c.Resolved, board: str) -> tuple[Decision, Governance]:
        """Check a board's own resolution (quorum, membership, majority) on its effective date."""
        decision = cmd.decision()
        governance = self._governance(decision)
        resolution = cmd.resolution(board, cmd.actor_key())
        authorised = authorise(resolution, governance)
        recorded = c.with_mandate(
            decision,
            actor=authorised.actor.name,
            authority=authorised.authority,
            mandate=dataclasses.replace(resolution, actor=authorised.actor.key),
        )
        return recorded, governance

    def _recorded(self, request: Request) -> Recorded | None:
        """What a request already recorded reported, if it was; refuses a reused id."""
        found = cast(LedgerRecorder, self.recorder).select_request(request.request_id)
        if found is None:
            return None
        if found.fingerprint != request.fingerprint:
            raise RequestReused(request.request_id, found.position)
        (notification,) = self.recorder.select_notifications(
            start=found.position, limit=1, stop=found.position
        )
        event = cast(DecisionEvent, self.mapper.to_domain_event(notification))
        return Recorded(
            key=found.subject,
            event=event.label,
            summary=event.describe(),
            version=event.originator_version,
            position=found.position,
            recorded_at=event.timestamp,
            repeated=True,
        )

    def _aggregate(self, aggregate_id: UUID) -> Any:
        """An aggregate as it stands, with what the current batch has done to it."""
        batch = self._batch
        if batch is None:
            return self.repository.get(aggregate_id)
        aggregate = batch.aggregates.get(aggregate_id)
        if aggregate is None:
            aggregate = self.repository.get(aggregate_id)
            batch.aggregates[aggregate_id] = aggregate
        return aggregate

    def _exists(self, aggregate_id: UUID) -> bool:
        batch = self._batch
        if batch is not None:
            if aggregate_id in batch.aggregates:
                return True
            if batch.started_empty:
                return False  # an empty ledger holds only what the batch made
        return aggregate_id in self.repository

    def save(
        self,
        *objs: MutableOrImmutableAggregate[UUID] | DomainEventProtocol[UUID] | None,
        **kwargs: Any,
    ) -> list[Recording[UUID]]:
        """Append the aggregates' new events, their recorded times in ledger order.

        What the library's ``save`` does, less snapshots and notifications
        (this application uses neither), with every append going through
        :meth:`_append`.
        """
        events: list[Any] = []
        for obj in objs:
            if isinstance(obj, Aggregate):
                events.extend(obj.collect_events())
            elif obj is not None:
                events.append(obj)
        return self._append(events, **kwargs)

    def _append(self, events: Sequence[Any], **kwargs: Any) -> list[Recording[UUID]]:
        """Store events under the append lock, each recorded no earlier than the one before.

        Recorded times are stamped when an event is made, before the lock is
        held; a writer that waited for the lock may hold events stamped
        before the ledger's head. Those take the head's time instead, so the
        recorded clock never goes back along the ledger's positions, and
        ``audit verify`` can refuse any event that does.
        """
        recorder = cast(LedgerRecorder, self.recorder)
        with recorder.transaction(commit=True) as session:
            floor = self._recorded_floor(session, recorder)
            stamped = in_recorded_order(events, floor)
            if stamped:
                session.info[_FLOOR] = stamped[-1].timestamp
            return self.events.put(stamped, **kwargs)

    def _recorded_floor(self, session: Any, recorder: LedgerRecorder) -> datetime | None:
        """The recorded time of the ledger's head, under the append lock (None if empty)."""
        if _FLOOR not in session.info:
            position, _link = recorder.claim_head(session)
            session.info[_FLOOR] = self.recorded_at(position) if position else None
        floor: datetime | None = session.info[_FLOOR]
        return floor

    def _save(self, item: Aggregate, **detail: Any) -> Recorded:
        if self._batch is not None:
            return self._keep(item, detail)
        is_new = item.version == len(item.pending_events)
        key: str = getattr(item, "key", "")
        try:
            recordings = self.save(item, request=self._request)
        except IntegrityError:
            # Its request was recorded by a twin sent at the same moment: report that.
            earlier = None if self._request is None else self._recorded(self._request)
            if earlier is not None:
                return earlier
            # The (aggregate, version) pair is unique: someone saved this version first.
            raise (_duplicate(item) if is_new else ItemChanged(key)) from None
        last = recordings[-1]
        event = last.domain_event
        assert isinstance(event, DecisionEvent)
        recorded = Recorded(
            key=key,
            event=event.label,
            summary=event.describe(),
            version=event.originator_version,
            position=last.notification.id,
            recorded_at=event.timestamp,
            detail=detail,
        )
        self._catch_up(recorded)
        return recorded

    # -- batches -------------------------------------------------------------

    @contextmanager
    def batch(self, *, write: bool = True, request: Request | None = None) -> Iterator[Batch]:
        """Record every decision made inside as one transaction: all of them, or none.

        Each command is checked exactly as on its own. With ``write`` False
        (a dry run), or after :meth:`undo_batch`, the transaction is rolled
        back at the end. Read models catch up once, after. Other writers
        wait while the batch holds the ledger's append lock (from its first
        save to its end). With a ``request``, the batch is recorded once: if
        that request was recorded before, ``batch.already`` says where, and
        the caller should record nothing.
        """
        if self._batch is not None:
            raise RuntimeError("batches do not nest")
        recorder = cast(LedgerRecorder, self.recorder)
        batch = Batch(keep=write)
        self._batch = batch
        try:
            with suppress(_RollBack), recorder.transaction(commit=True) as session:
                # Hold the append lock from the start: what the batch checks
                # against cannot change under it, and nobody else appends.
                head, _link = recorder.claim_head(session)
                batch.started_empty = head == 0
                if request is not None:
                    batch.already = recorder.select_request(request.request_id)
                yield batch
                self._finish(batch)
                if request is not None and batch.recorded and batch.already is None:
                    recorder.insert_request(session, request, self.event_count())
        except IntegrityError:
            raise ItemChanged("the ledger") from None
        finally:
            self._batch = None
        if batch.keep and batch.recorded:
            batch.warning = self._catch_up_warning()

    def undo_batch(self) -> None:
        """Roll the current batch back at its end (after a refusal); carry on checking."""
        if self._batch is not None:
            self._batch.keep = False

    def _keep(self, aggregate: Aggregate, detail: dict[str, Any]) -> Recorded:
        batch = self._batch
        assert batch is not None
        new = batch.add(aggregate)
        event = new[-1]
        if batch.waiting >= FLUSH_EVERY:
            self._flush(batch)
        return Recorded(
            key=getattr(aggregate, "key", ""),
            event=event.label,
            summary=event.describe(),
            version=event.originator_version,
            position=None,
            recorded_at=event.timestamp,
            detail=detail,
        )

    def _finish(self, batch: Batch) -> None:
        self._flush(batch)
        if not batch.keep:
            raise _RollBack  # a dry run, or a refusal: undo whatever was saved

    def _flush(self, batch: Batch) -> None:
        # What Application.save does, less its per-object protocol checks
        # (isinstance against typing Protocols), which cost as much as the rest
        # of a save for a thousand aggregates; snapshots and notifications are
        # not used by this application.
        events = [event for aggregate in batch.take() for event in aggregate.collect_events()]
        if events:
            self._append(events)

    def _catch_up(self, recorded: Recorded) -> None:
        warning = self._catch_up_warning()
        if warning is not None:
            recorded.warnings.append(warning)

    def _catch_up_warning(self) -> str | None:
        """Catch the read models up; if they cannot, say so (the events are safe)."""
        if self.read_models is None:
            return None
        try:
            self.read_models.catch_up()
        except ReadModelError as error:
            # The decision is safely recorded; only the derived views lag.
            # Reporting failure here would invite a duplicate re-run.
            return (
                f"recorded, but the read models could not catch up ({error}); "
                "they will catch up on the next command, or run "
                "'portfolio-ledger projections status'"
            )
        return None


_FLOOR = "portfolio_ledger_recorded_floor"
"""Where a transaction notes the recorded time of the latest event appended (or the head's)."""


def in_recorded_order(
    events: Sequence[DecisionEvent], floor: datetime | None
) -> list[DecisionEvent]:
    """The events, any stamped before ``floor`` or before the one ahead of them restamped to it."""
    stamped: list[DecisionEvent] = []
    for event in events:
        kept = event
        if floor is not None and event.timestamp < floor:
            kept = dataclasses.replace(event, timestamp=floor)
        floor = kept.timestamp
        stamped.append(kept)
    return stamped


class _RollBack(Exception):  # noqa: N818 - a signal to the transaction, never seen outside
    """Undo the batch's transaction."""


_HINTS = {
    "person": "see the people with 'portfolio-ledger person list'",
    "board": "see the boards with 'portfolio-ledger board list'",
    "delegation": "see the delegations with 'portfolio-ledger authority list'",
}


def _duplicate(aggregate: Aggregate) -> LedgerError:
    """The error for a new aggregate whose key someone else used first."""
    key: str = getattr(aggregate, "key", "")
    if isinstance(aggregate, PortfolioItem):
        return DuplicateItem(key)
    if isinstance(aggregate, Person):
        return DuplicateKey("person", key, "person list")
    if isinstance(aggregate, Board):
        return DuplicateKey("board", key, "board show")
    if isinstance(aggregate, Delegation):
        return DuplicateKey("delegation", key, "authority list")
    return ItemChanged(key)


def _cannot_open(url: str, error: Exception) -> str:
    access = access_problem(url)
    if access is not None:
        return f"cannot open the ledger at {describe_url(url)}: {access}"
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    first = reason[0] if reason else type(error).__name__
    return (
        f"cannot open the ledger at {describe_url(url)}: {first}. Check the URL "
        "(--db or PORTFOLIO_LEDGER_DB) and, for a server, that it is running "
        "and reachable."
    )
