"""The two clocks on the real GMPP file, checked by an independent reading of its export.

Both annual returns are imported as the acceptance of issues 13 and 15 does
(2024-25 as at 2024-09-30, then 2025-26 as at 2025-09-30 with ``--missing
leave``): items onboarded with withheld costs and ratings, reported again,
renamed, moved to another department and leaving. Then one baseline is
corrected (its whole-life cost and rating, as a typing error put right). At
moments before, within and after each import, on days either side of each
return's date, ``portfolio --as-of TIME --effective-on DAY --json`` lists
each item as tests/clock_oracle.py computes it from ``audit export``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.clock_oracle import disagreements, items_at, read_export
from tests.conftest import Cli
from tests.test_clock_oracle import portfolio

DATA = Path(__file__).parent / "data" / "gmpp_2024_2026.csv"
AS_AT = {"2024-25": "2024-09-30", "2025-26": "2025-09-30"}


def gmpp_import(run: Cli, year: str, *options: str) -> None:
    result = run(
        "returns", "import", str(DATA), "--mapping", "gmpp", "--where", f"report_year={year}",
        "--as-at", AS_AT[year], "--authority", "GMPP annual report", *options,
    )  # fmt: skip
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def exported(
    module_db_url: str, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Cli, list[dict[str, Any]]]:
    """Both returns and a corrected baseline, and the audit trail as exported."""
    run = Cli(module_db_url)
    gmpp_import(run, "2024-25")
    gmpp_import(run, "2025-26", "--missing", "leave")
    corrected = run(
        "decision", "correct", "1", "--set", "whole_life_cost=1000000", "--set", "rag=red",
        "--authority", "PMO record-keeping procedure", "-m", "The return said GBP 1m",
    )  # fmt: skip
    assert corrected.exit_code == 0, corrected.output
    path = tmp_path_factory.mktemp("exports") / "gmpp.jsonl"
    result = run("audit", "export", "--out", str(path))
    assert result.exit_code == 0, result.output
    return run, read_export(path)


def test_the_portfolio_at_each_moment_is_the_oracle_s(
    exported: tuple[Cli, list[dict[str, Any]]],
) -> None:
    run, rows = exported
    second = next(i for i, row in enumerate(rows) if row["effective_date"] == AS_AT["2025-26"])
    times = [rows[i]["recorded_at"] for i in (0, second // 2, second - 1, second + 99, -2, -1)]
    days = ["2024-09-29", "2024-09-30", "2025-09-29", "2025-09-30"]
    moments: list[tuple[str | None, str | None]] = [(None, None), (None, days[1])]
    moments += [(time, day) for time in times for day in (*days[1:], None)]

    assert disagreements(rows, moments, portfolio(run)) == []
    now = items_at(rows)
    assert len(now) == 232
    assert sum(item["stage"] == "left" for item in now.values()) == 43
