"""Every kind of decision the ledger records, by class name and label: what a filter may name."""

from __future__ import annotations

from functools import cache

from portfolio_ledger.domain.decision import DecisionEvent


@cache
def decision_kinds() -> dict[str, str]:
    """Each event class the aggregates record, by name, and its label (``approved``)."""
    # Imported for their classes: every module that defines decisions.
    from portfolio_ledger.domain import (  # noqa: F401
        boards,
        delegations,
        events,
        organisations,
        people,
        portfolio,
        record_keeping,
    )

    found: dict[str, str] = {}
    waiting: list[type[DecisionEvent]] = [DecisionEvent]
    while waiting:
        kind = waiting.pop()
        waiting.extend(kind.__subclasses__())
        if kind.label != DecisionEvent.label:  # a base class names no decision of its own
            found[kind.__name__] = kind.label
    return found


def is_decision_kind(name: str) -> bool:
    """Whether ``name`` is a decision's label or class name, as ``audit trail --type`` reads it.

    A label in any case, ``-`` for a space (``went-live``); a class name in any case.
    """
    kinds = decision_kinds()
    labels = {label.lower() for label in kinds.values()}
    return name.lower().replace("-", " ") in labels or name.lower() in {k.lower() for k in kinds}
