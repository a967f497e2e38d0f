"""The ledger's repository: the library's, folding an aggregate's events without a per-event check.

With it, how aggregates are loaded many at a time (``loaded_together``), and
how a batch keeps those it folded again (``KeptWhole``).

The library folds loaded events with ``project_aggregate``, which asserts
``isinstance(event, CanMutateProtocol)`` for every event: a check against a
runtime-checkable Protocol, which Python makes by looking up each of the
Protocol's attributes. Loading items already in the ledger (an import that
updates them, a decision, a replay refolding one) spent about a seventh of
its time there. The ledger's events are its own classes, which all mutate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.application import Repository, project_aggregate

from portfolio_ledger.application.errors import folded_in_turn

if TYPE_CHECKING:
    from eventsourcing.persistence import StoredEvent

    from portfolio_ledger.application.ports import EventLog
    from portfolio_ledger.domain.decided import DecidedAggregate

KEPT_DECISIONS = 10_000
"""Decisions the aggregates a batch keeps whole may hold (about 17 MB: 1.7 KB a decision)."""


class LedgerRepository(Repository[UUID]):
    """The library's repository; where it would fold with ``project_aggregate``, :func:`folded`."""

    def get(self, aggregate_id: UUID, **options: Any) -> Any:
        """As the library's ``get`` (same options), folding with :func:`folded` by default."""
        if options.get("projector_func", project_aggregate) is project_aggregate:
            options["projector_func"] = folded
        return super().get(aggregate_id, **options)


def folded(aggregate: Any, events: Iterable[Any]) -> Any:
    """Each event's ``mutate`` in turn, from ``aggregate``: ``project_aggregate``, no assert.

    An event that does not follow from those before it (stored behind the
    ledger's back) is refused as such, not left to fail as a bug.
    """
    return folded_in_turn(aggregate, events)


def loaded_together(
    log: EventLog,
    versions: Mapping[UUID, int | None],
    decode: Callable[[StoredEvent], Any],
) -> dict[int, Any]:
    """These aggregates, each at its version (None: its last), read in a query per few hundred.

    What ``repository.get(id, version=...)`` gives for each, keyed by ``UUID.int``,
    without a query apiece: an import that updates thousands of items, or the
    catch-up after it, spent half its time loading them one by one. An
    aggregate not in the store, or without that version, is left out (the
    caller's own ``get`` then says why).
    """
    found = {}
    for originator, history in log.iter_histories(list(versions)):
        version = versions[originator]
        upto = (
            history if version is None else [s for s in history if s.originator_version <= version]
        )
        if upto and (version is None or upto[-1].originator_version == version):
            found[originator.int] = folded(None, map(decode, upto))
    return found


class KeptWhole:
    """Aggregates kept with their decisions after folding them again; the least recent go first.

    A file of decisions recorded late often has several for one item: kept
    whole, the next folds again without loading the item again. Bounded by
    the decisions they hold (an item's version counts them): past
    :data:`KEPT_DECISIONS`, the least recent are kept without theirs.
    """

    def __init__(self) -> None:
        self._kept: dict[int, tuple[DecidedAggregate, int]] = {}
        self._held = 0

    def keep(self, key: int, aggregate: DecidedAggregate) -> None:
        """Keep it whole if it just folded again; else (and past the bound) without decisions."""
        if self._kept:  # (an import in order keeps none: nothing to let go of)
            self.drop(key)
        if not aggregate.refolded:
            aggregate.forget_history()
            return
        self._kept[key] = (aggregate, aggregate.version)
        self._held += aggregate.version
        while self._held > KEPT_DECISIONS:
            oldest, held = self._kept.pop(next(iter(self._kept)))
            self._held -= held
            oldest.forget_history()

    def drop(self, key: int) -> None:
        """Keep this one no longer (a batch loads it again, or keeps it anew)."""
        dropped = self._kept.pop(key, None)
        if dropped is not None:
            self._held -= dropped[1]
