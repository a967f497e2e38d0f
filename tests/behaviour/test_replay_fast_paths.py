"""A replay's direct paths give what the library's would: events, aggregates, items' states.

On the demo ledger (every kind of item decision but onboarding, a record
put right and annulled, minutes typed in late) and a generated history
(onboarded items, figures withheld, mandates of both kinds):

- each stored event read directly (``EventReader.event``) equals the
  library mapper's ``to_domain_event``: the same class, the same fields in
  the same order, each of the same type (decisions, money, dates, enums,
  optional fields absent or None);
- each aggregate made from its creation event by ``creation.created_by``
  equals the one the library's ``mutate`` makes;
- each item's state moved on from the one before (``state_changes``)
  equals the whole state read from the item, after every decision; and each
  ``change`` assigns only attributes ``state_changes.CHANGED_BY`` names.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.domain import creation
from portfolio_ledger.domain.decision import Decision, recorded_decision
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.projections.event_reader import EventReader
from portfolio_ledger.projections.replay import Replayer
from portfolio_ledger.projections.state import item_state
from portfolio_ledger.projections.state_changes import CHANGED_BY
from portfolio_ledger.storage import mapping
from tests.conftest import Cli
from tests.unit.transcoders import generated_ledger

StoredRow = tuple[int, Any, int, str, bytes]


@pytest.fixture(scope="module", params=["demo", "generated"])
def ledger(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "generated":
        with generated_ledger(folder, 4000) as made:
            yield made
        return
    url = f"sqlite:///{folder / 'demo.db'}"
    result = Cli(url)("demo")
    assert result.exit_code == 0, result.output
    made = PortfolioLedger(url)
    try:
        yield made
    finally:
        made.close()


def _rows(ledger: PortfolioLedger) -> list[StoredRow]:
    reader = EventReader(ledger)
    engine = create_engine(str(ledger.url))
    with engine.connect() as connection:
        rows = reader.rows(connection, 1, 10**6)
    engine.dispose()
    assert rows
    return rows


def _by_mapper(ledger: PortfolioLedger, row: StoredRow) -> Any:
    """The event the library's recorder and mapper make of the stored event at this position."""
    (notification,) = ledger.recorder.select_notifications(start=row[0], limit=1)
    assert notification.id == row[0]
    return ledger.mapper.to_domain_event(notification)


def _typed(value: Any) -> Any:
    """A value with the type of everything in it, to tell a list from a tuple, 1 from True."""
    if isinstance(value, dict):
        return (dict, [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list | tuple):
        return (type(value), [_typed(item) for item in value])
    if hasattr(value, "__slots__") and not isinstance(value, str | date):
        return (type(value), value, [_typed(getattr(value, s)) for s in value.__slots__])
    return (type(value), value)


def test_each_event_read_directly_equals_the_mapper_s(ledger: PortfolioLedger) -> None:
    reader = EventReader(ledger)
    classes = set()
    for row in _rows(ledger):
        direct, by_mapper = reader.event(row), _by_mapper(ledger, row)
        classes.add(type(direct).__name__)
        assert type(direct) is type(by_mapper)
        assert list(vars(direct)) == list(vars(by_mapper))
        assert _typed(vars(direct)) == _typed(vars(by_mapper))
    assert len(classes) >= 15, classes


def test_an_aggregate_made_directly_equals_the_library_s(ledger: PortfolioLedger) -> None:
    reader = EventReader(ledger)
    made = 0
    for row in _rows(ledger):
        if row[2] != 1:
            continue
        direct = creation.created_by(reader.event(row))
        by_library = _by_mapper(ledger, row).mutate(None)
        if direct is None:
            continue
        made += 1
        assert type(direct) is type(by_library)
        assert list(vars(direct)) == list(vars(by_library))
        assert vars(direct) == vars(by_library)
    assert made >= 5


def test_states_moved_on_equal_whole_states(ledger: PortfolioLedger) -> None:
    replayer = Replayer(ledger)
    moved, late = 0, 0
    for row in _rows(ledger):
        for applied in replayer.advance_rows([row]):
            if applied.item is None:
                continue
            if not applied.in_order:
                late += 1
                continue
            whole = item_state(applied.item)
            whole["version"] = applied.event.originator_version
            whole["recorded_at"] = applied.event.timestamp
            assert list(applied.state or {}) == list(whole)
            assert _typed(applied.state) == _typed(whole)
            moved += type(applied.event) in CHANGED_BY and applied.previous is not None
    assert moved >= 100
    if "demo" in str(ledger.url):
        assert late >= 2  # the refold path: minutes typed in late, a correction, an annulment


class _Recording(PortfolioItem):
    assigned: set[str]

    def __setattr__(self, name: str, value: Any) -> None:
        self.__dict__.setdefault("assigned", set()).add(name)
        super().__setattr__(name, value)


def test_each_change_assigns_only_what_state_changes_names(ledger: PortfolioLedger) -> None:
    reader = EventReader(ledger)
    seen = set()
    for row in _rows(ledger):
        event = reader.event(row)
        kind = type(event)
        if kind not in CHANGED_BY:
            continue
        before: Any = ledger.repository.get(
            event.originator_id, version=event.originator_version - 1
        )
        recording = copy.copy(before)
        recording.__class__ = _Recording
        event.change(recording)
        assert recording.__dict__.pop("assigned", set()) <= CHANGED_BY[kind], kind
        seen.add(kind)
    assert len(seen) >= 8, seen


@given(
    st.tuples(
        st.text(max_size=4),
        st.text(max_size=4),
        st.none() | st.text(max_size=4),
        st.text(max_size=4),
        st.dates(),
        st.lists(st.text(max_size=3), max_size=3).map(tuple),
        st.none() | st.text(max_size=3),
    )
)
def test_a_decision_recorded_directly_equals_as_recorded(fields: tuple[Any, ...]) -> None:
    names = ("actor", "role", "authority", "rationale", "effective_date", "references", "mandate")
    given_fields = dict(zip(names, fields, strict=True))
    direct = recorded_decision(**given_fields)
    assert type(direct) is Decision
    assert _typed(direct) == _typed(Decision.as_recorded(**given_fields))


def test_the_direct_paths_are_left_for_a_cipher(tmp_path: Path) -> None:
    """A store with a cipher or compressor is read by the mapper (``EventReader._plain``)."""
    url = f"sqlite:///{tmp_path / 'l.db'}"
    result = Cli(url)("demo")
    assert result.exit_code == 0, result.output
    ledger = PortfolioLedger(url)
    try:
        reader = EventReader(ledger)
        reader._plain = False  # as for a mapper with a cipher
        for row in _rows(ledger)[:50]:
            assert vars(reader.event(row)) == vars(_by_mapper(ledger, row))
    finally:
        ledger.close()


def test_a_state_holding_its_recorded_fields_is_read_without_wording_a_refusal(
    ledger: PortfolioLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check every event read goes through costs two lookups: the message only if refused."""

    def worded(fields: Any) -> str | None:
        raise AssertionError(f"worded a refusal for a whole state: {sorted(fields)}")

    monkeypatch.setattr(mapping, "missing_recorded", worded)
    reader = EventReader(ledger)
    for row in _rows(ledger):
        assert type(reader.event(row)) is type(_by_mapper(ledger, row))
