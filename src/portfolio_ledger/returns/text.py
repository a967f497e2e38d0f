"""A return's text: why a CSV is not UTF-8 (how to save it so), a header's name, a cell's text."""

from __future__ import annotations

import codecs
import re
import shlex
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from portfolio_ledger.application.returns import plain_spaces
from portfolio_ledger.domain.bad_bytes import byte_not_utf8

if TYPE_CHECKING:
    from portfolio_ledger.returns.sheets import CellValue

UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
"""UTF-16 byte-order marks, little- and big-endian."""
UTF32_MARKS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
"""UTF-32 byte-order marks, little- and big-endian (as Python's and iconv's "UTF-32" write)."""


def _fix(name: str, encoding: str) -> str:
    """How to save the file ``name``, in ``encoding`` (as iconv names it), as UTF-8.

    A spreadsheet program opening a tool's export splits it at its own list separator
    (a comma, where the export's is a semicolon) and reads its decimals as its own
    country writes them: saved again, a semicolon export of ``1.000,05`` may come back
    ``1.000,5``. Converted as it is, the text stays the text it was.
    """
    path = Path(name)
    converted = path.with_name(f"{path.stem}-utf8{path.suffix or '.csv'}")
    return (
        "save it as 'CSV UTF-8' in the spreadsheet program; or, to keep its separators and "
        "decimals as they are (a tool's export, which a spreadsheet program may split at "
        f"another separator), convert it: iconv -f {encoding} -t UTF-8 {shlex.quote(name)} > "
        f"{shlex.quote(str(converted))}, or open it in Notepad and save it with the encoding "
        "UTF-8"
    )


def utf16(name: str, data: bytes) -> str | None:
    """Why the file ``name`` holding ``data`` is refused if UTF-16 (or UTF-32) text; else None.

    Excel's 'Unicode Text' and PowerShell's Export-Csv (before version 6) write UTF-16
    with a byte-order mark, whose first byte is no character in any 8-bit encoding.
    Written without one (a database's or a script's export), its letters are each
    beside a NUL byte, which is valid UTF-8: read as such, the header would name no
    column the mapping names. Either is named as UTF-16, not as a missing column.
    """
    if data[:4] in UTF32_MARKS:  # whose first two bytes are UTF-16's little-endian mark
        return (
            f"{name} is UTF-32 text (it starts with a UTF-32 byte-order mark), not UTF-8; "
            f"{_fix(name, 'UTF-32')}"
        )
    if data[:2] in UTF16_MARKS:
        how = "it starts with a UTF-16 byte-order mark, as Excel's 'Unicode Text' writes"
        encoding = "UTF-16"
    elif unmarked := _unmarked_utf16(data):
        how = "it has no byte-order mark, but a NUL byte beside each letter, as UTF-16 writes"
        encoding = unmarked
    else:
        return None
    return f"{name} is UTF-16 text ({how}), not UTF-8; {_fix(name, encoding)}"


def _unmarked_utf16(data: bytes) -> str | None:
    """Which UTF-16 ``data`` begins in with no byte-order mark (every other byte NUL); else None.

    A CSV's header is mostly Latin letters, digits, commas and spaces, each a NUL and
    a byte in UTF-16: the NUL first in big-endian, second in little-endian (as iconv
    names them, UTF-16BE and UTF-16LE); UTF-8 text holds no NUL.
    """
    start = data[:512]
    start = start[: len(start) // 2 * 2]
    if len(start) < 4:
        return None
    nuls = (start[0::2].count(0), start[1::2].count(0))
    if max(nuls) * 2 < len(start) // 2 or min(nuls) == max(nuls):
        return None
    return "UTF-16BE" if nuls[0] > nuls[1] else "UTF-16LE"


def not_utf8(name: str, data: bytes, error: UnicodeDecodeError) -> str:
    """Why the file ``name`` holding ``data`` is not UTF-8 (``error``, its decoding's).

    Found UTF-16 first (``utf16``), it is named as such, not as an 8-bit encoding.
    """
    return (
        f"{name} is not UTF-8 text ({byte_not_utf8(data, error)}: a character saved in another "
        f"encoding, such as Windows-1252's curly quotes or £); {_fix(name, 'WINDOWS-1252')}"
    )


_BREAKS = re.compile(r"[ \r\n]+")


def header_name(text: str) -> str:
    """A column's name as a header and the mapping are matched: spaces made one.

    A line break (a workbook's Alt+Enter), a no-break space or a run of spaces is
    one space. Tabs are kept: a header line that holds them is a file separated by tabs, said so.
    """
    return _BREAKS.sub(" ", plain_spaces(text))


_LINE_BREAK = re.compile(r" *[\r\n]+ *")


def one_line(text: str) -> str:
    """A name as a return's row records it: each line break (a cell's Alt+Enter) one space.

    A title, organisation, category, owner or sponsor is one line wherever the ledger shows
    it (the dry run's *Joins as*, a table); a line break typed to wrap a workbook's cell was
    recorded, and shown as a space. A description keeps its lines.
    """
    return _LINE_BREAK.sub(" ", text) if "\n" in text or "\r" in text else text


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


_LOST = re.compile(r"^\?+\s*[^\W_]|[^\W\d_]\?+[^\W\d_]")
"""A question mark no one types in a name: first in the cell before a word (``?tautahi``,
``? On Track``) or between two letters (``Bia?ystok``): where Excel's CSV (Comma delimited)
put a character it could not save (Windows-1252 holds no emoji, no Ō, no ł)."""


_LINKS = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.|\bmailto:|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+/)\S*",
    re.IGNORECASE,
)
"""A link in a cell (a description's page, ``https://intranet/p?id=7``, one written without
its scheme, ``contoso.sharepoint.com/sites/pmo/p.aspx?ID=7``, a ``mailto:pmo@example.org?subject=``
link), whose '?' is its own."""


