"""A workbook's columns are as wide as their text shows (docs/tables.md, Spreadsheets)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from portfolio_ledger.reports.tabular import Column, Table
from portfolio_ledger.reports.xlsx import write_xlsx


def widths(tmp_path: Path, titles: list[str]) -> dict[str, float]:
    table = Table("t", "Sheet", [Column("Key"), Column("Title")], [["K", t] for t in titles])
    out = tmp_path / "t.xlsx"
    write_xlsx(table, out)
    sheet = load_workbook(out).active
    assert sheet is not None
    return {letter: d.width for letter, d in sheet.column_dimensions.items()}


def test_a_column_of_wide_characters_is_as_wide_as_they_show(tmp_path: Path) -> None:
    # 17 CJK characters take 34 columns, as a terminal gives them: the column
    # was sized by their count, 17, and cut each title in half.
    cjk = "データ移行システム刷新プロジェクト"
    latin = "A" * 34

    assert widths(tmp_path, [cjk])["B"] == widths(tmp_path, [latin])["B"] == 36


def test_combining_marks_take_no_width(tmp_path: Path) -> None:
    combined = "Cafe\u0301 e\u0301te\u0301 " * 2  # 24 characters, 18 columns

    assert widths(tmp_path, [combined])["B"] == 20


def test_a_c0_control_becomes_a_replacement_character_and_a_c1_control_stays(
    tmp_path: Path,
) -> None:
    table = Table("t", "Sheet", [Column("Title")], [["Pay\x1b[2Jroll\x9b2J\ttab"]])
    out = tmp_path / "t.xlsx"
    write_xlsx(table, out)
    sheet = load_workbook(out).active
    assert sheet is not None

    assert sheet["A2"].value == "Pay\ufffd[2Jroll\x9b2J\ttab"
