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
    """Every name the person of ``key`` has been registered under, the current one first.

    Their own registration alone is read at each moment: reading everyone's there made
    ``audit trail --actor`` take 8 minutes on a ledger of 3,000 people, 200 renamed.
    """
    from portfolio_ledger.application.selection import Moment, TrailFilter

    rows = reader.trail(TrailFilter(subject=key, subject_kinds=("person",)))
    names: list[str] = []
    for moment in [Moment(), *(Moment(as_of=row["recorded_at"]) for row in rows)]:
        for person in reader.people(moment, [key]):
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


RENAMED = (
    "(their registration was corrected), and the trail keeps the name each decision was "
    "recorded with"
)
"""Why a renamed person's decisions are under more than one name, as both messages say it."""


def _give(others: list[str]) -> str:
    """``--actor "A", and --actor "B" for those recorded as B``: the names to ask for."""
    return also_as(others).removeprefix(", and ")


def other_names_warning(reader: ReadSide, actor: str) -> str | None:
    """A warning where ``actor`` is a name of a person registered under others too."""
    found = _other_names(reader, actor)
    if found is None:
        return None
    key, others = found
    return (
        f"Warning: {actor} ({key}) has been registered as {', '.join(others)} too {RENAMED}: "
        f"these are only the decisions recorded as {actor!r}; give {_give(others)}."
    )


def renamed_refusal(reader: ReadSide, actor: str) -> str | None:
    """Why no decision is under ``actor``, a name of a renamed person: the names that have some."""
    found = _other_names(reader, actor)
    if found is None:
        return None
    key, others = found
    return (
        f"{actor} is a name of {key}, who has been registered as {', '.join(others)} too "
        f"{RENAMED}; give {_give(others)}"
    )


def person_named(reader: ReadSide, actor: str) -> tuple[str, list[str]] | None:
    """The key and registered names (current first) of the person ``actor`` names.

    Their key, a name they have been registered under, or their name and key as the
    ledger writes them, compared as segregation of duties compares them (any case and
    spacing, letters that show alike): :func:`~portfolio_ledger.domain.people.own_names`.
    """
    from portfolio_ledger.application.selection import Moment
    from portfolio_ledger.domain.people import forms, own_names

    asked, renamed = forms(actor), _renamed(reader)
    for person in reader.people(Moment()):
        names = renamed.get(person.key, [person.name])
        if any(not asked.isdisjoint(own_names(person.key, name)) for name in names):
            return person.key, names
    return None


def other_spellings_warning(reader: ReadSide, actor: str) -> str | None:
    """A warning where the trail holds the person ``actor`` names under other spellings.

    ``--actor`` matches the actor as recorded, in any case: a decision not governed that
    recorded Helen Carter as ``hcarter``, ``Helen  Carter`` or ``Helen Carter (hcarter)``
    is not among ``--actor "Helen Carter"``'s, though the ledger reads each as her.
    Registered names the other warnings name already are left to them.
    """
    from portfolio_ledger.domain.people import forms, own_names

    found = person_named(reader, actor)
    if found is None:
        return None
    key, names = found
    theirs = frozenset().union(*(own_names(key, name) for name in names))
    registered = {fold(name) for name in names}
    named = registered if fold(actor) in registered | {fold(key)} else set()
    others = [
        spelling
        for spelling in reader.trail_values("actor")
        if fold(spelling) not in named | {fold(actor)} and not forms(spelling).isdisjoint(theirs)
    ]
    if not others:
        return None
    return (
        f"Warning: the trail also holds decisions recorded with the actor "
        f"{', '.join(map(repr, others))}, which the ledger reads as {names[0]} ({key}) "
        "(as segregation of duties compares names: any case and spacing, their key, their "
        "name and key as the ledger writes them); they are not among these: give "
        + " and ".join(f'--actor "{other}"' for other in others)
        + " for those."
    )


def keyed_person(reader: ReadSide, actor: str) -> tuple[str, str] | None:
    """The key and name of the person whose key ``actor`` is (any case), if any.

    That person's registration alone is read: reading everyone's took seconds on a
    ledger of 3,000 people, for every ``audit trail --actor``.
    """
    from portfolio_ledger.application.selection import Moment
    from portfolio_ledger.domain.errors import InvalidKey
    from portfolio_ledger.domain.keys import normalise_person_key

    try:
        key = normalise_person_key(actor.strip())
    except InvalidKey:
        return None  # no key at all: no one's
    for person in reader.people(Moment(), [key]):
        if person.key.casefold() == actor.casefold() and person.name != actor:
            return person.key, person.name
    return None


def warn_of_key(reader: ReadSide, actor: str) -> None:
    """Say so when ``actor``, found as typed, is a person's key (or a name they have had).

    The decisions the person recorded under a name are not those found as typed, nor
    those under a name their registration had before it was corrected, nor those
    recorded with another spelling the ledger reads as them (their key typed, say).
    """
    import click

    keyed = keyed_person(reader, actor)
    if keyed is None:
        warning = other_names_warning(reader, actor)
    else:
        key, name = keyed
        warning = (
            f"Warning: {key} is the key of {name}, and the trail keeps the name each decision "
            f"was recorded with: these are only the decisions recorded with the actor "
            f'{actor!r} as typed, not those recorded as {name}; give --actor "{name}" for '
            f"those{also_as(earlier_names(reader, key, name))}."
        )
    for said in (warning, other_spellings_warning(reader, actor)):
        if said is not None:
            click.echo(said, err=True)