def _lost(ref: str, text: str) -> str:
    return (
        f"cell {ref}: {text!r} has a '?' where a name or a status has none (first, before "
        "a word, or between two letters), as Excel's 'CSV (Comma delimited)' writes each "
        "character it cannot save in Windows-1252 (an emoji, Ō, ł, →): the character is "
        "lost; save the export as 'CSV UTF-8' (or import the workbook itself) and import that"
    )


_MISREAD_MARKS = ("Ã", "Â", "â€")
"""How UTF-8 text read as Windows-1252 begins its characters: é as Ã©, £ as Â£, a
typographic apostrophe as â€ and a third character."""


def misread_utf8(ref: str, text: str) -> str | None:
    """Why a cell's text is refused if it is UTF-8 read as Windows-1252 (mojibake); else None.

    A CSV saved as UTF-8 with no byte-order mark, opened in Excel, is read as Windows-1252:
    ``Café`` shows as ``CafÃ©`` and ``Veterans\u2019`` as ``Veteransâ€\u2122``, and saved again so
    (even as 'CSV UTF-8'). Recorded, the ledger kept the misread name for good, and the
    next return's right one was a rename. Text whose Windows-1252 bytes are UTF-8 and
    hold a misreading's marks is that: no name is written ``Ã©``.
    """
    if "?" in text and _LOST.search(_LINKS.sub(" ", text)):
        return _lost(ref, text)
    if text.isascii() or not any(mark in text for mark in _MISREAD_MARKS):
        return None
    try:
        meant = text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return None
    return (
        f"cell {ref}: {text!r} is UTF-8 text misread as Windows-1252 (it is {meant!r} so "
        "misread, as Excel reads a CSV saved as UTF-8 without a byte-order mark): write "
        f"{meant!r}, or open the register's own file in the spreadsheet program by Data > "
        "From Text/CSV, File origin '65001: Unicode (UTF-8)', and save it again"
    )


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mrz|mär|mrt|mai|mei|okt|dez)"
_YEAR_FIRST = (
    r"(?:19|20|21)\d{2}(?:/(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])"
    r"|([.-])(?:0[1-9]|1[0-2])\1(?:0[1-9]|[12]\d|3[01]))"
)
"""A day written year first, as Japanese, Chinese or Swedish Excel shows one: 2027/12/31,
2027/1/5, 2027.12.31, 2027-12-31 (a year 1900 to 2199, a month and a day that can be; with
'.' or '-', two digits each, as a spreadsheet shows them: 2024.1.2 is a WBS id, read)."""
_DAY_SHOWN = re.compile(
    rf"\d{{1,2}}[-. ]{_MONTH}\.?|{_MONTH}[-. ]\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}|{_YEAR_FIRST}",
    re.IGNORECASE,
)
"""A day as a spreadsheet shows it, and saves it to CSV: 1-Oct, 01.Okt (d-mmm), Oct-24
(mmm-yy), 01/10/2024, 2024/10/01."""


