"""An apostrophe in front of a cell's text: an export's mark, or a spreadsheet's.

``portfolio export`` (and audit exports) put one ``'`` in front of text a spreadsheet could
run as a formula (``'-``, ``'=x``): read back, it is read past. A spreadsheet takes an
apostrophe typed first in a cell (``'0012345``, ``'1,200``) as its mark that the cell is
text, no part of it, and saves no apostrophe; a CSV written otherwise (by hand, or by a
tool) holds it as a character. Such a figure, date, rating or id was refused as no amount
(``"'1200" is not an amount``) or no date (``"'2026-12-31" is not a date (YYYY-MM-DD)``),
which left its reader looking at a date written as asked: it is refused naming the
apostrophe, to be deleted (an id under the mapping's ``make_keys`` is made a key as any
other id is). Read past, it would be a guess at what the file's writer meant.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from portfolio_ledger.audit.export import neutralise
from portfolio_ledger.returns.text import cell_text, is_saved_error, misread_utf8

if TYPE_CHECKING:
    from portfolio_ledger.returns.sheets import Cell


def marked(text: str) -> str:
    """Text as an export writes it, with one ``'`` in front where a return would not read it.

    In front of what a spreadsheet could run as a formula (:func:`neutralise`), and of what
    a return refuses as a formula's error saved as text, or as text a spreadsheet program
    lost characters of or misread: an item's title ``#N/A`` or ``Bia?ystok`` (the ledger
    takes any text) read back as it is was refused as the error, or as a character lost.
    """
    if is_saved_error(text) or misread_utf8("", text) is not None:
        return "'" + text
    return neutralise(text)


def restored(text: str) -> str:
    """Text as written before an export marked it (one ``'`` in front), else as it is."""
    if text.startswith("'") and marked(text[1:]) == text:
        return text[1:]
    return text


def text_mark(cell: Cell, spelt: Callable[[str], str]) -> str | None:
    """Why a cell's text written after an apostrophe is refused; else None.

    None too where the mapping spells it (``spelt``: the cell's text as the mapping reads it).
    """
    if not isinstance(cell.value, str):
        return None
    written = restored(cell_text(cell.value))
    rest = written[1:].strip()
    if not written.startswith("'") or not rest or rest.startswith("'") or spelt(written) != written:
        return None
    return (
        f"cell {cell.ref}: {written!r} starts with an apostrophe, a spreadsheet's mark that a "
        "cell is text, which this file holds as a character of the cell: delete the "
        f"apostrophe in the return (write {rest!r})"
    )
