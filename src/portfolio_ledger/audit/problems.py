"""What verification finds: the first bad position, and what is wrong there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID


@dataclass(frozen=True, slots=True)
class Problem:
    """The first bad position and what is wrong there."""

    position: int
    kind: str
    detail: str
    #: what was checked against ("digest", "checkpoint") may be another ledger's: the
    #: record is not shown altered
    elsewhere: str | None = None
    #: the events are as the checkpoint checked against signs them: only it is wrong
    events_intact: bool = False

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


def rewritten_at(
    position: int, links: tuple[str, str], said: datetime | None, recorded: datetime | None
) -> Problem:
    """A digest whose link is not the chain's at its position.

    ``said`` and ``recorded``: when the digest says, and the ledger's event shows, that
    position was recorded; if they differ, the digest may be another ledger's.
    """
    history = (
        f"the ledger no longer holds the history that digest named. An event at or before "
        f"position {position:,} was changed, removed or inserted and every later link recomputed"
    )
    detail = (
        f"the digest says the chain's link here is {links[0]}, the ledger's events give {links[1]}"
    )
    if said is None or recorded is None or recorded.astimezone(UTC).replace(microsecond=0) == said:
        return Problem(position, "rewritten", f"{detail}: {history}")
    return Problem(
        position,
        "rewritten",
        f"{detail}, and it says position {position:,} was recorded at {said:%Y-%m-%dT%H:%M:%SZ}, "
        f"the ledger's event there at {recorded:%Y-%m-%dT%H:%M:%SZ}: the digest is another "
        f"ledger's (or was edited), or {history}",
        elsewhere="digest",
    )
