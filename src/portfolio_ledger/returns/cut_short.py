"""A CSV return that ends part way through its last row: a file cut short.

An export that fails or is stopped part way (a PPM tool's scheduled export timing
out, a download or copy broken off) leaves a file ending in the middle of a row,
with no line break after it. Read, that row's missing cells would be empty: its
forecast withheld, its rating not assessed, recorded as changes, and its last cell
perhaps a number cut short. Every row is whole in a file a program saved, which
ends each row with a line break, so such a row is refused, and the file with it.
"""

from __future__ import annotations

from pathlib import Path

from portfolio_ledger.returns.sheets import Sheet
from portfolio_ledger.returns.text import cell_text


def cut_short(sheet: Sheet, path: Path) -> str | None:
    """Why the CSV ``path`` is not read if it ends part way through its last row; else None.

    Part way: fewer cells than the header has columns, and no line break after it.
    """
    if sheet.name is not None or not sheet.rows:  # a workbook's rows are whole
        return None
    with path.open("rb") as file:
        if file.seek(0, 2) == 0:
            return None
        file.seek(-1, 2)
        if file.read(1) in (b"\n", b"\r"):
            return None
    width = max((i + 1 for i, header in enumerate(sheet.headers) if header), default=0)
    number, cells = sheet.rows[-1]
    if len(cells) >= width:
        return None
    last = cells[-1]
    return (
        f"{path.name} ends part way through row {number}: the row has {len(cells)} of the "
        f"header's {width} columns, its last cell {last.ref} ({cell_text(last.value)!r}), and "
        "no line break after it, as a file cut short does (an export that failed or was "
        "stopped part way, a download broken off): its missing cells would be read as empty "
        "(a figure withheld, a rating not assessed), and the rows after it are not in the "
        "file. Export the return again, whole, and import that; if the row is complete, "
        "end it with a line break"
    )
