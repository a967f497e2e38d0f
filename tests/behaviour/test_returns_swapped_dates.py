"""Date cells beside dates left as text, as a day-first CSV opened month first leaves them.

An Australian register (``dates = "DD/MM/YYYY"``) saved as CSV and opened in US Excel comes
back with ``01/07/2026`` a date cell of 7 January and ``30/06/2027`` (no month 30) text.
Saved as a workbook and imported, the text was read day first and the date cell as
2026-01-07: 1 July recorded as 7 January, with nothing said.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from tests.behaviour.test_returns_refusals import refused, returns_import
from tests.conftest import Cli

MAPPING = """currency = "AUD"
dates = "DD/MM/YYYY"
[columns]
key = "Project ID"
title = "Project Name"
forecast_date = "Expected Completion"
[defaults]
kind = "project"
stage = "in delivery"
category = "ICT"
"""


def _register(*completions: object) -> Path:
    Path("nsw.toml").write_text(MAPPING, encoding="utf-8")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Project ID", "Project Name", "Expected Completion"])
    for number, completion in enumerate(completions, 1):
        sheet.append([f"DCS-{number:04d}", f"Project {number}", completion])
    path = Path("register.xlsx").resolve()
    book.save(path)
    return path


def test_a_date_cell_beside_text_dates_only_day_first_reads_is_refused(run: Cli) -> None:
    path = _register("30/06/2027", date(2026, 1, 7), date(2027, 3, 3), "31/12/2028")

    message = " ".join(refused(run, path, "--mapping", "nsw.toml", as_at="2026-09-30").split())

    assert (
        "row 3, column Expected Completion: cell C3 is a date cell, 2026-01-07, in a column "
        "whose dates are also text written DD/MM/YYYY (C2: '30/06/2027')"
    ) in message
    assert "so this one may be 2026-07-01. Import the CSV itself" in message
    assert "cell C4" not in message  # 3 March either way round


def test_date_cells_alone_or_beside_text_either_order_reads_are_read(run: Cli) -> None:
    path = _register(date(2026, 1, 7), "05/06/2027", date(2028, 12, 31))

    result = returns_import(run, path, "--mapping", "nsw.toml", "--authority", "PMO",
                            as_at="2026-09-30")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "forecast date 2026-01-07" in result.output
    assert "forecast date 2027-06-05" in result.output


def test_the_refusal_names_every_date_left_as_text(run: Cli) -> None:
    # A UK office's own workbook, its dates typed as dates but for a few pasted as text:
    # each refusal named the first text date alone, so retyping it as a date brought the
    # next refusal naming the next, a round per text date.
    texts = [f"{day}/0{month}/2027" for day, month in ((15, 8), (30, 9), (28, 5), (31, 3))]
    path = _register(texts[0], date(2028, 12, 1), *texts[1:], "15/07/2028", "30/07/2026")

    message = " ".join(refused(run, path, "--mapping", "nsw.toml", as_at="2026-09-30").split())

    assert "cell C3 is a date cell, 2028-12-01" in message
    assert "(C2: '15/08/2027')" in message
    assert "those left as text: C2, C4, C5, C6, C7 and 1 more" in message
