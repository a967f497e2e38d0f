"""The way back out: the portfolio written in a mapping's columns, as CSV or ``.xlsx``.

An office sends the export out as a pre-filled return and reads it back in
with the same mapping: where nothing was changed, nothing is recorded.
Figures are written in the mapping's units; a figure or rating whose status
is what an empty cell means in the mapping is left empty. Text a
spreadsheet could take for a formula gets one ``'`` in front (the OWASP
rule, as in audit exports), and so does text a return reads as a formula's
error (``#N/A``); reading a return takes it off again.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.application.returns import FIGURES, PortfolioSource
from portfolio_ledger.application.selection import ItemFilter, Moment
from portfolio_ledger.application.workbook_limits import MAX_CELL, check_rows, fits
from portfolio_ledger.audit.export import neutralise
from portfolio_ledger.domain.lifecycle import View, stages_in
from portfolio_ledger.domain.ratings import RAG
from portfolio_ledger.domain.vocabulary import spoken
from portfolio_ledger.returns.mapping import UNITS, ReturnMapping
from portfolio_ledger.returns.rounded_amounts import plain
from portfolio_ledger.returns.scale import check_headers
from portfolio_ledger.returns.spellings import SCALES
from portfolio_ledger.returns.text_marks import marked

FORMATS = ("csv", "xlsx")
OPEN_STAGES = tuple(
    stage.value for view in (View.PIPELINE, View.CATALOGUE) for stage in stages_in(view)
)
"""What an export holds unless told otherwise: the items still in the portfolio."""
NEVER_GIVEN = {"rag": RAG.NOT_ASSESSED.value}
"""A value never given is, in a return, not known (figures) or not assessed (ratings)."""

if TYPE_CHECKING:
    from portfolio_ledger.application.item_views import ItemView

Value = str | Decimal
BEYOND_THE_ROW = ("description", "paused_from")
"""Fields a return may hold that the portfolio's rows do not: read from each item at the moment."""


class ExportSource(PortfolioSource, Protocol):
    """The portfolio at a moment, and each item as it stood then (the read side answers both)."""

    def item_at(self, key: str, moment: Moment) -> ItemView:
        """One item as it stood at the moment."""
        ...

    def one_read(self, *, replaying: bool = False) -> AbstractContextManager[None]:
        """Every question asked within it answered from one snapshot (``ReadAccess.one_read``)."""
        ...


def export_portfolio(
    portfolio: ExportSource,
    mapping: ReturnMapping,
    *,
    moment: Moment,
    where: ItemFilter,
    file_format: str,
    out: Path,
) -> int:
    """Write the items the filter chooses (open ones unless stages are named); how many."""
    if not where.stages:
        where = replace(where, stages=OPEN_STAGES)
    _reads_back(mapping)
    beyond = [name for name in BEYOND_THE_ROW if name in mapping.columns]
    # The rows and each item's fields beyond them, from one record (else a row may hold a
    # field changed after one it holds as it was before).
    with portfolio.one_read(replaying=bool(beyond)):
        states = portfolio.portfolio(moment, where)
        _one_currency(mapping, states)
        if beyond:  # e.g. a description: kept with the item, not in its row
            states = [_with_fields(portfolio, state, moment, beyond) for state in states]
    # The mapping's [where] columns too, holding the first value it keeps: read back with the
    # same mapping, every row passes its filter.
    kept = {c: v[0] for c, v in mapping.where.items() if c not in mapping.columns.values() and v}
    rows = [
        [_kept(mapping, name, state) for name in mapping.columns] + list(kept.values())
        for state in states
    ]
    header = [*mapping.columns.values(), *kept]
    # The header on the mapping's header_row (blank rows above it), so it reads back there;
    # over header_rows rows, each naming every column, so they read back as one header.
    headed: list[list[Any]] = [list(header) for _ in range(mapping.header_rows - 1)]
    above = mapping.header_row - 1
    if file_format == "xlsx":
        _fit_cells(header, rows, [state["key"] for state in states])
        _write_xlsx(out, header, headed + rows, above, mapping.sheet or "Return")
    else:
        _write_csv(out, header, headed + rows, above, mapping)
    return len(rows)


def _reads_back(mapping: ReturnMapping) -> None:
    """Refuse a mapping whose money headers name other units or currency than it writes."""
    try:
        check_headers(mapping, "", units_given=False)
    except InvalidInput as problem:
        raise InvalidInput(
            f"cannot export in the {mapping.name} mapping, as its figures would be written "
            "under headers that say otherwise and the return refused when read back: "
            f"{str(problem).removeprefix(': ')}; nothing was written"
        ) from None


def _one_currency(mapping: ReturnMapping, states: Sequence[Mapping[str, Any]]) -> None:
    """Refuse items in another currency than the mapping's: read back, they would be in its."""
    if not any(name in FIGURES for name in mapping.columns):
        return  # no money written, so none to be misread
    others = [state for state in states if state["currency"] != mapping.currency]
    if not others:
        return
    named = ", ".join(f"{state['key']} is in {state['currency']}" for state in others[:3])
    more = f" (and {len(others) - 3:,} more)" if len(others) > 3 else ""
    raise InvalidInput(
        f"cannot export in the {mapping.name} mapping: its money is {mapping.currency}, and "
        f"{named}{more}; its figures, written as numbers, would be read back as "
        f"{mapping.currency}. Export them with a mapping of their currency (currency = "
        f'"{others[0]["currency"]}" in a mapping file, docs/returns.md), choosing them with '
        "--organisation or --category where the portfolio holds more than one currency; "
        "nothing was written"
    )


