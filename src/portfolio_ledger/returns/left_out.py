"""The rows a return's filter leaves out, by what their filter's cells hold.

``[where] Status = ["Active"]`` reads a register's active projects: a row whose status is
typed ``Actve``, or ``Active - at risk``, is left out as a closed one is, and the dry run
said only ``2 of 3 rows``. A new project so typed was not onboarded, and one in the ledger
listed as missing, left with ``--missing leave``. So the values the filter left out are
said, each with its rows, and a value typed otherwise than the filter's is seen.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from portfolio_ledger.domain.caseless import fold
from portfolio_ledger.domain.change_words import names_in_words
from portfolio_ledger.returns.sheets import Sheet
from portfolio_ledger.returns.text import cell_text


class LeftOut(NamedTuple):
    """What a filter left out: each column and value with its rows; and the rows."""

    values: list[tuple[str, str, int]]
    rows: int


def left_out(
    sheet: Sheet, columns: dict[str, int], where: dict[str, tuple[str, ...]], kept: set[int]
) -> LeftOut:
    """Each filter's column and a value it left out, with its rows; and the rows left out.

    A row two filters' columns leave out is counted once in the rows, not once for each
    (``3 rows`` of a register of three, one of them kept, was said).
    """
    wanted = {column: {fold(value) for value in values} for column, values in where.items()}
    counts: Counter[tuple[str, str]] = Counter()
    rows = 0
    for number, cells in sheet.rows:
        if number in kept:
            continue
        missed = False
        for column in where:
            at = columns.get(column)
            value = cell_text(cells[at].value).strip() if at is not None and at < len(cells) else ""
            if fold(value) not in wanted[column]:
                counts[(column, value)] += 1
                missed = True
        rows += missed
    return LeftOut([(column, value, n) for (column, value), n in counts.most_common()], rows)


def held_in_words(values: set[str]) -> str:
    """A filter's column's values, an empty cell said as one (it was a bare ', ')."""
    words = names_in_words(sorted(values - {""})) or ""
    if "" not in values:
        return words
    return f"{words}, and empty cells" if words else "empty cells alone"
