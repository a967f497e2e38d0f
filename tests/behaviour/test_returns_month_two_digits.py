"""A register's 'Jun-26' (a date formatted mmm-yy, saved as CSV) is refused saying why.

An Australian register's expected completion, typed as a date and shown mmm-yy, is
saved to CSV as 'Jun-26'. With months = "last" it was refused as 'not a date', naming
neither its year of two digits nor how to read it.
"""

from __future__ import annotations

from pathlib import Path

from tests.behaviour.test_returns_refusals import refused, write
from tests.conftest import Cli

MAPPING = """
currency = "AUD"
dates = "DD/MM/YYYY"
months = "last"
[columns]
key = "Project ID"
title = "Project name"
forecast_date = "Expected completion"
[spellings.forecast_date]
"Jun-27" = "2027-06-30"
[defaults]
kind = "project"
stage = "in delivery"
category = "ICT"
"""


def test_a_month_of_two_digits_is_refused_and_read_as_spelt(run: Cli) -> None:
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    path = write("nsw.csv", "Project ID,Project name,Expected completion",
                 "DCS-0012,Digital Driver Licence,Jun-26", "HLT-0104,eMR,Jun-27")  # fmt: skip

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2025-06-30").split())

    assert (
        "row 2, column Expected completion: cell C2: 'Jun-26' is a month and a year of two "
        "digits (June 2026 or 1926?), as a spreadsheet shows a date formatted mmm-yy"
    ) in message
    assert "format the column with the year in full (mmm yyyy, Jun 2026)" in message
    assert "row 3" not in message
