"""Who a person's registration said they were, until a correction of it set that aside.

Segregation of duties matches people with an item's sponsor by their key, their name
and the posts they hold, as registered. No one corrects their own registration
(``people.check_not_by_themselves``), but anyone else may: the holder of the post that
sponsors an item, corrected to hold another, then votes on the item. As corrected they
never held it, so the rules allow the vote; the record did say they held it, as it says
of a sponsor corrected away, and ``audit authority`` flags both alike
(``stood_aside.sponsors_elsewhen``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.people import PersonRegistered, forms, named_in, names_of, own_names
from portfolio_ledger.domain.record_keeping import DecisionCorrected

WHO = ("name", "roles")
"""What of a registration says who a person is."""


@dataclass(frozen=True, slots=True)
class FormerSelf:
    """A person as their registration was recorded until a correction of who they are."""

    names: frozenset[str]
    """Everything that meant them then (``Person.names()``)."""
    said: str
    """``the correction of their registration (corrects ...; recorded 2026-12-07)``."""
    own: frozenset[str] = frozenset()
    """Their key, name and label then (``Person.own_names()``)."""

    def named_by(self, text: str) -> bool:
        """Whether ``text`` (a sponsor as recorded) meant them then, alone or among others."""
        return not forms(text).isdisjoint(self.names) or not named_in(text).isdisjoint(self.own)


def former_selves(events: Sequence[DecisionEvent]) -> list[FormerSelf]:
    """Each person a registration's ``events`` said, before a correction changed who they are."""
    found: list[FormerSelf] = []
    key, name = "", ""
    roles: tuple[str, ...] = ()
    for event in events:
        if isinstance(event, PersonRegistered):
            key, name, roles = event.key, event.name, event.roles
        elif isinstance(event, DecisionCorrected) and any(f in event.corrected for f in WHO):
            recorded = event.timestamp.date().isoformat()
            said = f"the correction of their registration ({event.describe()}; recorded {recorded})"
            found.append(FormerSelf(names_of(key, name, roles), said, own_names(key, name)))
            name = str(event.corrected.get("name", name))
            roles = tuple(event.corrected.get("roles", roles))
    return found
