"""One person, one key: a name that is already another person's is refused.

A person registered twice, under two keys, would count twice towards a
board's quorum. Names are compared as segregation of duties compares them
(:func:`~portfolio_ledger.domain.people.same_name`: case, spacing, lookalike
letters), so what the ledger would take for the same person in a conflict
check it takes for the same person here.
"""

from __future__ import annotations

from uuid import UUID
from weakref import WeakKeyDictionary

from eventsourcing.utils import get_topic

from portfolio_ledger.application.unit_of_work import Batch, UnitOfWork
from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.people import Person, PersonRegistered, same_name

_EVERY = 1 << 40
"""More people than any ledger registers: read them all in one page."""


def check_no_namesake(uow: UnitOfWork, key: str, name: str) -> None:
    """Refuse ``name`` for person ``key`` if it is the name of a person under another key."""
    for other in _people(uow):
        if other.key != key and same_name(other.name, name):
            raise InvalidDecision(
                f"{' '.join(name.split())!r} is the name of {other.label()}, registered "
                f"already: one person is registered once, under one key, so that they count "
                f"once towards a board's quorum. Use the key {other.key}; for a different "
                "person of the same name, register them under a distinguishing name "
                f'(e.g. "{" ".join(name.split())} (Finance)")'
            )


def _people(uow: UnitOfWork) -> list[Person]:
    """Every registered person, as they stand now (those a batch registered included).

    The registrations are found by their topic, which no index covers: a batch reads
    the whole log once, then only what it has added since (``_SEEN``).
    """
    if isinstance(uow, Batch):
        uow.flush()  # what the batch registered, where the query below finds it
    after, ids = _SEEN.get(uow, (0, ()))
    found = uow.ledger.recorder.select_notifications(
        after, _EVERY, topics=[get_topic(PersonRegistered)], inclusive_of_start=False
    )
    if found:
        ids = (*ids, *(UUID(str(notification.originator_id)) for notification in found))
        _SEEN[uow] = (found[-1].id, ids)
    return [uow.get(aggregate_id) for aggregate_id in ids]


_SEEN: WeakKeyDictionary[UnitOfWork, tuple[int, tuple[UUID, ...]]] = WeakKeyDictionary()
"""For each unit of work, the last position read and the people registered up to it."""
