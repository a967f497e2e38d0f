"""Dependencies between items: one item declared to depend on another, and the dependency removed.

An item depends on another when it cannot deliver (or deliver its benefits)
without it: a programme on its platform project, a service on a migration.
The dependency is the dependent item's record; the item it depends on is
named by key and must be in the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.item_event import EVENTS_MODULE, ItemEvent, allowed, stored_as
from portfolio_ledger.domain.lifecycle import Action, Stage

if TYPE_CHECKING:
    from datetime import date

    from portfolio_ledger.domain.item import PortfolioItem


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class DependencyDeclared(ItemEvent):
    """The item was declared to depend on another item, and on what of it."""

    depends_on: str
    dependency: str
    label: ClassVar[str] = "dependency declared"
    correctable: ClassVar[frozenset[str]] = frozenset({"dependency"})
    called: ClassVar[tuple[tuple[str, str], ...]] = (("what", "dependency"),)

    def check(self, item: PortfolioItem) -> None:
        """An open item; another item; not a dependency it has already."""
        allowed(Action.DECLARE_DEPENDENCY, item)
        if self.depends_on == item.key:
            raise InvalidDecision(
                f"{item.key} cannot depend on itself; name another item in the ledger with --on"
            ).naming_fields("on")
        if self.depends_on in item.dependencies:
            raise InvalidDecision(
                f"{item.key} depends on {self.depends_on} already (declared: "
                f"{item.dependencies[self.depends_on]}); to change what it depends on, correct "
                "that declaration ('decision correct'), or remove it first"
            ).naming_fields("on")

    def change(self, item: PortfolioItem) -> None:
        """Add the dependency."""
        item.dependencies = {**item.dependencies, self.depends_on: self.dependency}

    def describe(self) -> str:
        """On which item, for what."""
        return f"depends on {self.depends_on}: {self.dependency}"


def check_not_left(
    other: PortfolioItem, subject: PortfolioItem, day: date, give_day: str = "with --effective-date"
) -> None:
    """Refuse a new dependency of ``subject`` on ``other`` if ``other`` had left by ``day``.

    An item that has left the portfolio (merged into another, completed, stopped) delivers
    nothing more: a dependency declared on it was recorded and then flagged by the next board
    pack (R8) as out of the portfolio, the mistake found only there. One merged into another
    item is named with the item to depend on instead. ``give_day`` says how the day is given
    (an option, or a correction's --set).
    """
    then = other.as_on(day)
    if then is None or then.stage is not Stage.LEFT or other.key == subject.key:
        return
    reason = then.left_reason.value if then.left_reason is not None else "left"
    instead = "a dependency is declared on an item in the portfolio"
    if then.merged_into is not None:
        reason = f"merged into {then.merged_into}"
        if then.merged_into != subject.key:
            instead = f"to depend on what it became, name {then.merged_into} with --on"
    raise InvalidDecision(
        f"{subject.key} cannot depend on {other.key} with effect from {day}: {other.key} "
        f"left the portfolio on {then.left_on(day)} ({reason}); {instead}, or, if the "
        f"dependency took effect before {other.key} left, give that day {give_day}"
    ).naming_fields("on", "effective-date")


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class DependencyRemoved(ItemEvent):
    """A dependency of the item on another was removed; the rationale says why."""

    depends_on: str
    label: ClassVar[str] = "dependency removed"

    def check(self, item: PortfolioItem) -> None:
        """The item depends on that one then."""
        if self.depends_on not in item.dependencies:
            raise InvalidDecision(
                f"{item.key} does not depend on {self.depends_on} on "
                f"{self.decision.effective_date.isoformat()} (its dependencies then: "
                f"{_listed(item, self.decision.effective_date.isoformat())}); name an item it "
                f"depends on then with --on, or a day it depended on {self.depends_on} with "
                f"--effective-date ('portfolio-ledger item history {item.key}' shows when)"
            ).naming_fields("on", "effective-date")

    def change(self, item: PortfolioItem) -> None:
        """Drop the dependency."""
        item.dependencies = {
            key: what for key, what in item.dependencies.items() if key != self.depends_on
        }

    def describe(self) -> str:
        """On which item."""
        return f"no longer depends on {self.depends_on}"


SAID = 10
"""The most dependencies a refusal names: an item may depend on thousands."""


def _listed(item: PortfolioItem, day: str) -> str:
    """The item's dependencies, the first ``SAID`` of them by key, and how many more there are.

    An item depending on 2,000 others was refused naming all 2,000, burying the message.
    """
    held = sorted(item.dependencies)
    if len(held) <= SAID:
        return ", ".join(held) or "none"
    return (
        f"{', '.join(held[:SAID])} and {len(held) - SAID:,} more; see them all with "
        f"'portfolio-ledger item show {item.key} --effective-on {day}'"
    )
