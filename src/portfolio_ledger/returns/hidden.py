"""Rows hidden in a workbook's sheet: read as any other, and said to be.

Hiding a row (by hand, or an autofilter showing only some rows) changes how a
sheet shows, not what it holds, so a hidden row is read as any other
(docs/returns.md, "How cells are read"). An analyst who filtered a PPM export
down to the projects to report expects the rows out of sight to be out of the
return: the import names them, so the rows it reads are never a surprise. The
rows are found in the sheet's XML (``<row r="27" hidden="1">``), streamed in
pieces as the merged ranges are, since openpyxl in read-only mode does not say.
"""

from __future__ import annotations

import re
from typing import Any

from portfolio_ledger.returns.merged import pieces

_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_NUMBER = re.compile(rb'\br="([0-9]+)"')


def hidden_rows(worksheet: Any) -> frozenset[int]:
    """The numbers of the rows a read-only worksheet's XML marks hidden."""
    found: set[int] = set()
    with worksheet._get_source() as source:  # the sheet's XML, as openpyxl opens it
        for piece in pieces(source):
            for attributes in _ROW.findall(piece):
                number = _NUMBER.search(attributes)
                if number is not None and _HIDDEN.search(attributes):
                    found.add(int(number.group(1)))
    return frozenset(found)
