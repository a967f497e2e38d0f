"""Merged cells of a workbook's sheet: the value of a merged range stands for every cell in it.

A register merges a directorate's name down the rows of its projects (``C2:C4``
shows "Finance" once, for three rows). The workbook holds the value only in
the range's first cell, and openpyxl in read-only mode does not say which
cells are merged, so each row after the first would read as having no
directorate. The ranges are read from the sheet's XML (``<mergeCell
ref="C2:C4"/>``, after its rows), streamed in pieces so a large sheet is never
held whole: a range down one column gives its value to each row it spans; any
other range (across columns, where the cells belong to different fields) is
refused in each cell it covers beyond its first, to be unmerged. A range with
nothing in it (a box left for notes) is empty in every cell it covers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl.utils.cell import get_column_letter, range_boundaries

from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.returns.bounds import MAX_CELLS

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]+[0-9]+:[A-Za-z]+[0-9]+)"')
_CHUNK = 1 << 20
_OVERLAP = 256
"""Bytes kept from one piece to the next, so a tag split between two is still found."""


@dataclass(frozen=True, slots=True)
class Merged:
    """A merged range: its reference and its bounds (1-based, inclusive)."""

    ref: str
    first_column: int
    first_row: int
    last_column: int
    last_row: int

    def problem(self) -> str:
        """Why a cell the range covers beyond its first is not read."""
        first = self.ref.split(":", 1)[0]
        return (
            f"is part of the merged cells {self.ref} (their value is in {first}), which "
            "span more than one column; unmerge them and type each cell's value"
        )


def merged_ranges(worksheet: Any) -> list[Merged]:
    """The merged ranges of a read-only worksheet, as its XML lists them."""
    refs: set[bytes] = set()
    # The sheet's XML, as openpyxl opens it for its own read-only rows.
    with worksheet._get_source() as source:
        for piece in pieces(source):
            refs.update(_MERGE.findall(piece))
    ranges = []
    for ref in sorted(refs):
        text = ref.decode("ascii").upper()
        bounds = range_boundaries(text)  # both corners given (the pattern), so no bound is None
        ranges.append(Merged(text, *(int(bound or 0) for bound in bounds)))
    return ranges


def pieces(source: Any) -> Iterator[bytes]:
    """A sheet's XML in pieces of a MiB, each with the end of the one before (a tag split)."""
    for _, piece in pieces_at(source):
        yield piece


def pieces_at(source: Any) -> Iterator[tuple[int, bytes]]:
    """:func:`pieces`, each with where in the XML it starts (to read a tag in two only once)."""
    tail, start = b"", 0
    while chunk := source.read(_CHUNK):
        yield start, tail + chunk
        start += len(tail + chunk) - len((tail + chunk)[-_OVERLAP:])
        tail = (tail + chunk)[-_OVERLAP:]


class Spreader:
    """Gives each row's cells the values (or refusals) of the merged ranges it lies in.

    Rows come in order; the ranges are taken up as their first row comes and dropped
    after their last, so a sheet of many merges costs each row only those it lies in.
    """

    def __init__(self, ranges: list[Merged], file_name: str = "the workbook") -> None:
        self.waiting = sorted(ranges, key=lambda merged: merged.first_row, reverse=True)
        self.active: list[Merged] = []
        self.file_name = file_name
        self.spread = 0
        """Cells given a range's value or refusal so far: at most MAX_CELLS."""
        self.anchors: dict[str, Any] = {}
        self.down: dict[str, str] = {}
        """Each cell given a value merged down a column from a cell above it: its range."""

    def __call__(self, number: int, cells: list[tuple[Any, str | None]]) -> None:
        """Row ``number``'s cells, each merged range's value put in the cells it covers."""
        while self.waiting and self.waiting[-1].first_row <= number:
            self.active.append(self.waiting.pop())
        self.active = [merged for merged in self.active if merged.last_row >= number]
        for merged in self.active:
            self.spread += merged.last_column - merged.first_column + 1
            if self.spread > MAX_CELLS:  # a range over the whole sheet, or thousands at once
                raise InvalidInput(self._too_many(merged, number))
            self._spread(merged, number, cells)

    def _too_many(self, merged: Merged, number: int) -> str:
        return (
            f"{self.file_name}: its merged cells cover more than {MAX_CELLS:,} cells by row "
            f"{number:,} ({merged.ref} among them), more than a return of a row per item "
            "has: unmerge the cells beyond the return (Home > Merge & Center > Unmerge Cells), "
            "or copy the return's own rows and columns to a new file and import that"
        )

    def _spread(self, merged: Merged, number: int, cells: list[tuple[Any, str | None]]) -> None:
        first = merged.first_column - 1
        if number == merged.first_row:
            self.anchors[merged.ref] = cells[first] if first < len(cells) else (None, None)
        while len(cells) < merged.last_column:
            cells.append((None, None))
        anchor = self.anchors[merged.ref]
        for index in range(first, merged.last_column):
            if index == first and number == merged.first_row:
                continue
            if merged.first_column == merged.last_column or anchor == (None, None):
                cells[index] = anchor  # an empty range shows empty in every cell it covers
                if anchor != (None, None):
                    self.down[f"{get_column_letter(index + 1)}{number}"] = merged.ref
            else:
                cells[index] = (None, merged.problem())
