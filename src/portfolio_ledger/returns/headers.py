"""A return's header: where each column read is, and a header of more than one row.

A column the mapping reads and the header lacks refuses the return, saying where
the header is if it is elsewhere (a row below titles, two rows together).

A finance or PPM template often heads its money ``Cost (£k)``, merged across
two columns named ``Budget`` and ``Forecast`` on the row below, while its
other columns are named on the upper row alone (``Ref``, ``Project``). With
``header_rows = 2`` the two rows are one header: each column is named by the
lowest of its cells that names it.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise, zip_longest

from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.returns.delimited import separated_otherwise
from portfolio_ledger.returns.mapping import ReturnMapping
from portfolio_ledger.returns.sheets import Cell, Sheet, column_letter
from portfolio_ledger.returns.text import cell_text, header_name


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
    headers = _told_apart(headers, groups)
    named = {h: g for h, g in zip(headers, groups, strict=False) if h and g}
    return Sheet(sheet.name, headers, number, body, sheet.others, above, named, sheet.separator,
                 sheet.hidden, sheet.hidden_columns, sheet.outline, sheet.epoch)  # fmt: skip


def _told_apart(headers: list[str], groups: list[str]) -> list[str]:
    """Each column under a group heading whose name another column has too, named by both.

    A template's ``Baseline`` and ``Forecast`` each head a ``Cost`` and an ``End date``,
    and ``Agency`` and ``Bureau`` each a ``Code`` and a ``Name``: named by the lowest name
    alone, each was a column twice, refused, and no mapping could name either. Each is
    ``Baseline Cost``, ``Agency Name``, as the header reads from top to bottom. Not where
    another column has one of those names already (a ``Baseline Cost`` of its own): read
    by a mapping before, it is still the one column so named, and each ``Cost`` is as
    before, a name no mapping reads.
    """
    counts = Counter(headers)
    both = [
        (header, f"{group} {header}" if header and group and counts[header] > 1 else header)
        for header, group in zip_longest(headers, groups, fillvalue="")
    ]
    taken = {header for header, named in both if named != header and named in counts}
    return [header if header in taken else named for header, named in both]


def _under_headings(sheet: Sheet, column: str) -> str:
    """Where ``column`` names several columns under their headings: how the mapping names one."""
    named = [h for h, group in sheet.groups.items() if h == f"{group} {column}"]
    if not named:
        return ""
    return (
        f". {column!r} names more than one column, each under its own group heading: name "
        f"the one to read by its heading and name together, {' or '.join(map(repr, named))}"
    )


def lowest_name(sheet: Sheet, header: str) -> str:
    """A column's own name, without the group heading that tells it apart (``Name``)."""
    group = sheet.groups.get(header, "")
    return header.removeprefix(f"{group} ") if group else header


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


HEADER_SEARCH = 20
"""How far below the first row a header is looked for, to say where it is."""


def find_columns(
    sheet: Sheet, mapping: ReturnMapping, file_name: str, where: dict[str, tuple[str, ...]]
) -> dict[str, int]:
    """Where each column the mapping and filter read is; refuses a missing or doubled one."""
    wanted = {
        column: f"as {name} by the {mapping.name} mapping"
        for name, column in mapping.columns.items()
    }
    wanted.update(
        {
            column: f"by {where_named(mapping, where, column)}"
            for column in where
            if column not in wanted
        }
    )
    positions: dict[str, int] = {}
    for column, why in wanted.items():
        found = [i for i, header in enumerate(sheet.headers) if header == column]
        if not found:
            listed = ", ".join(repr(h) for h in sheet.headers if h) or "none"
            hint = _spelt_otherwise(sheet, column, why) or _dated_otherwise(sheet, column)
            hint = hint or _renamed(sheet, column, {*wanted, *mapping.ignore})
            hint += _under_headings(sheet, column) + _separated_otherwise(sheet, column)
            hint += _header_below(sheet, wanted, mapping.header_rows) or sheet.elsewhere()
            raise InvalidInput(
                f"{file_name} has no column {column!r} (read {why}); the columns in its "
                f"header (row {sheet.header_row}) are: {listed}{hint or _named_instead(why)}"
            )
        if len(found) > 1:
            raise InvalidInput(
                f"{file_name} has the column {column!r} more than once (columns "
                f"{', '.join(column_letter(i) for i in found)}); rename one, so each field "
                "is read from one column"
            )
        positions[column] = found[0]
    return positions


def _named_instead(why: str) -> str:
    """What to do where nothing in the file says why the column is missing."""
    if why == "by --where":
        return ". Name one of them with --where COLUMN=VALUE"
    if why.startswith("by the [where]"):
        return ". Name one of them in the mapping's [where]"
    return (
        ". Name the file's own header for it in a mapping's [columns] (--mapping FILE; "
        "docs/returns.md), or import the file this mapping was made for"
    )


