"""Commands: what a user asks the ledger to record, validated before anything is written.

Each command is a pydantic model that forbids unknown fields. Field names
are the CLI's option names and the keys of ``portfolio-ledger import`` lines.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    model_validator,
)

from portfolio_ledger.domain.authority import BoardResolution, DelegatedAuthority, Mandate, Vote
from portfolio_ledger.domain.boards import MAX_BOARD_NAME, MemberRole
from portfolio_ledger.domain.decision import MAX_NAME, MAX_RATIONALE, Decision, utc_today
from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.keys import normalise_key, normalise_person_key
from portfolio_ledger.domain.lifecycle import Kind
from portfolio_ledger.domain.money import Money, MoneyError, is_currency, parse_amount
from portfolio_ledger.domain.ratings import RAG, RiskRating, Severity
from portfolio_ledger.domain.tolerances import MAX_DAYS, CostTolerance, TimeTolerance


def _checked(normalise: Callable[[str], str]) -> Callable[[str], str]:
    def check(value: str) -> str:
        try:
            return normalise(value)
        except InvalidDecision as error:
            raise ValueError(str(error)) from None

    return check


_key = _checked(normalise_key)


# Control characters have no place in a record people read (and PostgreSQL cannot
# store NUL in text); tab, line feed and carriage return are ordinary text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is required and must not be blank")
    control = _CONTROLS.search(value)
    if control is not None:
        raise ValueError(
            f"contains the control character U+{ord(control.group()):04X} at character "
            f"{control.start() + 1}; remove it (tabs and line breaks are fine)"
        )
    return value


def _not_future(value: date) -> date:
    today = utc_today()
    if value > today:
        raise ValueError(
            f"{value.isoformat()} is in the future; a decision takes effect on or "
            f"before the day it is recorded (today is {today.isoformat()} in UTC, the "
            "ledger's calendar)"
        )
    return value


def _currency(value: str) -> str:
    code = value.strip().upper()
    if not is_currency(code):
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


def _not_a_truth_value(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(  # noqa: TRY004 - pydantic reports only ValueErrors as field errors
            f"must be a whole number, not {str(value).lower()}"
        )
    return value


WholeNumber = Annotated[int, BeforeValidator(_not_a_truth_value)]
"""A whole number; ``true`` and ``false`` (which Python counts as 1 and 0) are refused."""
ItemKey = Annotated[str, AfterValidator(_key)]
PersonKey = Annotated[str, AfterValidator(_checked(normalise_person_key))]
BoardKey = Annotated[str, AfterValidator(_checked(lambda v: normalise_key(v, "board", "IC")))]
DelegationKey = Annotated[
    str, AfterValidator(_checked(lambda v: normalise_key(v, "delegation", "DEL-001")))
]
Name = Annotated[str, Field(max_length=MAX_NAME), AfterValidator(_not_blank)]
Text = Annotated[str, Field(max_length=MAX_RATIONALE), AfterValidator(_not_blank)]
EffectiveDate = Annotated[date, AfterValidator(_not_future)]
MoneyAmount = Annotated[Amount, PlainValidator(_amount), PlainSerializer(_amount_text)]
Currency = Annotated[str, AfterValidator(_currency)]


def _request_id(value: str) -> str:
    if not 1 <= len(value) <= 100 or not all("!" <= char <= "~" for char in value):
        raise ValueError(
            "a request id is 1 to 100 printable ASCII characters without spaces (a UUID, say)"
        )
    return value


RequestId = Annotated[str, AfterValidator(_request_id)]


class Decided(BaseModel):
    """Base of every command: the governance metadata of the decision it records."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    actor: Name
    role: Name
    rationale: Text
    authority: Name | None = None
    effective_date: EffectiveDate = Field(default_factory=utc_today)
    references: tuple[Name, ...] = Field(default=(), max_length=50)
    request_id: RequestId | None = None
    """The client's own id for this request: sent again (after a timeout, say), the
    decision is recorded once and the first result reported."""

    def fingerprint(self) -> str:
        """What this command asks, as a checksum: the fields given, bar the request id."""
        asked = self.model_dump_json(exclude={"request_id"}, exclude_unset=True)
        return hashlib.sha256(f"{type(self).__name__}:{asked}".encode()).hexdigest()

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

    def actor_key(self) -> str:
        """The actor as a person key, if it is written as one (else as given)."""
        try:
            return normalise_person_key(self.actor)
        except InvalidDecision:
            return self.actor


