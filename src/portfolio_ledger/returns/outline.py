"""A workbook's parent row, its figure the sum of the rows grouped under it: a roll-up.

Smartsheet exports its hierarchy to Excel as the sheet's outline (``<row r="3"
outlineLevel="1">``: rows grouped under the parent row above them), and its parent rows
hold their children's sums (``=SUM(CHILDREN())``), as Microsoft Project's summary tasks
and a sheet grouped by Data > Group do. A parent row with an id (Smartsheet's auto-number
gives every row one) joined the portfolio as an item beside its children, and every figure
``economics`` and the board pack add up counted that money twice. A row with no id that
adds up others is refused as a total already (``application/summed_rows``); a row with an
id is refused here where the outline says it is a parent and one of its amounts is the sum
of that figure over the rows under it: nothing is guessed, as an item of its own is given
its own figures, or its rows ungrouped.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from portfolio_ledger.application.returns import FIGURES, LABELS, ReturnRow

if TYPE_CHECKING:
    from portfolio_ledger.returns.sheets import Cell, Sheet


def rolled_up(
    rows: Sequence[ReturnRow],
    sheet: Sheet,
    read: Callable[[int, list[Cell], dict[str, int]], ReturnRow],
    columns: dict[str, int],
    headers: Mapping[str, str],
) -> list[tuple[int, str, str]]:
    """Each row read with an id that adds up the rows grouped under it: number, column, why.

    The column is that of its first figure that does (``headers``: the mapping's, by field).
    A row the filter leaves out is still among a parent's rows (a project closed, left out
    by [where], is in its parent's sum): it is read here (``read``, by ``columns``) for that.
    """
    if not sheet.outline:
        return []
    kept = {row.number: row for row in rows}
    every = [
        kept[n] if n in kept else read(n, cells, columns) if cells and n in sheet.outline
        else ReturnRow(n, None, {})  # a row left out, or blank: at the top level, a group ends
        for n, cells in _with_blanks(sheet)
    ]  # fmt: skip
    levels = [sheet.outline.get(row.number, 0) for row in every]
    # a summary row above its rows, or below them: the sheet read down, and read up
    ways = [(every, levels, _next_not_deeper(levels))]
    ways.append((every[::-1], levels[::-1], _next_not_deeper(levels[::-1])))
    found: list[tuple[int, str, str]] = []
    for at, row in enumerate(every):
        if row.key is None or row.number not in kept:
            continue
        for (rows_read, depths, ends), start in zip(ways, (at, len(every) - 1 - at), strict=True):
            children = sorted((rows_read[i] for i in _children(start, depths, ends)
                               if rows_read[i].key is not None or rows_read[i].values),
                              key=lambda other: other.number)  # fmt: skip
            if sums := summed_figures(row, children):
                found.append((row.number, headers[sums[0][0]], _why(sums, children)))
                break
    return found


def _with_blanks(sheet: Sheet) -> Iterator[tuple[int, list[Cell] | None]]:
    """The sheet's rows, each with its cells, and the blank rows between them (None).

    A workbook writes no blank row, and the sheet's rows leave it out: an empty row between
    two groups ends the first (``outlineLevel`` 0), and left out, it joined the two into one
    whose sum was neither parent's. Each blank row grouped is given; of those not, one for
    each run of them, as one ends a group as well as ten.
    """
    grouped = sorted(sheet.outline)
    before: int | None = None
    for number, cells in sheet.rows:
        if before is not None:
            last = before
            for blank in grouped[bisect_right(grouped, before) : bisect_left(grouped, number)]:
                if blank - last > 1:
                    yield last + 1, None
                yield blank, None
                last = blank
            if number - last > 1:
                yield last + 1, None
        yield number, cells
        before = number


def _next_not_deeper(levels: Sequence[int]) -> list[int]:
    """For each row, the index of the first row after it at its level or shallower (or the end)."""
    ends = [len(levels)] * len(levels)
    waiting: list[int] = []  # rows whose end is not found yet: each deeper than the one before
    for at, level in enumerate(levels):
        while waiting and levels[waiting[-1]] >= level:
            ends[waiting.pop()] = at
        waiting.append(at)
    return ends


def _children(at: int, levels: Sequence[int], ends: Sequence[int]) -> list[int]:
    """The indexes of the rows grouped directly under the row at ``at``, from those after it.

    They are the rows at the shallowest level deeper than the row's (a grandchild is in its
    parent's sum, not the row's) before the first row no deeper than the row. Each step
    jumps over a row's own group to the next row no deeper than it, so a row is stepped on
    by one row's walk at most: the sheet is read in time in step with its rows.
    """
    under: list[int] = []
    step = at + 1
    while step < len(levels) and levels[step] > levels[at]:
        under.append(step)
        step = ends[step]
    if not under:
        return []
    top = min(levels[i] for i in under)
    return [i for i in under if levels[i] == top]


def summed_figures(row: ReturnRow, children: list[ReturnRow]) -> list[tuple[str, Decimal]]:
    """Each amount of ``row`` that is exactly its figure's sum over ``children``.

    Each as the return gives it, before the mapping's round_amounts rounds it to the penny:
    a parent's =SUM of costs to six places, rounded, is seldom the sum of its rows rounded.
    """
    sums = []
    for name in FIGURES:
        amount = given_figure(row, name)
        given = [value for c in children if isinstance(value := given_figure(c, name), Decimal)]
        if isinstance(amount, Decimal) and amount > 0 and given and sum(given) == amount:
            sums.append((name, amount))
    return sums


def given_figure(row: ReturnRow, name: str) -> object:
    """The figure ``name`` of ``row`` as the return gives it (not rounded to the penny)."""
    return next((penny.given for field, penny in row.rounded if field == name),
                row.values.get(name))  # fmt: skip


def _why(sums: list[tuple[str, Decimal]], children: list[ReturnRow]) -> str:
    numbers = [child.number for child in children]
    rows = f"row {numbers[0]}" if len(numbers) == 1 else "rows " + ", ".join(map(str, numbers))
    if len(numbers) > 6:  # a long group said by its ends
        rows = f"{len(numbers)} rows, {numbers[0]} to {numbers[-1]},"
    figures = " and ".join(f"{LABELS[name]} {amount:,f}" for name, amount in sums)
    return (
        f"it is a parent row, with {rows} grouped under it in the sheet's outline (a "
        f"hierarchy, as Smartsheet and Microsoft Project export one), and its {figures} "
        f"{'is' if len(sums) == 1 else 'are'} the sum of theirs: read as an item beside "
        "them, that money would be counted twice; delete the row from the return (the "
        "ledger adds its items up itself: 'portfolio-ledger economics') or leave it out "
        "with [where]; if it is an item of its own, give it its own figures, not its rows' "
        "sum, or ungroup its rows (Data > Ungroup)"
    )
