"""Settings for the reliability suite: how hard to push, and how to say what happened."""

from __future__ import annotations

import contextvars
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.storage.urls import normalise_url

HEAVY = os.environ.get("PORTFOLIO_LEDGER_RELIABILITY") == "heavy"
"""PORTFOLIO_LEDGER_RELIABILITY=heavy runs the long variants (more kills, more data)."""


def scale(light: int, heavy: int) -> int:
    """The light figure in CI, the heavy one when asked for."""
    return heavy if HEAVY else light


def report(test: str, **figures: object) -> None:
    """Print a test's figures on one line (pytest -s, or -rP, shows them; docs quote them)."""
    print(f"[reliability] {test}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))


def gapless(url: str, head: int) -> None:
    """Positions 1..head, each aggregate's versions 1..its count."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            ids = list(
                connection.execute(
                    text("SELECT id FROM portfolio_ledger_events ORDER BY id")
                ).scalars()
            )
            versions = connection.execute(
                text(
                    "SELECT count(*), min(originator_version), max(originator_version) "
                    "FROM portfolio_ledger_events GROUP BY originator_id"
                )
            ).all()
    finally:
        engine.dispose()
    assert ids == list(range(1, head + 1))  # every recorded decision stored once, none else
    for count, lowest, highest in versions:
        assert (lowest, highest) == (1, count)


@pytest.fixture
def twins(db_url: str) -> Iterator[tuple[PortfolioLedger, PortfolioLedger]]:
    """Two ledger applications on one database: two processes' worth of connections."""
    first, second = PortfolioLedger(db_url), PortfolioLedger(db_url)
    try:
        yield first, second
    finally:
        first.close()
        second.close()


def record_elsewhere(url: str, *commands: Any, caught_up: bool = True) -> None:
    """Record ``commands`` as another process would: its read models caught up after, or not.

    In a context of its own, as in a process of its own: not within the reader's
    transaction (the event-sourcing library keeps the one open in a context variable).
    """

    def recorded() -> None:
        ledger = open_ledger(url)[0] if caught_up else PortfolioLedger(url)
        try:
            for command in commands:
                ledger.handle(command)
        finally:
            ledger.close()

    contextvars.Context().run(recorded)


def recorded_on_first_call(
    monkeypatch: pytest.MonkeyPatch,
    owner: type,
    name: str,
    record: Callable[[], None],
    *,
    after: bool = False,
) -> list[bool]:
    """Patch ``owner.name`` so that its first call has ``record`` run just before it (or after).

    The interleaving a race test forces: another process records between two of a
    command's reads. The list returned holds True once it has.
    """
    original, asked = getattr(owner, name), list[bool]()

    def recorded_meanwhile(self: object, *args: Any, **kwargs: Any) -> Any:
        found = original(self, *args, **kwargs) if after else None
        if not asked:
            asked.append(True)
            record()
        return found if after else original(self, *args, **kwargs)

    monkeypatch.setattr(owner, name, recorded_meanwhile)
    return asked
