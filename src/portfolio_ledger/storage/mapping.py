"""Stored events made in one step per event class: the library's bytes, with less work per event.

The library's mapper copies an event's ``vars()``, pops its id and version,
and hands the rest to the transcoder, whose walk (:func:`plain`) looks at
every field's type before orjson writes it. An import stores hundreds of
thousands of events of a few dozen classes, always with the same fields in
the same order, so :class:`LedgerMapper` writes, once per class, a function
that builds that class's state in one dict display (each field by name, text
and None as they are, anything else through the same walk) and writes it
with orjson: the same plain values, so the same bytes.

Anything it does not make exactly as the library would goes to the
library's mapper: an event whose ``vars()`` are not its class's fields in
order (one read back from the store, say), a class with a ``class_version``,
a value the walk leaves to the library's encoder, a mapper with a
compressor or cipher, or any transcoder but the ledger's own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    Compressor,
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
    Transcoder,
)
from eventsourcing.utils import get_topic

from portfolio_ledger.storage.plain_json import Encoders, Unusual, plain
from portfolio_ledger.storage.transcodings import LedgerTranscoder

Maker = Callable[[Any, Encoders], StoredEvent | None]
"""An event of one class to its stored event (None if its fields are not the class's)."""
_IDS = ("originator_id", "originator_version")
_FAILURES = (Unusual, TypeError, ValueError, RecursionError, AttributeError)
"""What the transcoder's fast path gives up on (see ``LedgerTranscoder.encode``)."""
RECORDED = ("timestamp", "decision")
"""What every event the ledger stores holds: its recorded time and its decision.

Checked for every event read, so by name (``LedgerMapper.to_domain_event``,
``EventReader.event``): a set or a list made per event costs more than the check."""


def missing_recorded(fields: Any) -> str | None:
    """What a decoded state lacks of ``RECORDED``, worded; None if it has both."""
    missing = [name for name in RECORDED if name not in fields]
    return f"the stored state has no {' and no '.join(map(repr, missing))}" if missing else None


class LedgerMapper(Mapper[UUID]):
    """The library's mapper, making a stored event in one step per event class when it can."""

    def __init__(
        self,
        transcoder: Transcoder,
        compressor: Compressor | None = None,
        cipher: Any = None,
    ) -> None:
        super().__init__(transcoder=transcoder, compressor=compressor, cipher=cipher)
        self._direct = type(transcoder) is LedgerTranscoder and not compressor and not cipher
        self._makers: dict[type, Maker | None] = {}

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        """As the library's, byte for byte: by the event class's maker if it has one."""
        return self.to_stored_events((domain_event,))[0]

    def to_stored_events(
        self, domain_events: Iterable[DomainEventProtocol[UUID]]
    ) -> list[StoredEvent]:
        """Each event as :meth:`to_stored_event` stores it, in order (a batch's, a thousand)."""
        library = super().to_stored_event
        if not self._direct:
            return [library(event) for event in domain_events]
        makers, encoders = self._makers, self.transcoder.encoders  # type: ignore[attr-defined]
        stored: list[StoredEvent] = []
        for event in domain_events:
            kind = type(event)
            maker = makers.get(kind, _UNKNOWN)
            if maker is _UNKNOWN:
                maker = makers[kind] = maker_for(kind)
            made = None
            if maker is not None:
                try:
                    made = maker(event, encoders)
                except _FAILURES:
                    made = None
            stored.append(library(event) if made is None else made)
        return stored

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        """As the library's, refusing a state without a recorded time or a decision.

        The library would make such an event, and whatever read it next would
        fail on the missing field; the ledger never stores one, so it was
        written (or edited) behind the ledger's back.
        """
        event = super().to_domain_event(stored_event)
        state = event.__dict__
        if "timestamp" not in state or "decision" not in state:  # RECORDED; worded only if so
            missing = missing_recorded(state)
            raise MapperDeserialisationError(
                f"Failed to deserialise state of stored event with topic "
                f"'{stored_event.topic}', originator_id '{stored_event.originator_id}' and "
                f"originator_version {stored_event.originator_version}: {missing}"
            ) from ValueError(missing)
        return event


def _unknown(event: Any, encoders: Encoders) -> None:  # pragma: no cover - a marker, never called
    """Marks a class not looked at yet."""


_UNKNOWN: Maker = _unknown


def _stored_event_is_plain() -> bool:
    """Whether ``StoredEvent(...)`` only puts its four fields, in order, in its ``__dict__``.

    As the library's does: a frozen dataclass whose ``__init__`` is the one ``dataclass``
    wrote, with no ``__post_init__``, slots or ``__new__`` of its own.
    """
    init = vars(StoredEvent).get("__init__")
    return (
        dataclasses.is_dataclass(StoredEvent)
        and tuple(field.name for field in dataclasses.fields(StoredEvent)) == _STORED_FIELDS
        and "__slots__" not in vars(StoredEvent)
        and not hasattr(StoredEvent, "__post_init__")
        and StoredEvent.__new__ is object.__new__
        and getattr(init, "__qualname__", "") == "StoredEvent.__init__"
    )


_STORED_FIELDS = ("originator_id", "originator_version", "topic", "state")
_STORED = (
    (
        # The same object as StoredEvent(...) makes, without the frozen __init__'s
        # object.__setattr__ per field (a tenth of storing an event).
        "    stored = new(StoredEvent)",
        "    made = stored.__dict__",
        "    made['originator_id'] = fields['originator_id']",
        "    made['originator_version'] = fields['originator_version']",
        "    made['topic'] = TOPIC",
        "    made['state'] = state",
        "    return stored",
    )
    if _stored_event_is_plain()
    else (
        "    return StoredEvent(",
        "        fields['originator_id'], fields['originator_version'], TOPIC, state)",
    )
)


def maker_for(kind: type) -> Maker | None:
    """The one-step maker of an event class's stored events, if the library's way is its.

    A dataclass whose fields begin with the id and version and that has no
    ``class_version`` above 1 (the library would add it to the state).
    """
    if not dataclasses.is_dataclass(kind) or getattr(kind, "class_version", 1) > 1:
        return None
    names = tuple(field.name for field in dataclasses.fields(kind))
    if names[:2] != _IDS or not all(name.isidentifier() for name in names):
        return None
    lines = [
        "def make(event, encoders):",
        "    fields = event.__dict__",
        "    if tuple(fields) != NAMES:",
        "        return None",
        "    known = encoders.get",
        "    state = dumps({",
        *(
            # A value of a type already met goes straight to its type's encoder, as
            # ``plain`` would send it (no type ``plain`` writes itself has one).
            f"        {name!r}: v if (t := type(v := fields[{name!r}])) is str or v is None"
            " else e(v) if (e := known(t)) is not None else plain(v, encoders),"
            for name in names[2:]
        ),
        "    })",
        *_STORED,
    ]
    scope: dict[str, Any] = {
        "NAMES": names,
        "TOPIC": get_topic(kind),
        "StoredEvent": StoredEvent,
        "new": object.__new__,
        "dumps": orjson.dumps,
        "plain": plain,
    }
    exec("\n".join(lines), scope)  # noqa: S102 - our own text, from the class's field names
    maker: Maker = scope["make"]
    return maker
