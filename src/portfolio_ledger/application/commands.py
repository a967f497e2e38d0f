"""Commands: what a user asks the ledger to record, validated before anything is written.

Each command is a pydantic model that forbids unknown fields. Field names
are the CLI's option names and the keys of ``portfolio-ledger import`` lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
)

from portfolio_ledger.domain.decision import MAX_NAME, MAX_RATIONALE, Decision
from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.keys import normalise_key
from portfolio_ledger.domain.lifecycle import Kind
from portfolio_ledger.domain.money import CURRENCY_CODE, Money, MoneyError, parse_amount
from portfolio_ledger.domain.ratings import RAG, RiskRating, Severity


def _key(value: str) -> str:
    try:
        return normalise_key(value)
    except InvalidDecision as error:
        raise ValueError(str(error)) from None


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is required and must not be blank")
    return value


def _not_future(value: date) -> date:
    today = date.today()  # noqa: DTZ011 - the recording machine's own calendar day
    if value > today:
        raise ValueError(
            f"{value.isoformat()} is in the future; a decision takes effect on or "
            f"before the day it is recorded (today is {today.isoformat()})"
        )
    return value


def _currency(value: str) -> str:
    code = value.strip().upper()
    if not CURRENCY_CODE.match(code):
        raise ValueError(f"{value!r} is not an ISO 4217 currency code (e.g. GBP, EUR, USD)")
    return code


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount as typed: exact value, and the currency if the user wrote one."""

    value: Decimal
    currency: str | None = None

    def in_currency(self, currency: str) -> Money:
        """The amount as money of the item's currency; refuses another currency."""
        if self.currency is not None and self.currency != currency:
            raise InvalidDecision(
                f"the item is budgeted in {currency}; give amounts in {currency}, "
                f"not {self.currency}"
            )
        return Money(amount=self.value, currency=currency)


def _amount(value: Any) -> Amount:
    if isinstance(value, Amount):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise ValueError(  # noqa: TRY004 - pydantic reports only ValueErrors as field errors
            "must be an amount written as text or a whole number, e.g. '1200000'"
        )
    try:
        parsed, currency = parse_amount(str(value))
    except MoneyError as error:
        raise ValueError(str(error)) from None
    return Amount(parsed, currency)


def _amount_text(amount: Amount) -> str:
    return f"{amount.currency} {amount.value}" if amount.currency else str(amount.value)


ItemKey = Annotated[str, AfterValidator(_key)]
Name = Annotated[str, Field(max_length=MAX_NAME), AfterValidator(_not_blank)]
Text = Annotated[str, Field(max_length=MAX_RATIONALE), AfterValidator(_not_blank)]
EffectiveDate = Annotated[date, AfterValidator(_not_future)]
MoneyAmount = Annotated[Amount, PlainValidator(_amount), PlainSerializer(_amount_text)]
Currency = Annotated[str, AfterValidator(_currency)]


class Decided(BaseModel):
    """Base of every command: the governance metadata of the decision it records."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    actor: Name
    role: Name
    rationale: Text
    authority: Name | None = None
    effective_date: EffectiveDate = Field(default_factory=date.today)
    references: tuple[Name, ...] = Field(default=(), max_length=50)

    def decision(self) -> Decision:
        """The governance metadata the event will carry."""
        return Decision(
            actor=self.actor,
            role=self.role,
            authority=self.authority,
            rationale=self.rationale,
            effective_date=self.effective_date,
            references=self.references,
        )


class Command(Decided):
    """A decision on one item, named by its key."""

    key: ItemKey


class SetEnvelope(Decided):
    """Set or change the portfolio's envelope: the money its items are funded from."""

    envelope: MoneyAmount

    def money(self) -> Money:
        """The envelope as money (GBP unless the amount names a currency)."""
        return self.envelope.in_currency(self.envelope.currency or "GBP")


class ProposeItem(Command):
    """Propose a new programme, project or service."""

    kind: Kind
    title: Name
    owner: Name
    sponsor: Name
    category: Name
    currency: Currency = "GBP"
    objectives: tuple[Name, ...] = Field(default=(), max_length=50)
    description: Text | None = None


class AppraiseItem(Command):
    """Record the appraisal of an item's business case."""

    estimated_cost: MoneyAmount
    expected_benefits: MoneyAmount
    risk_rating: RiskRating
    alignment_score: int = Field(ge=0, le=100)
    criteria: Name | None = None


class ApproveItem(Command):
    """Approve an item with an authorised budget."""

    budget: MoneyAmount
    conditions: tuple[Name, ...] = Field(default=(), max_length=50)


class RejectItem(Command):
    """Reject an item that has not been approved."""


class DeferItem(Command):
    """Put off the decision on an item, perhaps until a date."""

    until: date | None = None


class ReprioritiseItem(Command):
    """Give an item a new priority rank (1 is the highest)."""

    rank: int = Field(ge=1, le=1_000_000)


class ChangeFunding(Command):
    """Raise or lower an item's authorised budget."""

    budget: MoneyAmount


class StartDelivery(Command):
    """Mobilise an approved item."""


class ReportStatus(Command):
    """Report an item's status: RAG ratings and the forecast."""

    overall: RAG
    cost: RAG | None = None
    schedule: RAG | None = None
    scope: RAG | None = None
    benefits: RAG | None = None
    forecast_cost: MoneyAmount | None = None
    forecast_date: date | None = None


class EscalateIssue(Command):
    """Escalate an issue on an item."""

    issue: Text
    severity: Severity
    escalated_to: Name


class ResolveEscalation(Command):
    """Resolve an open escalation (the only open one if none is named)."""

    escalation: int | None = Field(default=None, ge=1)


class PauseItem(Command):
    """Pause an approved or in-delivery item."""


class ResumeItem(Command):
    """Resume a paused item."""


class GoLive(Command):
    """Take an item live: it enters the catalogue."""


class RetireItem(Command):
    """Retire a live item."""


class CancelItem(Command):
    """Stop an approved item before it goes live."""
