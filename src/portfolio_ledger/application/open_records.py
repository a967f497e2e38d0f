"""What is open on an item as ``item show`` presents it: escalations and corrective actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class OpenEscalation:
    """An open escalation."""

    number: int
    issue: str
    severity: str
    escalated_to: str
    raised_on: date


@dataclass(frozen=True, slots=True)
class OpenCorrectiveAction:
    """An open corrective action: what, who owns it, when it is due, when recommended."""

    number: int
    action: str
    owner: str
    due: date
    recommended_on: date

    @classmethod
    def from_json(cls, data: dict[str, object]) -> OpenCorrectiveAction:
        """The record ``item show --json`` wrote for it."""
        days = {name: date.fromisoformat(str(data[name])) for name in ("due", "recommended_on")}
        return cls(**{**data, **days})  # type: ignore[arg-type]
