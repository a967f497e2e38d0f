"""A date written year first with '/' or '.' (2027/12/31), as Japanese and Chinese Excel write one.

Year, month and day in that order cannot be misread, yet ``2027/12/31`` and ``2027/1/5``
were refused as "not a date (YYYY-MM-DD)" while ``2027-12-31`` was read. A date that is
none (``2027/13/01``, ``2027/02/30``) and a two-digit year (``27/12/31``) are still refused.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_returns_refusals import refused, write
from tests.conftest import Cli

MAPPING = """
[columns]
key = "ID"
title = "Name"
category = "Area"
forecast_date = "Finish"
"""
WRITTEN = ["2027/12/31", "2027/1/5", "2027.12.31", "2028/02/29 17:00:00", "2027-1-5"]
READ = ["2027-12-31", "2027-01-05", "2027-12-31", "2028-02-29", "2027-01-05"]


def dated(kind: str, *finishes: str) -> Path:
    """A register of one item a finish date (text), keyed R-1, R-2, ..., as CSV or a workbook."""
    rows = [[f"R-{n}", f"Item {n}", "Digital", day] for n, day in enumerate(finishes, start=1)]
    if kind == "csv":
        return write("dated.csv", "ID,Name,Area,Finish", *(",".join(row) for row in rows))
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "Name", "Area", "Finish"])
    for row in rows:
        sheet.append(row)  # the finish a text cell, as a date saved as text is
    book.save("dated.xlsx")
    return Path("dated.xlsx").resolve()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "dates",
    ["", 'dates = "DD/MM/YYYY"\n', 'dates = "MM/DD/YYYY"\n'],
    ids=["no-dates", "day-first", "month-first"],
)
def test_a_date_written_year_first_is_read_as_yyyy_mm_dd_is(
    run: Cli, kind: str, dates: str
) -> None:
    Path("mapping.toml").write_text(dates + MAPPING, encoding="utf-8")

    result = run("returns", "import", str(dated(kind, *WRITTEN)), "--mapping", "mapping.toml",
                 "--as-at", "2026-03-31", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    shown = [json.loads(run("item", "show", f"R-{n}", "--json").output) for n in range(1, 6)]
    assert [item["forecast_date"] for item in shown] == READ


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_date_written_year_first_that_is_no_date_is_refused_saying_why(
    run: Cli, kind: str
) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")
    path = dated(kind, "2027/13/01", "2027/02/30", "27/12/31", "0000/01/01")

    message = " ".join(refused(run, path, "--mapping", "mapping.toml").split())

    assert "cell D2: '2027/13/01' is not a date: there is no month 13" in message
    assert "cell D3: '2027/02/30' is not a date: there is no day 30 in February 2027" in message
    assert "cell D4: '27/12/31' is not a date: a year of two digits is not read" in message
    assert "cell D5: '0000/01/01' is not a date: there is no year 0000" in message


ONLY_FIRST = "is not a date: a year of two digits is not read, and it is written year first"
SAID_MONTH_FIRST = "MM/DD/YYYY as the mapping's dates say,"
EITHER = (
    "is not a date: a year of two digits is not read (is 31 1931 or 2031? or, if it is "
    "written year first, is 24 1924 or 2024?)"
)


@pytest.mark.parametrize(
    ("dates", "written", "said", "fix"),
    [
        ("", "45/12/31", f"{ONLY_FIRST} (read with the year last it is no day)",
         "(2045/12/31 or 1945/12/31)"),
        ('dates = "MM/DD/YYYY"\n', "24.12.31",
         f"{ONLY_FIRST} (read with the year last, {SAID_MONTH_FIRST} it is no day)",
         "(2024.12.31 or 1924.12.31)"),
        ("", "24/12/31", EITHER, "(24/12/2031, or 2024/12/31 if it is written year first)"),
    ],
    ids=["only-year-first", "only-year-first-month-first", "either"],
)  # fmt: skip
def test_a_two_digit_year_first_is_named_as_the_year_where_it_may_be(
    run: Cli, dates: str, written: str, said: str, fix: str
) -> None:
    # '45/12/31' was answered "is 31 1931 or 2031?": 45 is no day, so 31 is no year
    Path("mapping.toml").write_text(dates + MAPPING, encoding="utf-8")

    message = " ".join(refused(run, dated("csv", written), "--mapping", "mapping.toml").split())

    assert f"cell D2: '{written}' {said}" in message
    assert f"four digits {fix}" in message


def test_a_two_digit_year_the_mapping_s_order_reads_last_is_named_as_before(run: Cli) -> None:
    Path("mapping.toml").write_text('dates = "DD/MM/YYYY"\n' + MAPPING, encoding="utf-8")

    message = " ".join(refused(run, dated("csv", "24/12/31"), "--mapping", "mapping.toml").split())

    said = "'24/12/31' is not a date: a year of two digits is not read (is 31 1931 or 2031?)"
    assert said in message
    assert "year first" not in message
