"""What a file given as a return is, where it is no CSV or workbook: said, not read as one.

A tool's JSON export, an old ``.xls`` or an encrypted workbook, a web page or XML under an
Excel name, a PDF: each is refused saying what it is and how to save it as a return.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

_JSON_START = re.compile(rb"(\xef\xbb\xbf)?\s*(\{|\[\s*[\[{\]\"])")
"""An object, or an array of objects, arrays, texts or nothing: never a CSV header, though
one may begin with a bracket ('[Project ID]', as some tools write a column's name)."""


def is_json(start: bytes) -> bool:
    """Whether a file starting with ``start`` holds JSON (an object, or an array), not a table."""
    return _JSON_START.match(start) is not None


_TO_CSV = "(.[0] | keys_unsorted) as $k | $k, (.[] | [.[$k[]]]) | @csv"
"""A jq program writing an array of flat objects as CSV: the first one's keys, then a row each."""
_WRAPPED = re.compile(rb'\s*\{\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*:\s*\[')
"""An object holding the rows as an array under a name, as APIs export: {"result": [...]}."""


def json_problem(name: str, start: bytes) -> str:
    """Why a JSON file is no return, and the jq that writes it as CSV."""
    start = start.removeprefix(b"\xef\xbb\xbf").lstrip()
    how = f"an array of objects: jq -r '{_TO_CSV}' FILE > FILE.csv"
    if start.startswith(b"{"):  # JSON Lines, or one object
        how = f"objects a line: jq -rs '{_TO_CSV}' FILE > FILE.csv"
        wrapped = _WRAPPED.match(start)
        if wrapped is not None:
            under = wrapped[1].decode()
            program = f".{under} | {_TO_CSV}"
            how += f"; an object holding them under {under!r}: jq -r '{program}' FILE > FILE.csv"
    return (
        f"{name} holds JSON, not a table: a return is a CSV file (UTF-8) or an .xlsx "
        f"workbook, a header row and a row per item. Save it as CSV from the tool that made "
        f"it ({how}); or, if each object is a decision, record the file with "
        "'portfolio-ledger import' (docs/import.md)"
    )


def ole_problem(name: str, suffix: str) -> str:
    """Why an OLE compound file (an old .xls, an encrypted workbook) is no return."""
    if suffix == ".xls":
        return (
            f"{name} is an Excel 97-2003 workbook (.xls), which is not read: open it in a "
            "spreadsheet program and save it as an Excel Workbook (.xlsx) or as CSV"
        )
    return (
        f"{name} is an encrypted (password-protected) workbook, or an old .xls under "
        "another name: remove the password (in Excel: File > Info > Protect Workbook > "
        "Encrypt with Password, then clear it) and save it as .xlsx, or save it as CSV"
    )


LOOK = 4096
"""How much of a file's start says it is no CSV: a web page, XML, a PDF."""
_HTML = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html|table|head|body|meta)\b", re.IGNORECASE
)
_XML = re.compile(rb"(?:\xef\xbb\xbf)?\s*<\?xml\b", re.IGNORECASE)
_SPREADSHEET_ML = b"urn:schemas-microsoft-com:office:spreadsheet"


def no_table(start: bytes) -> str | None:
    """What a file that is no CSV is, from its first bytes; else None.

    A tool's "Export to Excel" often writes a web page (an HTML table) or an XML
    Spreadsheet 2003 under an Excel name (``report.xls``); read as CSV, its header was
    said to be ``'<html xmlns:o=...>'``, and a PDF's bytes were said to be Windows-1252.
    """
    if _HTML.match(start):
        return "a web page (HTML), as a tool's 'Export to Excel' writes one under an Excel name"
    if _XML.match(start):
        if _SPREADSHEET_ML in start:
            return "an XML Spreadsheet 2003 (Excel's XML, as some tools export)"
        return "XML"
    if start.startswith(b"%PDF-"):
        return "a PDF"
    if b"\x00" in start and len(start) <= 10 * sum(start.count(c) for c in _CONTROL):
        return "binary (it holds NUL bytes, which no text does)"
    return None


SAVE_AS = "save it as an Excel Workbook (.xlsx) or as 'CSV UTF-8', and import that"
RESAVE = f"open it in a spreadsheet program and {SAVE_AS}"
_OPEN_DOCUMENT = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
"""How an OpenDocument spreadsheet (LibreOffice's .ods) starts: its zip's first part, stored."""