class Command(Decided):
    """A decision on one item, named by its key."""

    key: ItemKey


class Attendance(BaseModel):
    """Who was present at a board's meeting, and how each voted (person keys)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    present: tuple[PersonKey, ...] = Field(default=(), max_length=100)
    votes: dict[PersonKey, Vote] = Field(default_factory=dict, max_length=100)

    def _check_attendance(self) -> None:
        absent = [person for person in self.votes if person not in self.present]
        if absent:
            raise ValueError(
                f"{', '.join(absent)} voted but {'is' if len(absent) == 1 else 'are'} not "
                "listed as present; list everyone present with --present"
            )
        if len(set(self.present)) != len(self.present):
            raise ValueError("a member is listed as present more than once")

    def resolution(self, board: str, actor: str) -> BoardResolution:
        """The board's resolution as recorded: its key, the actor, presence and votes."""
        return BoardResolution(
            board=board,
            actor=actor,
            present=self.present,
            votes=tuple(self.votes.items()),
        )


def _no_authority_text(command: Decided) -> None:
    if command.authority is not None:
        raise ValueError(
            "the authority of this decision is the board or delegation it names; the ledger "
            "writes it, so leave out --authority"
        )


class Governed(Command, Attendance):
    """An item decision made under a board's resolution or a delegation: exactly one."""

    board: BoardKey | None = None
    delegation: DelegationKey | None = None

    @model_validator(mode="after")
    def _one_authority(self) -> Self:
        _no_authority_text(self)
        if (self.board is None) == (self.delegation is None):
            raise ValueError(
                "name the authority: a board (--board, with --present and --vote) or a "
                "delegation (--delegation), not both"
            )
        if self.delegation is not None and (self.present or self.votes):
            raise ValueError(
                "a decision under a delegation is the delegate's own: leave out --present "
                "and --vote (they record a board's meeting)"
            )
        if self.board is not None and not self.present:
            raise ValueError(f"list the members of {self.board} present with --present")
        self._check_attendance()
        return self

    def mandate(self) -> Mandate:
        """The authority claimed, for the ledger to check."""
        if self.delegation is not None:
            return DelegatedAuthority(delegation=self.delegation, actor=self.actor_key())
        assert self.board is not None  # one or the other, checked above
        return self.resolution(self.board, self.actor_key())


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
    alignment_score: WholeNumber = Field(ge=0, le=100)
    criteria: Name | None = None


class ApproveItem(Governed):
    """Approve an item with an authorised budget, under a board or a delegation."""

    budget: MoneyAmount
    conditions: tuple[Name, ...] = Field(default=(), max_length=50)


class RejectItem(Command):
    """Reject an item that has not been approved."""


class DeferItem(Command):
    """Put off the decision on an item, perhaps until a date."""

    until: date | None = None


class ReprioritiseItem(Command):
    """Give an item a new priority rank (1 is the highest)."""

    rank: WholeNumber = Field(ge=1, le=1_000_000)


class ChangeFunding(Governed):
    """Raise or lower an item's authorised budget, under a board or a delegation."""

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

    escalation: WholeNumber | None = Field(default=None, ge=1)


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


# -- governance ---------------------------------------------------------------------


class Resolved(Decided, Attendance):
    """A decision of a board's meeting: the board's own governance (delegating, revoking)."""

    @model_validator(mode="after")
    def _attended(self) -> Self:
        _no_authority_text(self)
        if not self.present:
            raise ValueError("list the members present with --present")
        self._check_attendance()
        return self


class RegisterPerson(Decided):
    """Register a person under a key of their own, with their name and the roles they hold."""

    key: PersonKey
    name: Name
    roles: tuple[Name, ...] = Field(default=(), max_length=20)


class ConstituteBoard(Decided):
    """Constitute a board: name, terms of reference, limit (None: no limit), parent, quorum."""

    key: BoardKey
    name: Annotated[str, Field(max_length=MAX_BOARD_NAME), AfterValidator(_not_blank)]
    terms_of_reference: Text
    limit: MoneyAmount | None
    escalates_to: BoardKey | None = None
    quorum: WholeNumber = Field(ge=1, le=100)

    def limit_money(self) -> Money | None:
        """The limit as money (GBP unless the amount names a currency)."""
        return None if self.limit is None else self.limit.in_currency(self.limit.currency or "GBP")


