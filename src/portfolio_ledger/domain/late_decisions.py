"""Refusing a late decision, correction or annulment that would make another one invalid.

The refusal names the decision it conflicts with, why, and what to do instead.
"""

from __future__ import annotations

from datetime import UTC

from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.errors import DecisionRefused, LedgerError


class LateDecisionConflict(DecisionRefused):
    """A decision recorded late, a correction or an annulment would make a later one invalid."""

    @classmethod
    def of(
        cls, focus: DecisionEvent, event: DecisionEvent, key: str, error: LedgerError
    ) -> LateDecisionConflict:
        """``focus`` on ``key`` would make ``event`` invalid, for ``error``."""
        later = event.effective_key > focus.effective_key
        when = event.decision.effective_date.isoformat()
        instead = f"give an effective date of {when} or later, or " if later else ""
        why = str(error).rstrip()
        why += "" if why.endswith((".", "!", "?")) else "."
        return cls(
            f"{focus.label} on {key} effective {focus.decision.effective_date.isoformat()} "
            f"would make {'a later' if later else 'another'} decision invalid: {named(event)}: "
            f"{why} To record this one, {instead}put that decision right first ('decision "
            f"correct' or 'decision annul' at its position: see 'audit trail --item {key}')."
        )


def named(event: DecisionEvent) -> str:
    """A decision as a refusal names it: its label, version and both dates."""
    recorded = event.timestamp.astimezone(UTC).strftime("%Y-%m-%d")
    return (
        f"'{event.label}' (version {event.originator_version}, effective "
        f"{event.decision.effective_date.isoformat()}, recorded {recorded})"
    )
