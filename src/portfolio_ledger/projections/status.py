"""What ``projections status`` tells of each read model, and what is plainly wrong with it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProjectionStatus:
    """How far a projection has read, how far behind the ledger it is, how big it is."""

    name: str
    position: int
    head: int
    rows: int
    one_row_per_event: bool = False
    stale: str | None = None
    """Why it must be rebuilt before use (made by an earlier version, say), where the
    connection may only read and so could not rebuild it when the ledger was opened."""

    @property
    def lag(self) -> int:
        """Events recorded that the projection has not applied yet."""
        return self.head - self.position

    @property
    def problem(self) -> str | None:
        """What is plainly wrong, found without replaying anything; None if nothing is."""
        if self.stale is not None:
            return None  # not wrong: rebuilt from the events when opened with write access
        if self.position > self.head:
            return (
                f"says it has read {self.position - self.head:,} events past the ledger's last "
                "(its tracking was changed, or events were removed)"
            )
        if self.one_row_per_event and self.rows != self.position:
            return (
                f"holds {self.rows:,} rows for positions 1 to {self.position:,} (rows were "
                "removed or added outside portfolio-ledger)"
            )
        return None
