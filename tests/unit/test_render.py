"""Rendering details: progress bars only on a terminal; money and times as people read them."""

from __future__ import annotations

import io
import sys
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from portfolio_ledger.cli import render


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_silent_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with render.progress("Rebuilding") as advance:
        assert advance is None


def test_progress_draws_a_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with render.progress("Rebuilding") as advance:
        assert advance is not None
        advance(500, 1000)
        advance(1000, 1000)


def test_money_and_moments_read_as_people_expect() -> None:
    assert render.money(Decimal("1450000.00"), "GBP") == "GBP 1,450,000"
    assert render.money(Decimal("12.5"), "EUR") == "EUR 12.50"
    assert render.money(None, "GBP") == "-"
    assert render.when(date(2026, 6, 30)) == "2026-06-30"
    assert render.when(datetime(2026, 6, 30, 9, 5, tzinfo=UTC)) == "2026-06-30 09:05:00Z"
