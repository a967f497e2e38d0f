"""Merged cells with nothing in them, and blank rows a merged range runs over.

A template's empty merged boxes (left for notes) and the spacer rows a merged
directorate runs over show nothing of their own: they read as empty, as they did
before merged ranges were read, and never refuse the return.
"""

from __future__ import annotations

import json

from tests.behaviour.test_returns_messy import register
from tests.conftest import Cli


def _import(run: Cli, path: str, *fields: str) -> str:
    result = run("returns", "import", path, "--mapping", register(*fields),
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def test_an_empty_merged_box_below_the_rows_is_nothing(run: Cli) -> None:
    # Each row of the box was refused as 'part of the merged cells A5:C7', though it is empty.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["key", "title", "category"])
    sheet.append(["K-1", "Alpha", "Digital"])
    sheet.merge_cells("A5:C7")
    book.save("box.xlsx")

    _import(run, "box.xlsx")

    assert [row["key"] for row in json.loads(run("portfolio", "--json").output)] == ["K-1"]


def test_an_empty_range_merged_across_columns_is_empty_in_each_cell(run: Cli) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["key", "title", "category", "organisation", "owner"])
    sheet.append(["K-1", "Alpha", "Digital", None, None])
    sheet.merge_cells("D2:E2")
    book.save("across.xlsx")

    _import(run, "across.xlsx", "organisation", "owner")

    shown = json.loads(run("item", "show", "K-1", "--json").output)
    assert shown["organisation"] is None
    assert not shown["owner"]


def test_a_blank_row_a_merged_value_runs_over_is_not_an_item(run: Cli) -> None:
    # C2:C4 runs over the blank row 4 between groups: it read as a row holding only
    # 'Finance', refused as having no id and no name.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["key", "title", "organisation", "category"])
    sheet.append(["FIN-1", "ERP upgrade", "Finance", "Corporate"])
    sheet.append(["FIN-2", "Payroll", None, "Corporate"])
    sheet.append([])
    sheet.append(["IT-1", "Network refresh", "IT", "Infrastructure"])
    sheet.merge_cells("C2:C4")
    book.save("spacer.xlsx")

    _import(run, "spacer.xlsx", "organisation")

    rows = json.loads(run("portfolio", "--json").output)
    held = {row["key"]: row["organisation"] for row in rows}
    assert held == {"FIN-1": "Finance", "FIN-2": "Finance", "IT-1": "IT"}
