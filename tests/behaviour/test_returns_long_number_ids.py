"""An id a workbook holds as a number of more than 15 digits is refused: it lost its last ones.

Typed into a cell of the General format, an 18-digit id (an ERP's order or WBS number) is
kept as a number of 15 significant digits, 1.23456789012346E+17; it was read as the key
123456789012346000, another id than the register's, and two such ids may be made one.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from tests.behaviour.returns_mappings import ONE_DEPARTMENT
from tests.behaviour.test_returns_refusals import refused, returns_import
from tests.conftest import Cli


def _workbook(*ids: object) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ref", "Project"])
    for number, key in enumerate(ids, 1):
        sheet.append([key, f"Project {number}"])
    path = Path("ids.xlsx").resolve()
    book.save(path)
    return path


def test_an_id_of_more_than_15_digits_kept_as_a_number_is_refused(run: Cli) -> None:
    Path("m.toml").write_text(ONE_DEPARTMENT, encoding="utf-8")
    path = _workbook(123456789012345678.0, "P-2")

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2026-09-30").split())

    assert (
        "row 2, column Ref: cell A2 holds the number 123456789012346000 (shown 1.23457E+17), "
        "with more digits than a spreadsheet keeps of a number (15), so an id typed as one has "
        "lost its last digits"
    ) in message
    assert "format the column as Text, type its ids again" in message


def test_an_id_of_15_digits_or_fewer_held_as_a_number_is_read(run: Cli) -> None:
    Path("m.toml").write_text(ONE_DEPARTMENT, encoding="utf-8")
    path = _workbook(100200, 123456789012345.0)

    result = returns_import(run, path, "--mapping", "m.toml", "--authority", "PMO",
                            as_at="2026-09-30")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "123456789012345 " in result.output
    assert "100200 " in result.output
