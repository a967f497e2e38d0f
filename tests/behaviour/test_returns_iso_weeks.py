"""A forecast date written as an ISO week ('2026-W13') is refused as a week, not read as a day.

Python's date.fromisoformat reads '2026-W13' as the week's Monday, so a register's
week (a planner's, Microsoft Project's) was recorded as a forecast to finish on
2026-03-23, unsaid, where the week runs to Sunday the 29th; 'KW 13/2026' was refused.
A week with its day ('2026-W13-5', the Friday) is one day, and read as it.
"""

from __future__ import annotations

from pathlib import Path

from tests.behaviour.test_returns_refusals import refused, returns_import, write
from tests.conftest import Cli

MAPPING = """
dates = "DD/MM/YYYY"
[columns]
key = "Ref"
title = "Project"
forecast_date = "Finish"
[defaults]
kind = "project"
stage = "in delivery"
category = "Digital"
"""


def test_a_week_is_refused_and_a_week_s_day_read(run: Cli) -> None:
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    path = write("plan.csv", "Ref,Project,Finish", "P-1,Roads,2026-W13", "P-2,Rail,2026w14",
                 "P-3,Ports,2025-W53", "P-4,Docks,2026-W13-5")  # fmt: skip
    options = ("--mapping", "m.toml", "--authority", "PMO")

    message = " ".join(refused(run, path, *options, as_at="2025-06-30").split())

    assert (
        "row 2, column Finish: cell C2: '2026-W13' is a week (ISO week 13 of 2026, Monday "
        "2026-03-23 to Sunday 2026-03-29), not a day: write the day it means, YYYY-MM-DD; or, "
        'if \'2026-W13\' means a day, say [spellings.forecast_date] "2026-W13" = "YYYY-MM-DD"'
    ) in message
    assert "cell C3: '2026w14' is a week (ISO week 14 of 2026" in message
    assert "cell C4: '2025-W53' is not a date (an ISO 8601 week): there is no week 53" in message
    assert "row 5" not in message
    write("plan.csv", "Ref,Project,Finish", "P-4,Docks,2026-W13-5")
    assert returns_import(run, path, *options, as_at="2025-06-30").exit_code == 0
    assert "Forecast date       2026-03-27" in run("item", "show", "P-4").output


def test_a_week_is_no_day_to_spell_a_cell_as(run: Cli) -> None:
    Path("m.toml").write_text(
        MAPPING + '[spellings.forecast_date]\n"Q1 2026" = "2026-W13"\n', encoding="utf-8"
    )
    path = write("plan.csv", "Ref,Project,Finish", "P-1,Roads,Q1 2026")

    message = refused(run, path, "--mapping", "m.toml", "--authority", "PMO", as_at="2025-06-30")

    assert "'2026-W13' is not a day" in " ".join(message.split())
