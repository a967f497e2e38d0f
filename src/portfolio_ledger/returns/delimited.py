"""Reading a return saved as CSV: its cells separated by commas, or as the mapping says.

Excel set up for a country writing a decimal comma (the Netherlands, Germany,
France) saves "CSV" with semicolons; a text export may use tabs. The mapping's
``separator`` says which a return uses; a file separated otherwise is refused,
saying so, rather than read as one column per row.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.returns.file_kinds import LOOK, RESAVE, SAVE_AS, no_table
from portfolio_ledger.returns.sheets import CellValue, Sheet, sheet_of
from portfolio_ledger.returns.text import not_utf8, text_cell, utf16

SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs"}
"""What a return's cells may be separated by, and their names."""
_LOCALE = (
    " (Excel set up for a country writing a decimal comma, as the Netherlands or Germany "
    "do, saves its CSV with semicolons)"
)


def read_csv(path: Path, separator: str = ",", sheet: str | None = None) -> Sheet:
    """The rows of the CSV ``path``, its cells separated by ``separator``.

    ``sheet``, a workbook's sheet asked for, is refused: a CSV has none.
    """
    data = path.read_bytes()
    if (utf16_text := utf16(path.name, data)) is not None:
        raise InvalidInput(utf16_text)  # unmarked, it decodes as UTF-8, a NUL by each letter
    if (kind := no_table(data[:LOOK])) is not None:
        fix = RESAVE
        if kind == "a PDF":
            fix = f"a return is read from the spreadsheet the PDF was made from: {SAVE_AS}"
        raise InvalidInput(f"{path.name} is {kind}, not a CSV file or an .xlsx workbook: {fix}")
    if sheet is not None:
        raise InvalidInput(f"--sheet names a sheet of a workbook; {path.name} is a CSV file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(not_utf8(path.name, data, error)) from None
    # strict: a quote left open is an error, not a cell that swallows the rows after it.
    records = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    started = [1, 1]  # the row being read (as a spreadsheet numbers it) and its first line
    if _directive(path.name, text, separator):
        next(records)  # as Excel reads it: not a row, and the header row 1
        started[1] = 2

    def read() -> Iterator[list[tuple[CellValue, str | None]]]:
        for record in records:
            yield [text_cell(c) for c in record]
            started[:] = [started[0] + 1, records.line_num + 1]

    try:
        found = sheet_of(None, read(), path)
    except csv.Error as error:
        bad = _bad_csv(path, error, started[0], started[1], records.line_num)
        header = next((line for line in text.splitlines() if line.strip()), "")
        raise InvalidInput(f"{bad}{separated_otherwise(header, separator=separator)}") from None
    found.separator = separator
    return found


_DIRECTIVE = re.compile(r"sep=(.)[ \t]*(?:\r\n|\r|\n|$)")
"""Excel's first line saying what a CSV's cells are separated by (``sep=;``): no row."""


def _directive(name: str, text: str, separator: str) -> bool:
    """Whether ``text`` starts with Excel's ``sep=`` line, agreeing with ``separator``.

    Excel reads it and shows the file from the line after it; read as the header, it
    was ``'sep='``. One naming another separator than the mapping's is refused.
    """
    found = _DIRECTIVE.match(text)
    if found is None:
        return False
    if found[1] != separator:
        named = SEPARATORS.get(found[1], repr(found[1]))
        setting = "\\t" if found[1] == "\t" else found[1]
        raise InvalidInput(
            f"{name}: its first line, {found[0].strip()!r}, says (as Excel reads it) that its "
            f"cells are separated by {named}, and the mapping reads {SEPARATORS[separator]}: "
            f'give the mapping separator = "{setting}"'
        )
    return True


def separated_otherwise(header: str, column: str | None = None, *, separator: str = ",") -> str:
    """The fix for a header separated otherwise than by ``separator``; else ''.

    With ``column``, a header cell that holds it between such separators; else the
    header's line, with more of them than of ``separator`` (``"a";"b"`` read with
    commas stops the reader at its first ``;``, before a column is looked for).
    """
    for other, name in SEPARATORS.items():
        if other == separator:
            continue
        if column is not None:
            found = other in header and column in header.split(other)
        else:
            found = header.count(other) > header.count(separator)
        if found:
            setting = "\\t" if other == "\t" else other
            locale = _LOCALE if other == ";" else ""
            resave = (
                " (or save it from the spreadsheet program as 'CSV UTF-8 (Comma delimited)')"
                if separator == ","
                else ""
            )
            return (
                f". Its header is separated by {name}, not {SEPARATORS[separator]}{locale}: "
                f'give the mapping separator = "{setting}"{resave}'
            )
    return ""


def _bad_csv(path: Path, error: csv.Error, row: int, first: int, last: int) -> InvalidInput:
    """A record the csv module cannot read, placed by its row and the lines it spans."""
    lines = f"line {first:,}" if last <= first else f"lines {first:,} to {last:,}"
    if "field larger than field limit" in str(error):
        problem = (
            f"a cell is longer than {csv.field_size_limit():,} characters, which is not "
            "read; shorten it, or, if a quote was left open, close it"
        )
    else:
        problem = (
            f'{error}; a cell that starts with a double quote (") runs to the next one, so '
            "check that row's quotes (a quote inside a cell is written twice), or save the "
            "file again from the spreadsheet program"
        )
    return InvalidInput(f"{path.name} cannot be read as CSV: row {row:,} ({lines}): {problem}")
