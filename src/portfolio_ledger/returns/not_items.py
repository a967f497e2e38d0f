"""Rows of a sheet that are no item's: split beyond the header, a group's heading, a note.

A register groups its rows under headings (a department's name alone in the
first column, often merged across the table) and ends with notes (``Note:
figures exclude VAT`` in the id column). Read as rows, a heading would join the
portfolio as an item of that name, and a note be refused as an id that is not
one; each is refused as what it is, naming it, before its cells are read.
"""

from __future__ import annotations

from dataclasses import replace

from portfolio_ledger.application.footnotes import is_note, note_row
from portfolio_ledger.application.return_keys import is_total_label, looks_like_total
from portfolio_ledger.application.returns import Refusal, ReturnRow
from portfolio_ledger.domain.caseless import fold
from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.keys import normalise_key
from portfolio_ledger.returns.delimited import SEPARATORS
from portfolio_ledger.returns.sheets import Cell, column_letter
from portfolio_ledger.returns.text import cell_text, header_name

TOTAL_FIX = (
    "delete the row from the return (the ledger adds its items up itself: 'portfolio-ledger "
    "economics') or leave it out with [where] on a column whose cell it leaves empty (its "
    "stage, say)"
)
"""What to do with a total's row: the ledger sums its items; a filter leaves it out too."""


def beyond_header(cells: list[Cell], width: int, separator: str) -> str | None:
    """Why a CSV row with a cell beyond its header's columns is not read; None if it has none.

    Its cells are not where the header says: most often a cell holding the separator (a
    comma, or as the mapping says), not quoted, was split in two ('Roads, bridges' as
    'Roads' and ' bridges'), moving every cell after it one column on. Read, each would
    be taken for the next column's field.
    """
    extra = next((cell for cell in cells[width:] if cell.value is not None), None)
    if extra is None:
        return None
    one = SEPARATORS[separator].removesuffix("s")
    shown = "" if separator == "\t" else f' ("Roads{separator} bridges and tunnels")'
    return (
        f"cell {extra.ref} ({cell_text(extra.value)!r}) is beyond the header's last column, "
        f"so this row has more cells than the header: a cell holding a {one} that is not "
        f"quoted is split in two, moving the cells after it one column on. Quote that cell{shown}, "
        "or, if the cell belongs to a column of its own, give that column a header"
    )


def not_an_item(
    number: int,
    cells: list[Cell],
    headers: list[str],
    key_at: int | None,
    *,
    make_keys: bool = False,
    headings: bool = True,
    name_at: int | None = None,
    read: frozenset[int] = frozenset(),
) -> ReturnRow | None:
    """The row refused if it is a note, a total or a group's heading, not an item; else None.

    ``headings``: whether the mapping reads a column an item's row gives and a heading's
    does not (an id, a figure, a date or a rating); in a return of names and details
    alone, a row of its name alone is an item's.
    """
    why = (
        _unread_only(cells, headers, read)
        or _header_again(cells, headers)
        or _note(cells, headers, key_at)
        or _total_id(cells, headers, key_at, make_keys)
        or _merged_total(cells, key_at, name_at)
        or _subtotal(cells, headers, key_at, name_at)
    )
    heading = _heading(cells, headers, name_at) if why is None and headings else None
    if (why := why or heading) is None:
        return None
    # Typed alone in the column of names (no merge): perhaps an item's name, for the ledger
    soft = bool(heading) and _only(cells) == name_at and not any(c.error for c in cells)
    refused = (Refusal(number, None, why),)
    return ReturnRow(number, None, {}, refused, key_refused=not soft, heading=soft)


def as_read(heading: ReturnRow | None, read: ReturnRow) -> ReturnRow:
    """The row as read; a heading's shape kept, its refusal first, for the ledger to judge.

    A row of a name alone is refused as a group's heading unless an item in the ledger has
    that name (``return_keys``): the office's row for it, nothing new to report this time.
    """
    if heading is None:
        return read
    return replace(read, refusals=(*heading.refusals, *read.refusals), heading=True)


def _text(cell: Cell) -> str:
    return cell_text(cell.value) if cell.value is not None else ""


