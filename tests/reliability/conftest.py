"""Settings for the reliability suite: how hard to push, and how to say what happened."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from portfolio_ledger.application.ledger import PortfolioLedger

HEAVY = os.environ.get("PORTFOLIO_LEDGER_RELIABILITY") == "heavy"
"""PORTFOLIO_LEDGER_RELIABILITY=heavy runs the long variants (more kills, more data)."""


def scale(light: int, heavy: int) -> int:
    """The light figure in CI, the heavy one when asked for."""
    return heavy if HEAVY else light


def report(test: str, **figures: object) -> None:
    """Print a test's figures on one line (pytest -s, or -rP, shows them; docs quote them)."""
    print(f"[reliability] {test}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))


@pytest.fixture
def twins(db_url: str) -> Iterator[tuple[PortfolioLedger, PortfolioLedger]]:
    """Two ledger applications on one database: two processes' worth of connections."""
    first, second = PortfolioLedger(db_url), PortfolioLedger(db_url)
    try:
        yield first, second
    finally:
        first.close()
        second.close()
