"""Many decisions recorded as one: what the ledger keeps in memory while it batches.

In a batch (``PortfolioLedger.batch()``), each command still goes through the
same method, rules and checks as on its own; but the aggregates it touches
stay in memory, their new events are saved a thousand at a time, and the
whole batch is one database transaction: all of it is recorded, or none. A
dry run saves as it goes too (so every check sees what came before it) and
rolls the transaction back at the end.
Governance histories read for authority checks are kept too, so checking the
thousandth approval does not read the board's events a thousandth time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from portfolio_ledger.domain.decision import DecisionEvent

FLUSH_EVERY = 1000
"""Events kept in memory before they are sent to the database (in statements of 500)."""


@dataclass
class Batch:
    """Aggregates touched so far, their unsaved events, and the histories read."""

    keep: bool = True
    """False for a dry run, or once a decision was refused: undo it all at the end."""
    aggregates: dict[UUID, Any] = field(default_factory=dict)
    unsaved: dict[UUID, Any] = field(default_factory=dict)
    histories: dict[UUID, list[DecisionEvent]] = field(default_factory=dict)
    counted: dict[UUID, int] = field(default_factory=dict)
    governance: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    """Governance states worked out for checks (see ``Governance.states``)."""
    started_empty: bool = False
    """The ledger held no events when the batch began (so nothing exists but its own)."""
    waiting: int = 0
    recorded: int = 0
    already: Any = None
    """The earlier recording of this batch's request, if it was recorded before."""
    warning: str | None = None
    """Set after the batch if the read models could not catch up."""

    def add(self, aggregate: Any) -> Sequence[DecisionEvent]:
        """Note an aggregate's new events (since it was last added); return them."""
        pending = aggregate.pending_events
        new: list[DecisionEvent] = pending[self.counted.get(aggregate.id, 0) :]
        self.counted[aggregate.id] = len(pending)
        self.aggregates[aggregate.id] = aggregate
        self.unsaved[aggregate.id] = aggregate
        if aggregate.id in self.histories:
            self.histories[aggregate.id].extend(new)
        self.waiting += len(new)
        self.recorded += len(new)
        return new

    def take(self) -> list[Any]:
        """The aggregates with unsaved events, for saving; forget them as unsaved."""
        aggregates = list(self.unsaved.values())
        self.unsaved.clear()
        self.counted.clear()
        self.waiting = 0
        return aggregates
