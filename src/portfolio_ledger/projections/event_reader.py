"""Stored events read as plain rows, and each made into its domain event, for replays."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from eventsourcing.persistence import MapperDeserialisationError, Notification, StoredEvent
from eventsourcing.utils import TopicError, resolve_topic
from sqlalchemy import Connection, TextClause, text

from portfolio_ledger.application.errors import UnreadableEvent, unreadable_event
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.storage.mapping import RECORDED
from portfolio_ledger.storage.stored_bytes import stored_bytes

IDS_KEPT = 200_000
"""Subjects' ids kept made (each a UUID of about a hundred bytes; the ledger's subjects are items,
people, boards: a few per ten events)."""
StoredRow = tuple[int, Any, int, str, bytes]
"""A stored event as replays read it: ledger position, subject's id, version, topic, state."""


class EventReader:
    """Reads stored events as plain rows and makes each into its domain event.

    What the library's mapper does (``to_domain_event``), without its
    per-event look-ups: the class of each topic found once, ids and state
    taken as the driver gives them. Events an earlier class version wrote,
    and any store with a cipher or a compressor, go through the mapper.
    """

    def __init__(self, ledger: PortfolioLedger) -> None:
        mapper = ledger.mapper
        self._mapper = mapper
        self._decode = mapper.transcoder.decode
        self._plain = mapper.cipher is None and mapper.compressor is None
        self._classes: dict[str, type | None] = {}
        self._ids: dict[Any, UUID] = {}
        self._query: TextClause | None = None
        self._recorder = ledger.recorder

    def rows(self, connection: Connection, start: int, limit: int) -> list[StoredRow]:
        """Up to ``limit`` stored events from ledger position ``start`` on, in ledger order."""
        if self._query is None:
            name = cast(Any, self._recorder).events_table.name  # the ledger's SQL recorder
            table = connection.dialect.identifier_preparer.quote(name)
            self._query = text(
                f"SELECT id, originator_id, originator_version, topic, state FROM {table} "  # noqa: S608 - our own table's quoted name, parameters bound
                "WHERE id >= :start ORDER BY id LIMIT :limit"
            )
        # Plain SQL text, fetched from the driver's cursor at once: rows as the driver
        # gives them (tuples), without a Row object or a fetch call per row.
        result = connection.execute(self._query, {"start": start, "limit": limit})
        try:
            return [row if type(row) is tuple else tuple(row) for row in result.cursor.fetchall()]
        finally:
            result.close()

    def event(self, row: StoredRow) -> Any:
        """The domain event of one stored row."""
        _, originator_id, version, topic, state = row
        cls = self._classes.get(topic, _UNSEEN)
        if cls is _UNSEEN:
            cls = self._classes[topic] = self._class_of(topic)
        if type(originator_id) is not UUID:
            originator_id = self._ids.get(originator_id) or self._id_of(originator_id)
        if cls is None:
            return self._by_mapper(row, originator_id)
        try:
            fields = self._decode(state if type(state) is bytes else stored_bytes(state))
        except Exception:  # noqa: BLE001 - the mapper raises its own error for it
            return self._by_mapper(row, originator_id)
        # RECORDED, spelt out: frozenset.issubset(a dict) builds a set of its keys per event.
        if "class_version" in fields or "timestamp" not in fields or "decision" not in fields:
            return self._by_mapper(row, originator_id)  # which refuses a state lacking them
        fields["originator_id"] = originator_id
        fields["originator_version"] = version
        event = object.__new__(cls)
        object.__setattr__(event, "__dict__", fields)
        return event

    def stored(self, stored: StoredEvent) -> Any:
        """The domain event of one of the library's stored events (as ``event``)."""
        return self.event(
            (0, stored.originator_id, stored.originator_version, stored.topic, stored.state)
        )

    def _id_of(self, stored: Any) -> UUID:
        """The subject's id, made once per subject (a replay reads each many times)."""
        if len(self._ids) >= IDS_KEPT:
            self._ids.clear()
        made = UUID(bytes=stored) if type(stored) is bytes else UUID(str(stored))
        self._ids[stored] = made
        return made

    def _class_of(self, topic: str) -> type | None:
        """The event class of a topic; None where the mapper must make its events."""
        if not self._plain:
            return None
        try:
            cls = resolve_topic(topic)
        except Exception:  # noqa: BLE001 - the mapper raises its own error for it
            return None
        return cls if getattr(cls, "class_version", 1) == 1 else None

    def _by_mapper(self, row: StoredRow, originator_id: UUID) -> Any:
        position, _, version, topic, state = row
        notification = Notification(
            id=position,
            originator_id=originator_id,
            originator_version=version,
            topic=topic,
            state=stored_bytes(state),
        )
        try:
            return self._mapper.to_domain_event(notification)
        except (MapperDeserialisationError, TopicError) as error:
            if unreadable_event(error) is None:  # out of memory, say: not the record's doing
                raise
            raise UnreadableEvent(
                f"the event stored at position {position:,} ({topic}, aggregate "
                f"{originator_id}, version {version}) cannot be read ({error.__cause__ or error})",
                unknown_kind=isinstance(error, TopicError),
            ) from error


_UNSEEN: Any = object()
assert RECORDED == ("timestamp", "decision"), "EventReader.event checks these by name"
