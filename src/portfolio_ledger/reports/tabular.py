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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from portfolio_ledger.domain.caseless import accents_typed
from portfolio_ledger.domain.change_words import names_in_words
from portfolio_ledger.domain.lines import BREAKS, one_line

Kind = Literal["text", "money", "date", "time", "int"]
Shown = Literal["both", "screen", "data"]
Value = str | int | Decimal | date | datetime | None
NUMBERS: frozenset[str] = frozenset({"money", "int"})
"""Kinds aligned right on screen."""
FIGURE_NAMES = ("whole_life_cost", "authorised_budget", "forecast_cost")
"""An item's money figures, as its state and ``portfolio diff`` name them."""
DIFF_LABELS = {
    "whole_life_cost": "whole-life cost",
    "authorised_budget": "budget",
    "forecast_cost": "forecast",
    "forecast_date": "forecast date",
    "priority_rank": "rank",
    "rag": "RAG",
}
"""How a change ``portfolio diff`` names is written for people (the rest as named)."""


FIGURE_LABELS = dict(zip(FIGURE_NAMES, ("whole-life", "authorised", "forecast"), strict=True))


def counted(count: int, noun: str) -> str:
    """``1 day``, ``24 days``, ``1,200 items``: a count and its noun, plural unless one."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def missing(row: Mapping[str, Any], names: Sequence[str] = FIGURE_NAMES) -> str:
    """``whole-life 3 withheld, 1 not known``: the figures a row's totals leave out."""
    parts = []
    for name in names:
        withheld, unknown = row[f"{name}_withheld"], row[f"{name}_not_known"]
        said = [f"{n} {what}" for n, what in ((withheld, "withheld"), (unknown, "not known")) if n]
        if said:
            parts.append(f"{FIGURE_LABELS[name]} {', '.join(said)}")
    return "; ".join(parts) or "-"


def left_out(row: Mapping[str, Any], names: Sequence[str] = FIGURE_NAMES) -> str:
    """:func:`missing`, and how many known figures added up are an earlier report's.

    ``whole-life 1 withheld; forecast 2 as reported earlier``: a forecast (or
    whole-life cost) the item's last status report left out is the one an
    earlier report gave (``forecast_cost_earlier``, ``whole_life_cost_earlier``).
    """
    said = missing(row, names)
    also = [
        f"{FIGURE_LABELS[name]} {earlier:,} as reported earlier"
        for name in names
        if (earlier := row.get(f"{name}_earlier", 0))
    ]
    return "; ".join(([] if said == "-" else [said]) + also) or "-"


def currency_named(rows: Sequence[tuple[str, str]]) -> list[str]:
    """Each row's name (rows: name, currency), with its currency where the name has several.

    A breakdown has a row per name and currency, nothing converted; a row whose figures
    are all unknown shows no currency, so two rows of one name read as the same group
    twice. Named so, ``no organisation (EUR)`` is told from ``no organisation (GBP)``.
    """
    currencies: dict[str, set[str]] = {}
    for name, currency in rows:
        currencies.setdefault(name, set()).add(currency)
    return [f"{name} ({cur})" if len(currencies[name]) > 1 else name for name, cur in rows]


def also_recorded(spellings: Sequence[str]) -> str:
    """``DIGITAL, Digital``: the other spellings a row counts (its own is the first); or ``""``.

    Told apart as the audit trail says a list (``names_in_words``): a spelling holding a
    comma in double quotes, ``"TRANSPORT, ROADS", "transport, roads"``, two, not four. One
    that looks the same, its accents typed otherwise, is said so (``accents_typed``).
    """
    others = (other + accents_typed(other, spellings[0]) for other in spellings[1:])
    return names_in_words(others) or ""


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

    Each cell stays on one line (line breaks and tabs in it become spaces);
    columns are aligned by the width a terminal gives their text
    (:func:`display_width`), those named in ``right`` to the right; no line
    ends in spaces.
    """
    # Column by column, and each line by one str.format: this runs for every cell.
    columns = [_one_line(list(column)) for column in zip(*rows, strict=True)] or [
        [] for _ in headers
    ]
    numbers = set(right)
    laid = [_laid_out(h, c, h in numbers) for h, c in zip(headers, columns, strict=True)]
    line = "  ".join(column.field for column in laid).format
    if title:
        yield title
    yield line(*(column.header for column in laid)).rstrip()
    yield "  ".join("-" * column.width for column in laid)
    for row in zip(*(column.cells for column in laid), strict=True):
        yield line(*row).rstrip()


class _Laid(NamedTuple):
    """A column laid out: its width, its header, its field in the line's format, its cells."""

    width: int
    header: str
    field: str
    cells: list[str]


