"""A workbook's id kept as a number under a format of zeros and separators is the id shown.

A US IT Dashboard workbook whose Unique Investment Identifier column was typed as numbers
and formatted '000-000000000' shows 005-000001234: read as the number, 5000001234, the
investment the CSV export onboarded was missing and a new item joined.
"""

from __future__ import annotations

import json

from tests.behaviour.it_dashboard import mapped
from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli


def test_an_id_formatted_with_separators_is_the_item_the_csv_gave(run: Cli) -> None:
    from openpyxl import Workbook

    mapped(authorised_budget="Spending ($M)")
    csv = write("fy2024.csv", "UII,Investment Title,Spending ($M)", "005-000001234,FPAC,48.112")
    args = ("--mapping", "m.toml", "--authority", "OMB")
    assert run("returns", "import", str(csv), "--as-at", "2024-09-30", *args).exit_code == 0
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["UII", "Investment Title", "Spending ($M)"])
    sheet.append([5000001234, "FPAC", 48.112])
    sheet["A2"].number_format = "000-000000000"
    book.save("fy2025.xlsx")

    result = run("returns", "import", "fy2025.xlsx", "--as-at", "2025-09-30", *args, "--json",
                 "--dry-run")  # fmt: skip

    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert [row["key"] for row in found["unchanged"]] == ["005-000001234"]
    assert found["new"] == []
    assert found["missing"] == []
