"""A return's hierarchy: each row's parent (its programme), named in a column of its own.

Offices keep a programme's row and its projects' rows in one sheet, each project naming
its programme in a column (``Programme``, ``Parent``) by the programme's id or name. The
programme's row often holds its projects' sums: read as an item beside them, every figure
``economics`` and the board pack add up counted that money twice. With the column mapped
(``[columns] parent``), a row whose figure is exactly the sum of that figure over the rows
naming it is refused, as a parent row of a workbook's outline is (``returns/outline``);
one with figures of its own (a programme's own costs) is read as written. A row naming a
parent no row of the return has is refused (``application/return_keys``), unless an item
in the ledger is that parent: a misspelt id read past would leave the hierarchy wrong.
The ledger keeps no hierarchy of items: the column is read to check the return, not
recorded.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal
from difflib import get_close_matches
from typing import TYPE_CHECKING

from portfolio_ledger.application.made_keys import key_from_id
from portfolio_ledger.application.returns import (
    FIGURES,
    LABELS,
    Parent,
    Refusal,
    ReturnRow,
    compared,
)
from portfolio_ledger.domain.caseless import as_shown
from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.keys import normalise_key
from portfolio_ledger.returns.outline import given_figure, rolled_up, summed_figures
from portfolio_ledger.returns.text import cell_text

if TYPE_CHECKING:
    from portfolio_ledger.returns.mapping import ReturnMapping
    from portfolio_ledger.returns.sheets import Cell, Sheet

PARENT = "parent"
"""The mapping's field for the column naming each row's parent: read here, not an item's."""

_PARENT_WORDS = frozenset({"programme", "program", "parent"})
"""A header with one of these words, and only words of an id or name besides, names a parent."""
_ID_WORDS = frozenset({"id", "ref", "reference", "code", "key", "no", "number", "name"})
_NEAREST_AMONG = 300
"""The most parents a misspelt one is compared with, for the nearest to name."""
_Read = Callable[[int, list["Cell"], dict[str, int]], ReturnRow]


def in_hierarchy(
    rows: Sequence[ReturnRow],
    sheet: Sheet,
    read: _Read,
    columns: dict[str, int],
    mapping: ReturnMapping,
) -> list[ReturnRow]:
    """The rows, each parent holding its rows' sums refused (by the outline or the column)."""
    header = mapping.columns.get(PARENT)
    unknown: dict[int, Parent] = {}
    found = [] if header is None else _by_column(
        rows, sheet, read, columns, mapping=mapping, header=header, unknown=unknown
    )  # fmt: skip
    said = {number for number, _, _ in found}  # a row both says so: once, by the column
    outlined = rolled_up(rows, sheet, read, columns, mapping.columns)
    found += [refusal for refusal in outlined if refusal[0] not in said]
    return with_refusals([replace(row, parent=unknown.get(row.number)) for row in rows], found)


def with_refusals(rows: list[ReturnRow], found: list[tuple[int, str, str]]) -> list[ReturnRow]:
    """The rows, each refused for why (number, column, why): found once every row is read."""
    at = {row.number: i for i, row in enumerate(rows)}
    for number, column, why in found:
        row = rows[at[number]]
        rows[at[number]] = replace(row, refusals=(*row.refusals, Refusal(number, column, why)))
    return rows


def _by_column(
    rows: Sequence[ReturnRow],
    sheet: Sheet,
    read: _Read,
    columns: dict[str, int],
    *,
    mapping: ReturnMapping,
    header: str,
    unknown: dict[int, Parent],
) -> list[tuple[int, str, str]]:
    """The rows naming a parent by ``header``: each parent holding their sums, refused.

    Each kept row naming a parent no row has is put in ``unknown``, for the ledger to say.
    """
    kept = {row.number: row for row in rows}
    key_at = columns.get(mapping.columns.get("key", ""))
    name_at = columns[mapping.columns["title"]]
    ids: dict[str, int] = {}  # each row's id and name, as a parent cell is matched
    named: dict[int, str] = {}  # each row naming a parent: the parent as written
    for number, cells in sheet.rows:
        for text in (_text(cells, key_at), _text(cells, name_at)):
            for spelling in _spellings(text):
                ids.setdefault(spelling, number)
        if parent := _text(cells, columns[header]):
            named[number] = parent
    children: dict[int, list[ReturnRow]] = defaultdict(list)
    found: list[tuple[int, str, str]] = []
    cells_of = dict(sheet.rows)
    parents = sorted({p for p in named.values() if any(s in ids for s in _spellings(p))})
    missing: dict[str, Parent] = {}
    for number, parent in named.items():
        parent_at = next((ids[s] for s in _spellings(parent) if s in ids), None)
        if parent_at == number and number in kept:
            found.append((number, header, _itself(parent, header)))
        elif parent_at is not None and parent_at != number:
            # a row the filter leaves out is in its parent's sum (a project closed, left out)
            child = kept.get(number) or read(number, cells_of[number], columns)
            children[parent_at].append(child)
        elif number in kept:  # one misspelling in many rows is looked up once
            if parent not in missing:
                missing[parent] = _unknown(parent, header, parents, make_keys=mapping.make_keys)
            unknown[number] = missing[parent]
    for number, under in children.items():
        if number in kept and (sums := _summed(kept[number], under)):
            found.append((number, mapping.columns[sums[0][0]], _why(sums, under, header)))
    return found


