"""Delegated authority: a board lets one person authorise up to an amount, within limits.

A delegation has a key of its own (``DEL-001``), the board that delegated it,
the person it was delegated to, a limit (the most the item's authorised
budget may reach under it), optionally the categories it covers and a window
of validity. The board may revoke it, with effect from the revocation's
effective date. Both are board resolutions, recorded with who was present
and how they voted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from eventsourcing.domain import AggregateCreated

from portfolio_ledger.domain.authority import BoardResolution
from portfolio_ledger.domain.boards import Board, describe_limit
from portfolio_ledger.domain.change_words import listed_words
from portfolio_ledger.domain.decided import DecidedAggregate
from portfolio_ledger.domain.decision import (
    DecidedEvent,
    Decision,
    check_not_future,
)
from portfolio_ledger.domain.errors import AuthorityExceeded, InvalidDecision
from portfolio_ledger.domain.keys import delegation_id, normalise_key
from portfolio_ledger.domain.money import Money, within_limit
from portfolio_ledger.domain.people import Person, same_name

MAX_CATEGORIES = 50


@dataclass(frozen=True)
class DelegationEvent(DecidedEvent):
    """Base of every event about a delegation."""

    subject_kind: ClassVar[str] = "delegation"


@dataclass(frozen=True)
class AuthorityDelegated(DelegationEvent, AggregateCreated):
    """A board delegated authority to a person: up to a limit, for categories, for a window."""

    key: str
    board: str
    delegate: str
    limit: Money
    categories: tuple[str, ...]
    valid_from: date
    valid_to: date | None
    label: ClassVar[str] = "authority delegated"
    correctable: ClassVar[frozenset[str]] = frozenset(
        {"limit", "categories", "valid_from", "valid_to"}
    )
    called: ClassVar[tuple[tuple[str, str], ...]] = (
        ("category", "categories"),
        ("from", "valid_from"),
        ("until", "valid_to"),
        ("to", "delegate"),
    )

    def check(self, aggregate: Any) -> None:  # noqa: ARG002 - the window alone decides
        """Valid from no earlier than made, to no earlier than from (as corrected, too)."""
        _check_window(self.key, self.decision.effective_date, self.valid_from, self.valid_to)

    def change(self, aggregate: Any) -> None:
        """Set up the delegation."""
        delegation: Delegation = aggregate
        delegation.key = self.key
        delegation.board = self.board
        delegation.delegate = self.delegate
        delegation.limit = self.limit
        delegation.categories = self.categories
        delegation.valid_from = self.valid_from
        delegation.valid_to = self.valid_to
        delegation.delegated_on = self.decision.effective_date

    def describe(self) -> str:
        """By whom, to whom, how much, for what, when."""
        scope = f" for {listed_words(self.categories)}" if self.categories else ""
        until = f" to {self.valid_to.isoformat()}" if self.valid_to else ""
        return (
            f"{self.board} delegated to {self.delegate} up to {self.limit}{scope}, "
            f"valid from {self.valid_from.isoformat()}{until}"
        )


@dataclass(frozen=True)
class DelegationRevoked(DelegationEvent):
    """The board revoked the delegation, with effect from the decision's effective date."""

    label: ClassVar[str] = "delegation revoked"

    def check(self, aggregate: Any) -> None:
        """Not revoked already."""
        delegation: Delegation = aggregate
        if delegation.revoked_from is not None:
            raise InvalidDecision(
                f"delegation {delegation.key} was already revoked with effect from "
                f"{delegation.revoked_from.isoformat()}; it cannot be revoked again. To move "
                "that day, correct the revocation: 'portfolio-ledger decision correct POSITION "
                "--set effective_date=YYYY-MM-DD' (its position is in 'portfolio-ledger audit "
                f"trail --item {delegation.key}')"
            )

    def change(self, aggregate: Any) -> None:
        """The delegation gives no authority from the effective date on."""
        delegation: Delegation = aggregate
        delegation.revoked_from = self.decision.effective_date

    def describe(self) -> str:
        """From when."""
        return f"revoked with effect from {self.decision.effective_date.isoformat()}"


