"""A renamed person's names are read from their own registration, not everyone's.

``audit trail --actor`` asks, for each person whose registration was corrected,
every name they have had: the people as they stood at each of that person's
decisions. Everyone was read at each such moment, so a ledger of 3,000 people, 200
of them renamed, took 8 minutes (600 people: 24 s) to list one actor's decisions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from portfolio_ledger.cli.actor_names import registered_names


class _Reader:
    """Helen Carter (hcarter), registered, then renamed Helen Jones; and 500 others."""

    def __init__(self) -> None:
        self.asked: list[Sequence[str] | None] = []

    def trail(self, _where: Any) -> list[dict[str, Any]]:
        return [{"recorded_at": datetime(2026, 1, day, tzinfo=UTC)} for day in (5, 9)]

    def people(self, moment: Any, keys: Sequence[str] | None = None) -> list[Any]:
        self.asked.append(keys)
        early = moment.as_of is not None and moment.as_of.day == 5
        helen = SimpleNamespace(key="hcarter", name="Helen Carter" if early else "Helen Jones")
        others = [SimpleNamespace(key=f"p{n}", name=f"P {n}") for n in range(500)]
        return [helen] if keys == ["hcarter"] else [helen, *others]


def test_a_renamed_persons_names_read_their_registration_alone() -> None:
    reader = _Reader()

    assert registered_names(reader, "hcarter") == ["Helen Jones", "Helen Carter"]  # type: ignore[arg-type]
    assert reader.asked == [["hcarter"]] * 3  # now, and at each of their two decisions


def test_an_actor_typed_as_a_key_reads_that_persons_registration_alone() -> None:
    # keyed_person read everyone's registration for every 'audit trail --actor': about
    # two seconds of a six-second command on a ledger of 3,000 people.
    from portfolio_ledger.cli.actor_names import keyed_person

    reader = _Reader()

    assert keyed_person(reader, "HCARTER") == ("hcarter", "Helen Jones")  # type: ignore[arg-type]
    assert keyed_person(reader, "Helen Jones") is None  # type: ignore[arg-type]
    assert reader.asked == [["hcarter"]]  # a name is no key: no one is read for it