def _header_again(cells: list[Cell], headers: list[str]) -> str | None:
    """Why a row that repeats the header (a report pasted twice, a page's header) is refused.

    Every cell it has holds its own column's name, and two do at least: read as a row, it
    joined the portfolio as an item keyed by the id column's name (``Ref``), called the
    name column's, or was refused cell by cell as its figures, as if they were values. A
    byte-order mark before it (two CSV files joined, each with its own) is nothing, as in
    any cell.
    """
    named = [
        (header, text)
        for cell, header in zip(cells, headers, strict=False)
        if (text := _text(cell))
    ]
    if len(named) < 2 or any(fold(header_name(text)) != fold(header) for header, text in named):
        return None
    shown = ", ".join(repr(header) for header, _ in named)
    return (
        f"it repeats the header ({shown}), as a report pasted twice or a page's header "
        "repeated does: delete the row from the return (and, if the rows after it repeat "
        "rows above it, those too); a header is read once, at the top"
    )


def _unread_only(cells: list[Cell], headers: list[str], read: frozenset[int]) -> str | None:
    """Why a row holding text only in columns not read (a note in an ignored column) is refused.

    It was refused as 'cell B3 is empty; every row names its item', as if a name were
    missing: a note typed under the table in the ``Notes`` column the mapping ignores.
    """
    if not read or any(_text(cells[at]) for at in read if at < len(cells)):
        return None
    held = [(at, text) for at, cell in enumerate(cells[: len(headers)]) if (text := _text(cell))]
    if not held:
        return None
    at, text = held[0]
    column = repr(headers[at]) if headers[at] else f"column {column_letter(at)}"
    return (
        f"it holds nothing in the columns the mapping reads, only {column} ({text!r}"
        f"{', and more' if len(held) > 1 else ''}): a row of a note alone is no item; delete "
        "the row from the return, or move the note into that column of the item's row it "
        "is about"
    )


def _note(cells: list[Cell], headers: list[str], key_at: int | None) -> str | None:
    """Why a row whose id (or whose only cell, the first) is a note is refused; else None."""
    if key_at is not None and key_at < len(cells) and _worded_note(text := _text(cells[key_at])):
        return note_row(text, headers[key_at])
    if _alone(cells) and _worded_note(text := _text(cells[0])):
        return note_row(text)
    return None


def _worded_note(text: str) -> bool:
    """Whether ``text`` is a note that says something, in words: ``* provisional``.

    A mark alone (``(1)``, ``*``) is no note: ids numbered ``(1)``, ``(2)``, made keys
    (``make_keys``), are items'.
    """
    return is_note(text) and any(character.isalpha() for character in text)


def _total_id(
    cells: list[Cell], headers: list[str], key_at: int | None, make_keys: bool
) -> str | None:
    """Why a row whose id is a total's label that no key can be (``Grand total:``) is refused.

    Refused as an id that is not a key, the advice was to say ``make_keys``: made into a
    key (``GRAND-TOTAL``), it is then refused as a total. A label that is a key (``TOTAL``),
    or made one, is refused as a total unless an item has it (``return_keys``).
    """
    if make_keys or key_at is None or key_at >= len(cells):
        return None
    text = _text(cells[key_at])
    if not is_total_label(text):
        return None
    try:
        normalise_key(text)
    except InvalidDecision:
        return (
            f"it looks like a total, not an item ({text.strip()!r}, in the column "
            f"{headers[key_at]!r}): {TOTAL_FIX}"
        )
    return None


