"""Which of an item's attributes each kind of decision changes, so a replay moves states on.

A replay flattens the item's state after every decision
(:func:`~portfolio_ledger.projections.state.item_state`, 29 columns). A
decision folded in order changes only the few attributes its ``change``
assigns (and what every decision changes: its label, effective date, version
and time), so the state after it is the state before it with the columns
reading those attributes read again (:func:`~portfolio_ledger.projections.state.state_after`).

Each entry names every item attribute the class's ``change`` may assign, on
any branch (``tests/unit/test_state_changes.py`` records the attributes each
``change`` assigns on every decision of the tests' ledgers and checks they
are named here, and that the state moved on equals the whole state after
every decision). A class not named here (one that makes the item, a
correction, an annulment, any new one) gets the whole state, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from portfolio_ledger.domain import events
from portfolio_ledger.domain.events_definition import AMENDABLE
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.projections.state import ItemState, state_after

CHANGED_BY: dict[type, frozenset[str]] = {
    kind: frozenset(names)
    for kind, names in (
        (
            events.BusinessCaseAppraised,
            ("estimated_cost", "expected_benefits", "risk_rating", "alignment_score", "stage"),
        ),
        (events.ItemApproved, ("authorised_budget", "conditions", "stage", "authorised_under")),
        (events.ItemRejected, ("stage",)),
        (events.ItemDeferred, ("stage", "deferred_until")),
        (events.FundingChanged, ("authorised_budget", "authorised_under")),
        (events.ToleranceSet, ("tolerances", "breach_escalations")),
        (
            events.StatusReported,
            (
                "rag",
                "rag_dimensions",
                "forecast_cost",
                "forecast_date",
                "forecast_cost_reported_on",
                "forecast_date_reported_on",
                "whole_life_cost_reported_on",
                "whole_life_cost",
                "last_status_date",
                "rag_history",
            ),
        ),
        (events.ToleranceBreached, ("breach_escalations",)),
        (events.IssueEscalated, ("open_escalations", "escalations_raised")),
        (events.EscalationResolved, ("open_escalations",)),
        (events.ItemReprioritised, ("rank",)),
        (events.DetailsAmended, AMENDABLE),
        (events.ItemTransferred, ("organisation",)),
        (events.DeliveryStarted, ("stage",)),
        (events.ItemPaused, ("paused_from", "stage")),
        (events.ItemResumed, ("stage", "paused_from")),
        (events.ItemWentLive, ("stage",)),
        (events.ItemRetired, ("stage",)),
        (events.ItemCancelled, ("stage",)),
        (events.ItemLeft, ("left_from", "stage", "left_reason", "merged_into")),
    )
}
"""Each item decision's class, and every attribute of the item its ``change`` may assign."""

MOVES_ON: dict[type, Callable[[ItemState, PortfolioItem, int, datetime], ItemState]] = {
    kind: state_after(changes) for kind, changes in CHANGED_BY.items()
}
"""Each of those classes' move from the state before it to the state after it."""
