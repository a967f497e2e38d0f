"""The rows a return's filter leaves out, by what their filter's cells hold.

``[where] Status = ["Active"]`` reads a register's active projects: a row whose status is
typed ``Actve``, or ``Active - at risk``, is left out as a closed one is, and the dry run
said only ``2 of 3 rows``. A new project so typed was not onboarded, and one in the ledger
listed as missing, left with ``--missing leave``. So the values the filter left out are
said, each with its rows, and a value typed otherwise than the filter's is seen; and each
row left out is kept by its id, so an item listed as missing whose row is there, closed
(``Closed Complete``) or typed otherwise, is said to be.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from portfolio_ledger.application.made_keys import key_from_id
from portfolio_ledger.application.missing_rows import by_name
from portfolio_ledger.domain.caseless import as_shown, fold
from portfolio_ledger.domain.change_words import names_in_words
from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.keys import normalise_key
from portfolio_ledger.returns.mapping import ReturnMapping
from portfolio_ledger.returns.sheets import Cell, Sheet
from portfolio_ledger.returns.text import cell_text
from portfolio_ledger.returns.text_marks import restored


class RowLeftOut(NamedTuple):
    """A row the filter left out, by the key its id makes: its number and what it holds."""

    key: str
    row: int
    holding: tuple[tuple[str, str], ...]
    """Each filter's column and the value in it the filter does not keep."""


class LeftOut(NamedTuple):
    """What a filter left out: each column and value with its rows; the rows; by id."""

    values: list[tuple[str, str, int]]
    rows: int
    keyed: Mapping[str, RowLeftOut] = MappingProxyType({})
    """Each row left out by the key its id makes (the first, where two make one); a row
    with no id by its name (``by_name``), as a row read with none is matched by it."""

    def of(self, key: str) -> RowLeftOut | None:
        """The row left out whose id makes ``key``, if one is."""
        return self.keyed.get(key)


def left_out(
    sheet: Sheet,
    columns: dict[str, int],
    where: dict[str, tuple[str, ...]],
    kept: set[int],
    mapping: ReturnMapping | None = None,
) -> LeftOut:
    """Each filter's column and a value it left out, with its rows; the rows left out; by id.

    A row two filters' columns leave out is counted once in the rows, not once for each
    (``3 rows`` of a register of three, one of them kept, was said).
    """
    wanted = {column: {fold(value) for value in values} for column, values in where.items()}
    counts: Counter[tuple[str, str]] = Counter()
    keyed: dict[str, RowLeftOut] = {}
    rows = 0
    id_at, name_at = (
        (columns.get(mapping.columns.get(f, "")) for f in ("key", "title"))
        if mapping is not None
        else (None, None)
    )
    make_keys = mapping is not None and mapping.make_keys
    for number, cells in sheet.rows:
        if number in kept:
            continue
        cells_held = ((c, _value(cells, columns.get(c))) for c in where)
        held = tuple((c, v) for c, v in cells_held if fold(v) not in wanted[c])
        counts.update(held)
        rows += bool(held)
        written = _value(cells, id_at)
        key = _key(written, make_keys) if written else _named(_value(cells, name_at))
        if held and key is not None:
            keyed.setdefault(key, RowLeftOut(key, number, held))
    values = [(column, value, n) for (column, value), n in counts.most_common()]
    return LeftOut(values, rows, MappingProxyType(keyed))


def _value(cells: list[Cell], at: int | None) -> str:
    """The text of the row's cell at ``at``; empty where there is none."""
    return cell_text(cells[at].value).strip() if at is not None and at < len(cells) else ""


def _named(name: str) -> str | None:
    """A row with no id, by its name; None where it has none."""
    name = restored(name)
    return by_name(name) if name else None


def _key(written: str, make_keys: bool) -> str | None:
    """The key an id makes, as a row read makes it; None where it makes none."""
    text = as_shown(restored(written))
    if not text:
        return None
    try:
        return normalise_key(text)
    except InvalidDecision:
        return key_from_id(text) if make_keys else None


def held_in_words(values: set[str]) -> str:
    """A filter's column's values, an empty cell said as one (it was a bare ', ')."""
    words = names_in_words(sorted(values - {""})) or ""
    if "" not in values:
        return words
    return f"{words}, and empty cells" if words else "empty cells alone"
