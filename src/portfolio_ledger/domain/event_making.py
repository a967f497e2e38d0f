"""Making a decision's event: the same event as calling its class, with less work per event.

A frozen dataclass's ``__init__`` sets each field through
``object.__setattr__``, then ``__post_init__`` checks the id (the
library's) and turns lists into tuples, reading each field back by name
(the ledger's). An import makes an event per line, so :func:`maker` writes,
once per event class, a function with the same parameters that does the
same in one pass: the same checks, in the same order, and the same fields,
in the same order, in the event's ``__dict__``. A class it cannot make so (a
``__post_init__`` or ``__init__`` of its own, a field with a factory, a
property or slot where a field is) is made by calling it, as before.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.domain import DomainEvent

from portfolio_ledger.domain.decision import DecisionEvent

T = TypeVar("T")
_POST_INITS = {DecisionEvent.__post_init__, DomainEvent.__post_init__}
"""The ``__post_init__`` methods the made function does the work of."""


def maker(event_class: type[T]) -> Callable[..., T]:
    """What makes ``event_class``'s events: a function made for it, or the class itself."""
    found = _MADE.get(event_class)
    if found is None:
        found = _MADE[event_class] = _made_for(event_class)
    return found


_MADE: dict[type, Callable[..., Any]] = {}


def mutate_next(event: DecisionEvent, aggregate: Any) -> None:
    """``event.mutate(aggregate)`` for an event the aggregate just made as its next.

    The library's ``mutate`` checks the event is the aggregate's (its id) and its next
    version, which hold by construction, then applies it and moves the version and the
    modified time on: done here directly, without its calls, as the replay does
    (``projections.replay``). A class with a ``mutate`` or ``apply`` of its own is left to them.
    """
    plain = _PLAIN_MUTATE.get(type(event))
    if plain is None:
        kind = type(event)
        mutates, applies = getattr(kind, "mutate", None), getattr(kind, "apply", None)
        plain = _PLAIN_MUTATE[kind] = mutates is _MUTATE and applies is _APPLY
    if not plain:
        event.mutate(aggregate)
        return
    aggregate.take(event)
    # What the version and modified_on setters set, without their calls (the library's
    # attributes: tests/test_library_contract.py).
    aggregate._version = event.originator_version
    aggregate._modified_on = event.timestamp


_PLAIN_MUTATE: dict[type, bool] = {}
_MUTATE = DecisionEvent.mutate
_APPLY = DecisionEvent.apply


def _made_for(event_class: type[T]) -> Callable[..., T]:
    if not dataclasses.is_dataclass(event_class):
        return event_class
    fields = dataclasses.fields(event_class)
    if not _plain(event_class, fields):
        return event_class
    parameters: list[str] = []
    defaults: dict[str, Any] = {}
    for field in fields:
        if field.default is dataclasses.MISSING:
            parameters.append(field.name)
        else:
            defaults[f"_default_{field.name}"] = field.default
            parameters.append(f"{field.name}=_default_{field.name}")
    lines = [
        f"def __init__({', '.join(parameters)}):",
        "    if not isinstance(originator_id, UUID):",
        "        raise TypeError(f'{CLASS} was initialized with a non-UUID originator_id: '",
        "                        f'{originator_id!r}')",
        "    event = new(CLASS)",
        "    state = event.__dict__",
        *(
            f"    state[{f.name!r}] = tuple({f.name}) if isinstance({f.name}, list) else {f.name}"
            for f in fields
        ),
        "    return event",
    ]
    scope: dict[str, Any] = {"CLASS": event_class, "UUID": UUID, "new": object.__new__, **defaults}
    exec("\n".join(lines), scope)  # noqa: S102 - our own text, from the class's field names
    made: Callable[..., T] = scope["__init__"]
    made.__qualname__ = f"{event_class.__qualname__}.__init__"  # its errors name it as the class's
    return made


def _plain(event_class: type, fields: tuple[dataclasses.Field[Any], ...]) -> bool:
    """Whether calling the class does exactly what the made function does.

    Its ``__init__`` is the one ``dataclass`` wrote (its parameters are the
    fields, in order, each taking its default, none keyword-only); no
    ``__post_init__`` but the ledger's and the library's, no ``__new__`` of
    its own; every field is a plain identifier kept in the instance's
    ``__dict__`` (no slot, property or other descriptor by its name); no
    default made by a factory.
    """
    names = [field.name for field in fields]
    if names[:2] != ["originator_id", "originator_version"] or "__slots__" in vars(event_class):
        return False
    if cast(Any, event_class).__new__ is not object.__new__ or any(
        "__post_init__" in vars(k) and vars(k)["__post_init__"] not in _POST_INITS
        for k in event_class.__mro__
    ):
        return False
    init = vars(event_class).get("__init__")
    if init is None or getattr(init, "__qualname__", "") != f"{event_class.__qualname__}.__init__":
        return False
    taken = [(p.name, p.kind, p.default) for p in inspect.signature(init).parameters.values()]
    keyword = inspect.Parameter.POSITIONAL_OR_KEYWORD
    empty = inspect.Parameter.empty
    if taken[1:] != [
        (f.name, keyword, empty if f.default is dataclasses.MISSING else f.default) for f in fields
    ]:
        return False
    return all(
        field.init
        and field.default_factory is dataclasses.MISSING
        and field.name.isidentifier()
        and not hasattr(_found_static(event_class, field.name), "__set__")
        for field in fields
    )


def _found_static(kind: type, name: str) -> Any:
    """What ``inspect.getattr_static(kind, name, None)`` finds, found more cheaply.

    The first class (then metaclass) in method resolution order whose own namespace
    holds ``name`` gives it: the same look-up without ``getattr_static``'s check of
    each class for a shadowed ``__dict__`` (which only odd classes have), which cost
    two thirds of making an event class's maker over its long inheritance.
    """
    metaclass: type = type(kind)
    for klass in (*kind.__mro__, *metaclass.__mro__):
        namespace = vars(klass)
        if name in namespace:
            return namespace[name]
    return None
