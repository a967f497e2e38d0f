"""docs/tables.md lists each view's CSV and xlsx columns exactly as the views declare them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portfolio_ledger.cli.portfolio_open import OPEN
from portfolio_ledger.cli.ranking import RANKING
from portfolio_ledger.cli.tables import DIFF, ECONOMICS, PORTFOLIO, TRAIL
from portfolio_ledger.reports.tabular import Column

DOC = Path(__file__).parents[1] / "docs" / "tables.md"


def documented(view: str) -> str:
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"| `{view}`"):
            return line.split(" | ")[1].rstrip(" |")
    raise AssertionError(f"docs/tables.md has no row for {view}")


def declared(columns: tuple[Column, ...]) -> str:
    return ", ".join(
        f"`{c.header}`" + ("" if c.kind == "text" else f" ({c.kind})")
        for c in columns
        if c.shown != "screen"
    )


@pytest.mark.parametrize(
    ("view", "columns"),
    [("portfolio`, `items list", PORTFOLIO), ("portfolio diff", DIFF),
     ("economics", ECONOMICS), ("audit trail", TRAIL), ("portfolio ranking", RANKING),
     ("portfolio open", OPEN)],
)  # fmt: skip
def test_the_documented_columns_are_the_declared_ones(
    view: str, columns: tuple[Column, ...]
) -> None:
    assert documented(view) == declared(columns)


def test_the_documented_figures_come_with_their_command() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert "python -m bench.tables" in text
    assert re.search(r"\| `portfolio \(table\)` \| [\d.]+ s", text)


def test_the_documented_sheets_are_the_views_sheets() -> None:
    # The list named Portfolio, Changes, Economics and Audit trail: not Ranking,
    # the sheet 'portfolio ranking --format xlsx' writes.
    from portfolio_ledger.cli.portfolio_open import open_table
    from portfolio_ledger.cli.ranking import ranking_table
    from portfolio_ledger.cli.tables import (
        diff_table,
        economics_table,
        portfolio_table,
        trail_table,
    )

    sheets = [
        made("t", []).sheet
        for made in (
            portfolio_table,
            ranking_table,
            open_table,
            diff_table,
            economics_table,
            trail_table,
        )
    ]
    said = DOC.read_text(encoding="utf-8").split("One sheet named after the view (", 1)[1]
    listed = re.findall(r"`([^`]+)`", said.split(")", 1)[0])

    assert sorted(listed) == sorted(sheets)
