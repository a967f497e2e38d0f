"""A column with no header whose cells hold something is named as not read, by its letter.

An office's own working column inserted in its template, left unnamed ('checked', a
revised figure), was passed over unsaid, where a named column the mapping does not read
is listed; a column with no header and nothing in it is not named.
"""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook

from tests.behaviour.returns_mappings import ONE_DEPARTMENT
from tests.behaviour.test_returns_refusals import returns_import
from tests.conftest import Cli


def test_a_column_with_no_header_holding_values_is_named(run: Cli) -> None:
    Path("m.toml").write_text(ONE_DEPARTMENT, encoding="utf-8")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ("Ref", "Project", None, "Notes", None),
        ("P-1", "Roads", "revised 12.5", None, None),
        ("P-2", "Rail", None, None, None),
    ):
        sheet.append(row)
    sheet["F3"] = "checked JB"
    book.save("q3.xlsx")
    options = ("--mapping", "m.toml", "--authority", "PMO", "--dry-run")

    result = returns_import(run, Path("q3.xlsx").resolve(), *options)

    assert result.exit_code == 0, result.output
    assert (
        "Columns not read: Notes, column C (no header), column F (no header) (not in the mapping)."
    ) in result.output
    data = json.loads(returns_import(run, Path("q3.xlsx").resolve(), *options, "--json").stdout)
    assert data["unread_columns"] == ["Notes", "column C (no header)", "column F (no header)"]


def test_a_header_holding_a_comma_is_told_from_two(run: Cli) -> None:
    # 'Columns not read: Cost, GBP, Notes' read as three headers where two are not read.
    Path("m.toml").write_text(ONE_DEPARTMENT, encoding="utf-8")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (("Ref", "Project", "Cost, GBP", "Notes"), ("P-1", "Roads", "12.5", "ok")):
        sheet.append(row)
    book.save("q3.xlsx")

    result = returns_import(run, Path("q3.xlsx").resolve(), "--mapping", "m.toml",
                            "--authority", "PMO", "--dry-run")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert 'Columns not read: "Cost, GBP", Notes (not in the mapping).' in result.output


def test_a_column_under_a_header_merged_over_the_one_before_is_one_with_no_header(
    run: Cli,
) -> None:
    """docs/returns.md: 'Project' merged over B1:C1 names B alone; C is unmerged to be named."""
    Path("m.toml").write_text(ONE_DEPARTMENT, encoding="utf-8")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (("Ref", "Project", None), ("P-1", "Roads", "phase 2"), ("P-2", "Rail", None)):
        sheet.append(row)
    sheet.merge_cells("B1:C1")
    book.save("merged.xlsx")

    result = returns_import(run, Path("merged.xlsx").resolve(), "--mapping", "m.toml",
                            "--authority", "PMO", "--dry-run")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "Columns not read: column C (no header) (not in the mapping)." in result.output
    assert "Roads (" in result.output
