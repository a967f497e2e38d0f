"""A header of more than one row: a group heading over the columns it spans, their names below.

A finance or PPM template often heads its money ``Cost (£k)``, merged across
two columns named ``Budget`` and ``Forecast`` on the row below, while its
other columns are named on the upper row alone (``Ref``, ``Project``). With
``header_rows = 2`` the two rows are one header: each column is named by the
lowest of its cells that names it.
"""

from __future__ import annotations

from itertools import pairwise, zip_longest

from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.returns.sheets import Cell, Sheet
from portfolio_ledger.returns.text import header_name


def _names(cells: list[Cell]) -> list[str]:
    return ["" if cell.value is None else header_name(str(cell.value)) for cell in cells]


def _stacked(upper: list[str], lower: list[str]) -> list[str]:
    """Each column's name: the lower row's where it names it, else the upper's."""
    return [low or up for up, low in zip_longest(upper, lower, fillvalue="")]


def _over(upper: list[str], lower: list[str]) -> list[str]:
    """The group heading over each column the lower row names ('' where there is none).

    The upper row's cell above it, or, where that is empty (a CSV's heading written once,
    over the first column of its group), the one before it over the same run of named
    columns: ``Cost (£k)`` over Budget, and over Forecast beside it.
    """
    over, heading = [], ""
    for up, low in zip_longest(upper, lower, fillvalue=""):
        heading = (up or heading) if low else ""  # a column named above alone ends a group
        over.append(heading if heading != low else "")
    return over


def stacked(sheet: Sheet, rows: int, file_name: str) -> Sheet:
    """The sheet with its header's ``rows`` rows as one header (the rows after it, its rows)."""
    headers, above, body = sheet.headers, list(sheet.above), list(sheet.rows)
    number, groups = sheet.header_row, [""] * len(headers)
    for _ in range(rows - 1):
        if not body:
            raise InvalidInput(
                f"{file_name} has no row below its header (row {number}) to be the header's "
                f"next row (header_rows = {rows} in the mapping)"
            )
        above.append((number, headers))
        (number, cells), *body = body
        lower = _names(cells)
        over = _over(headers, lower)
        groups = [
            " ".join(filter(None, (group, heading)))
            for group, heading in zip_longest(groups, over, fillvalue="")
        ]
        headers = _stacked(headers, lower)
    named = {h: g for h, g in zip(headers, groups, strict=False) if h and g}
    return Sheet(sheet.name, headers, number, body, sheet.others, above, named)


def two_rows_hint(sheet: Sheet, wanted: set[str]) -> str:
    """Where two rows together hold every column to be read: the setting that reads them."""
    rows = [*sheet.above, (sheet.header_row, sheet.headers)]
    rows += [(number, _names(cells)) for number, cells in sheet.rows[:20]]
    rows.sort()
    for (first, upper), (_, lower) in pairwise(rows):
        if wanted <= set(_stacked(upper, lower)):
            return (
                f". Row {first} and the row below it together hold every column to be read "
                f"(a header of two rows, a group heading over the columns it spans): say "
                f"header_row = {first} and header_rows = 2 in the mapping"
            )
    return ""
