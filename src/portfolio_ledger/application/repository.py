"""The ledger's repository: the library's, folding an aggregate's events without a per-event check.

The library folds loaded events with ``project_aggregate``, which asserts
``isinstance(event, CanMutateProtocol)`` for every event: a check against a
runtime-checkable Protocol, which Python makes by looking up each of the
Protocol's attributes. Loading items already in the ledger (an import that
updates them, a decision, a replay refolding one) spent about a seventh of
its time there. The ledger's events are its own classes, which all mutate.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from eventsourcing.application import Repository, project_aggregate


class LedgerRepository(Repository[UUID]):
    """The library's repository; where it would fold with ``project_aggregate``, :func:`folded`."""

    def get(self, aggregate_id: UUID, **options: Any) -> Any:
        """As the library's ``get`` (same options), folding with :func:`folded` by default."""
        if options.get("projector_func", project_aggregate) is project_aggregate:
            options["projector_func"] = folded
        return super().get(aggregate_id, **options)


def folded(aggregate: Any, events: Iterable[Any]) -> Any:
    """Each event's ``mutate`` in turn, from ``aggregate``: ``project_aggregate``, no assert."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate
