"""Merged cells of a workbook's sheet: the value of a merged range stands for every cell in it.

A register merges a directorate's name down the rows of its projects (``C2:C4``
shows "Finance" once, for three rows). The workbook holds the value only in
the range's first cell, and openpyxl in read-only mode does not say which
cells are merged, so each row after the first would read as having no
directorate. The ranges are read from the sheet's XML (``<mergeCell
ref="C2:C4"/>``, after its rows), streamed in pieces so a large sheet is never
held whole: a range down one column gives its value to each row it spans; any
other range (across columns, where the cells belong to different fields) is
refused in each cell it covers beyond its first, to be unmerged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl.utils.cell import range_boundaries

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
        for piece in _pieces(source):
            refs.update(_MERGE.findall(piece))
    ranges = []
    for ref in sorted(refs):
        text = ref.decode("ascii").upper()
        bounds = range_boundaries(text)  # both corners given (the pattern), so no bound is None
        ranges.append(Merged(text, *(int(bound or 0) for bound in bounds)))
    return ranges


def _pieces(source: Any) -> Iterator[bytes]:
    tail = b""
    while chunk := source.read(_CHUNK):
        yield tail + chunk
        tail = (tail + chunk)[-_OVERLAP:]


def spread(
    number: int, cells: list[tuple[Any, str | None]], ranges: list[Merged], anchors: dict[str, Any]
) -> None:
    """Row ``number``'s cells with each merged range's value (or refusal) in the cells it covers.

    ``anchors`` keeps each range's value from its first row for the rows after it.
    """
    for merged in ranges:
        if not merged.first_row <= number <= merged.last_row:
            continue
        first = merged.first_column - 1
        if number == merged.first_row:
            anchors[merged.ref] = cells[first] if first < len(cells) else (None, None)
        covered = range(first, merged.last_column)
        while len(cells) < merged.last_column:
            cells.append((None, None))
        for index in covered:
            if index == first and number == merged.first_row:
                continue
            if merged.first_column == merged.last_column:
                cells[index] = anchors[merged.ref]
            else:
                cells[index] = (None, merged.problem())
