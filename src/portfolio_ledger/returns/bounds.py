"""How much of a return is read: a sheet's cells, and a workbook's parts once unzipped.

A return is a row per item: a few hundred rows of tens of columns, a few thousand
at most. A file far bigger in cells than it is on disk was read whole all the same:
an ``.xlsx`` of 39 kB with a value in its last column (XFD) on 3,000 rows is 49
million cells, which took 7 GiB and minutes before it failed as a ``MemoryError``;
a workbook whose sheet unzips to gigabytes (a zip bomb) likewise. Both are refused
here, naming the file and what to do, having read no more than the limit.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Final, TypeVar

from portfolio_ledger.application.errors import InvalidInput

MAX_CELLS: Final = 1_000_000
"""The most cells read of a return's sheet, up to each row's last value (a real one: 5,000 rows
of 200 columns)."""

MAX_UNZIPPED: Final = 512 << 20
"""The most a workbook's parts may hold once unzipped, together (512 MiB of XML: the
cells above are well within it)."""

MAX_RATIO: Final = 100
"""The most a part bigger than :data:`RATIO_FROM` may unzip to, times its size zipped (as
Apache POI's ZipSecureFile allows: a sheet's XML zips to a tenth or a twentieth)."""

RATIO_FROM: Final = 10 << 20

Row = TypeVar("Row", bound=Sequence[object])


def counted(records: Iterator[Row], path: Path, sheet: str | None) -> Iterator[Row]:
    """``records``, refused once they hold more than :data:`MAX_CELLS` cells in all."""
    cells, widest, widest_at = 0, 0, 0
    for number, record in enumerate(records, start=1):
        cells += len(record)
        if len(record) > widest:
            widest, widest_at = len(record), number
        if cells > MAX_CELLS:
            raise InvalidInput(_too_many(path, sheet, number, widest, widest_at))
        yield record


def _too_many(path: Path, sheet: str | None, number: int, widest: int, at: int) -> str:
    where = path.name if sheet is None else f"{path.name}: the sheet {sheet!r}"
    return (
        f"{where} holds more than {MAX_CELLS:,} cells by row {number:,} (row {at:,} is "
        f"{widest:,} columns wide), more than a return of a row per item has: delete the "
        "rows and columns beyond the return (a value far below or to the right, even a "
        "space, makes every row or column up to it part of the sheet), or copy the return's "
        "own rows and columns to a new file and import that"
    )


def check_unzipped(path: Path) -> None:
    """Refuse a workbook whose parts unzip to more than can be a return (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: openpyxl says why, as for any workbook it cannot read
    total = sum(part.file_size for part in parts)
    swollen = next(
        (
            part
            for part in parts
            if part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * part.compress_size
        ),
        None,
    )
    if swollen is not None:
        raise InvalidInput(
            f"{path.name} cannot be read as a return: its part {swollen.filename} unzips to "
            f"{swollen.file_size:,} bytes, {swollen.file_size // max(swollen.compress_size, 1):,} "
            f"times its {swollen.compress_size:,} bytes zipped (a real workbook's is at most "
            f"{MAX_RATIO} times): it is made to exhaust the memory of whatever opens it (a zip "
            "bomb), not saved by a spreadsheet program. Ask for the return again"
        )
    if total > MAX_UNZIPPED:
        raise InvalidInput(
            f"{path.name} unzips to {total:,} bytes, more than the {MAX_UNZIPPED >> 20} MiB a "
            "return of a row per item can take: delete the rows and columns beyond the return "
            "(or other sheets it holds), or copy the return's own rows and columns to a new "
            "file and import that"
        )