def id_refused(ref: str, value: object) -> str | None:
    """Why an id cell is refused: it holds a day, or a number that lost its last digits."""
    if day := id_day(value):
        return (
            f"cell {ref} holds a date ({day}), not an id: a spreadsheet takes an id typed as "
            "1.1 or 3-4 for a day, and keeps the day; format the column as Text, type its ids "
            "again and save the file"
        )
    if isinstance(value, Decimal) and int(value.as_tuple().exponent) > 0:
        # 1234567890123456789 typed is kept as 1.23456789012346E+18: 15 digits, then zeros.
        return (
            f"cell {ref} holds the number {value:f} (shown {value:.5E}), with more digits than "
            "a spreadsheet keeps of a number (15), so an id typed as one has lost its last "
            "digits, and may be another item's: format the column as Text, type its ids again "
            "and save the file (or import the CSV the ids came from)"
        )
    return None


def id_day(value: object) -> str | None:
    """The day an id cell holds (a spreadsheet took ``1-10`` or ``1.1`` for one); else None.

    In a workbook the cell is a date; saved as CSV it is the day as shown (``1-Oct``),
    which was read as the id ``1-OCT`` (or, ``01/10/2024`` with make_keys, ``01-10-2024``).
    """
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and _DAY_SHOWN.fullmatch(value.strip()) and not value.isupper():
        return repr(value.strip())  # 'SEP-23', 'DEC-10': an id's letters (Excel shows Sep, Okt)
    return None


_ESCAPED = re.compile(
    r"_x([dD][89abAB][0-9A-Fa-f]{2})__x([dD][c-fC-F][0-9A-Fa-f]{2})_"
    r"|_x((?![dD][89a-fA-F])[0-9A-Fa-f]{4})_"
)
"""A character a workbook's XML writes escaped (OOXML's ST_Xstring): ``_x000D_``, a carriage
return, as Excel saves text pasted with Windows line ends (a description from an email); a
character past U+FFFF as its UTF-16 pair (``_xD83D__xDE00_``). Half a pair alone stands for no
character, and is left as it is written."""


def unescaped(text: str) -> str:
    """A workbook's text with each ``_xHHHH_`` as the character it stands for.

    openpyxl leaves them: ``Alpha_x000D_`` and a line break was recorded as the name.
    """
    if "_x" not in text:
        return text
    return _ESCAPED.sub(_character, text)


def _character(found: re.Match[str]) -> str:
    if found[3] is not None:
        return chr(int(found[3], 16))
    high, low = int(found[1], 16), int(found[2], 16)
    return chr(0x10000 + (high - 0xD800) * 0x400 + (low - 0xDC00))


SAVED_AS_TEXT = ", a formula's, saved as text; "
"""How a cell's problem says it holds a formula's error as text (``#N/A`` in a CSV)."""


def saved_error(problem: str) -> str | None:
    """The formula's error a cell holds as text (``#N/A``), from its problem; else None.

    A mapping may spell it (``"#N/A" = "not assessed"``): read so before such text was
    refused, it still is.
    """
    held, saved, _ = problem.partition(SAVED_AS_TEXT)
    return held.removeprefix("holds the error ") if saved else None


_ERRORS = re.compile(
    r"#(NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!"
    r"|UNKNOWN!|EXTERNAL!|GETTING_DATA)|Err:\d{3}"
)
"""A formula's error as a spreadsheet program saves it to CSV: Excel's (``#N/A``), LibreOffice's
(``Err:502``)."""
FIX_ERROR = "put right the formula that gives it (or type the value) and save the file again"


def is_saved_error(text: str) -> bool:
    """Whether ``text`` is a formula's error saved as text (``#N/A``), not a value."""
    return _ERRORS.fullmatch(text.strip()) is not None


def text_cell(text: str) -> tuple[CellValue, str | None]:
    """A CSV cell's value (its spaces made plain, stripped; None if empty), and its error.

    A formula's error (``#N/A``, a lookup that found nothing, saved to CSV as its text) is
    refused as a workbook's error cell is: read as text, a name or organisation was
    recorded as ``#N/A``.
    """
    stripped = plain_spaces(text)
    if _ERRORS.fullmatch(stripped):
        return None, f"holds the error {stripped}{SAVED_AS_TEXT}{FIX_ERROR}"
    if kept := _KEPT_AS_TEXT.fullmatch(stripped):  # '="00101"': what a spreadsheet shows
        stripped = plain_spaces(kept[1].replace('""', '"'))
    return (stripped or None), None


_KEPT_AS_TEXT = re.compile(r'="((?:[^"]|"")*)"')
"""A CSV cell written as a formula giving text, ``="00101"``: how a tool's export (Jira's,
an office's script) keeps an id's leading zeros, which a spreadsheet opening the file
shows as ``00101``; read as the id itself was refused, ``="00101"`` being no key."""