def where_named(mapping: ReturnMapping, where: dict[str, tuple[str, ...]], column: str) -> str:
    """Where the filter of ``column`` came from: the mapping's ``[where]``, or ``--where``.

    A refusal of a column the filter names called it the --where filter's where the mapping
    named it, and the fix was looked for on the command line.
    """
    if mapping.where.get(column) == where[column]:
        return f"the [where] of the {mapping.name} mapping"
    return "--where"


def _spelt_otherwise(sheet: Sheet, column: str, why: str) -> str:
    """A header that is the column but for case or inner spaces: the fix is to spell it so.

    Named on the command line (``--where REPORT_YEAR=2024-25``), it is spelt so there: the
    refusal said to name it in the mapping, which does not name it.
    """

    def folded(text: str) -> str:
        return " ".join(text.split()).casefold()

    near = [h for h in sheet.headers if h and folded(h) == folded(column)]
    if not near:
        return ""
    return (
        f". Headers are matched exactly, and {near[0]!r} is spelt differently: rename the "
        f"column {column!r}, or name it {near[0]!r} "
        f"{'in --where' if why == 'by --where' else 'in the mapping'}"
    )


def _renamed(sheet: Sheet, column: str, known: set[str]) -> str:
    """A header no setting reads that holds the column's name: the column renamed.

    A PPM tool's administrator renamed ``Overall health`` ``Overall Health Status``: the
    refusal listed every header, and left the reader to spot which was the column.
    """

    def folded(text: str) -> str:
        return " ".join(text.split()).casefold()

    near = [h for h in sheet.headers if h and h not in known and folded(column) in folded(h)]
    if len(near) != 1:
        return ""
    return (
        f". The column {near[0]!r}, which the mapping does not read, holds its name: if it "
        f"is the column renamed, name it {near[0]!r} in the mapping, where it names {column!r}"
    )


def _dated_otherwise(sheet: Sheet, column: str) -> str:
    """A header that is the column but for its numbers: a year, as registers head a column.

    The IT Dashboard's ``Total IT Spending FY2025 ($M)`` was ``... FY2024 ($M)`` a year
    before: the refusal listed every header, and left the reader to spot the year.
    """

    def numbered(text: str) -> str:
        return re.sub(r"[0-9]+", "0", " ".join(text.split()).casefold())

    if not any(c.isdigit() for c in column):
        return ""
    near = [h for h in sheet.headers if h and h != column and numbered(h) == numbered(column)]
    if len(near) != 1:
        return ""
    return (
        f". {near[0]!r} is named as {column!r} is but for its numbers (a year, as a register "
        f"heads a column by the year it reports): if it is the column to read, name it "
        f"{near[0]!r} in the mapping (a mapping for each year's return)"
    )


def _separated_otherwise(sheet: Sheet, column: str) -> str:
    """A CSV whose header is one cell split by ';' or tabs (a European 'CSV', a text export)."""
    found = (separated_otherwise(h, column, separator=sheet.separator) for h in sheet.headers if h)
    return next(filter(None, found), "")


def _header_below(sheet: Sheet, wanted: dict[str, str], header_rows: int) -> str:
    """Where a title or group row sits above the header: the row that is it, and the fix."""
    stacked = {number for number, _ in sheet.above[len(sheet.above) - header_rows + 1 :]}
    for number, headers in sheet.above:
        if set(wanted) <= set(headers) and number in stacked:  # a header of one row after all
            below = "row below it" if header_rows == 2 else f"{header_rows - 1} rows below it"
            return (
                f". Row {number} alone holds every column to be read, and the mapping's "
                f"header_rows = {header_rows} read the {below} into the header too: say "
                "header_rows = 1 in the mapping (or leave it out)"
            )
        if set(wanted) <= set(headers):
            return (
                f". Row {number} holds every column to be read, above the mapping's "
                f"header_row (the header read is the first row with anything at or below "
                f"it, row {sheet.header_row}): say header_row = {number} in the mapping"
            )
    for number, cells in sheet.rows[:HEADER_SEARCH]:
        if set(wanted) <= {header_name(cell_text(cell.value)) for cell in cells}:
            return (
                f". Row {number} holds every column to be read: the header is the first row "
                f"with anything in it, so delete the rows above row {number} (titles, "
                f"merged group headings) and import it again, or say header_row = {number} "
                "in the mapping"
            )
    return two_rows_hint(sheet, set(wanted))


def unheaded(sheet: Sheet) -> list[str]:
    """The columns with no header whose cells hold something: not read, and said to be."""
    widest = max((len(cells) for _, cells in sheet.rows), default=0)
    blank = [i for i in range(widest) if i >= len(sheet.headers) or not sheet.headers[i]]
    held = [i for i in blank if any(i < len(cells) and cell_text(cells[i].value).strip()
                                    for _, cells in sheet.rows)]  # fmt: skip
    return [f"column {column_letter(i)} (no header)" for i in held]
