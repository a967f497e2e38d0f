"""Ports: what the ledger needs from the outer layers, as protocols it can be given."""

from __future__ import annotations

from typing import Protocol

from portfolio_ledger.domain.errors import LedgerError


class ReadModelError(LedgerError):
    """Read models could not be brought up to date (the events themselves are safe)."""


class ReadModels(Protocol):
    """Read models the ledger keeps caught up after every write."""

    def catch_up(self) -> int:
        """Apply every event recorded since the last catch-up; return how many.

        Raises :class:`ReadModelError` if they cannot be brought up to date.
        """
        ...
