"""A register's workbook is read without openpyxl's warnings about the parts it does not keep.

Real registers have dropdown lists (data validation on another sheet's list, an extension
openpyxl drops): each import printed ``UserWarning: Data Validation extension is not
supported and will be removed`` among the reconciliation, as if the file were changed.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

from portfolio_ledger.returns.sheets import read_sheet

_DROPDOWN = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>Lists!$A$1:$A$3</xm:f>'
    "</x14:formula1><xm:sqref>C2:C100</xm:sqref></x14:dataValidation></x14:dataValidations>"
    "</ext></extLst>"
)


def _register_with_a_dropdown(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ref", "Project", "RAG"])
    sheet.append(["P-1", "Alpha", "Green"])
    book.save(path)
    with zipfile.ZipFile(path) as read:
        parts = {name: read.read(name) for name in read.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = xml.replace(
        "</worksheet>", _DROPDOWN + "</worksheet>"
    ).encode()
    with zipfile.ZipFile(path, "w") as written:
        for name, data in parts.items():
            written.writestr(name, data)
    return path


def test_a_workbook_with_a_dropdown_is_read_with_no_warning(tmp_path: Path) -> None:
    path = _register_with_a_dropdown(tmp_path / "register.xlsx")

    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        sheet = read_sheet(path)

    assert [str(warning.message) for warning in said] == []
    assert [cell.value for cell in sheet.rows[0][1]] == ["P-1", "Alpha", "Green"]
