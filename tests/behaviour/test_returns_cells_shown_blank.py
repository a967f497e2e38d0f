"""Cells whose number format shows nothing of what they hold are read, and said to be.

A workbook cell formatted ``;;;`` looks empty and holds 1,200,000: a figure kept out of
sight, as an analyst keeps a working figure or last quarter's. ``0;-0;;@`` shows a zero
as a blank. The import read such a cell as the value it holds without a word, where the
office reading the sheet saw nothing there (hidden rows and columns were named). Now each
such cell the mapping reads is named with its format, in words and in ``--json``; a cell
the mapping does not read is not, nor one whose format shows its value.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.behaviour.test_returns_messy import register
from tests.conftest import Cli

HEADER = ["key", "title", "category", "whole_life_cost", "working"]
ROWS: list[list[Any]] = [
    ["P-1", "Payroll", "Corporate", 1_200_000, 5],
    ["P-2", "Website", "Customer", 0, 7],
    ["P-3", "Network", "Infrastructure", 350_000, 9],
]


def workbook(formats: dict[str, str]) -> Path:
    """The register, each cell ``formats`` names given its number format."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER, *ROWS]:
        sheet.append(row)
    for ref, shown in formats.items():
        sheet[ref].number_format = shown
    path = Path("q2.xlsx").resolve()
    book.save(path)
    return path


def dry_run(run: Cli, path: Path, *options: str) -> str:
    result = run("returns", "import", str(path), "--mapping", register("whole_life_cost"),
                 "--as-at", "2026-06-30", "--authority", "PMO", "--dry-run", *options)  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def test_a_figure_its_format_hides_is_read_and_named_with_its_format(run: Cli) -> None:
    path = workbook({"D2": ";;;", "D3": "0;-0;;@", "D4": "#,##0", "E2": ";;;"})

    said = dry_run(run, path)
    data = json.loads(dry_run(run, path, "--json"))

    assert "Cells read that show blank: 2. These hold a value their number format" in said
    assert "(the format in brackets): D2 (;;;), D3 (0;-0;;@), read as any other" in said
    assert data["unseen_cells"] == [
        {"cell": "D2", "format": ";;;"},
        {"cell": "D3", "format": "0;-0;;@"},
    ]  # not D4, which shows 350,000; not E2, which the mapping does not read
    costs = {row["key"]: row["joins_as"] for row in data["new"]}
    assert "1,200,000" in costs["P-1"]  # read as it is held, all the same


def test_cells_whose_formats_show_them_are_not_named(run: Cli) -> None:
    path = workbook({"D2": '#,##0;(#,##0);"-"', "D3": '_(* #,##0_);_(* (#,##0);_(* "-"??_)'})

    said = dry_run(run, path)
    data = json.loads(dry_run(run, path, "--json"))

    assert "show blank" not in said
    assert data["unseen_cells"] == []


def test_a_zero_on_a_sheet_that_shows_no_zeros_is_named(run: Cli) -> None:
    # Excel's "Show a zero in cells that have zero value", unticked: P-2's cost shows blank.
    from openpyxl import load_workbook

    path = workbook({})
    book = load_workbook(path)
    assert book.active is not None
    book.active.sheet_view.showZeros = False
    book.save(path)

    data = json.loads(dry_run(run, path, "--json"))

    assert data["unseen_cells"] == [{"cell": "D3", "format": "the sheet shows no zeros"}]