class Delegation(DecidedAggregate):
    """Authority a board delegated to one person."""

    def start(self) -> None:
        """Before it was made."""
        super().start()
        self.board: str = ""
        self.delegate: str = ""
        self.limit: Money  # set by AuthorityDelegated
        self.categories: tuple[str, ...] = ()
        self.valid_from: date = date.min
        self.valid_to: date | None = None
        self.revoked_from: date | None = None
        self.delegated_on: date = date.min

    @classmethod
    def grant(
        cls,
        *,
        key: str,
        board: Board,
        delegate: Person,
        limit: Money,
        categories: tuple[str, ...],
        valid_from: date | None,
        valid_to: date | None,
        decision: Decision,
    ) -> Delegation:
        """Delegate ``board``'s authority (as it stands on the effective date) to ``delegate``."""
        key = normalise_key(key, "delegation", "DEL-001")
        check_not_future(key, decision, AuthorityDelegated.create_timestamp())
        _require_resolution_of(board.key, f"delegate authority as {key}", decision)
        check_within(board, limit, key)
        start = valid_from or decision.effective_date
        _check_window(key, decision.effective_date, start, valid_to)
        return cls._create(
            AuthorityDelegated,
            id=delegation_id(key),
            key=key,
            board=board.key,
            delegate=delegate.key,
            limit=limit,
            categories=_categories(key, categories),
            valid_from=start,
            valid_to=valid_to,
            decision=decision,
        )

    def revoke(self, *, decision: Decision) -> None:
        """Revoke the delegation with effect from the decision's effective date."""
        _require_resolution_of(self.board, f"revoke delegation {self.key}", decision)
        self._decide(DelegationRevoked, decision)

    def invalid_on(self, day: date) -> str | None:
        """Why the delegation gave no authority on ``day``; None if it did."""
        if self.revoked_from is not None and self.revoked_from <= day:
            return f"it was revoked with effect from {self.revoked_from.isoformat()}"
        if day < self.valid_from:
            return f"it is valid only from {self.valid_from.isoformat()}"
        if self.valid_to is not None and day > self.valid_to:
            return f"it was valid only until {self.valid_to.isoformat()}"
        return None

    def bounded_by(self, board_limit: Money | None) -> Money | None:
        """Its board's limit where that bounds this one (lower, or in another currency)."""
        return None if within_limit(board_limit, self.limit) else board_limit

    def covers(self, category: str) -> bool:
        """Whether the delegation may be used for items of this category."""
        return not self.categories or any(same_name(category, c) for c in self.categories)

    def window(self) -> str:
        """``from 2026-01-01 to 2026-12-31``, or ``from 2026-01-01``."""
        until = f" to {self.valid_to.isoformat()}" if self.valid_to else ""
        return f"from {self.valid_from.isoformat()}{until}"

    def label(self) -> str:
        """``delegation DEL-001``."""
        return f"delegation {self.key}"


def _require_resolution_of(board: str, what: str, decision: Decision) -> None:
    mandate = decision.mandate
    if not isinstance(mandate, BoardResolution) or mandate.board != board:
        raise InvalidDecision(
            f"to {what} record the resolution of board {board} that decided it: who was "
            "present (--present) and how they voted (--vote)"
        ).naming_fields("present", "vote=votes")


def check_within(board: Board, limit: Money, key: str) -> None:
    """Refuse a delegation's limit beyond its board's (on the day it is made)."""
    if board.limit is None:
        return
    most = describe_limit(board.limit)
    if limit.currency != board.limit.currency:
        raise AuthorityExceeded(
            f"{board.label()} has its limit in {board.limit.currency} ({most} for an item), "
            f"so it cannot delegate {limit} as {key}: the ledger does not convert currencies, "
            f"so no amount in {limit.currency} is within a limit in {board.limit.currency}. "
            f"Delegate a limit of at most {most} (in {board.limit.currency}), or have a "
            f"board whose limit is in {limit.currency} delegate it"
        )
    if limit.amount > board.limit.amount:
        raise AuthorityExceeded(
            f"{board.label()} may authorise up to {most} for an item, "
            f"so it cannot delegate {limit} as {key}; delegate at most that"
        )


def start_problem(key: str, made: date, start: date) -> str | None:
    """Why delegation ``key``, made on ``made``, cannot start on ``start``; None if it can.

    The one wording of the rule, for the command line, an import line and a correction;
    each caller says which of its fields to change.
    """
    if start >= made:
        return None
    return (
        f"delegation {key} cannot be valid from {start.isoformat()}, before it was "
        f"made ({made.isoformat()}); give it a start on or after {made.isoformat()}"
    )


def end_problem(key: str, start: date, end: date | None, *, made: bool = False) -> str | None:
    """Why delegation ``key``, valid from ``start``, cannot end on ``end``; None if it can.

    ``made``: the start is the day it was made, as none was given.
    """
    if end is None or end >= start:
        return None
    started = f"{start.isoformat()}, its effective date" if made else start.isoformat()
    return (
        f"delegation {key} would end ({end.isoformat()}) before it starts "
        f"({started}): its window runs forward from its start to its end, both "
        f"inclusive; give it an end on or after {start.isoformat()}"
    )


def _check_window(key: str, made: date, start: date, end: date | None) -> None:
    if problem := start_problem(key, made, start):
        raise InvalidDecision(
            f"{problem} (--from; in a correction, valid_from, which moving effective_date "
            "leaves as it was)"
        ).naming_fields("from=valid_from")
    if problem := end_problem(key, start, end):
        raise InvalidDecision(f"{problem} (--until; in a correction, valid_to)").naming_fields(
            "until=valid_to"
        )


def _categories(key: str, categories: tuple[str, ...]) -> tuple[str, ...]:
    cleaned: list[str] = []
    for category in categories:
        if not category.strip():
            raise InvalidDecision(f"a category of delegation {key} is blank")
        if not any(same_name(category, c) for c in cleaned):
            cleaned.append(category.strip())
    if len(cleaned) > MAX_CATEGORIES:
        raise InvalidDecision(f"delegation {key} may name at most {MAX_CATEGORIES} categories")
    return tuple(cleaned)