def _summed(row: ReturnRow, under: Sequence[ReturnRow]) -> list[tuple[str, Decimal]]:
    """Each figure of ``row`` that is its rows' sum, where every figure it gives is.

    Where one is not (a forecast of its own beside a budget that happens to be its one
    project's), the row is a programme with figures of its own: read as written.
    """
    sums = summed_figures(row, list(under))
    compared_with = [
        name for name in FIGURES
        if isinstance(amount := given_figure(row, name), Decimal) and amount > 0
        and any(isinstance(given_figure(child, name), Decimal) for child in under)
    ]  # fmt: skip
    return sums if len(sums) == len(compared_with) else []


def _text(cells: list[Cell], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return as_shown(cell_text(cells[index].value)).strip()


def _spellings(text: str) -> list[str]:
    """How a parent cell may name a row: by its id (as a key), or by its name."""
    if not text:
        return []
    key = _key(text)  # None for a name that is no id
    return [*([f"key:{key}"] if key else []), f"name:{compared(text)}"]


def _key(text: str) -> str | None:
    try:
        return normalise_key(text)
    except InvalidDecision:
        return None


def _itself(parent: str, header: str) -> str:
    return (
        f"it names itself, {parent!r}, as its parent in the column {header!r}: a row's "
        "parent is the programme it is part of; give the programme's id, or leave the cell "
        "empty for an item in no programme"
    )


def _unknown(parent: str, header: str, parents: list[str], *, make_keys: bool) -> Parent:
    """The parent no row of the return has (``parents``: those it has), for the ledger.

    Refused unless an item in the ledger is it, by its id (the key made from it, under
    make_keys) or its name.
    """
    # Nearest among a programme list's tens; among thousands (a column of other ids mapped
    # as parent) difflib would take minutes, and the first few say as much.
    pool = parents if len(parents) <= _NEAREST_AMONG else []
    near = sorted(get_close_matches(parent, pool, n=3, cutoff=0.6)) or parents[:5]
    which = f" (parents it has: {', '.join(near)})" if near else ""
    why = (
        f"its parent, {parent!r}, is no row of the return, by id or name{which}, and no "
        "item in the ledger: a parent misspelt would leave the item out "
        "of its programme; correct the cell to the parent's id or name, or leave it empty "
        "for an item in no programme"
    )
    key = _key(parent) or (key_from_id(parent) if make_keys else None)
    return Parent(parent, key, header, why)


def _why(sums: list[tuple[str, Decimal]], under: Sequence[ReturnRow], header: str) -> str:
    numbers = sorted(child.number for child in under)
    rows = f"row {numbers[0]}" if len(numbers) == 1 else "rows " + ", ".join(map(str, numbers))
    if len(numbers) > 6:  # many rows said by their ends
        rows = f"{len(numbers)} rows, {numbers[0]} to {numbers[-1]},"
    figures = " and ".join(f"{LABELS[name]} {amount:,f}" for name, amount in sums)
    return (
        f"it is a parent row, with {rows} naming it in the column {header!r}, and its {figures} "
        f"{'is' if len(sums) == 1 else 'are'} the sum of theirs: read as an item beside "
        "them, that money would be counted twice; give the row its own figures alone (a "
        "programme's own costs, not its projects'), or empty its figure cells (read as "
        "[blank] says) so its rows alone carry the money, or delete the row from the return "
        "or leave it out with [where] (the ledger adds up its items itself: "
        "'portfolio-ledger economics')"
    )


def parent_unread(unread: Sequence[str]) -> str:
    """Where a column not read seems to name each row's parent, how to read it; else ''.

    Unmapped, a programme's row holding its projects' sums is read as an item beside them,
    and its money counted twice, unsaid (``Programme``, ``Parent ID``, ``Program Name``;
    not ``Programme Manager``, a person).
    """
    for header in unread:
        words = set(re.findall(r"[a-z]+", header.casefold()))
        if words & _PARENT_WORDS and words <= _PARENT_WORDS | _ID_WORDS:
            return (
                f"; {header!r} may name each row's programme: mapped as [columns] parent = "
                f"{json.dumps(header)}, a programme's row holding its projects' sums is "
                "refused, not read beside them and its money counted twice (docs/returns.md, "
                '"Programmes and their projects in one return"); else list it in ignore'
            )
    return ""
