"""What verification finds: the first bad position, and what is wrong there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


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


def describe_event(
    originator_id: UUID | bytes | str, version: int, topic: str | None = None
) -> str:
    """An event for people; its id and topic as stored, which a changed row may have made odd."""
    name = None if topic is None else topic.rpartition(":")[2]
    kind = "event" if name is None else f"event {name if name.isprintable() else ascii(name)}"
    aggregate = event_uuid(originator_id)
    said = ascii(originator_id) if aggregate is None else str(aggregate)
    return f"{kind} (aggregate {said}, version {version})"


def event_uuid(value: UUID | bytes | str) -> UUID | None:
    """The aggregate id: 16 bytes as the events table keeps it, hex text as the chain does."""
    if isinstance(value, UUID):
        return value
    try:
        return UUID(bytes=value) if isinstance(value, bytes) else UUID(value)
    except ValueError:
        return None  # not an id the ledger wrote


def recorded_note(moment: datetime | None) -> str:
    """`` (recorded <time>)`` for a sentence, or nothing if the time is unknown."""
    return "" if moment is None else f" (recorded {moment:%Y-%m-%dT%H:%M:%SZ})"
