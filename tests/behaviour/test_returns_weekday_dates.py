"""A date with its weekday in front, as US Excel's Long Date and Microsoft Project show one.

A PPM export saved as CSV from Excel writes a date cell formatted *Long Date* as
``Tuesday, March 31, 2026``, and Microsoft Project (Project Online) writes ``Tue 3/31/2026``.
Before, each was refused as "not a date", naming neither the weekday nor what to do. Now
the weekday is read past and held against the day: one that is not its weekday refuses
the cell, saying which is which, as either may be the mistake.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_returns_refusals import refused, write
from tests.conftest import Cli

MAPPING = """
dates = "MM/DD/YYYY"

[columns]
key = "Project ID"
title = "Project Name"
category = "Portfolio"
forecast_date = "Finish Date"
"""
WRITTEN = [
    '"Tuesday, March 31, 2026"',
    "Tue 3/31/2026",
    "Thu 12/31/2026 5:00 PM",
    '"Wed. Sep 30, 2026"',
    "FRIDAY 2027-01-01",
]
READ = ["2026-03-31", "2026-03-31", "2026-12-31", "2026-09-30", "2027-01-01"]


def _export(*finishes: str) -> Path:
    rows = (f"PRJ00{n},Item {n},Digital,{day}" for n, day in enumerate(finishes, start=1))
    return write("export.csv", "Project ID,Project Name,Portfolio,Finish Date", *rows)


def test_a_date_with_its_weekday_in_front_is_read_as_its_day(run: Cli) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")

    result = run("returns", "import", str(_export(*WRITTEN)), "--mapping", "mapping.toml",
                 "--as-at", "2026-03-31", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    shown = [json.loads(run("item", "show", f"PRJ00{n}", "--json").output) for n in range(1, 6)]
    assert [item["forecast_date"] for item in shown] == READ


def test_a_weekday_that_is_not_the_days_is_refused_naming_both(run: Cli) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")
    path = _export("Wed 3/31/2026", '"Monday, March 31, 2026"', "Tue 3/31/26")

    message = " ".join(refused(run, path, "--mapping", "mapping.toml").split())

    assert (
        "cell D2: 'Wed 3/31/2026' is not a date: it names a Wednesday, but '3/31/2026' is "
        "2026-03-31, a Tuesday (read as the mapping's dates say, MM/DD/YYYY)"
    ) in message
    assert "'Monday, March 31, 2026' is not a date: it names a Monday" in message
    assert (
        "cell D4: 'Tue 3/31/26' is a weekday and a date; '3/31/26' is not a date: "
        "a year of two digits" in message
    )


def test_excels_day_0_saved_to_csv_is_refused_saying_so(run: Cli) -> None:
    # A date cell holding 0 (a formula's empty date) shows 1/0/1900 and is saved so: before,
    # refused as "there is no day 0 of 1900", naming neither Excel's day 0 nor the spelling.
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")

    message = " ".join(refused(run, _export("1/0/1900"), "--mapping", "mapping.toml").split())

    assert (
        "cell D2: '1/0/1900' is Excel's day 0 (1900-01-00), as a date cell holding 0 shows it"
    ) in message
    assert '[spellings.forecast_date] "1/0/1900" = "" in the mapping' in message
