"""A total's row whose label is merged across the id and name columns is refused as a total.

A register's workbook ends with ``Total`` merged over its first columns and the sums
after them. Its id and name cells are covered by the range, so the row was refused
cell by cell, 'is part of the merged cells A5:C5 ...: unmerge them and type each
cell's value': advice to make the total an item's row.
"""

from __future__ import annotations

from pathlib import Path

from tests.behaviour.it_dashboard import mapped
from tests.behaviour.test_returns_refusals import refused, returns_import
from tests.conftest import Cli


def workbook(first: str, merged: str) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Agency Code", "UII", "Investment Title", "Agency", "Spending ($M)"])
    sheet.append(["005", "005-000001234", "FPAC", "Department of Agriculture", 48.112])
    sheet.append(["009", "009-000002160", "Medicare Payments", "HHS", 312.457])
    sheet[f"{first}4"] = "Total"
    sheet["E4"] = 360.569
    sheet.merge_cells(merged)
    book.save("itdash.xlsx")
    mapped(ignore=("Agency Code",), organisation="Agency", authorised_budget="Spending ($M)")
    return Path("itdash.xlsx").resolve()


def test_a_total_merged_across_from_the_first_column_is_refused_as_a_total(run: Cli) -> None:
    path = workbook("A", "A4:D4")

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2025-09-30").split())

    assert (
        "row 4: it looks like a total, not an item ('Total', merged across A4:D4): delete the "
        "row from the return"
    ) in message
    assert "unmerge" not in message
    assert "Refused: 1 problem;" in message


def test_a_total_merged_across_from_the_id_column_is_refused_as_a_total(run: Cli) -> None:
    path = workbook("B", "B4:D4")

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2025-09-30").split())

    assert "row 4: it looks like a total, not an item ('Total', merged across B4:D4)" in message
    assert "unmerge" not in message


def test_an_items_name_merged_into_an_unread_column_beside_it_is_read_as_before(
    run: Cli,
) -> None:
    """'Total Compensation System' merged over the ignored Notes, its id in its own cell:
    fe217fa refused it as a total, to be deleted, where it had been read as the item."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Investment Title", "Notes", "UII", "Agency", "Spending ($M)"])
    sheet.append(["Total Compensation System", None, "009-000002160", "HHS", 312.457])
    sheet.merge_cells("A2:B2")
    book.save("itdash.xlsx")
    mapped(ignore=("Notes",), organisation="Agency", authorised_budget="Spending ($M)")

    result = returns_import(run, Path("itdash.xlsx").resolve(), "--mapping", "m.toml",
                            as_at="2025-09-30")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert run("item", "show", "009-000002160", "--json").exit_code == 0
