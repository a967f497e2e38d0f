"""An aggregate made directly from its first decision is the one the library's ``_create`` makes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from eventsourcing.domain import BaseAggregate
from eventsourcing.utils import resolve_topic

from bench import generate
from portfolio_ledger.application.importer import run_import
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.cli.imports import read_lines
from portfolio_ledger.domain.creation import MadeDirectly
from portfolio_ledger.domain.events import ItemProposed
from portfolio_ledger.domain.item import PortfolioItem

_MADE_BY_THE_EVENT = ("originator_id", "originator_version", "originator_topic")


def _both_ways(first: Any) -> tuple[Any, Any]:
    cls = resolve_topic(first.originator_topic)
    fields = {k: v for k, v in vars(first).items() if k not in _MADE_BY_THE_EVENT}
    direct = cls._create(type(first), id=first.originator_id, **fields)
    by_library = BaseAggregate._create.__func__(  # type: ignore[attr-defined]
        cls, type(first), id=first.originator_id, **fields
    )
    return direct, by_library


def _same(direct: Any, by_library: Any) -> None:
    assert type(direct) is type(by_library)
    assert direct.pending_events == by_library.pending_events
    state = {k: v for k, v in vars(direct).items() if k != "_pending_events"}
    assert state == {k: v for k, v in vars(by_library).items() if k != "_pending_events"}


def test_every_kind_of_aggregate_is_made_as_the_library_makes_it(tmp_path: Path) -> None:
    file = tmp_path / "history.jsonl"
    generate.write(file, 2000)
    ledger = PortfolioLedger(f"sqlite:///{tmp_path / 'ledger.db'}")
    try:
        assert not run_import(ledger, read_lines(file, {})).refusals
        notifications = ledger.recorder.select_notifications(start=1, limit=5000)
        firsts = [
            ledger.mapper.to_domain_event(n) for n in notifications if n.originator_version == 1
        ]
    finally:
        ledger.close()
    kinds = set()
    for first in firsts:
        direct, by_library = _both_ways(first)
        _same(direct, by_library)
        kinds.add(type(direct).__name__)
    assert {"PortfolioItem", "Person", "Board", "Delegation"} <= kinds


def test_an_id_that_is_not_a_uuid_is_left_to_the_library() -> None:
    assert issubclass(PortfolioItem, MadeDirectly)
    with pytest.raises(TypeError, match="not a UUID or str"):
        PortfolioItem._create(ItemProposed, id=42)
