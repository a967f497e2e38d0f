"""A view as a table, declared once, and the text forms it takes: a plain table and CSV.

A command declares its :class:`Column` s once (header, kind, where it shows);
the rows hold values (text, whole numbers, dates, times, and money as
:class:`Figure`), not their renderings. From that one declaration come the
table for people (:func:`screen_cells`, :func:`plain`), CSV (:func:`csv_lines`)
and a spreadsheet (``reports/xlsx.py``).

Text that a spreadsheet might run as a formula is neutralised by the audit
export's rule (:func:`portfolio_ledger.audit.export.neutralise`): one ``'`` in
front. Only text cells are: numbers, dates and money are never text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Literal

Kind = Literal["text", "money", "date", "time", "int"]
Shown = Literal["both", "screen", "data"]
Value = str | int | Decimal | date | datetime | None
NUMBERS: frozenset[str] = frozenset({"money", "int"})
"""Kinds aligned right on screen."""


@dataclass(frozen=True, slots=True)
class Figure:
    """Money in a cell: an amount in a currency, or why there is none (withheld, not known)."""

    amount: Decimal | None
    currency: str
    status: str | None = None


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its header, its kind, where it shows, how wide free text wraps on screen.

    ``shown``: ``both`` (screen and data), ``screen`` only (a summary of data
    columns, say), or ``data`` only (CSV, JSON and spreadsheets).
    """

    header: str
    kind: Kind = "text"
    wrap: int | None = None
    shown: Shown = "both"


@dataclass(frozen=True, slots=True)
class Table:
    """A titled grid: its columns (declared once) and rows of values in column order."""

    title: str
    sheet: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Value | Figure]]

    def where(self, shown: Shown) -> list[int]:
        """The indexes of the columns shown on screen or in data."""
        return [i for i, c in enumerate(self.columns) if c.shown in {"both", shown}]


def screen_text(value: Value | Figure) -> str:
    """A value as people read it: ``GBP 1,200``, ``withheld``, ISO dates, a dash for nothing."""
    if type(value) is str:  # most cells: first, and cheaply
        return value or "-"
    if value is None:
        return "-"
    if isinstance(value, Figure):
        return _figure_text(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _figure_text(value: Figure) -> str:
    if value.amount is None:
        return value.status or "-"
    from portfolio_ledger.domain.money import format_amount

    return f"{value.currency} {format_amount(value.amount)}"


def screen_cells(table: Table) -> tuple[list[Column], list[list[str]]]:
    """The columns shown on screen and each row's cells as text."""
    shown = table.where("screen")
    columns = [table.columns[i] for i in shown]
    # Text, most cells, inline as screen_text has it: a call a cell costs a fifth of a big table.
    return columns, [
        [(value or "-") if type(value := row[i]) is str else screen_text(value) for i in shown]
        for row in table.rows
    ]


def plain(
    title: str | None, headers: Sequence[str], rows: Sequence[Sequence[str]], right: Iterable[str]
) -> Iterator[str]:
    """An aligned table as lines of plain text: fast for any number of rows, no wrapping.

    Each cell stays on one line (line breaks in it become spaces); columns
    named in ``right`` align right; no line ends in spaces.
    """
    # Column by column, and each line by one str.format: this runs for every cell.
    columns = [_one_line(list(column)) for column in zip(*rows, strict=True)] or [
        [] for _ in headers
    ]
    widths = [
        max(len(h), max(map(len, c), default=0)) for h, c in zip(headers, columns, strict=True)
    ]
    numbers = set(right)
    line = "  ".join(
        f"{{:{'>' if h in numbers else '<'}{w}}}" for h, w in zip(headers, widths, strict=True)
    ).format
    if title:
        yield title
    yield line(*headers).rstrip()
    yield "  ".join("-" * w for w in widths)
    for row in zip(*columns, strict=True):
        yield line(*row).rstrip()


_BREAKS = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
"""What ``str.splitlines`` takes for the end of a line."""


def _one_line(cells: list[str]) -> list[str]:
    """The cells, each on one line: line breaks become spaces (looked for once a column)."""
    if _BREAKS.search("\0".join(cells)) is None:
        return cells
    return [" ".join(cell.splitlines()) for cell in cells]


def plain_table(table: Table) -> Iterator[str]:
    """The table for people, as plain lines (what ``--format table --out`` writes)."""
    columns, cells = screen_cells(table)
    right = [c.header for c in columns if c.kind in NUMBERS]
    return plain(table.title, [c.header for c in columns], cells, right)


def data_text(value: Value | Figure) -> str:
    """A value as CSV holds it: plain decimals, ISO dates and times, nothing as empty."""
    value = data_value(value)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def data_value(value: Value | Figure) -> Value:
    """A figure's amount (or its status); any other value as it is."""
    if isinstance(value, Figure):
        return value.amount if value.amount is not None else value.status
    return value


def csv_lines(table: Table) -> Iterator[str]:
    """The table as CSV lines (CRLF, RFC 4180 quoting): a header, then a line per row.

    Text cells are neutralised as the audit export neutralises them; numbers,
    dates and money are not text and are written as they are.
    """
    from portfolio_ledger.audit.export import csv_line  # the export's stack: for CSV only

    shown = table.where("data")
    headers = [table.columns[i].header for i in shown]
    yield csv_line(headers, range(len(headers)))
    for row in table.rows:
        values = [data_value(row[i]) for i in shown]
        texts = [i for i, value in enumerate(values) if isinstance(value, str)]
        yield csv_line([data_text(value) for value in values], texts)