class AppointMember(Decided):
    """Appoint a registered person to a board, as chair or member."""

    key: BoardKey
    person: PersonKey
    seat: MemberRole = MemberRole.MEMBER


class StandDownMember(Decided):
    """A member stands down from a board."""

    key: BoardKey
    person: PersonKey


class SetQuorum(Decided):
    """Set how many members must be present for a board to decide."""

    key: BoardKey
    quorum: WholeNumber = Field(ge=1, le=100)


class SetBoardLimit(Decided):
    """Set the most a board may authorise for one item (None: no limit)."""

    key: BoardKey
    limit: MoneyAmount | None

    def limit_money(self) -> Money | None:
        """The limit as money (GBP unless the amount names a currency)."""
        return None if self.limit is None else self.limit.in_currency(self.limit.currency or "GBP")


class DelegateAuthority(Resolved):
    """A board delegates authority to a person, up to a limit, perhaps for categories and a time."""

    key: DelegationKey
    board: BoardKey
    to: PersonKey
    limit: MoneyAmount
    categories: tuple[Name, ...] = Field(default=(), max_length=50)
    valid_from: date | None = None
    valid_to: date | None = None

    def limit_money(self) -> Money:
        """The limit as money (GBP unless the amount names a currency)."""
        return self.limit.in_currency(self.limit.currency or "GBP")


class RevokeDelegation(Resolved):
    """The board that made a delegation revokes it, with effect from the effective date."""

    key: DelegationKey


@dataclass(frozen=True, slots=True)
class Allowance:
    """A tolerance as typed: a percentage, or an amount (money, or days for time)."""

    percent: Decimal | None = None
    amount: Amount | None = None
    days: int | None = None


def _allowance(value: Any, *, days: bool) -> Allowance:
    if isinstance(value, Allowance):
        return value
    text = str(value).strip().lower()
    if text.endswith("%"):
        try:
            return Allowance(percent=Decimal(text.removesuffix("%").strip()))
        except ArithmeticError:
            raise ValueError(f"{value!r} is not a percentage (write e.g. 10%)") from None
    if days:
        number = text.removesuffix("days").removesuffix("d").strip()
        if not number.isdigit() or int(number) > MAX_DAYS:
            raise ValueError(
                f"{value!r} is not a time tolerance: write days (e.g. 30d) or a percentage "
                f"(e.g. 10%), at most {MAX_DAYS} days"
            )
        return Allowance(days=int(number))
    return Allowance(amount=_amount(value))


CostAllowance = Annotated[Allowance, PlainValidator(lambda v: _allowance(v, days=False))]
TimeAllowance = Annotated[Allowance, PlainValidator(lambda v: _allowance(v, days=True))]


class SetTolerances(Governed):
    """The body that authorised an item sets its cost and time tolerances (replacing any)."""

    cost: CostAllowance | None = None
    time: TimeAllowance | None = None
    planned_finish: date | None = None

    @model_validator(mode="after")
    def _something_to_set(self) -> Self:
        if self.cost is None and self.time is None:
            raise ValueError("give a cost tolerance (--cost), a time tolerance (--time), or both")
        if (self.time is None) != (self.planned_finish is None):
            raise ValueError("a time tolerance needs the planned finish (--planned-finish)")
        return self

    def cost_tolerance(self, currency: str) -> CostTolerance | None:
        """The cost tolerance in the item's currency."""
        if self.cost is None:
            return None
        amount = self.cost.amount.in_currency(currency) if self.cost.amount else None
        return CostTolerance(percent=self.cost.percent, amount=amount)

    def time_tolerance(self) -> TimeTolerance | None:
        """The time tolerance."""
        if self.time is None or self.planned_finish is None:
            return None
        return TimeTolerance(
            planned_finish=self.planned_finish, percent=self.time.percent, days=self.time.days
        )


def with_mandate(decision: Decision, *, actor: str, authority: str, mandate: Mandate) -> Decision:
    """The decision as recorded once its mandate is checked: the registered actor, in words."""
    return dataclasses.replace(decision, actor=actor, authority=authority, mandate=mandate)
