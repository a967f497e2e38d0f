"""An import runs Python's cyclic collector less often, and gives the old thresholds back."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from eventsourcing.domain import Aggregate

from portfolio_ledger.application.collector import IMPORT_COLLECT_AFTER
from portfolio_ledger.application.importer import Line, run_import
from portfolio_ledger.application.ledger import PortfolioLedger


def _watching(seen: list[tuple[int, int, int]]) -> Iterator[Line]:
    seen.append(gc.get_threshold())
    yield Line(1, "person add", {"key": "ann", "name": "Ann", "actor": "ann", "role": "Clerk"})
    seen.append(gc.get_threshold())


def test_an_import_collects_less_often_and_restores_the_thresholds(sqlite_url: str) -> None:
    ledger = PortfolioLedger(sqlite_url)
    before = gc.get_threshold()
    seen: list[tuple[int, int, int]] = []
    run_import(ledger, _watching(seen), write=False)
    ledger.close()
    assert [threshold[0] for threshold in seen] == [IMPORT_COLLECT_AFTER, IMPORT_COLLECT_AFTER]
    assert [threshold[1:] for threshold in seen] == [before[1:], before[1:]]
    assert gc.get_threshold() == before


def test_the_thresholds_come_back_when_an_import_fails(sqlite_url: str) -> None:
    ledger = PortfolioLedger(sqlite_url)
    before = gc.get_threshold()

    def broken() -> Iterator[Line]:
        yield from _watching([])
        raise OSError("the file went away")

    with pytest.raises(OSError, match="went away"):
        run_import(ledger, broken())
    ledger.close()
    assert gc.get_threshold() == before


def _aggregates_in_memory() -> list[Aggregate]:
    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, Aggregate)]


class _CountingAggregatesAtCatchUp:
    """Read models that, when caught up, count the import's aggregates still in memory.

    Aggregates another test in the same worker left alive are held here, so their
    ids cannot be reused, and are not counted: only those born in this import are.
    """

    def __init__(self) -> None:
        self.alive: list[int] = []
        self._before = _aggregates_in_memory()

    def catch_up(self) -> int:
        before = {id(o) for o in self._before}
        self.alive.append(sum(id(o) not in before for o in _aggregates_in_memory()))
        return 0

    def import_follower(self) -> None:
        """Imports are not followed: caught up after, as any write."""


def test_an_import_lets_go_of_its_aggregates_before_the_read_models_catch_up(
    sqlite_url: str,
) -> None:
    # A large import's catch-up is a rebuild: it should not run beside every
    # aggregate the batch kept to decide (they are all in the database by then).
    ledger = PortfolioLedger(sqlite_url)
    models = _CountingAggregatesAtCatchUp()
    ledger.attach_read_models(models)
    people = [
        Line(
            n,
            "person add",
            {"key": f"p{n}", "name": f"P {n}", "actor": "ann", "role": "Clerk", "rationale": "R"},
        )
        for n in range(1, 21)
    ]
    result = run_import(ledger, people)
    ledger.close()
    assert result.recorded == 20
    assert models.alive == [0]