def other_workbook(suffix: str, start: bytes) -> str | None:
    """What a workbook openpyxl does not read is (.ods, .numbers, .xlsb), from its name or start.

    Each is a zip file, as an .xlsx is: opened as one, it was refused as an .xlsx that
    cannot be read, in openpyxl's words (*openpyxl does not support .ods file format*).
    """
    if suffix in {".ods", ".fods"} or _OPEN_DOCUMENT in start[:128]:
        return "an OpenDocument spreadsheet (LibreOffice's or OpenOffice's .ods)"
    if suffix == ".numbers":
        return "an Apple Numbers spreadsheet (.numbers)"
    if suffix == ".xlsb":  # as finance teams save large workbooks
        return "an Excel Binary Workbook (.xlsb)"
    return None


_STRICT = b"purl.oclc.org/ooxml/"
"""The namespaces of a workbook saved as Excel's *Strict Open XML Spreadsheet*, not read."""


def is_strict(path: Path) -> bool:
    """Whether a workbook is saved as a *Strict Open XML Spreadsheet* (ISO 29500 Strict).

    Excel offers it beside *Excel Workbook* under the same ``.xlsx``; openpyxl reads
    none of it, and its refusal was openpyxl's, *list index out of range*.
    """
    try:
        with zipfile.ZipFile(path) as book:
            names = set(book.namelist())
            return any(
                _STRICT in book.open(part).read(LOOK)
                for part in ("_rels/.rels", "xl/workbook.xml")
                if part in names
            )
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return False


_TYPES = "[Content_Types].xml"
_WORKBOOK_PART = re.compile(
    rb"(spreadsheetml\.(sheet|template)|ms-excel\.(sheet|template|addin)\.macroEnabled)\.main\+xml"
)
"""A workbook's content type: its part may be named other than xl/workbook.xml (as openpyxl,
reading the package's [Content_Types].xml, finds it)."""


def _content_types(archive: zipfile.ZipFile) -> bytes:
    """The package's [Content_Types].xml, or nothing (none, unreadable, or over a megabyte)."""
    try:
        info = archive.getinfo(_TYPES)
        return archive.read(info) if info.file_size <= 1_000_000 else b""
    except (KeyError, RuntimeError, NotImplementedError, EOFError, zlib.error):
        return b""  # none, encrypted or compressed as zipfile cannot read: openpyxl says


def no_workbook(path: Path) -> str | None:
    """Why a zip file given as a return holds no workbook (an archive of other files); else None.

    A workbook is a zip of its parts, ``xl/workbook.xml`` among them; a zip of anything else
    (a register zipped to be sent, under any name) was refused in openpyxl's words (*There is
    no item named '[Content_Types].xml' in the archive*), telling its user nothing.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            names = [part.filename for part in archive.infolist() if not part.is_dir()]
            types = _content_types(archive)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # not a zip: read as a workbook, its refusal says why it cannot be
    if "xl/workbook.xml" in names or _WORKBOOK_PART.search(types):
        return None  # its workbook part named where the package's content types say
    if "xl/workbook.bin" in names:  # an .xlsb under another name: no archive to unzip
        return f"{path.name} is an Excel Binary Workbook (.xlsb), which is not read: {RESAVE}"
    held = "nothing" if not names else ", ".join(names[:5])
    if len(names) > 5:
        held += f" and {len(names) - 5:,} more files"
    return (
        f"{path.name} is a zip archive, not a workbook: it holds {held}, and no "
        "xl/workbook.xml, which every .xlsx workbook holds. A return is a CSV file (UTF-8) or "
        "an .xlsx workbook: unzip the archive and import the return in it, or save the "
        "register as .xlsx or 'CSV UTF-8' and import that"
    )


STRICT = (
    "is saved as a Strict Open XML Spreadsheet, which is not read: open it in a spreadsheet "
    "program and save it as an Excel Workbook (.xlsx; File > Save As, 'Excel Workbook', not "
    "'Strict Open XML Spreadsheet') or as 'CSV UTF-8', and import that"
)


_CONTROL = [bytes([c]) for c in range(32) if chr(c) not in "\t\n\r"]
"""Bytes no text holds but by mistake: a file whose start is a tenth of them is binary (a file
of NUL bytes, a database); a CSV with a stray NUL in a cell is text, read as before (the cell
refused naming the character, where a column read holds it)."""
