"""A column giving each row's currency, where the mapping reads the return in one.

A PPM tool exports a portfolio of several currencies as one table, a ``Currency`` column
beside figures that are plain numbers (``USD``, ``EUR``, ``GBP`` row by row). A mapping reads
all its money in its one ``currency``: read so, a row's 3,400 (thousand) euros would be
recorded as 3,400 (thousand) dollars, and nothing in its figures' cells would show it. So a
row whose currency column, read or not, names another currency than the mapping's is refused
at that cell, saying how to read each currency's rows with a mapping of its own; where every
money column read names its currency in its header (``Budget (EUR)``, converted to the
reporting currency beside the row's own), the header says what its figures are, and the
column is passed over.
"""

from __future__ import annotations

import re

from portfolio_ledger.application.returns import FIGURES
from portfolio_ledger.domain.currencies import CURRENCIES
from portfolio_ledger.returns.mapping import ReturnMapping
from portfolio_ledger.returns.scale import header_currency
from portfolio_ledger.returns.sheets import Sheet
from portfolio_ledger.returns.signs import CURRENCY_SIGNS, FORMAT_SIGNS
from portfolio_ledger.returns.text import cell_text

_WORDS = frozenset(
    {"currency", "currencies", "ccy", "curr", "devise", "monnaie", "währung", "waehrung"}
    | {"valuta", "moneda", "moeda", "divisa", "valuuta", "waluta", "měna"}
)
"""Words a column giving each row's currency is headed by (``Currency``, ``Devise``,
``Currency / Devise``, ``Währung``, ``Valuta``, ``Currency Code``)."""


def row_currencies(
    sheet: Sheet, mapping: ReturnMapping, kept: set[int]
) -> list[tuple[int, str, str]]:
    """Each kept row whose currency column names another currency than the mapping's, and why.

    None where the mapping reads no money figure, or where every money column it reads names
    its own currency in its header; a column the mapping reads as a field is no such column.
    """
    figures = [mapping.columns[name] for name in FIGURES if name in mapping.columns]
    if not figures or all(
        header_currency(header) or header_currency(sheet.groups.get(header, ""))
        for header in figures
    ):
        return []
    read = set(mapping.columns.values())
    columns = [
        (index, header)
        for index, header in enumerate(sheet.headers)
        if header not in read and _WORDS & set(re.split(r"[^\w]+", header.casefold()))
    ]
    refused = []
    for number, cells in sheet.rows:
        for index, header in columns:
            written = cell_text(cells[index].value).strip() if index < len(cells) else ""
            named = _named(written)
            if number in kept and named and mapping.currency not in named:
                other = named[0] if len(named) == 1 else f"CODE (one of {', '.join(named)})"
                why = _why(cells[index].ref, written, header=header, other=other,
                           figures=figures, currency=mapping.currency)  # fmt: skip
                refused.append((number, header, why))
    return refused


def _named(written: str) -> tuple[str, ...]:
    """The currencies a cell names: a code, a sign, or a name (``Euro``, ``US Dollar``)."""
    word = written.upper()
    if word in CURRENCIES:
        return (word,)
    named = header_currency(written) if written else None
    return CURRENCY_SIGNS.get(word) or FORMAT_SIGNS.get(word) or (named[1] if named else ())


def _why(
    ref: str, written: str, *, header: str, other: str, figures: list[str], currency: str
) -> str:
    read = ", ".join(repr(figure) for figure in figures)
    return (
        f"cell {ref} says the row's money is {written}, and the mapping reads its figures "
        f"({read}) as {currency}, its currency, so they would be recorded in {currency}: import "
        f"each currency's rows with a mapping of that currency, one import each ([where] "
        f'"{header}" = ["{currency}"] in this mapping; a copy of it with currency = "{other}" '
        f'and [where] "{header}" = ["{written}"]); or, if these figures are in {currency} '
        f"whatever the column says, name the currency in their headers (and the mapping), "
        f"'{figures[0]} ({currency})'"
    )
