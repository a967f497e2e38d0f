"""One aggregate's events, read with SQLAlchemy Core alone: ``item show`` and ``item history``.

The ledger application replays one item through its event store, which
needs the write stack (the ORM, eventsourcing-sqlalchemy, the application).
Reading is simpler: select the aggregate's stored events in version order,
decode each with the ledger's own transcoder and the library's mapper (so
the events are the very objects the event store would give), and fold them
with the domain's ``mutate``, as the repository does. The chain's positions
come from the chain table. Anything unusual (a table missing, a database
that cannot be read plainly) gives None, and the caller opens the ledger.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

from sqlalchemy import LargeBinary, Uuid, bindparam, column, select, table
from sqlalchemy.exc import SQLAlchemyError

from portfolio_ledger.storage.search_path import tables_present
from portfolio_ledger.storage.stored_bytes import stored_bytes

if TYPE_CHECKING:
    from sqlalchemy import Connection, Table
    from sqlalchemy.engine import Engine
    from sqlalchemy.types import TypeEngine

    from portfolio_ledger.application.history_entries import HistoryEntry
    from portfolio_ledger.domain.decision import DecisionEvent

EVENTS = "portfolio_ledger_events"
CHAIN = "portfolio_ledger_chain"


def stored_history(
    engine: Engine, aggregate_id: UUID
) -> tuple[list[DecisionEvent], dict[int, int]] | None:
    """The aggregate's decisions, oldest first, and the chain position of each version.

    None if they cannot be read plainly (the caller then asks the ledger).
    """
    try:
        with engine.connect() as connection, connection.begin():
            rows = _stored(connection, aggregate_id)
    except SQLAlchemyError:
        return None
    if rows is None:
        return None
    stored, positions = rows
    from eventsourcing.persistence import (
        DatetimeAsISO,
        DecimalAsStr,
        StoredEvent,
        UUIDAsHex,
    )

    from portfolio_ledger.domain.decision import DecisionEvent
    from portfolio_ledger.storage.mapping import LedgerMapper
    from portfolio_ledger.storage.transcodings import LedgerTranscoder

    transcoder = LedgerTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)  # as the application registers them (its defaults)
    mapper = LedgerMapper(transcoder=transcoder)
    events = [
        mapper.to_domain_event(
            StoredEvent(
                originator_id=aggregate_id,
                originator_version=int(version),
                topic=str(topic),
                state=stored_bytes(state),
            )
        )
        for version, topic, state in stored
    ]
    return [e for e in events if isinstance(e, DecisionEvent)], positions


def trail_history(
    connection: Connection, trail: Table, aggregate_id: UUID, key: str
) -> list[HistoryEntry] | None:
    """The aggregate's history from the audit trail (current), without decoding its events.

    Each event's trail row holds what its history entry shows (the summary
    its class wrote, who, why, both clocks) but for two things kept from the
    stored event itself: the mandate, in the order recorded (the trail's
    copy is canonical JSON, keys sorted), and the version a correction or an
    annulment puts right. None if any event has no position or trail row
    (the caller then reads the events).
    """
    from portfolio_ledger.application.history_entries import HistoryEntry, link_entries

    found = _stored(connection, aggregate_id)
    if found is None:
        return None
    stored, positions = found
    if any(int(version) not in positions for version, _, _ in stored):
        return None
    rows = {
        row.position: row
        for row in connection.execute(
            select(trail).where(trail.c.position.in_(list(positions.values())))
        )
    }
    entries, targets = [], {}
    for version, _, state in stored:
        row = rows.get(positions[int(version)])
        if row is None:
            return None
        read = row.authority_detail or _puts_right(row)
        recorded = _plain_state(state, row.position) if read else {}
        entries.append(HistoryEntry.from_trail(key, row, _mandate(recorded)))
        if _puts_right(row):
            targets[int(version)] = int(recorded["target"])
    return link_entries(entries, targets)


def _puts_right(row: Any) -> bool:
    return row.corrects is not None or row.annuls is not None


def _plain_state(state: Any, position: int) -> dict[str, Any]:
    import json

    from portfolio_ledger.application.errors import UnreadableEvent

    try:
        data = json.loads(stored_bytes(state))
    except ValueError as error:  # not JSON (a UnicodeDecodeError is a ValueError too)
        data = error
    if not isinstance(data, dict):  # every state the ledger stores is a JSON object
        reason = data if isinstance(data, ValueError) else "its state is no JSON object"
        raise UnreadableEvent(
            f"the event stored at position {position:,} cannot be read ({reason})"
        )
    return data


def _mandate(recorded: dict[str, Any]) -> dict[str, Any] | None:
    """The mandate as ``Mandate.as_dict()`` gives it, from the stored decision's JSON."""
    mandate = recorded.get("decision", {}).get("_data_", {}).get("mandate")
    if mandate is None:
        return None
    kind, data = mandate["_type_"], mandate["_data_"]
    if kind == "board_resolution":
        return {"kind": "board", **data}
    if kind == "delegated_authority":
        return {"kind": "delegation", **data}
    raise ValueError(f"unknown mandate {kind!r}")


def fold(events: Sequence[DecisionEvent]) -> Any:
    """The aggregate the events make (None for none), as the repository reconstructs it."""
    from portfolio_ledger.application.errors import folded_in_turn

    return folded_in_turn(None, events)


def _stored(
    connection: Connection, aggregate_id: UUID
) -> tuple[list[tuple[Any, ...]], dict[int, int]] | None:
    """The stored events (version, topic, state) and chain positions, read on ``connection``."""
    sqlite = connection.dialect.name == "sqlite"
    if not sqlite and connection.dialect.name != "postgresql":
        return None
    events = table(
        EVENTS,
        column("originator_id"),
        column("originator_version"),
        column("topic"),
        column("state"),
    )
    chain = table(CHAIN, column("originator_id"), column("originator_version"), column("position"))
    # As eventsourcing-sqlalchemy stores it: 16 bytes on SQLite, a native uuid on PostgreSQL.
    kind: TypeEngine[Any] = LargeBinary() if sqlite else Uuid()
    originator = bindparam("originator", aggregate_id.bytes if sqlite else aggregate_id, kind)
    query = (
        select(events.c.originator_version, events.c.topic, events.c.state)
        .where(events.c.originator_id == originator)
        .order_by(events.c.originator_version)
    )
    linked = select(chain.c.originator_version, chain.c.position).where(
        chain.c.originator_id == aggregate_id.hex
    )
    if not {EVENTS, CHAIN} <= tables_present(connection, {EVENTS, CHAIN}):
        return None
    stored = [tuple(row) for row in connection.execute(query)]
    positions = {int(v): int(p) for v, p in connection.execute(linked)}
    return stored, positions
