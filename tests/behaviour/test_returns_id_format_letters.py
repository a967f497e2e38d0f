"""A workbook's id kept as a number under a format that writes letters before its zeros.

A PPM tool's workbook, or an office's register, keeps the id ``PRJ0012345`` as the number
12345 formatted ``"PRJ"0000000`` (or ``\\P\\R\\J0000000``), so the column sorts and counts
as numbers and shows the id. Its CSV export, last quarter's return, wrote ``PRJ0012345``.
Before, the workbook's cell was read as the number, 12345: the item the CSV onboarded was
missing and a new item, 12345, joined. Now it is read as shown, as a format of zeros is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.returns_mappings import PPM_EXPORT
from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli

MAPPING = PPM_EXPORT


@pytest.mark.parametrize("shown", ['"PRJ"0000000', "\\P\\R\\J0000000", '"PRJ-"00000'])
def test_an_id_formatted_with_letters_is_the_item_the_csv_gave(run: Cli, shown: str) -> None:
    from openpyxl import Workbook

    key = "PRJ-12345" if "-" in shown else "PRJ0012345"
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    csv = write("q4.csv", "Project ID,Project Name,Portfolio,Total Cost",
                f"{key},Cloud Landing Zone,Infrastructure,1200000")  # fmt: skip
    args = ("--mapping", "m.toml", "--authority", "PMO")
    assert run("returns", "import", str(csv), "--as-at", "2025-12-31", *args).exit_code == 0
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Project ID", "Project Name", "Portfolio", "Total Cost"])
    sheet.append([12345, "Cloud Landing Zone", "Infrastructure", 1200000])
    sheet["A2"].number_format = shown
    book.save("q1.xlsx")

    result = run("returns", "import", "q1.xlsx", "--as-at", "2026-03-31", *args, "--json",
                 "--dry-run")  # fmt: skip

    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert [row["key"] for row in found["unchanged"]] == [key]
    assert found["new"] == []
    assert found["missing"] == []