def _merged_total(cells: list[Cell], key_at: int | None, name_at: int | None) -> str | None:
    """Why a row whose first words, a total's label, are merged across its columns is refused.

    A register's last row often shows ``Total`` merged over the columns of id, name and
    details, its sums after them. Its id and name cells are covered by the range: it was
    refused cell by cell, to be unmerged and each cell typed, as if it were an item's row.
    An item's name merged into a column beside it ('Total Compensation System' over an
    unread Notes), its id in its own cell, is an item's row, read as it was.
    """
    first = next((cell for cell in cells if _text(cell)), None)
    if first is None or not looks_like_total(_text(first)):
        return None
    covered = f"(their value is in {first.ref})"
    spans = [cell.error for cell in cells if cell.error and covered in cell.error]
    own = [cells[at] for at in (key_at, name_at) if at is not None and at < len(cells)]
    if not spans or not any(covered in (cell.error or "") for cell in own):
        return None  # the range covers neither the id's cell nor the name's
    key = cells[key_at] if key_at is not None and key_at < len(cells) else first
    if key is not first and _text(key):
        return None  # an id of its own
    merged = spans[0].split("merged cells ", 1)[1].split(" ", 1)[0]
    return (
        f"it looks like a total, not an item ({_text(first)!r}, merged across {merged}): "
        f"{TOTAL_FIX}"
    )


def _subtotal(
    cells: list[Cell], headers: list[str], key_at: int | None, name_at: int | None
) -> str | None:
    """Why a row with no id and no name, a total's label in another column, is refused.

    Excel's Data > Subtotal writes ``Department of Agriculture Total`` (and ``Grand
    Total``) in the column it groups by, under each group, its sums beside it: the row
    was refused as one that names no item, saying nothing of the total it is.
    """
    if name_at is None or any(
        at is not None and at < len(cells) and _text(cells[at]) for at in (key_at, name_at)
    ):
        return None
    found = next(
        ((i, text) for i, cell in enumerate(cells) if looks_like_total(text := _text(cell))),
        None,
    )
    if found is None:
        return None
    at, text = found
    return (
        f"it looks like a total, not an item ({text!r}, in the column {headers[at]!r}, with no "
        f"id or name; as Excel's Data > Subtotal writes a row under each group): {TOTAL_FIX}"
    )


def _heading(cells: list[Cell], headers: list[str], name_at: int | None) -> str | None:
    """Why a row of a name alone in its first column, a group's heading, is refused; else None.

    Or alone in the name's column, its id empty: a council's appendix types its directorate's
    heading where its schemes' names are, beside their refs (``PLACE`` under ``Scheme``), and
    such a row joined as an item, its figures and rating withheld (not in a table of ids
    and names alone, where a row of a name alone joins by it). Only in a table of more
    than one column (a return of names alone has nothing else), and not of an id alone
    (``DFE_0017``: a row that ends early, refused as one with no name) or a total's label
    (``Total``, its figures left empty: refused as a total).
    """
    at, columns = _only(cells), sum(1 for header in headers if header)
    if columns < 2 or at is None or at not in (0, name_at) or (at and columns < 3):
        return None  # a table of ids and names alone: a name with no id joins by its name
    text = _text(cells[at])
    if not any(c.isalpha() for c in text) or (any(c.isdigit() for c in text) and " " not in text):
        return None  # a number, or a word with digits, an id (a row that ends early): no name
    if looks_like_total(text) or _worded_note(text):
        return None  # a total's row, its figures left empty, or a note: refused as such
    return (
        f"it looks like a group's heading, not an item ({text!r}, alone in its "
        f"{'first ' if at == 0 else ''}column, {headers[at]!r}): delete the heading rows from "
        "the return, and give each item's row its group in a column of its own (mapped as "
        "organisation or category); a row that is an item gives more than its name: an id, a "
        "figure or a rating ('not known' where a figure is not)"
    )


def _only(cells: list[Cell]) -> int | None:
    """The column of the row's one cell holding something (a merge across it aside), or None."""
    filled = [at for at, cell in enumerate(cells) if _text(cell)]
    if len(filled) != 1 or any(cell.error is not None for cell in cells[: filled[0]]):
        return None
    return filled[0] if _alone(cells[filled[0] :]) else None


def _alone(cells: list[Cell]) -> bool:
    """Whether the row's first cell holds something and no other does (a merge across aside)."""
    if not cells or not _text(cells[0]):
        return False
    across = f"(their value is in {cells[0].ref})"  # the first cell's own range, merged across
    return all(
        not _text(cell) and (cell.error is None or across in cell.error) for cell in cells[1:]
    )
