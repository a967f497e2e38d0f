"""An escalation that is open on an item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portfolio_ledger.domain.ratings import Severity


@dataclass(frozen=True, slots=True)
class OpenEscalation:
    """An issue escalated on an item and not yet resolved."""

    number: int
    issue: str
    severity: Severity
    escalated_to: str
    raised_on: date
