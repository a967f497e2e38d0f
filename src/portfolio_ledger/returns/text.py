"""A return's text: why a CSV is not UTF-8 (how to save it so), a header's name, a cell's text."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from portfolio_ledger.application.returns import plain_spaces

if TYPE_CHECKING:
    from portfolio_ledger.returns.sheets import CellValue

UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
"""UTF-16 byte-order marks, little- and big-endian."""


def not_utf8(name: str, data: bytes, start: int) -> str:
    """Why the file ``name`` holding ``data`` is not UTF-8 (its first bad byte at ``start``).

    Excel's 'Unicode Text' and PowerShell's Export-Csv (before version 6) write UTF-16,
    whose first byte is no character in any 8-bit encoding: named as such, not as one.
    """
    fix = "save it as 'CSV UTF-8' in the spreadsheet program"
    if data[:2] in UTF16_MARKS:
        return (
            f"{name} is UTF-16 text (it starts with a UTF-16 byte-order mark, as Excel's "
            f"'Unicode Text' writes), not UTF-8; {fix}"
        )
    line = data[:start].count(b"\n") + 1
    return (
        f"{name} is not UTF-8 text (byte {start + 1:,}, on line {line:,}, is "
        f"{data[start]:#04x}: a character saved in another encoding, such as Windows-1252's "
        f"curly quotes or £); {fix}"
    )


_BREAKS = re.compile(r"[ \r\n]+")


def header_name(text: str) -> str:
    """A column's name as a header and the mapping are matched: spaces made one.

    A line break (a workbook's Alt+Enter), a no-break space or a run of spaces is
    one space. Tabs are kept: a header line that holds them is a file separated by tabs, said so.
    """
    return _BREAKS.sub(" ", plain_spaces(text))


def cell_text(value: CellValue) -> str:
    """A cell as text: numbers without exponents, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return value
