"""A workbook saved as Excel's *Strict Open XML Spreadsheet* is refused saying so.

Excel's Save As offers *Strict Open XML Spreadsheet* beside *Excel Workbook*, both named
``.xlsx``. openpyxl reads none of a Strict one, and the refusal was its own words:
``cannot be read as an .xlsx workbook (list index out of range); open it in a spreadsheet
program and save it again as .xlsx``, which, saved again as it was, says the same.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import Workbook

from tests.behaviour.test_returns_refusals import refused
from tests.conftest import Cli

TRANSITIONAL = {
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main": (
        "http://purl.oclc.org/ooxml/spreadsheetml/main"
    ),
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
        "http://purl.oclc.org/ooxml/officeDocument/relationships"
    ),
}
"""Each namespace of an Excel Workbook, and the one a Strict Open XML Spreadsheet writes."""


def strict_workbook(path: Path) -> Path:
    """A small return, saved with the namespaces Excel's Strict Open XML Spreadsheet writes."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["gmpp_id", "project_name", "department", "category"])
    sheet.append(["DFE_0017", "Schools", "DFE", "Infrastructure"])
    book.save(path.with_suffix(".plain"))
    with (
        zipfile.ZipFile(path.with_suffix(".plain")) as plain,
        zipfile.ZipFile(path, "w") as strict,
    ):
        for part in plain.infolist():
            data = plain.read(part.filename)
            for transitional, iso in TRANSITIONAL.items():
                data = data.replace(transitional.encode(), iso.encode())
            strict.writestr(part, data)
    return path


def test_a_strict_open_xml_workbook_is_refused_saying_how_to_save_it(run: Cli) -> None:
    path = strict_workbook(Path("q3.xlsx").resolve())

    message = " ".join(refused(run, path).split())

    assert "q3.xlsx is saved as a Strict Open XML Spreadsheet, which is not read" in message
    assert "'Excel Workbook', not 'Strict Open XML Spreadsheet'" in message
    assert "list index out of range" not in message
