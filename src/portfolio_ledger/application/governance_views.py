"""What governance queries return: people, boards, delegations, the auditors' authority check."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from portfolio_ledger.application.views import MoneyView, View
from portfolio_ledger.domain.boards import Board
from portfolio_ledger.domain.delegations import Delegation
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.people import Person
from portfolio_ledger.domain.quorum import quorum_unreachable


class PersonView(View):
    """A registered person."""

    key: str
    name: str
    roles: tuple[str, ...]
    registered_on: date
    recorded_at: datetime

    @classmethod
    def of(cls, person: Person) -> PersonView:
        """Describe a person."""
        return cls(
            key=person.key,
            name=person.name,
            roles=person.roles,
            registered_on=person.registered_on,
            recorded_at=person.created_on,
        )


class MemberView(View):
    """A seat on a board."""

    person: str
    name: str
    seat: str
    appointed_on: date


class TabledPackView(View):
    """A board pack put before the board (``report board-pack --record``)."""

    as_at: date
    since: date
    tabled_on: date
    sha256: str
    recorded_at: datetime
    clock: str
    """The pack's clock: ``effective`` (as at its day) or ``recorded`` (as of its end)."""
    organisations: list[str]
    """The organisations it was limited to; empty: every one."""
    digest: str
    """The ledger's digest line at the pack's date, as recorded when it was tabled."""


class BoardView(View):
    """A board as it stood on a day: limit, parent, quorum, members."""

    key: str
    name: str
    terms_of_reference: str
    limit: MoneyView | None
    escalates_to: str | None
    quorum: int
    members: list[MemberView]
    quorum_unreachable: str | None = None
    """Said where the quorum is more than the members: no meeting can then decide."""
    constituted_on: date
    packs: list[TabledPackView]
    """The packs put before the board, by their date (``report board-pack --record``)."""
    last_decision: str
    last_effective_date: date
    version: int
    last_recorded_at: datetime

    @classmethod
    def of(cls, board: Board, names: dict[str, str]) -> BoardView:
        """Describe a board; ``names`` are its members' registered names."""
        seats = sorted(board.members.values(), key=lambda m: (m.role.value != "chair", m.person))
        return cls(
            key=board.key,
            name=board.name,
            terms_of_reference=board.terms_of_reference,
            limit=MoneyView.of(board.limit),
            escalates_to=board.escalates_to,
            quorum=board.quorum,
            members=[
                MemberView(
                    person=m.person,
                    name=names.get(m.person, m.person),
                    seat=m.role.value,
                    appointed_on=m.appointed_on,
                )
                for m in seats
            ],
            quorum_unreachable=quorum_unreachable(board),
            constituted_on=board.constituted_on,
            packs=[
                TabledPackView(
                    as_at=p.as_at,
                    since=p.since,
                    tabled_on=p.tabled_on,
                    sha256=p.sha256,
                    recorded_at=p.recorded_at,
                    clock=p.clock,
                    organisations=list(p.organisations),
                    digest=p.digest,
                )
                for p in board.packs
            ],
            last_decision=board.last_decision,
            last_effective_date=board.last_effective_date,
            version=board.version,
            last_recorded_at=board.modified_on,
        )


class DelegationView(View):
    """A delegation, and whether it gave authority on the day asked about."""

    key: str
    board: str
    delegate: str
    delegate_name: str
    limit: MoneyView
    categories: tuple[str, ...]
    valid_from: date
    valid_to: date | None
    revoked_from: date | None
    on: date
    status: str
    delegated_on: date
    recorded_at: datetime
    bounded_by: MoneyView | None = None
    """Its board's limit on the day, where that is what applies (lower, or another currency)."""

    @classmethod
    def of(
        cls, delegation: Delegation, delegate_name: str, on: date, board_limit: Money | None = None
    ) -> DelegationView:
        """Describe a delegation as it stood on ``on``, under its board's limit then."""
        invalid = delegation.invalid_on(on)
        limit = MoneyView.of(delegation.limit)
        assert limit is not None  # a delegation always has a limit
        return cls(
            key=delegation.key,
            board=delegation.board,
            delegate=delegation.delegate,
            delegate_name=delegate_name,
            limit=limit,
            categories=delegation.categories,
            valid_from=delegation.valid_from,
            valid_to=delegation.valid_to,
            revoked_from=delegation.revoked_from,
            on=on,
            status="valid" if invalid is None else f"not valid: {invalid}",
            delegated_on=delegation.delegated_on,
            recorded_at=delegation.created_on,
            bounded_by=MoneyView.of(delegation.bounded_by(board_limit)),
        )


class FindingView(View):
    """A pattern ``audit authority`` found around a decision, whatever its verdict."""

    kind: str
    """``sponsor at another time`` or ``category amended into delegation``."""
    reason: str

    def said(self) -> str:
        """``flagged (KIND): REASON``: as ``audit authority`` and the board pack say it."""
        return f"flagged ({self.kind}): {self.reason}"


class AuthorityCheck(View):
    """One decision on an item, the authority it was made under, and whether that held.

    ``verdict`` is ``valid`` or ``invalid`` (checked against governance as it
    stood on the effective date), ``unchecked`` (an authorisation whose
    authority is recorded only in words), ``annulled`` (not in effect, not
    judged) or ``not required``. ``findings``: patterns around the decision an
    auditor is told of (docs/governance.md), which leave the verdict as it is.
    """

    key: str
    version: int
    event: str
    summary: str
    effective_date: date
    recorded_at: datetime
    actor: str
    role: str
    authority: str | None
    mandate: dict[str, Any] | None
    verdict: str
    reason: str | None
    limit: MoneyView | None = None
    position: int | None = None
    """Its place in the ledger."""
    findings: list[FindingView] = Field(default_factory=list)
    subject_kind: str = "item"
    """Whose decision: ``item`` or ``delegation`` (a key may be both, each kind its own)."""
