"""The governance metadata every decision records: who, role, authority, why, when effective."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portfolio_ledger.domain.errors import InvalidDecision

MAX_NAME = 200
MAX_RATIONALE = 1_000_000
MAX_REFERENCES = 50


@dataclass(frozen=True, slots=True)
class Decision:
    """Who decided, in what role, under which authority, why, and with effect from when.

    The recorded time is not here: the ledger stamps it on the event when the
    decision is recorded, and no caller can set it.
    """

    actor: str
    role: str
    rationale: str
    effective_date: date
    authority: str | None = None
    references: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for field, value in (("actor", self.actor), ("role", self.role)):
            _require_text(field, value, MAX_NAME)
        _require_text("rationale", self.rationale, MAX_RATIONALE)
        if self.authority is not None:
            _require_text("authority", self.authority, MAX_NAME)
        if not isinstance(self.effective_date, date):
            raise InvalidDecision("effective date must be a date (YYYY-MM-DD)")
        if len(self.references) > MAX_REFERENCES:
            raise InvalidDecision(f"at most {MAX_REFERENCES} references per decision")
        for reference in self.references:
            _require_text("reference", reference, MAX_NAME)


def _require_text(field: str, value: object, limit: int) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidDecision(f"{field} is required and must not be blank")
    if len(value) > limit:
        raise InvalidDecision(f"{field} is longer than {limit:,} characters")
