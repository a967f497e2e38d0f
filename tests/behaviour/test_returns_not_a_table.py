"""A file that is no table, given as a return, is refused saying what it is.

A tool's "Export to Excel" often writes a web page (an HTML table) or an XML Spreadsheet
2003 under an Excel name (``report.xls``). Read as CSV, it was refused as having no column
'Ref', its header being ``'<html xmlns:o=...>'``; a PDF was said to be text in
Windows-1252, to be saved as 'CSV UTF-8'.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.behaviour.test_returns_refusals import GOOD, HEADER, refused, returns_import
from tests.conftest import Cli

HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>
<body><table><tr><th>gmpp_id</th><th>project_name</th></tr>
<tr><td>DFE_0017</td><td>Schools</td></tr></table></body></html>
"""
XML = """<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Sheet1"><Table><Row><Cell><Data ss:Type="String">gmpp_id</Data></Cell>
 </Row></Table></Worksheet></Workbook>
"""


@pytest.mark.parametrize(
    ("name", "data", "kind", "fix"),
    [
        ("report.xls", HTML.encode(), "a web page (HTML)", "open it in a spreadsheet program"),
        ("report.csv", b"\xef\xbb\xbf<!DOCTYPE html>" + HTML.encode(), "a web page (HTML)", ""),
        ("report.xml", XML.encode(), "an XML Spreadsheet 2003", "save it as an Excel Workbook"),
        (
            "report.csv",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
            "a PDF",
            "a return is read from the spreadsheet the PDF was made from",
        ),
        ("report.csv", b"gmpp_id,project_name\x00\x01\x02\n", "binary (it holds NUL bytes", ""),
    ],
    ids=["html-as-xls", "html-as-csv", "xml-spreadsheet", "pdf", "binary"],
)
def test_a_file_that_is_no_table_is_refused_as_what_it_is(
    run: Cli, name: str, data: bytes, kind: str, fix: str
) -> None:
    path = Path(name).resolve()
    path.write_bytes(data)

    message = " ".join(refused(run, path).split())

    assert f"{name} is {kind}" in message
    assert "not a CSV file or an .xlsx workbook" in message
    assert fix in message
    assert "has no column" not in message
    assert "Windows-1252" not in message


def test_a_sheet_asked_of_a_web_page_is_refused_as_a_web_page(run: Cli) -> None:
    path = Path("report.xls").resolve()
    path.write_text(HTML, encoding="utf-8")

    message = " ".join(refused(run, path, "--sheet", "Sheet1").split())

    assert "report.xls is a web page (HTML)" in message


def _ods(path: Path) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as book:
        book.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        book.writestr("content.xml", "<office:document-content/>")
    return path


@pytest.mark.parametrize("name", ["register.ods", "register.xlsx"])
def test_an_opendocument_spreadsheet_is_refused_as_one_not_as_a_bad_xlsx(
    run: Cli, name: str
) -> None:
    # It was 'cannot be read as an .xlsx workbook (openpyxl does not support .ods file
    # format, please check you can open it with Excel first. ...)', in openpyxl's words.
    path = _ods(Path(name).resolve())

    message = " ".join(refused(run, path).split())

    assert f"{name} is an OpenDocument spreadsheet (LibreOffice's or OpenOffice's .ods)" in message
    assert "save it as an Excel Workbook (.xlsx) or as 'CSV UTF-8'" in message
    assert "openpyxl" not in message


def test_an_excel_binary_workbook_is_refused_saying_how_to_save_it(run: Cli) -> None:
    # It was 'cannot be read as an .xlsx workbook (openpyxl does not support binary format
    # .xlsb, please convert this file to .xlsx format if you want to open it with openpyxl)'.
    import zipfile

    path = Path("register.xlsb").resolve()
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.bin", b"\x83\x01\x00")

    message = " ".join(refused(run, path).split())

    assert "register.xlsb is an Excel Binary Workbook (.xlsb), which is not read" in message
    assert "openpyxl" not in message


def test_a_csv_with_a_stray_nul_is_read_as_text_not_refused_as_binary(run: Cli) -> None:
    # A NUL in a cell of an export (a database's, padding a field) made the whole file
    # 'binary', to be saved again: before, a column not read held it unseen, and one read
    # was refused naming its cell and the character. So again.
    path = Path("register.csv").resolve()
    lines = [HEADER + ",notes", GOOD[0] + ",see\x00 note", GOOD[1] + ","]
    path.write_bytes(("\n".join(lines) + "\n").encode())

    result = returns_import(run, path)

    assert result.exit_code == 0, result.output
    assert "Recorded 2 events" in result.output
    path.write_bytes(path.read_bytes().replace(b"Hubs Programme", b"Hubs\x00Programme"))
    message = " ".join(refused(run, path).split())
    assert "row 2, column project_name: title: contains the control character U+0000" in message
    assert "binary" not in message
