"""Every aggregate of a kind the ledger has recorded (every person, every board).

Found by the topic of the event that makes one, through a partial index of those
events' rows where the database has it (storage/made_index.py; else a scan): a
unit of work reads them once, then only what was added since (``_SEEN``); a
batch sends what it keeps to the database first, so that its own are found.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast
from uuid import UUID
from weakref import WeakKeyDictionary

from eventsourcing.utils import get_topic

from portfolio_ledger.application.batch import Batch
from portfolio_ledger.application.unit_of_work import SingleCommand, UnitOfWork

_EVERY = 1 << 40
"""More than any ledger records: read them all in one page."""


def registered(uow: UnitOfWork, making: type) -> list[Any]:
    """Every aggregate made by an event of type ``making``, as it stands now in ``uow``."""
    if isinstance(uow, Batch):
        uow.flush()  # what the batch made, where the query below finds it
    topic = get_topic(making)
    seen = _SEEN.setdefault(uow, {})
    after, ids = seen.get(topic, (0, ()))
    found = uow.ledger.recorder.select_notifications(
        after, _EVERY, topics=[topic], inclusive_of_start=False
    )
    if found:
        ids = (*ids, *(UUID(str(notification.originator_id)) for notification in found))
        seen[topic] = (found[-1].id, ids)
    return [uow.get(aggregate_id) for aggregate_id in ids]


def checked_again_when_stored(uow: UnitOfWork, check: Callable[[], object]) -> None:
    """Run ``check`` now and, for a single command, again under the append lock as it stores."""
    check()
    again_when_stored(uow, check)


def again_when_stored(uow: UnitOfWork, check: Callable[[], object]) -> None:
    """For a single command, run ``check`` again under the append lock as it stores.

    A check across aggregates (a person's name among everyone's, a board's limit
    against its parent's and those under it, a meeting's members and quorum, a
    delegation's grant) reads aggregates the decision does not save, so no
    version number guards them: another process could record one between the
    check and the save (two people of one name registered at once, both under
    their own keys; a member stood down). Under the lock nobody else records,
    and the reads see what others committed; a batch holds the lock from its
    start. A refusal is raised; what the check returns is not kept.
    """
    if uow.single:  # isinstance(uow, SingleCommand), without ABCMeta's call into Python
        cast(SingleCommand, uow).rechecks.append(check)


_SEEN: WeakKeyDictionary[UnitOfWork, dict[str, tuple[int, tuple[UUID, ...]]]]
_SEEN = WeakKeyDictionary()
"""For each unit of work and topic, the last position read and the aggregates up to it."""
