"""A return that leaves a forecast or whole-life cost out says, for each row, what is kept.

A row's empty forecast date cell gives no date: the item keeps the one an
earlier report gave (docs/concepts.md, *A forecast a later report does not
give*). The reconciliation said nothing of it; and nothing either where the
return has no whole-life cost or forecast column and a row records a status
report, which then leaves them out. Now each such row says what the item
keeps and as which report gave it, on screen and in ``--json`` (``kept``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Cli

HEADER = "key,title,category,whole_life_cost,forecast_cost,forecast_date,rag\n"
FULL = (
    'source = "Quarterly return"\nunits = "units"\ncurrency = "GBP"\n\n[columns]\n'
    'key = "key"\ntitle = "title"\ncategory = "category"\nwhole_life_cost = "whole_life_cost"\n'
    'forecast_cost = "forecast_cost"\nforecast_date = "forecast_date"\nrag = "rag"\n\n'
    '[defaults]\nkind = "project"\nstage = "in delivery"\n'
)
RATED_ONLY = (
    'source = "Rating return"\n\n[columns]\nkey = "key"\ntitle = "title"\nrag = "rag"\n\n'
    '[defaults]\nkind = "project"\nstage = "in delivery"\n'
)


def imported(run: Cli, tmp_path: Path, name: str, rows: str, as_at: str, *more: str) -> Any:
    """Import the return ``name`` (its rows under ``HEADER``) with the full mapping."""
    mapping = tmp_path / "full.toml"
    mapping.write_text(FULL, encoding="utf-8")
    (tmp_path / name).write_text(HEADER + rows, encoding="utf-8")
    result = run("returns", "import", str(tmp_path / name), "--mapping", str(mapping),
                 "--as-at", as_at, "--authority", "PMO", *more)  # fmt: skip
    assert result.exit_code == 0, result.output
    return result


def first_quarter(run: Cli, tmp_path: Path) -> None:
    """P-1 with a forecast date, P-2 without one, both as at 2026-03-31."""
    imported(run, tmp_path, "q1.csv",
             "P-1,Payments,Digital,500,120,2027-03-31,red\n"
             "P-2,Portal,Digital,300,90,,green\n", "2026-03-31")  # fmt: skip


def by_key(data: dict[str, Any], outcome: str) -> dict[str, dict[str, Any]]:
    """The ``--json`` rows of an outcome, by key."""
    return {row["key"]: row for row in data[outcome]}


def test_an_empty_forecast_date_cell_kept_is_said_for_its_row(run: Cli, tmp_path: Path) -> None:
    first_quarter(run, tmp_path)
    rows = "P-1,Payments,Digital,500,130,,amber\nP-2,Portal,Digital,300,95,,green\n"

    dry = imported(run, tmp_path, "q2.csv", rows, "2026-06-30", "--dry-run", "--json")
    done = imported(run, tmp_path, "q2.csv", rows, "2026-06-30")

    changed = by_key(json.loads(dry.stdout), "changed")
    said = "forecast date left blank: 2027-03-31 (as reported 2026-03-31) kept"
    assert changed["P-1"]["kept"] == [
        {"field": "forecast_date", "value": "2027-03-31", "reported_on": "2026-03-31",
         "blank": True, "said": said},
    ]  # fmt: skip
    assert changed["P-2"]["kept"] == []  # it had no date to keep
    assert "Left out, so kept as an earlier report gave it: 1" in done.output
    assert " ".join(said.split()) in " ".join(done.output.split())


def test_a_row_that_records_nothing_says_its_empty_forecast_date_is_kept_too(
    run: Cli, tmp_path: Path
) -> None:
    first_quarter(run, tmp_path)

    same = imported(run, tmp_path, "q1-again.csv", "P-1,Payments,Digital,500,120,,red\n",
                    "2026-03-31", "--dry-run", "--json")  # fmt: skip

    (row,) = json.loads(same.stdout)["unchanged"]
    assert not row["status_reported"]
    assert [k["said"] for k in row["kept"]] == [
        "forecast date left blank: 2027-03-31 (as reported 2026-03-31) kept"
    ]


def test_a_status_report_from_a_return_without_the_columns_says_what_it_keeps(
    run: Cli, tmp_path: Path
) -> None:
    first_quarter(run, tmp_path)
    mapping = tmp_path / "rated.toml"
    mapping.write_text(RATED_ONLY, encoding="utf-8")
    (tmp_path / "ratings.csv").write_text(
        "key,title,rag\nP-1,Payments,amber\nP-2,Portal,green\n", encoding="utf-8"
    )

    result = run("returns", "import", str(tmp_path / "ratings.csv"), "--mapping", str(mapping),
                 "--as-at", "2026-06-30", "--authority", "PMO", "--json")  # fmt: skip

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [k["said"] for k in by_key(data, "changed")["P-1"]["kept"]] == [
        "whole-life cost not in the return: GBP 500 (as reported 2026-03-31) kept",
        "forecast not in the return: GBP 120 (as reported 2026-03-31) kept",
        "forecast date not in the return: 2027-03-31 (as reported 2026-03-31) kept",
    ]
    (again,) = data["unchanged"]  # green again: its status reported again, on 06-30
    assert again["status_reported"]
    assert [k["field"] for k in again["kept"]] == ["whole_life_cost", "forecast_cost"]
    shown = json.loads(run("item", "show", "P-1", "--json").stdout)
    assert shown["whole_life_cost_reported_on"] == "2026-03-31"
