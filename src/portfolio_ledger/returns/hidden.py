"""Rows and columns hidden in a workbook's sheet: read as any other, and said to be.

Hiding a row (by hand, or an autofilter showing only some rows) changes how a
sheet shows, not what it holds, so a hidden row is read as any other
(docs/returns.md, "How cells are read"). An analyst who filtered a PPM export
down to the projects to report expects the rows out of sight to be out of the
return: the import names them, so the rows it reads are never a surprise. The
rows are found in the sheet's XML (``<row r="27" hidden="1">``), streamed in
pieces as the merged ranges are, since openpyxl in read-only mode does not say.
A row may leave out its number (``r`` is optional, and tools written with the
Open XML SDK often leave it out): it is then the one after the row before, as
openpyxl numbers it. So too a hidden column the mapping reads (``<col min="5" max="6"
hidden="1"/>``, before the rows): a figure out of sight (last quarter's, a working
column) is named, not read unawares. The rows' outline levels are read on the way
(``outlineLevel="1"``: a row grouped under another, ``returns/outline``).
"""

from __future__ import annotations

import re
from typing import Any

from portfolio_ledger.returns.merged import pieces_at

_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_HIDDEN = re.compile(rb"""\bhidden\s*=\s*["'](?:1|true)["']""")
_LEVEL = re.compile(rb"""\boutlineLevel\s*=\s*(["'])(.*?)\1""")
_NUMBER = re.compile(rb"""(?<![\w:.-])r\s*=\s*["']([0-9]+)["']""")
_COLUMNS = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_SPAN = {
    end: re.compile(rb"(?<![\w:.-])%s\s*=\s*[\"']([0-9]+)[\"']" % end) for end in (b"min", b"max")
}
_MAX_COLUMN = 16_384
"""A sheet's last column (XFD): a range hiding every column to its right ends there."""


def hidden_parts(worksheet: Any) -> tuple[frozenset[int], frozenset[int], dict[int, int]]:
    """The numbers of the rows, then of the columns (A is 1), a worksheet's XML marks hidden.

    Then each row's outline level, by its number, where it is grouped (a level over 0).
    """
    rows: set[int] = set()
    columns: set[int] = set()
    levels: dict[int, int] = {}
    number, done, spans_done = 0, 0, 0  # the last row's number; where the last tags read end
    with worksheet._get_source() as source:  # the sheet's XML, as openpyxl opens it
        for start, piece in pieces_at(source):
            for span in _COLUMNS.finditer(piece):
                if start + span.start() >= spans_done and _HIDDEN.search(span[1]):
                    columns.update(_span(span[1]))
                spans_done = max(spans_done, start + span.end())
            for row in _ROW.finditer(piece):
                if start + row.start() < done:
                    continue  # read already, at the end of the piece before
                done = start + row.end()
                given = _NUMBER.search(row[1])
                number = int(given[1]) if given else number + 1
                if _HIDDEN.search(row[1]):
                    rows.add(number)
                if (level := _LEVEL.search(row[1])) and (depth := _level(level[2], number)):
                    levels[number] = depth
    return frozenset(rows), frozenset(columns), levels


class OutlineError(ValueError):
    """A row's outline level that is no level: the sheet's grouping cannot be read."""


def _level(written: bytes, number: int) -> int:
    """A row's outline level as its XML writes it (``outlineLevel="2"``); refused if no level.

    Read past, a row grouped under a parent would be read as grouped under none, and a
    parent row holding its rows' sums as an item beside them (``returns/outline``).
    """
    text = written.decode("utf-8", "replace").strip()
    if not (text.isascii() and text.isdigit()):
        raise OutlineError(
            f"row {number} is grouped at outlineLevel={text!r:.40}, which is no level (a whole "
            "number, 0 to 7: how deep the row is grouped), so which rows are grouped under "
            "which cannot be read; save the workbook again from a spreadsheet program "
            "(Excel or LibreOffice Calc), or have the tool that wrote it write the level"
        )
    return int(text)


def _span(attributes: bytes) -> range:
    """The columns a ``<col>`` gives its width and hiding to, ``min`` to ``max``."""
    low, high = (_SPAN[end].search(attributes) for end in (b"min", b"max"))
    if low is None:
        return range(0)
    first = int(low[1])
    return range(first, min(int(high[1]) if high else first, _MAX_COLUMN) + 1)


_VIEW = re.compile(rb"<(?:\w+:)?sheetView\b([^>]*)>")
_NO_ZEROS = re.compile(rb"""\bshowZeros\s*=\s*["'](?:0|false)["']""")
_DATA = re.compile(rb"<(?:\w+:)?sheetData\b")


def zeros_blank(worksheet: Any) -> bool:
    """Whether the sheet shows a zero as a blank (``<sheetView showZeros="0">``).

    Excel's *Show a zero in cells that have zero value*, left unticked: a finance sheet set
    so shows a cost of 0 as an empty cell, and the office reading it sees no figure there.
    Its first view is the one a reader opens; the views come before the rows.
    """
    with worksheet._get_source() as source:
        for _, piece in pieces_at(source):
            view = _VIEW.search(piece)
            if view is not None:
                return _NO_ZEROS.search(view[1]) is not None
            if _DATA.search(piece):
                return False
    return False