def _laid_out(header: str, cells: list[str], right: bool) -> _Laid:
    """A column as the line's format takes it, as wide as its widest text on a terminal.

    Plain ASCII (nearly always): the cells as they are, padded by ``str.format``
    (``len`` is the width). Otherwise each cell is padded here to the widest
    display width, and the field takes it as it is.
    """
    align = ">" if right else "<"
    if "".join(cells).isascii():
        width = max(len(header), max(map(len, cells), default=0))
        return _Laid(width, header, f"{{:{align}{width}}}", cells)
    widths = [display_width(cell) for cell in cells]
    width = max(len(header), *widths)
    if right:
        padded = [" " * (width - w) + cell for cell, w in zip(cells, widths, strict=True)]
    else:
        padded = [cell + " " * (width - w) for cell, w in zip(cells, widths, strict=True)]
    return _Laid(width, f"{header:{align}{width}}", "{}", padded)


def display_width(text: str) -> int:
    """How many columns a terminal gives ``text``, by the character database (``unicodedata``).

    East Asian wide and fullwidth characters take two; non-spacing and
    enclosing combining marks, format characters (a zero-width space) and the
    vowels and finals of Hangul written as jamo (as a Mac saves Korean, NFD) none;
    the rest one. An emoji sequence is one emoji, two columns: a symbol joined to the
    one before it (U+200D: a family, a profession) or a skin tone adds none, and a
    variation selector 16 (U+FE0F) shows a narrow symbol (``\u26a0``, a keycap's
    digit) as a two-column emoji. Rich (``rich.cells.cell_len``), which lays out a
    table on a terminal, and ``wcwidth`` count these alike; they differ for the spacing
    vowel signs of Indic scripts (Unicode's Mc: one here, as glibc counts them).
    """
    if text.isascii():
        return len(text)
    total, previous, counted = 0, "", 0
    for char in text:
        counted = _char_width(char, previous, counted)
        total += counted
        previous = char
    return total


def _char_width(char: str, previous: str, counted: int) -> int:
    """``char``'s columns after ``previous``, which took ``counted``."""
    if ord(char) < 0x300:
        return 1
    import unicodedata  # the standard library's, a C module: for text that is not ASCII only

    category = unicodedata.category(char)
    if char == _EMOJI_STYLE:  # a narrow symbol or a keycap's digit shown as emoji: one more
        return int(
            counted == 1 and (previous in _KEYCAPS or unicodedata.category(previous) == "So")
        )
    if category in _NO_WIDTH or _JAMO_AFTER.match(char):
        return 0
    if (previous == _JOINER and category == "So") or (previous and _SKIN_TONE.match(char)):
        return 0  # part of the emoji before it
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


_NO_WIDTH = frozenset({"Mn", "Me", "Cf"})
"""Combining marks (non-spacing, enclosing) and format characters: no column of their own."""
_JOINER, _EMOJI_STYLE, _KEYCAPS = "\u200d", "\ufe0f", frozenset("#*0123456789")
_JAMO_AFTER = re.compile("[\u1160-\u11ff\ud7b0-\ud7ff]")
"""Hangul jamo vowels and finals, which join the leading consonant's two columns."""
_SKIN_TONE = re.compile("[\U0001f3fb-\U0001f3ff]")


_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202d\u202e]")
"""Control characters but tab, LF and CR, and the directional overrides: refused in any text
given now, but a ledger made before holds what was taken then (ESC, a C1 control such as
U+009B, CSI; U+202E, which shows the text after it reversed)."""


def controls_escaped(text: str) -> str:
    """``text`` with each control character a terminal would act on written as its escape.

    ESC as ``\\x1b``, U+009B as ``\\x9b``, U+202E as ``\\u202e`` (as a ``repr`` writes them):
    what a record made before they were refused holds is shown, never acted on.
    """
    if text.isprintable() or _CONTROLS.search(text) is None:
        return text
    return _CONTROLS.sub(lambda found: repr(found.group())[1:-1], text)


_UNSHOWN = re.compile(f"[{BREAKS.pattern[1:-1]}{_CONTROLS.pattern[1:-1]}]")  # one class: fast


def _one_line(cells: list[str]) -> list[str]:
    """The cells, each on one line, its controls escaped (looked for once a column)."""
    if _UNSHOWN.search(" ".join(cells)) is None:
        return cells
    return [controls_escaped(one_line(cell)) for cell in cells]


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
