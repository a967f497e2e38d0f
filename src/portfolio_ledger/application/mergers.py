"""The items merged into an item, as they stand, and the rule that it is open on those days.

Found by the stored events that could merge into the item (``EventLog.mergers_into``,
an index of them where the database has it: ``storage/merged_index.py``), each
item found folded to keep the mergers in effect: what it costs grows with the
items merged into this one, not with every item that ever left.

A batch (an import) holds the append lock from its start: it reads every stored
merger once, and notes each merger of its own as it keeps it (``note_merger``,
by the handlers that decide one, once their checks pass), so none of its own is
missed, stored yet or not, and a refused line's is not noted.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from uuid import UUID
from weakref import WeakKeyDictionary

from portfolio_ledger.application.batch import Batch
from portfolio_ledger.application.registered import checked_again_when_stored
from portfolio_ledger.application.unit_of_work import UnitOfWork
from portfolio_ledger.domain.decision import Decision
from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.events import ItemLeft
from portfolio_ledger.domain.governance_facts import as_at
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.lifecycle import OPEN
from portfolio_ledger.domain.mergers import CLOSING, check_open_for_mergers

Mergers = dict[str, set[UUID]]
"""By the key merged into, the aggregates merging into it."""


def note_merger(uow: UnitOfWork, into: str, aggregate_id: UUID) -> None:
    """Note that a batch's own decision merges ``aggregate_id`` into item ``into``."""
    if isinstance(uow, Batch):
        _NOTED.setdefault(uow, {}).setdefault(into, set()).add(aggregate_id)


def merged_into(uow: UnitOfWork, key: str) -> Iterator[tuple[str, ItemLeft]]:
    """Each other item's leaving by a merger into item ``key``, as it stands."""
    for aggregate_id in _candidates(uow, key):
        whole = as_at(uow.history(aggregate_id))
        if not isinstance(whole, PortfolioItem) or whole.key == key:
            continue
        for decision in whole.in_effect():
            if isinstance(decision, ItemLeft) and decision.merged_into == key:
                yield whole.key, decision


def _candidates(uow: UnitOfWork, key: str) -> set[UUID]:
    if not isinstance(uow, Batch):
        return {found for _, found in uow.ledger.event_log.mergers_into(key)}
    stored = _STORED.get(uow)
    if stored is None:
        stored = _STORED[uow] = {}
        for into, found in uow.ledger.event_log.mergers_into(None):
            stored.setdefault(into, set()).add(found)
    return stored.get(key, set()) | _NOTED.get(uow, {}).get(key, set())


def closes(uow: UnitOfWork, subject: PortfolioItem, decision: Decision) -> None:
    """Refuse a decision closing ``subject`` on or before a day another was merged into it.

    Checked again as it is stored, under the append lock: a merger into it that
    another process records meanwhile is not missed.
    """
    if subject.stage in OPEN:
        return
    day = decision.effective_date
    refused = f"{subject.key} cannot {CLOSING[subject.stage]} with effect from {day}"
    check = partial(still_open, uow, subject, refused, "(--effective-date)")
    checked_again_when_stored(uow, check)


def still_open(uow: UnitOfWork, subject: PortfolioItem, refused: str, give_day: str) -> None:
    """Refuse ``subject``, as it would stand, closed by a day an item was merged into it."""
    mergers = [(key, left.decision.effective_date) for key, left in merged_into(uow, subject.key)]
    check_open_for_mergers(subject, mergers, refused, give_day)


def closed_too_soon(uow: UnitOfWork, subject: PortfolioItem) -> bool:
    """Whether ``subject`` stands closed by a day an item was merged into it, as recorded.

    Only a ledger recorded before the rule holds one.
    """
    try:
        still_open(uow, subject, "", "")
    except InvalidDecision:
        return True
    return False


_NOTED: WeakKeyDictionary[UnitOfWork, Mergers] = WeakKeyDictionary()
"""For each batch, the mergers it decided."""
_STORED: WeakKeyDictionary[UnitOfWork, Mergers] = WeakKeyDictionary()
"""For each batch, the mergers stored before it (read once: it holds the append lock)."""
