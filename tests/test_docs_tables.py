"""docs/tables.md lists each view's CSV and xlsx columns exactly as the views declare them."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from portfolio_ledger.cli.portfolio_open import OPEN
from portfolio_ledger.cli.ranking import RANKING
from portfolio_ledger.cli.tables import DIFF, ECONOMICS, PORTFOLIO, TRAIL
from portfolio_ledger.reports.tabular import Column
from tests.conftest import Cli

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
    assert ".venv/bin/python -m bench.tables" in text  # from the clone: "python" may be none
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


def test_the_examples_run_as_written_on_the_demo_s_ledger(shared_demo: Cli, tmp_path: Path) -> None:
    """Run as written on the demo's ledger, 'audit trail --item PRJ-042' was refused (exit 1:
    the demo has no PRJ-042, the README's tour's item), and on the tour's ledger, of 18
    events, 'audit trail --limit 50 --offset 100' had no rows 101 to 150: the page named no
    ledger. It now says the demo's, and an item the demo holds."""
    text = DOC.read_text(encoding="utf-8")
    said = text.split("Each takes", 1)[1].split("```sh\n", 1)
    written = []
    for line in said[1].split("```", 1)[0].splitlines():
        argv = shlex.split(line, comments=True)[1:]
        out = argv[argv.index(">") + 1] if ">" in argv else None
        result = shared_demo(*(argv[: argv.index(">")] if out else argv))
        assert result.exit_code == 0, (line, result.output)
        if out:
            (tmp_path / out).write_text(result.stdout, encoding="utf-8")
        written += [argv[argv.index("--out") + 1]] if "--out" in argv else []
    assert "rows 101-150 of" in result.stdout  # the last line's page
    assert all((tmp_path / name).stat().st_size for name in [*written, "changes.csv"])
    assert "portfolio-ledger demo" in said[0].strip().rsplit("\n\n", 1)[-1]  # named before it


def test_the_group_headings_quoted_from_the_demo_are_the_demo_s(shared_demo: Cli) -> None:
    """'rag not reported: 9 items' came with no command; the demo's 'portfolio --by rag'
    gives 8. Each heading quoted with a command on the demo is now what it prints."""
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    quoted = re.findall(r"`([^`]+: \d+ items)`:? \(?`(portfolio [^`]+)` on the demo\)", text)
    assert len(quoted) == 2, quoted
    for heading, command in quoted:
        result = shared_demo(*shlex.split(command))
        assert result.exit_code == 0, result.output
        assert f"\n{heading}\n" in result.stdout, (command, heading)
