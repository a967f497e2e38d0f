"""An import runs Python's cyclic collector less often, and gives the old thresholds back."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from portfolio_ledger.application.importer import COLLECT_AFTER, Line, run_import
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
    assert [threshold[0] for threshold in seen] == [COLLECT_AFTER, COLLECT_AFTER]
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
