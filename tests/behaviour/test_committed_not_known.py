"""What open items commit, where items in delivery have no budget on record.

The GMPP gives whole-life costs, no authorised budgets: its projects join in
delivery with none. 'Committed GBP 0' then told a board that 189 projects
in delivery commit nothing; what they commit is not known, and is said so,
as a withheld budget is. A proposal, not yet authorised to spend, commits
nothing and is not counted so.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_board_pack_xlsx import sheets, subset
from tests.behaviour.test_returns_gmpp import AS_AT, gmpp_import
from tests.conftest import Cli


def test_items_in_delivery_with_no_budget_are_said_not_counted(run: Cli, tmp_path: Path) -> None:
    data = tmp_path / "gmpp.csv"
    years = subset(data)
    assert gmpp_import(run, "2024-25", file=data).exit_code == 0
    proposed = run("item", "propose", "NEW-1", "--kind", "project", "--title", "Idea",
                   "--owner", "Dana Okafor", "--sponsor", "CFO", "--category", "ICT",
                   "-m", "A proposal commits nothing")  # fmt: skip
    assert proposed.exit_code == 0, proposed.output
    in_delivery = len(years["2024-25"])

    shown = run("economics", "--by", "view")
    pack = run("report", "board-pack", "--as-at", AS_AT["2024-25"], "--json")
    enveloped = run("portfolio", "envelope", "GBP 500bn", "--authority", "Spending review",
                    "-m", "Capital plan", "--effective-date", "2024-09-01")  # fmt: skip
    against = run("economics", "--by", "view")

    assert shown.exit_code == 0, shown.output
    assert (
        f"GBP 0 (known budgets only; not counted: {in_delivery} no budget on record)"
        in shown.output
    )
    summary = json.loads(pack.stdout)["summary"]
    assert summary["committed"] == {"GBP": "0.00"}
    assert summary["budgets_uncounted"] == {"GBP": {"no budget on record": in_delivery}}
    assert enveloped.exit_code == 0, enveloped.output
    assert "Headroom                 at most GBP 500,000,000,000" in against.output
    workbook = tmp_path / "pack.xlsx"
    made = run("report", "board-pack", "--as-at", AS_AT["2024-25"], "--out", str(workbook))
    assert made.exit_code == 0, made.output
    about = dict(sheets(workbook)["Pack"][1:])
    assert about["Headroom (at most: budgets not counted)"] == 500_000_000_000
    assert about["Budgets not counted in GBP: no budget on record"] == in_delivery
