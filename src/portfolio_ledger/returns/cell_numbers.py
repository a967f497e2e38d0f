"""A workbook's cell marked as a number whose text is none, or too long to read, named.

openpyxl reads a number cell's text with Python's ``int()`` (or ``float()`` where it has a
point or an exponent): a cell of 5,000 digits, or ``NaN`` marked as a number, stopped the
whole workbook with the interpreter's words (*Exceeds the limit (4300 digits) for integer
string conversion*, *invalid literal for int()*) and no cell named. No spreadsheet program
writes such a cell; one edited by hand or by another tool may hold it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from portfolio_ledger.domain.errors import quoted

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
MAX_NUMBER_DIGITS = 4300
"""The most digits of a whole number openpyxl reads (Python's ``int()`` limit)."""


def unreadable_number(path: Path, worksheet: Any) -> str | None:
    """The first cell of ``worksheet`` (openpyxl's, read-only) whose number cannot be read.

    Said as what is wrong with it; None if every cell marked as a number reads (or the
    sheet's part cannot be read again: then openpyxl's own reason is the one to give).
    """
    from openpyxl.xml.functions import iterparse  # the parser openpyxl read the sheet with

    part = str(getattr(worksheet, "_worksheet_path", "")).lstrip("/")
    try:
        with zipfile.ZipFile(path) as book, book.open(part) as sheet:
            for _, element in iterparse(sheet):
                if element.tag == f"{_MAIN}c":
                    problem = _problem(element)
                    if problem is not None:
                        return problem
                    element.clear()
    except Exception:  # noqa: BLE001 - a part openpyxl cannot parse: its reason is given
        return None
    return None


def _problem(cell: Any) -> str | None:
    """What is wrong with one ``<c>`` element's number, read as openpyxl reads it."""
    text = cell.findtext(f"{_MAIN}v")
    if cell.get("t", "n") != "n" or not text:
        return None
    where = f"cell {cell.get('r') or '(no reference)'}"
    fix = "correct it in a spreadsheet program and save the workbook again, or save it as CSV"
    fraction = any(mark in text for mark in ".eE")
    whole = text.strip().lstrip("+-").lstrip("0")
    if not fraction and whole.isascii() and whole.isdigit() and len(whole) > MAX_NUMBER_DIGITS:
        return (
            f"{where} holds a number of {len(whole):,} digits ({quoted(text, 40)}), more than "
            f"can be read ({MAX_NUMBER_DIGITS:,} at most; a figure has 15 or fewer); {fix}"
        )
    try:
        float(text) if fraction else int(text)
    except ValueError:
        return f"{where} is marked as a number but holds {quoted(text, 40)}, which is none; {fix}"
    return None
