"""What verification finds: the first bad position, and what is wrong there."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """The first bad position and what is wrong there."""

    position: int
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"position {self.position:,}: {self.kind}: {self.detail}"


def positions_after(covered: int, last: int) -> str:
    """``position 7 is`` or ``positions 7 to 9 are``: the span after ``covered`` up to ``last``."""
    if covered + 1 == last:
        return f"position {last:,} is"
    return f"positions {covered + 1:,} to {last:,} are"
