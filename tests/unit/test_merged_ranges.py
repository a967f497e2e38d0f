"""Merged ranges read from a sheet's XML in pieces: a tag cut between two pieces is still read."""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.returns import merged
from portfolio_ledger.returns.sheets import read_sheet


def _workbook(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["key", "title", "organisation"])
    for row in range(2, 302):
        sheet.append([f"K-{row}", f"T{row}", f"O{row}" if row % 3 == 2 else None])
    for row in range(2, 302, 3):
        sheet.merge_cells(f"C{row}:C{row + 2}")
    book.save(path)
    return path


@pytest.mark.parametrize("chunk", [1 << 20, 97, 61, 23])
def test_every_range_is_read_however_the_xml_is_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    # Pieces of 1 MiB are never cut in a test's small sheet: cut them small, so each
    # <mergeCell> tag is somewhere split between two pieces.
    monkeypatch.setattr(merged, "_CHUNK", chunk)

    sheet = read_sheet(_workbook(tmp_path / "many.xlsx"))

    organisations = [cells[2].value for _, cells in sheet.rows]
    assert organisations == [f"O{row - (row - 2) % 3}" for row in range(2, 302)]


def test_a_sheet_with_a_header_and_no_rows_names_the_other_sheets(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from portfolio_ledger.returns.mapping import ReturnMapping
    from portfolio_ledger.returns.rows import map_rows

    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Cover"
    cover.append(["key", "title"])
    book.create_sheet("Projects").append(["key", "title", "category"])
    book.save(tmp_path / "book.xlsx")
    sheet = read_sheet(tmp_path / "book.xlsx")

    with pytest.raises(InvalidInput) as refused:
        map_rows(sheet, ReturnMapping("m", "", "m", {"title": "title"}), "b", {})

    assert "b has a header but no rows" in str(refused.value)
    assert "That is the sheet 'Cover'; the workbook's other sheets are: 'Projects'" in str(
        refused.value
    )
