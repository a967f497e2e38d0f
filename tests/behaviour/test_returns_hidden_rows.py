"""Rows a workbook hides are read as any other, and the import says which.

An analyst filters a month's PPM export to the projects in delivery (an
autofilter hiding the closed ones) and imports it. Hiding changes how a sheet
shows, not what it holds, so the hidden rows were read as items, as the docs
say, but nothing said so: the closed projects stayed in the portfolio (not
missing, so never leaving) and the analyst was none the wiser.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_returns_messy import register
from tests.conftest import Cli

HEADER = ["key", "title", "category", "stage"]
ROWS = [
    ["P-1", "Payroll", "Corporate", "in delivery"],
    ["P-2", "Old CRM", "Customer", "live"],  # filtered out of sight
    ["P-3", "Website", "Customer", "in delivery"],
    ["P-4", "Archive", "Corporate", "live"],  # filtered out of sight
]


def filtered(name: str) -> Path:
    """The export, its autofilter hiding the rows of live items (rows 3 and 5)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (HEADER, *ROWS):
        sheet.append(row)
    sheet.auto_filter.ref = f"A1:D{len(ROWS) + 1}"
    sheet.auto_filter.add_filter_column(3, ["in delivery"])
    for number in (3, 5):
        sheet.row_dimensions[number].hidden = True
    path = Path(name).resolve()
    book.save(path)
    return path


def dry_run(run: Cli, path: Path, *options: str) -> str:
    result = run("returns", "import", str(path), "--mapping", register("stage"), "--as-at",
                 "2026-06-30", "--authority", "PMO", "--dry-run", *options)  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def test_hidden_rows_read_are_named(run: Cli) -> None:
    path = filtered("july.xlsx")

    said = dry_run(run, path)
    data = json.loads(dry_run(run, path, "--json"))

    assert (
        "Hidden rows read: 2. The sheet hides rows 3, 5 (by hand or by a filter), read as any "
        "other; to leave rows out, choose the rows to read with --where COLUMN=VALUE"
    ) in said
    assert "4 new" in said  # read all the same, as docs/returns.md says
    assert data["hidden_rows"] == [3, 5]
    assert [row["key"] for row in data["new"]] == ["P-1", "P-2", "P-3", "P-4"]


def test_hidden_rows_left_out_by_where_are_not_named(run: Cli) -> None:
    path = filtered("july.xlsx")

    said = dry_run(run, path, "--where", "stage=in delivery")

    assert "Hidden rows" not in said
    assert "2 new" in said


def without_row_numbers(path: Path) -> Path:
    """The workbook as a tool built on the Open XML SDK writes it: rows without ``r``."""
    import re
    import zipfile

    written = path.with_name(f"sdk-{path.name}")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(written, "w") as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'(<row\b[^>]*?) r="[0-9]+"', rb"\1", data)
            target.writestr(entry, data)
    return written


def test_hidden_rows_are_named_where_rows_leave_out_their_numbers(run: Cli) -> None:
    # A row's number (r) is optional; a row without one is the one after the row before.
    # Such rows' hidden="1" was never read, so the rows were read and nothing said.
    path = without_row_numbers(filtered("july.xlsx"))

    data = json.loads(dry_run(run, path, "--json"))

    assert data["hidden_rows"] == [3, 5]
    assert [row["row"] for row in data["new"]] == [2, 3, 4, 5]
