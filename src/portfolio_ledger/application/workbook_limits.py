"""What an Excel workbook holds at most, for every writer of one (reports, returns).

A cell holds at most 32,767 characters and a sheet 1,048,576 rows (Excel's
specifications and limits). openpyxl enforces neither as Excel does: it cut
a longer text at 32,767 characters, silently, and writes a row past the last,
which Excel then reports as damage. The ledger takes texts of up to 1,000,000
characters (a rationale): nothing it recorded may be hidden without a word, so
a longer text is cut here with a marker at its end saying how many characters
were left out and where the whole text is, and the writer says which cells.
"""

from __future__ import annotations

from dataclasses import dataclass

from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.application.graphemes import start_of

MAX_CELL = 32_767
"""Characters an Excel cell holds, counted as Excel counts them (UTF-16 code units)."""
MAX_ROWS = 1_048_576
"""Rows an Excel sheet holds, its header among them."""


@dataclass(frozen=True)
class Cut:
    """A cell whose text was cut to fit: where it is, and how long the whole text is."""

    sheet: str
    cell: str
    column: str
    length: int


def fitted(text: str, whole: str) -> tuple[str, int]:
    """``text`` as a cell holds it, and how many of its characters were left out (0: none).

    A text over :data:`MAX_CELL` is cut so that it and a marker at its end fit:
    the marker says how many characters were cut and that ``whole`` (*the same
    command with --format csv or --json*) holds the whole text.
    """
    if fits(text):
        return text, 0
    left = len(text)  # the marker's width for at most this count; then for the count itself
    for _ in range(2):  # a count no longer than the first: its marker fits where that one did
        kept = _within(text, MAX_CELL - len(_marker(left, whole)))
        left = len(text) - len(kept)
    return kept + _marker(left, whole), left


def fits(text: str) -> bool:
    """Whether a cell holds ``text`` whole."""
    return len(text) <= MAX_CELL // 2 or _units(text) <= MAX_CELL  # a character: 1 or 2 units


def _marker(left: int, whole: str) -> str:
    return (
        f" [... {left:,} more characters cut here: an Excel cell holds at most {MAX_CELL:,}; "
        f"the whole text is in {whole}]"
    )


def _units(text: str) -> int:
    """``text``'s length as Excel counts it: a character beyond U+FFFF is two."""
    return len(text.encode("utf-16-le")) // 2


def _within(text: str, units: int) -> str:
    """The longest start of ``text`` of at most ``units`` UTF-16 code units."""
    end = units
    while (over := _units(text[:end]) - units) > 0:
        end -= (over + 1) // 2  # each character taken off is one or two units
    return start_of(text, end)  # not inside an accented letter or an emoji sequence


def check_rows(rows: int, sheet: str, whole: str) -> None:
    """Refuse a sheet of more rows than a workbook holds, before anything is written.

    ``whole`` is where every row is (*the same command with --format csv or --json*).
    """
    if rows > MAX_ROWS:
        raise InvalidInput(
            f"the sheet '{sheet}' would have {rows:,} rows (its header among them), more than "
            f"the {MAX_ROWS:,} an Excel sheet holds: every row is in {whole}; or choose fewer "
            "rows. Nothing was written"
        )