def _with_fields(
    portfolio: ExportSource, state: Mapping[str, Any], moment: Moment, names: Sequence[str]
) -> Mapping[str, Any]:
    item = portfolio.item_at(state["key"], moment)
    return {**state, **{name: getattr(item, name) for name in names}}


def _kept(mapping: ReturnMapping, name: str, state: Mapping[str, Any]) -> Value:
    """A field's cell; where the mapping's [where] filters its column, a spelling it keeps.

    A column both read (``stage = "Project Stage"``) and filtered on (``[where] "Project
    Stage" = ["Construction", ...]``) holds what the return writes: the ledger's word
    (``in delivery``) would pass no filter, and read back, no row would be read. So each
    value is written as the first of the filter's values the mapping spells as it.
    """
    value = cell(mapping, name, state)
    wanted = mapping.where.get(mapping.columns[name])
    if not isinstance(value, str):
        return value
    if not wanted:  # the office's own word for it, where the mapping spells one
        return _read_back(mapping, name, state["key"], value, mapping.written_as(name, value))
    if value in wanted:
        return _read_back(mapping, name, state["key"], value, value)
    spelt = next((w for w in wanted if spoken(mapping.spelt(name, w)) == spoken(value)), None)
    if spelt is None:
        raise InvalidInput(
            f"cannot export in the {mapping.name} mapping: its [where] keeps only the rows whose "
            f"{mapping.columns[name]!r} is {' or '.join(map(repr, wanted))}, and {state['key']}'s "
            f"{name}, {value!r}, is none of them, nor spelt as one in [spellings.{name}]: read "
            "back, its row would be left out. Spell it in the mapping, or choose the items "
            "the filter keeps (--stage, ...); nothing was written"
        )
    return spelt


def _read_back(mapping: ReturnMapping, name: str, key: str, value: str, written: str) -> str:
    """``written`` for ``value``, which the mapping reads back as it; else the export refused.

    A ledger's word the mapping spells as another value (``"Live" = "in delivery"``) is
    read back as that value: a live item written ``live`` would be read as in delivery.
    """
    read = mapping.spelt(name, written)
    if not written or name not in SCALES or spoken(read) == spoken(value):
        return written
    raise InvalidInput(
        f"cannot export in the {mapping.name} mapping: {key}'s {name}, {value!r}, "
        f"would be written {written!r}, which its [spellings.{name}] reads as {read!r}: read "
        f"back, the item would be {read}. Spell {value!r} in [spellings.{name}] (the "
        f'office\'s word for it, "..." = "{value}"), or choose the items to export '
        "(--stage, --rag, --kind); nothing was written"
    )


def cell(mapping: ReturnMapping, name: str, state: Mapping[str, Any]) -> Value:
    """One field of an item as the mapping's column holds it."""
    if name in FIGURES:
        return _figure(mapping, name, state)
    value = state.get(name)
    if name == "rag":
        rating = value or NEVER_GIVEN["rag"]
        return "" if rating == mapping.blank_meaning("rag") else rating
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _figure(mapping: ReturnMapping, name: str, state: Mapping[str, Any]) -> Value:
    amount, status = state.get(name), state.get(f"{name}_status")
    if amount is not None:
        return plain(Decimal(amount) / UNITS[mapping.units])
    status = status or "not known"  # never given: not known
    return "" if status == mapping.blank_meaning(name) else status


def _write_csv(
    out: Path, header: list[str], rows: Sequence[Sequence[Value]], above: int,
    mapping: ReturnMapping,
) -> None:  # fmt: skip
    """The rows as CSV, separated and each figure written as the mapping reads them back."""
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=mapping.separator, lineterminator="\r\n")
        writer.writerows([] for _ in range(above))
        writer.writerow([neutralise(name) for name in header])
        for row in rows:
            writer.writerow([_text(value, mapping.decimal) for value in row])


def _text(value: Value, decimal: str) -> str:
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", decimal)
    return marked(value)


def _write_xlsx(
    out: Path, header: list[str], rows: Sequence[Sequence[Value]], above: int, sheet_name: str
) -> None:
    from openpyxl import Workbook

    check_rows(above + 1 + len(rows), sheet_name, "a CSV export (--format csv)")
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name)  # the mapping's, so it reads back from there
    for _ in range(above):
        sheet.append([])
    sheet.append([neutralise(name) for name in header])
    for row in rows:
        # Numbers as numbers; text neutralised, so nothing is stored as a formula.
        sheet.append([value if isinstance(value, Decimal) else marked(value) for value in row])
    book.save(out)


def _fit_cells(header: list[str], rows: Sequence[Sequence[Value]], keys: Sequence[str]) -> None:
    """Refuse an item's text a workbook's cell cannot hold, naming the item and column.

    One longer than a cell holds: cut, it would be read back as a change (a description
    recorded cut). One holding a control character (an event recorded before input refused
    them): openpyxl refuses to write it, and replaced it would be read back as a change.
    CSV holds either whole.
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for row, key in zip(rows, keys, strict=True):
        for name, value in zip(header, row, strict=False):
            if not isinstance(value, str):
                continue
            if not fits(marked(value)):
                why = (
                    f"is {len(value):,} characters, more than the {MAX_CELL:,} an Excel cell "
                    "holds, and cut it would be read back as a change"
                )
            elif found := ILLEGAL_CHARACTERS_RE.search(value):
                why = (
                    f"holds the control character U+{ord(found.group()):04X}, which an Excel "
                    "cell cannot hold"
                )
            else:
                continue
            raise InvalidInput(
                f"cannot export {key} as .xlsx: its {name!r} {why}. Export as CSV instead "
                "(--format csv --out FILE.csv), which holds it whole; nothing was written"
            )
