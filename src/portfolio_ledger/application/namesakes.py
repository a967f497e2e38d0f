"""One person, one key: a name that is already another person's is refused.

A person registered twice, under two keys, would count twice towards a
board's quorum. Names are compared as segregation of duties compares them
(:func:`~portfolio_ledger.domain.people.same_name`: case, spacing, lookalike
letters), so what the ledger would take for the same person in a conflict
check it takes for the same person here: their name, or their name and key as the
ledger writes them (``Helen Carter (hcarter)``), or their key (``hcarter``).
"""

from __future__ import annotations

from functools import partial

from portfolio_ledger.application.registered import checked_again_when_stored, registered
from portfolio_ledger.application.unit_of_work import UnitOfWork
from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.people import Person, PersonRegistered, same_name


def check_no_namesake(uow: UnitOfWork, key: str, name: str) -> None:
    """Refuse ``name`` for person ``key`` if it is the name of a person under another key.

    Checked again as the person is stored, under the append lock: two people of one
    name registered at the same moment under two keys are not both recorded.
    """
    checked_again_when_stored(uow, partial(_no_namesake, uow, key, name))


def _no_namesake(uow: UnitOfWork, key: str, name: str) -> None:
    people: list[Person] = registered(uow, PersonRegistered)
    for other in people:
        if other.key != key and same_name(other.key, name):
            raise InvalidDecision(
                f"{' '.join(name.split())!r} is the key of {other.label()}, registered "
                "already, and segregation of duties reads it as them: one person is registered "
                f"once, under one key, so that they count once towards a board's quorum. Use "
                f"the key {other.key}; for a different person, register them under their name"
            )
        if other.key != key and (same_name(other.name, name) or same_name(other.label(), name)):
            raise InvalidDecision(
                f"{' '.join(name.split())!r} is the name of {other.label()}, registered "
                f"already: one person is registered once, under one key, so that they count "
                f"once towards a board's quorum. Use the key {other.key}; for a different "
                "person of the same name, register them under a distinguishing name "
                f'(e.g. "{" ".join(name.split())} (Finance)")'
            )
