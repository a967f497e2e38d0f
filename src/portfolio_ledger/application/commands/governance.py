"""Commands on governance: people, boards, their members, quorum and limits, delegations."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, Self

from pydantic import (
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from portfolio_ledger.application.commands.base import Decided, Resolved
from portfolio_ledger.application.commands.days import Day, PackDay, RecordedDay
from portfolio_ledger.application.commands.fields import (
    BoardKey,
    BoardName,
    DelegationKey,
    MoneyAmount,
    Name,
    PersonKey,
    Sha256,
    Text,
    WholeNumber,
)
from portfolio_ledger.domain.board_packs import pack_period_problem, tabled_on_problem
from portfolio_ledger.domain.boards import MemberRole
from portfolio_ledger.domain.delegations import end_problem, start_problem
from portfolio_ledger.domain.money import Money


class RegisterPerson(Decided):
    """Register a person under a key of their own, with their name and the roles they hold."""

    key: PersonKey
    name: Name
    roles: tuple[Name, ...] = Field(default=(), max_length=20)


class ConstituteBoard(Decided):
    """Constitute a board: name, terms of reference, limit (None: no limit), parent, quorum."""

    key: BoardKey
    name: BoardName
    terms_of_reference: Text
    limit: MoneyAmount | None
    escalates_to: BoardKey | None = None
    quorum: WholeNumber = Field(ge=1, le=100)

    @field_validator("escalates_to")
    @classmethod
    def _not_itself(cls, parent: str | None, info: ValidationInfo) -> str | None:
        if parent is not None and parent == info.data.get("key"):
            raise ValueError(
                f"{parent} would escalate to itself: give the board above it, or leave it "
                "out for a board at the top"
            )
        return parent

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

    def limit_money(self, currency: str = "GBP") -> Money | None:
        """The limit as money (in ``currency``, the board's own, unless the amount names one)."""
        if self.limit is None:
            return None
        return self.limit.in_currency(self.limit.currency or currency)


class DelegateAuthority(Resolved):
    """A board delegates authority to a person, up to a limit, perhaps for categories and a time."""

    key: DelegationKey
    board: BoardKey
    to: PersonKey
    limit: MoneyAmount
    categories: tuple[Name, ...] = Field(default=(), max_length=50)
    valid_from: RecordedDay | None = None
    valid_to: RecordedDay | None = None

    # Its window, checked with its other values (a mistake on the command line, exit 2,
    # as a period backwards is in 'audit trail' and 'report board-pack'), before anything
    # is read; the ledger checks it again as corrected. Skipped where a value it rests
    # on was refused already (then not in ``info.data``): that refusal is the one said.
    @field_validator("valid_from")
    @classmethod
    def _starts_once_made(cls, start: date | None, info: ValidationInfo) -> date | None:
        made, key = info.data.get("effective_date"), info.data.get("key")
        if start is None or made is None or key is None:
            return start
        if problem := start_problem(key, made, start):
            raise ValueError(problem)
        return start

    @field_validator("valid_to")
    @classmethod
    def _ends_once_started(cls, end: date | None, info: ValidationInfo) -> date | None:
        if end is None or not {"effective_date", "key"} <= info.data.keys():
            return end
        # A start refused (before it was made) leaves the day it was made as the earliest
        # it can start: an end before that is said too, not after the start is put right.
        start, made = info.data.get("valid_from"), info.data["effective_date"]
        if problem := end_problem(info.data["key"], start or made, end, made=start is None):
            raise ValueError(problem)
        return end

    def limit_money(self, currency: str = "GBP") -> Money:
        """The limit as money (in ``currency``, its board's, unless the amount names one)."""
        return self.limit.in_currency(self.limit.currency or currency)


class RevokeDelegation(Resolved):
    """The board that made a delegation revokes it, with effect from the effective date."""

    key: DelegationKey


class TablePack(Decided):
    """Record that a board pack was put before a board: its day, period, digest and checksum.

    ``report board-pack --record`` fills every field from the pack it made;
    the next pack for the board then covers the changes since this one's day.
    """

    board: BoardKey
    as_at: PackDay
    since: Day
    clock: Literal["effective", "recorded"] = "effective"
    organisations: tuple[Name, ...] = Field(default=(), max_length=200)
    digest: Name
    sha256: Sha256

    @model_validator(mode="after")
    def _since_before(self) -> Self:
        for problem in (
            pack_period_problem(self.as_at, self.since),
            tabled_on_problem(self.as_at, self.effective_date),
        ):
            if problem:
                raise ValueError(problem)
        return self

    def pack(self) -> dict[str, Any]:
        """The pack's fields as the board's event records them."""
        return self.model_dump(
            include={"as_at", "since", "clock", "organisations", "digest", "sha256"}
        )
