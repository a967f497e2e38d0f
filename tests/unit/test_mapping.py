"""The ledger's mapper stores every event exactly as the library's mapper does, only faster."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.persistence import DatetimeAsISO, JSONTranscoder, Mapper, StoredEvent
from hypothesis import given
from hypothesis import strategies as st

from portfolio_ledger.domain.lifecycle import Stage
from portfolio_ledger.storage.mapping import LedgerMapper, maker_for
from tests.unit.stages import item_in
from tests.unit.test_encoding import values
from tests.unit.transcoders import generated_ledger, ledger_transcoder


def _both(event: Any, mapper: Mapper[UUID] | None = None) -> tuple[object, object]:
    """What the ledger's mapper and the library's give for ``event``: the stored event or error."""
    transcoder = ledger_transcoder()
    results: list[object] = []
    for mapping in (mapper or LedgerMapper(transcoder), Mapper[UUID](transcoder=transcoder)):
        try:
            results.append(mapping.to_stored_event(event))
        except Exception as error:  # noqa: BLE001 - compared, not handled
            results.append(type(error))
    return results[0], results[1]


def test_every_event_of_an_item_is_stored_as_the_library_stores_it() -> None:
    for event in item_in(Stage.RETIRED).pending_events:
        made, by_library = _both(event)
        assert isinstance(made, StoredEvent)
        assert made == by_library
        assert maker_for(type(event)) is not None


def test_every_event_kind_of_a_generated_history_is_stored_as_before(tmp_path: Path) -> None:
    with generated_ledger(tmp_path, 2000) as ledger:
        assert isinstance(ledger.mapper, LedgerMapper)
        notifications = ledger.recorder.select_notifications(start=1, limit=5000)
        kinds = set()
        for notification in notifications:
            event = ledger.mapper.to_domain_event(notification)
            kinds.add(type(event))
            # Read back, its fields are in the stored order: the library's way, as before.
            again = ledger.mapper.to_stored_event(event)
            assert (again.topic, again.state) == (notification.topic, notification.state)
            # Made afresh, in its class's order: the one-step way, the same bytes.
            fresh = type(event)(**vars(event))
            assert ledger.mapper.to_stored_event(fresh).state == notification.state
    assert len(kinds) >= 20


@dataclass(frozen=True)
class _Event:
    originator_id: UUID
    originator_version: int
    timestamp: datetime
    first: Any
    second: Any = None


@dataclass(frozen=True)
class _Versioned(_Event):
    class_version = 2


moments = st.datetimes(timezones=st.just(UTC))


@given(st.uuids() | st.text(max_size=3), moments, values, values)
def test_any_event_is_stored_as_the_library_stores_it_or_refused_alike(
    originator: Any, moment: datetime, first: Any, second: Any
) -> None:
    for kind in (_Event, _Versioned):
        made, by_library = _both(kind(originator, 3, moment, first, second))
        assert made == by_library


def test_events_whose_fields_are_not_their_classes_go_the_librarys_way() -> None:
    event = _Event(uuid4(), 1, datetime(2026, 1, 1, tzinfo=UTC), "a", "b")
    object.__setattr__(event, "extra", 1)
    reordered = object.__new__(_Event)
    reordered.__dict__.update({"first": "a", **vars(event), "second": "b"})
    for odd in (event, reordered):
        made, by_library = _both(odd)
        assert isinstance(made, StoredEvent)
        assert made == by_library
    assert maker_for(int) is None


def test_a_mapper_with_a_compressor_or_another_transcoder_is_the_librarys() -> None:
    event = _Event(uuid4(), 1, datetime(2026, 1, 1, tzinfo=UTC), "a")
    compressed = LedgerMapper(ledger_transcoder(), compressor=zlib)  # type: ignore[arg-type]
    assert compressed.to_stored_event(event).state == zlib.compress(
        Mapper[UUID](transcoder=ledger_transcoder()).to_stored_event(event).state
    )
    library = JSONTranscoder()
    library.register(DatetimeAsISO())
    assert LedgerMapper(library).to_stored_event(event) == Mapper[UUID](library).to_stored_event(
        event
    )
