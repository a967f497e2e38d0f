"""Corrective actions: recommended on an item (an action, its owner, a due date), then completed.

PRINCE2's management by exception: an exception or an issue is answered by
a corrective action someone owns and finishes by a date. Each is numbered
on its item (#1, #2, ...), as escalations are, and a number is never given
again, not even after its recommendation is annulled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.item_event import EVENTS_MODULE, ItemEvent, allowed, stored_as
from portfolio_ledger.domain.lifecycle import Action

if TYPE_CHECKING:
    from portfolio_ledger.domain.item import PortfolioItem


@dataclass(frozen=True, slots=True)
class OpenAction:
    """A corrective action recommended on an item and not yet completed."""

    number: int
    action: str
    owner: str
    due: date
    recommended_on: date


def due_problem(key: str, recommended: date, due: date) -> str | None:
    """Why an action on ``key`` recommended on ``recommended`` cannot be due on ``due``; or None.

    The one wording of the rule, for the command line, an import line and a correction.
    """
    if due >= recommended:
        return None
    return (
        f"a corrective action on {key} recommended on {recommended.isoformat()} cannot be due "
        f"on {due.isoformat()}, before it was recommended; give a due date on or after "
        f"{recommended.isoformat()}"
    )


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class CorrectiveActionRecommended(ItemEvent):
    """A corrective action was recommended: what to do, who owns it, by when."""

    action_number: int
    action: str
    action_owner: str
    due: date
    label: ClassVar[str] = "corrective action recommended"
    correctable: ClassVar[frozenset[str]] = frozenset({"action", "action_owner", "due"})
    called: ClassVar[tuple[tuple[str, str], ...]] = (("owner", "action_owner"),)

    def check(self, item: PortfolioItem) -> None:
        """An open item; due on or after the day it is recommended."""
        allowed(Action.RECOMMEND_ACTION, item)
        if problem := due_problem(item.key, self.decision.effective_date, self.due):
            raise InvalidDecision(problem).naming_fields("due")

    def change(self, item: PortfolioItem) -> None:
        """Open the action."""
        item.open_actions = {
            **item.open_actions,
            self.action_number: OpenAction(
                number=self.action_number,
                action=self.action,
                owner=self.action_owner,
                due=self.due,
                recommended_on=self.decision.effective_date,
            ),
        }
        item.actions_recommended = max(item.actions_recommended, self.action_number)

    def describe(self) -> str:
        """Which action, what, who owns it, by when."""
        return (
            f"corrective action #{self.action_number}: {self.action} (owner "
            f"{self.action_owner}, due {self.due.isoformat()})"
        )


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class CorrectiveActionCompleted(ItemEvent):
    """An open corrective action was completed; the rationale says what was done."""

    action_number: int
    label: ClassVar[str] = "corrective action completed"

    def check(self, item: PortfolioItem) -> None:
        """The action is open then."""
        if self.action_number not in item.open_actions:
            raise InvalidDecision(
                f"{item.key} has no open corrective action #{self.action_number} on "
                f"{self.decision.effective_date.isoformat()}; see the open ones with "
                f"'portfolio-ledger item show {item.key}'"
            )

    def change(self, item: PortfolioItem) -> None:
        """Close the action."""
        item.open_actions = {
            number: action
            for number, action in item.open_actions.items()
            if number != self.action_number
        }

    def describe(self) -> str:
        """Which action."""
        return f"corrective action #{self.action_number} completed"
