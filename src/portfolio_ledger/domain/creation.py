"""Making a new aggregate from its first decision: the library's way, without its per-call work.

The library's ``_create`` makes the created event, then builds the aggregate
from it as a replay would: it resolves the aggregate's class from the
event's topic and, for each initialiser, picks out the event fields it
takes. The ledger's aggregates take nothing but the library's own id,
version and time, so that work gives the same answer every time; an
import makes tens of thousands of items and pays it for each.
:class:`MadeDirectly` makes the same event and the same aggregate directly,
by the same calls, for classes where it is the same (:func:`_direct`), and
leaves every other case to the library.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import cache
from typing import Any, Self
from uuid import UUID

import eventsourcing.domain as library
from eventsourcing.domain import BaseAggregate

from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.event_making import maker


class MadeDirectly:
    """Mixed into an aggregate class (before the library's): ``_create`` made direct."""

    @classmethod
    def _create(
        cls,
        event_class: Any,
        *,
        id: Any = None,  # noqa: A002 - the library's signature
        **kwargs: Any,
    ) -> Self:
        """As the library's ``_create``: the created event, and the aggregate it makes."""
        if type(id) is not UUID or not _direct(cls):  # type: ignore[arg-type]
            return super()._create(event_class, id=id, **kwargs)  # type: ignore[misc, no-any-return]
        if kwargs.get("timestamp") is None:
            kwargs["timestamp"] = event_class.create_timestamp()
        version = cls.INITIAL_VERSION  # type: ignore[attr-defined]
        created = maker(event_class)(
            originator_topic=_topic(cls), originator_id=id, originator_version=version, **kwargs
        )
        aggregate = cls.__new__(cls)
        aggregate.__base_init__(  # type: ignore[attr-defined]
            originator_id=id, originator_version=version, timestamp=created.timestamp
        )
        aggregate.__init__()  # type: ignore[misc]
        created.apply(aggregate)
        aggregate.pending_events.append(created)  # type: ignore[attr-defined]
        return aggregate


@cache
def _direct(cls: Any) -> bool:
    """Whether the library would make ``cls`` exactly as :class:`MadeDirectly` does.

    Its initialiser takes nothing (so gets no field of the event, nor the id),
    its base initialiser is the library's, and no explicit topic is named.
    """
    return (
        list(inspect.signature(cls.__init__).parameters) == ["self"]
        and getattr(cls, "__base_init__", None) is BaseAggregate.__base_init__
        and not getattr(cls, "TOPIC", None)
    )


_topic: Callable[[type], str] = library.get_topic  # type: ignore[attr-defined]  # utils' own
"""The library's topic of a class (the domain layer reads it from the library's domain module)."""


def created_by(event: Any) -> Any | None:
    """The aggregate a creation event makes, as the library's ``mutate`` makes it; None if not so.

    A replay makes an aggregate from each creation event it reads; the
    library's ``CanInitAggregate.mutate`` resolves the aggregate's class from
    the event's topic and picks out, for each initialiser, the event fields it
    takes. For a class :func:`_direct` holds for, that is the library's id,
    version and time for the base initialiser and nothing for ``__init__``
    (which does not take the id): the same calls are made here, in the same
    order. None (the caller uses ``event.mutate``) for an event class with a
    ``mutate`` or ``apply`` of its own, or an aggregate class the library
    would make otherwise.
    """
    kind = type(event)
    if kind.mutate is not _INIT_MUTATE or kind.apply is not _DECISION_APPLY:
        return None
    topic = event.originator_topic
    cls = _CLASSES.get(topic)
    if cls is None:
        cls = _CLASSES[topic] = _resolve(topic)
    if not _direct(cls):
        return None
    aggregate = cls.__new__(cls)
    fields = event.__dict__
    aggregate.__base_init__(
        originator_id=fields["originator_id"],
        originator_version=fields["originator_version"],
        timestamp=fields["timestamp"],
    )
    aggregate.__init__()
    event.apply(aggregate)
    return aggregate


_CLASSES: dict[str, Any] = {}
_INIT_MUTATE = library.CanInitAggregate.mutate
_DECISION_APPLY = DecisionEvent.apply
_resolve: Callable[[str], Any] = library.resolve_topic  # type: ignore[attr-defined]  # utils' own
