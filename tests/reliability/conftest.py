"""Settings for the reliability suite: how hard to push, and how to say what happened."""

from __future__ import annotations

import os

HEAVY = os.environ.get("PORTFOLIO_LEDGER_RELIABILITY") == "heavy"
"""PORTFOLIO_LEDGER_RELIABILITY=heavy runs the long variants (more kills, more data)."""


def scale(light: int, heavy: int) -> int:
    """The light figure in CI, the heavy one when asked for."""
    return heavy if HEAVY else light


def report(test: str, **figures: object) -> None:
    """Print a test's figures on one line (pytest -s, or -rP, shows them; docs quote them)."""
    print(f"[reliability] {test}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))
