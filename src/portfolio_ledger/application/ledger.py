"""The ledger application: one short method per command and per query.

Commands are validated pydantic models; each method gets the item, asks it
to decide, saves the resulting event, and says what was recorded. Library
errors become the ledger's own, with messages a user can act on.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import (
    InfrastructureFactory,
    IntegrityError,
    JSONTranscoder,
    Mapper,
)
from eventsourcing.utils import Environment, EnvType

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.errors import DatabaseUnavailable, ItemChanged
from portfolio_ledger.application.persistence import (
    OPEN_ERRORS,
    LedgerFactory,
    LedgerRecorder,
    describe_url,
    normalise_url,
)
from portfolio_ledger.application.ports import ChainStore, ReadModelError, ReadModels
from portfolio_ledger.application.transcodings import (
    LedgerMapper,
    register_domain_transcodings,
)
from portfolio_ledger.application.views import HistoryEntry, ItemView, Recorded
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.errors import DuplicateItem, ItemNotFound
from portfolio_ledger.domain.events import ItemEvent
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.keys import item_id, normalise_key
from portfolio_ledger.domain.portfolio import PORTFOLIO_ID, Portfolio


class PortfolioLedger(Application[UUID]):
    """The portfolio's decisions, stored once each as immutable events."""

    name = "portfolio_ledger"  # the events live in table portfolio_ledger_events

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.read_models: ReadModels | None = None
        try:
            super().__init__(env={"SQLALCHEMY_URL": self.url})
        except ModuleNotFoundError as error:
            raise DatabaseUnavailable(
                f"{describe_url(self.url)} needs the driver {error.name!r}, which is "
                "not installed; install it with: pip install 'portfolio-ledger[postgres]'"
            ) from None
        except OPEN_ERRORS as error:
            raise DatabaseUnavailable(_cannot_open(self.url, error)) from None

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
        if item.id in self.repository:
            raise DuplicateItem(item.key)
        return self._save(item)

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

    def approve(self, cmd: c.ApproveItem) -> Recorded:
        """Approve an item with an authorised budget."""
        item = self._get(cmd.key)
        item.approve(
            budget=cmd.budget.in_currency(item.currency),
            conditions=cmd.conditions,
            decision=cmd.decision(),
        )
        return self._save(item)

    def reject(self, cmd: c.RejectItem) -> Recorded:
        """Reject an item."""
        item = self._get(cmd.key)
        item.reject(decision=cmd.decision())
        return self._save(item)

    def defer(self, cmd: c.DeferItem) -> Recorded:
        """Defer the decision on an item."""
        item = self._get(cmd.key)
        item.defer(until=cmd.until, decision=cmd.decision())
        return self._save(item)

    def reprioritise(self, cmd: c.ReprioritiseItem) -> Recorded:
        """Give an item a new priority rank."""
        item = self._get(cmd.key)
        item.reprioritise(rank=cmd.rank, decision=cmd.decision())
        return self._save(item)

    def change_funding(self, cmd: c.ChangeFunding) -> Recorded:
        """Raise or lower an item's authorised budget."""
        item = self._get(cmd.key)
        item.change_funding(budget=cmd.budget.in_currency(item.currency), decision=cmd.decision())
        return self._save(item)

    def start_delivery(self, cmd: c.StartDelivery) -> Recorded:
        """Mobilise an approved item."""
        item = self._get(cmd.key)
        item.start_delivery(decision=cmd.decision())
        return self._save(item)

    def report_status(self, cmd: c.ReportStatus) -> Recorded:
        """Record a status report."""
        item = self._get(cmd.key)
        forecast = cmd.forecast_cost
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

    def resolve_escalation(self, cmd: c.ResolveEscalation) -> Recorded:
        """Resolve an open escalation."""
        item = self._get(cmd.key)
        number = item.resolve_escalation(escalation=cmd.escalation, decision=cmd.decision())
        return self._save(item, escalation=number)

    def pause(self, cmd: c.PauseItem) -> Recorded:
        """Pause an item."""
        item = self._get(cmd.key)
        item.pause(decision=cmd.decision())
        return self._save(item)

    def resume(self, cmd: c.ResumeItem) -> Recorded:
        """Resume a paused item."""
        item = self._get(cmd.key)
        item.resume(decision=cmd.decision())
        return self._save(item)

    def go_live(self, cmd: c.GoLive) -> Recorded:
        """Take an item live."""
        item = self._get(cmd.key)
        item.go_live(decision=cmd.decision())
        return self._save(item)

    def retire(self, cmd: c.RetireItem) -> Recorded:
        """Retire a live item."""
        item = self._get(cmd.key)
        item.retire(decision=cmd.decision())
        return self._save(item)

    def cancel(self, cmd: c.CancelItem) -> Recorded:
        """Cancel an item before it goes live."""
        item = self._get(cmd.key)
        item.cancel(decision=cmd.decision())
        return self._save(item)

    def set_envelope(self, cmd: c.SetEnvelope) -> Recorded:
        """Set or change the portfolio's envelope."""
        try:
            portfolio: Portfolio = self.repository.get(PORTFOLIO_ID)
        except AggregateNotFoundError:
            portfolio = Portfolio.set_up(envelope=cmd.money(), decision=cmd.decision())
        else:
            portfolio.change_envelope(envelope=cmd.money(), decision=cmd.decision())
        return self._save(portfolio)

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
            item: PortfolioItem = self.repository.get(item_id(key))
        except AggregateNotFoundError:
            raise ItemNotFound(key) from None
        return item

    def _save(self, item: PortfolioItem | Portfolio, **detail: Any) -> Recorded:
        is_new = item.version == len(item.pending_events)
        try:
            recordings = self.save(item)
        except IntegrityError:
            # The (item, version) pair is unique: someone saved this version first.
            duplicate = is_new and isinstance(item, PortfolioItem)
            raise (DuplicateItem(item.key) if duplicate else ItemChanged(item.key)) from None
        last = recordings[-1]
        event = last.domain_event
        assert isinstance(event, DecisionEvent)
        recorded = Recorded(
            key=item.key,
            event=event.label,
            summary=event.describe(),
            version=event.originator_version,
            position=last.notification.id,
            recorded_at=event.timestamp,
            detail=detail,
        )
        self._catch_up(recorded)
        return recorded

    def _catch_up(self, recorded: Recorded) -> None:
        if self.read_models is None:
            return
        try:
            self.read_models.catch_up()
        except ReadModelError as error:
            # The decision is safely recorded; only the derived views lag.
            # Reporting failure here would invite a duplicate re-run.
            recorded.warnings.append(
                f"recorded, but the read models could not catch up ({error}); "
                "they will catch up on the next command, or run "
                "'portfolio-ledger projections status'"
            )


def _cannot_open(url: str, error: Exception) -> str:
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    first = reason[0] if reason else type(error).__name__
    return (
        f"cannot open the ledger at {describe_url(url)}: {first}. Check the URL "
        "(--db or PORTFOLIO_LEDGER_DB) and, for a server, that it is running "
        "and reachable."
    )
