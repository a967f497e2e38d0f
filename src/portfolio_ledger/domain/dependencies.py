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
from portfolio_ledger.domain.lifecycle import Action

if TYPE_CHECKING:
    from portfolio_ledger.domain.item import PortfolioItem


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class DependencyDeclared(ItemEvent):
    """The item was declared to depend on another item, and on what of it."""

    depends_on: str
    dependency: str
    label: ClassVar[str] = "dependency declared"
    correctable: ClassVar[frozenset[str]] = frozenset({"dependency"})

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


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class DependencyRemoved(ItemEvent):
    """A dependency of the item on another was removed; the rationale says why."""

    depends_on: str
    label: ClassVar[str] = "dependency removed"

    def check(self, item: PortfolioItem) -> None:
        """The item depends on that one then."""
        if self.depends_on not in item.dependencies:
            held = ", ".join(sorted(item.dependencies)) or "none"
            raise InvalidDecision(
                f"{item.key} does not depend on {self.depends_on} on "
                f"{self.decision.effective_date.isoformat()} (its dependencies then: {held})"
            ).naming_fields("on")

    def change(self, item: PortfolioItem) -> None:
        """Drop the dependency."""
        item.dependencies = {
            key: what for key, what in item.dependencies.items() if key != self.depends_on
        }

    def describe(self) -> str:
        """On which item."""
        return f"no longer depends on {self.depends_on}"
