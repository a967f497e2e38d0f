"""A stored event out of place, in words: which event, of which subject, and what was expected.

The ledger never stores an event its subject cannot fold: one that can't (a
second event creating an item, an item's later event with nothing before
it, a version out of turn) was put in the store some other way. The
event-sourcing library checks some of these with a bare ``assert``, which
says nothing (``AssertionError``); here each is said as what it is.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import CanInitAggregate, OriginatorIDError, OriginatorVersionError


def which(event: Any, before: Any = None) -> str:
    """``ItemProposed, version 4 of item PRJ-002``: the event, its version, its subject.

    The subject by its key where the events before it (or the event) name one,
    else by its id.
    """
    kind = getattr(event, "subject_kind", "subject")
    key = getattr(before, "key", None) or getattr(event, "key", None)
    subject = f"{kind} {key}" if isinstance(key, str) and key else f"{kind} {_id(event)}"
    version = getattr(event, "originator_version", "?")
    return f"{type(event).__name__}, version {version} of {subject}"


def expected(event: Any, error: Exception, before: Any = None) -> str:
    """What the subject's events called for in place of ``event``, which ``error`` refused.

    ``before``: the subject as the events before it left it, where known (None when
    none came before it, or when the caller cannot tell).
    """
    kind = getattr(event, "subject_kind", "subject")
    if isinstance(error, OriginatorVersionError):
        wanted = error.args[1] if len(error.args) > 1 else "the next"
        return (
            f"version {wanted} comes next, not {getattr(event, 'originator_version', '?')}: "
            "a version before it is missing, or it is stored twice"
        )
    if isinstance(error, OriginatorIDError):
        return f"it is stored under this {kind}'s id, but is another's event"
    if isinstance(error, AssertionError) and isinstance(event, CanInitAggregate):
        made = "" if before is None else f" (its versions 1 to {before.version})"
        return (
            f"it creates the {kind}, which the events before it already created{made}; "
            f"only {_a(kind)}'s first event, version 1, creates it"
        )
    if isinstance(error, AssertionError):
        return (
            f"nothing before it created the {kind}, and it does not create one; "
            f"{_a(kind)}'s first event, version 1, creates it: that event is missing, "
            f"or this one was stored under an id no {kind} has"
        )
    return f"{type(error).__name__}: {str(error) or 'no detail'}"


def _id(event: Any) -> str:
    return str(getattr(event, "originator_id", "?"))


def _a(kind: str) -> str:
    """``an item``, ``a board``."""
    return f"{'an' if kind[:1] in set('aeiou') else 'a'} {kind}"
