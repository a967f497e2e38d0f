"""A return's refusals are listed in its rows' order, whichever stage refused each.

A cell the return's reading refuses (a day the calendar lacks, ``2026-02-29``) was
listed before a row the ledger's checks refused (a forecast finish before 1900), so
rows 2 to 5 came out as 3, 5, 2, 4: a return's author fixes it top to bottom.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from tests.conftest import Cli

HEADER = (
    "key,title,kind,organisation,category,owner,sponsor,stage,whole_life_cost,forecast_cost,rag"
)


def test_refused_rows_are_listed_top_to_bottom(run: Cli, tmp_path: Path) -> None:
    builtin = resources.files("portfolio_ledger.returns") / "mappings" / "standard.toml"
    standard = builtin.read_text(encoding="utf-8")
    mapping = tmp_path / "dated.toml"
    mapping.write_text(
        standard.replace('rag = "rag"\n', 'rag = "rag"\nforecast_date = "forecast_date"\n', 1),
        encoding="utf-8",
    )
    days = ["1899-12-31", "2026-02-29", "1899-12-31", "2026-02-29", "2027-01-01"]
    rows = [
        f"A-{n},Payroll {n},project,ORG,Corporate,Dana Okafor,CFO,in delivery,100,100,green,{day}"
        for n, day in enumerate(days, start=1)
    ]
    ret = tmp_path / "q3.csv"
    ret.write_text("\n".join([f"{HEADER},forecast_date", *rows]) + "\n", encoding="utf-8")

    imported = run("returns", "import", str(ret), "--mapping", str(mapping),
                   "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert imported.exit_code != 0, imported.output
    lines = imported.stderr.splitlines()
    listed = [line.split(", column")[0].strip() for line in lines if "row" in line]
    # The same problem on rows 2 and 4 is one line, where its first row falls; so is
    # the same cell's problem on rows 3 and 5 (cell L3 (and L5)).
    assert listed == ["rows 2, 4", "rows 3, 5"], imported.stderr
    assert "rows 3, 5, column forecast_date: cell L3 (and L5): '2026-02-29'" in imported.stderr
    assert run.events() == 0
