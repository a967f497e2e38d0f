"""Rows hidden in a workbook's sheet: read as any other, and said to be.

Hiding a row (by hand, or an autofilter showing only some rows) changes how a
sheet shows, not what it holds, so a hidden row is read as any other
(docs/returns.md, "How cells are read"). An analyst who filtered a PPM export
down to the projects to report expects the rows out of sight to be out of the
return: the import names them, so the rows it reads are never a surprise. The
rows are found in the sheet's XML (``<row r="27" hidden="1">``), streamed in
pieces as the merged ranges are, since openpyxl in read-only mode does not say.
A row may leave out its number (``r`` is optional, and tools written with the
Open XML SDK often leave it out): it is then the one after the row before, as
openpyxl numbers it.
"""

from __future__ import annotations

import re
from typing import Any

from portfolio_ledger.returns.merged import pieces_at

_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_HIDDEN = re.compile(rb"""\bhidden\s*=\s*["'](?:1|true)["']""")
_NUMBER = re.compile(rb"""(?<![\w:.-])r\s*=\s*["']([0-9]+)["']""")


def hidden_rows(worksheet: Any) -> frozenset[int]:
    """The numbers of the rows a read-only worksheet's XML marks hidden."""
    found: set[int] = set()
    number, done = 0, 0  # the last row's number, and where in the XML its tag ends
    with worksheet._get_source() as source:  # the sheet's XML, as openpyxl opens it
        for start, piece in pieces_at(source):
            for row in _ROW.finditer(piece):
                if start + row.start() < done:
                    continue  # read already, at the end of the piece before
                done = start + row.end()
                given = _NUMBER.search(row[1])
                number = int(given[1]) if given else number + 1
                if _HIDDEN.search(row[1]):
                    found.add(number)
    return frozenset(found)
