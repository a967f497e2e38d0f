"""A workbook's cell marked as a number that is none, or too long to read, is refused naming it.

openpyxl reads a number cell's text with Python's ``int()``: a cell of 5,000 digits (a
workbook edited by hand or by another tool) stopped the import with the interpreter's words,
*cannot be read as an .xlsx workbook (Exceeds the limit (4300 digits) for integer string
conversion: value has 5000 digits; use sys.set_int_max_str_digits() ...)*, and ``NaN``
marked as a number with *invalid literal for int() with base 10: 'NaN'*: no cell named.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from tests.behaviour.returns_mappings import BY_DEPARTMENT
from tests.behaviour.test_returns_refusals import refused
from tests.conftest import Cli


def _workbook_with(text: str) -> Path:
    """A return whose cell D3 (a budget) is marked as a number and holds ``text``."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ref", "Project", "Dept", "Budget"])
    sheet.append(["P-1", "Alpha", "HO", 10])
    sheet.append(["P-2", "Beta", "HO", 7])
    saved = Path("saved.xlsx").resolve()
    book.save(saved)
    path = Path("q3.xlsx").resolve()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(path, "w") as edited:
        for part in source.infolist():
            data = source.read(part.filename)
            if part.filename == "xl/worksheets/sheet1.xml":
                cell = re.compile(rb'(<c r="D3"[^>]*><v>)7(</v>)')
                data, found = cell.subn(lambda m: m[1] + text.encode() + m[2], data)
                assert found == 1
            edited.writestr(part, data)
    return path


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("9" * 5000, "cell D3 holds a number of 5,000 digits ('99999"),
        ("-" + "0" * 10 + "1" * 4301, "cell D3 holds a number of 4,301 digits ('-0000000000111"),
        ("NaN", "cell D3 is marked as a number but holds 'NaN', which is none"),
        ("12 000", "cell D3 is marked as a number but holds '12 000', which is none"),
    ],
    ids=["5000-digits", "4301-digits", "nan", "a-space"],
)
def test_a_number_cell_that_cannot_be_read_is_refused_naming_it(
    run: Cli, text: str, said: str
) -> None:
    Path("m.toml").write_text(
        BY_DEPARTMENT.replace("[columns]", '[columns]\nauthorised_budget = "Budget"'),
        encoding="utf-8",
    )
    path = _workbook_with(text)

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2026-09-30").split())

    assert f"q3.xlsx: {said}" in message, message
    assert "correct it in a spreadsheet program and save the workbook again, or save it as CSV" in (
        message
    )
    assert "int()" not in message
    assert "Exceeds the limit" not in message
