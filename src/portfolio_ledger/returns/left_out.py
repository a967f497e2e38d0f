"""The rows a return's filter leaves out, by what their filter's cells hold.

``[where] Status = ["Active"]`` reads a register's active projects: a row whose status is
typed ``Actve``, or ``Active - at risk``, is left out as a closed one is, and the dry run
said only ``2 of 3 rows``. A new project so typed was not onboarded, and one in the ledger
listed as missing, left with ``--missing leave``. So the values the filter left out are
said, each with its rows, and a value typed otherwise than the filter's is seen.
"""

from __future__ import annotations

from collections import Counter

from portfolio_ledger.domain.caseless import fold
from portfolio_ledger.returns.sheets import Sheet
from portfolio_ledger.returns.text import cell_text


def left_out(
    sheet: Sheet, columns: dict[str, int], where: dict[str, tuple[str, ...]], kept: set[int]
) -> list[tuple[str, str, int]]:
    """Each filter's column and a value it left out, with the count of rows holding it."""
    wanted = {column: {fold(value) for value in values} for column, values in where.items()}
    counts: Counter[tuple[str, str]] = Counter()
    for number, cells in sheet.rows:
        if number in kept:
            continue
        for column in where:
            at = columns.get(column)
            value = cell_text(cells[at].value).strip() if at is not None and at < len(cells) else ""
            if fold(value) not in wanted[column]:
                counts[(column, value)] += 1
    return [(column, value, rows) for (column, value), rows in counts.most_common()]
