"""The names a person has been registered under, for ``audit trail --actor``.

A governed decision records its actor's registered name as it stood when it was
recorded, and the trail keeps it: a person whose name was corrected since (``decision
correct N --set name=...``) has decisions under each name. ``--actor`` finds one
name's, so where the person answering to it has been registered under others,
the message says which, to ask for those too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portfolio_ledger.domain.caseless import fold

if TYPE_CHECKING:
    from portfolio_ledger.projections.read_side import ReadSide


def registered_names(reader: ReadSide, key: str) -> list[str]:
    """Every name the person of ``key`` has been registered under, the current one first."""
    from portfolio_ledger.application.selection import Moment, TrailFilter

    rows = reader.trail(TrailFilter(subject=key, subject_kinds=("person",)))
    names: list[str] = []
    for moment in [Moment(), *(Moment(as_of=row["recorded_at"]) for row in rows)]:
        for person in reader.people(moment):
            if person.key == key and person.name not in names:
                names.append(person.name)
    return names


def _renamed(reader: ReadSide) -> dict[str, list[str]]:
    """The people whose registration was corrected, by key: each name they had, current first."""
    from portfolio_ledger.application.selection import TrailFilter

    corrected = TrailFilter(event_type="DecisionCorrected", subject_kinds=("person",))
    keys = sorted({row["subject"] for row in reader.trail(corrected)})
    return {key: names for key in keys if len(names := registered_names(reader, key)) > 1}


def earlier_names(reader: ReadSide, key: str, name: str) -> list[str]:
    """The person's other registered names (not ``name``) that decisions were recorded with."""
    others = [other for other in registered_names(reader, key) if fold(other) != fold(name)]
    return [other for other in others if reader.trail_values("actor", [other])]


def also_as(names: list[str]) -> str:
    """``, and --actor "Helen Carter" for those recorded as Helen Carter``: one per name."""
    return "".join(f', and --actor "{other}" for those recorded as {other}' for other in names)


def _other_names(reader: ReadSide, actor: str) -> tuple[str, list[str]] | None:
    """The key of the renamed person ``actor`` is a name of, and their other names in the trail."""
    for key, names in _renamed(reader).items():
        if fold(actor) in {fold(name) for name in names}:
            others = earlier_names(reader, key, actor)
            if others:
                return key, others
    return None


def other_names_warning(reader: ReadSide, actor: str) -> str | None:
    """A warning where ``actor`` is a name of a person registered under others too."""
    found = _other_names(reader, actor)
    if found is None:
        return None
    key, others = found
    return (
        f"Warning: {actor} ({key}) has been registered as {', '.join(others)} too (their "
        "registration was corrected), and the trail keeps the name each decision was "
        f"recorded with: these are only the decisions recorded as {actor!r}; give "
        + also_as(others).removeprefix(", and ")
        + "."
    )


def renamed_refusal(reader: ReadSide, actor: str) -> str | None:
    """Why no decision is under ``actor``, a name of a renamed person: the names that have some."""
    found = _other_names(reader, actor)
    if found is None:
        return None
    key, others = found
    return (
        f"{actor} is a name of {key}, who has been registered as {', '.join(others)} too "
        "(their registration was corrected), and the trail keeps the name each decision was "
        "recorded with; give " + also_as(others).removeprefix(", and ")
    )
