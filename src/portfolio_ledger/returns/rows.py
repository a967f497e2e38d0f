"""A return's rows read as item fields, by its mapping: each cell checked, each problem placed.

A mapped column missing from the file refuses the whole return (naming the
column and the columns found). A cell that cannot be its field (text where
money should be, an error value, a rating not on the scale) refuses its row,
naming the row, the column, the cell and the value.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.application.footnotes import marked_value
from portfolio_ledger.application.made_keys import key_from_id
from portfolio_ledger.application.placeholder_ids import not_a_key
from portfolio_ledger.application.returns import (
    FIGURES,
    TEXTS,
    Refusal,
    ReturnRow,
)
from portfolio_ledger.domain.caseless import as_shown, fold
from portfolio_ledger.domain.decision import MAX_NAME, MAX_RATIONALE
from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.figures import Unstated
from portfolio_ledger.domain.keys import normalise_key
from portfolio_ledger.domain.lifecycle import Kind, Stage
from portfolio_ledger.domain.money import EXACT, MoneyError, check_amount
from portfolio_ledger.domain.ratings import RAG
from portfolio_ledger.domain.rounding import Rounded, to_the_penny
from portfolio_ledger.returns.abbreviations import bracketed, off_scale, read_stage
from portfolio_ledger.returns.amounts import COMMA, CellAmountError, Millions, cell_amount
from portfolio_ledger.returns.bands import band_problem, is_band
from portfolio_ledger.returns.dates import EXCEL_DAY_0
from portfolio_ledger.returns.figure_cells import (
    NO_PERCENT,
    dash_zero,
    dated_figure,
    merged_figure,
    merged_id,
    other_currency,
    percent_figure,
    unbounded_figure,
)
from portfolio_ledger.returns.forecast_dates import cell_date
from portfolio_ledger.returns.headers import find_columns, lowest_name, unheaded, where_named
from portfolio_ledger.returns.left_out import held_in_words
from portfolio_ledger.returns.mapping import UNITS, ReturnMapping
from portfolio_ledger.returns.not_items import as_read, beyond_header, not_an_item
from portfolio_ledger.returns.parents import PARENT, in_hierarchy, with_refusals
from portfolio_ledger.returns.rounded_amounts import plain
from portfolio_ledger.returns.row_currency import row_currencies
from portfolio_ledger.returns.scale import check_headers, check_notes
from portfolio_ledger.returns.semicolon_points import point_grouping
from portfolio_ledger.returns.sheets import Cell, Sheet, column_letter
from portfolio_ledger.returns.shown import PercentShown, as_written
from portfolio_ledger.returns.spellings import choice
from portfolio_ledger.returns.swapped_dates import swapped_dates
from portfolio_ledger.returns.text import cell_text, id_refused, misread_utf8, one_line, saved_error
from portfolio_ledger.returns.text_marks import restored, text_mark
from portfolio_ledger.returns.workbook_cells import shown_blank


@dataclass
class MappedReturn:
    """The rows a return gives (those its filter keeps), and what was left unread."""

    rows: list[ReturnRow] = field(default_factory=list)
    read: int = 0
    """Rows in the sheet below the header."""
    unread: list[str] = field(default_factory=list)
    """Columns of the file that are neither mapped, ignored, nor filtered on."""
    hidden: list[int] = field(default_factory=list)
    """The rows read (those the filter keeps) that the workbook hides."""
    unseen: list[tuple[str, str]] = field(default_factory=list)
    """The cells read whose number format shows them as nothing: reference and format."""


@dataclass(frozen=True)
class _Id:
    """A row's key, its id as written, and whether the key was made from it (make_keys)."""

    key: str
    written: str
    made: bool = False


PAUSED_FIELD = "paused_from"
_GIVEN = ("key", *FIGURES, "forecast_date", "rag")
"""Fields an item's row gives and a group's heading does not: an id, a figure, a rating."""


class _Bad(Exception):  # noqa: N818 - a cell that is not its field, never seen outside
    """Why a cell cannot be read as its field."""


def map_rows(
    sheet: Sheet,
    mapping: ReturnMapping,
    file_name: str,
    where: dict[str, tuple[str, ...]],
    units: str | None = None,
) -> MappedReturn:
    """Every row the filter keeps, read as item fields by the mapping."""
    columns = find_columns(sheet, mapping, file_name, where)
    check_headers(mapping, file_name, units_given=units is not None, groups=sheet.groups)
    notes = [(number, cells) for number, cells in sheet.above if number < mapping.header_row]
    check_notes(mapping, file_name, units is not None, notes, sheet.groups)
    reader = _Reader(mapping, UNITS[units or mapping.units], sheet.epoch)
    mapped = MappedReturn(read=len(sheet.rows))
    known = {*mapping.columns.values(), *mapping.ignore, *where}
    mapped.unread = [h for h in sheet.headers if h and known.isdisjoint({h, lowest_name(sheet, h)})]
    mapped.unread += unheaded(sheet)
    key_at, name_at = (columns.get(mapping.columns.get(field, "")) for field in ("key", "title"))
    # Where it reads none of these, a row gives its name and details alone: none is a heading.
    given = any(mapping.columns.get(f, "") in columns for f in _GIVEN)
    width = max((i + 1 for i, header in enumerate(sheet.headers) if header), default=0)
    # In any case, typography plain, as every filter matches: 'in delivery ' is 'In delivery'.
    wanted = {column: {fold(value) for value in values} for column, values in where.items()}
    for number, cells in sheet.rows:
        # A row beyond the header is refused whatever --where keeps: its cells are not in
        # their columns, the filter's column included, so left out it could be one of them.
        beyond = beyond_header(cells, width, sheet.separator) if sheet.name is None else None
        if beyond or all(
            fold(cell_text(_at(cells, columns[c], number).value)) in wanted[c] for c in where
        ):
            row = not_an_item(number, cells, sheet.headers, key_at, name_at=name_at,
                              make_keys=mapping.make_keys, headings=given,
                              read=frozenset(columns.values()))  # fmt: skip
            if row is None or row.heading:  # a heading's shape: an item's if one has its name
                row = as_read(row, reader.row(number, cells, columns))
            if beyond is not None:  # its cells moved on: what they were read as is not theirs
                row = replace(row, refusals=(Refusal(number, None, beyond),))
            mapped.rows.append(row)
            mapped.unseen += shown_blank(cells, columns.values())
    if not mapped.rows:
        raise InvalidInput(_no_rows(sheet, file_name, where, columns, mapping))
    mapped.hidden = [row.number for row in mapped.rows if row.number in sheet.hidden]
    _refuse(mapped, reader.millions.refused())
    _refuse(mapped, row_currencies(sheet, mapping, {row.number for row in mapped.rows}))
    _refuse(mapped, swapped_dates(sheet, mapping, columns, {row.number for row in mapped.rows}))
    mapped.rows = in_hierarchy(mapped.rows, sheet, reader.row, columns, mapping)
    return mapped


def _refuse(mapped: MappedReturn, refusals: list[tuple[int, str, str]]) -> None:
    """Refuse the rows read, each for why: a problem found only once every row is read."""
    mapped.rows = with_refusals(mapped.rows, refusals)


def _no_rows(
    sheet: Sheet,
    file_name: str,
    where: dict[str, tuple[str, ...]],
    columns: dict[str, int],
    mapping: ReturnMapping,
) -> str:
    if not sheet.rows:
        return (
            f"{file_name} has a header but no rows: a return has a row per item{sheet.elsewhere()}"
        )
    asked = " and ".join(
        f"{c} = {' or '.join(map(repr, v))} ({where_named(mapping, where, c)})"
        for c, v in where.items()
    )
    held_in = {
        c: {cell_text(_at(row, columns[c], n).value) for n, row in sheet.rows} for c in where
    }
    held = "; ".join(f"{c}: {held_in_words(v)}" for c, v in held_in.items())
    return f"no row of {file_name} has {asked}; the values it holds are {held}"


def _at(cells: list[Cell], index: int, number: int) -> Cell:
    """The row's cell in column ``index``; an empty one where the row ends before it."""
    return cells[index] if index < len(cells) else Cell(None, f"{column_letter(index)}{number}")


class _Reader:
    """Reads a row's cells as item fields, by the mapping."""

    def __init__(self, mapping: ReturnMapping, multiplier: int, epoch: date = EXCEL_DAY_0) -> None:
        self.mapping, self.multiplier, self.epoch = mapping, multiplier, epoch
        self.stage = mapping.defaults.get("stage")
        self.order = [n for n in sorted(mapping.columns, key=PAUSED_FIELD.__eq__) if n != PARENT]
        self.millions = Millions()
        self.rounded: list[tuple[str, Rounded]] = []

    def row(self, number: int, cells: list[Cell], columns: dict[str, int]) -> ReturnRow:
        """The row's fields; each cell that cannot be read, refused with its place."""
        values: dict[str, Any] = {}
        refusals, key_refused, self.rounded = [], False, []
        for name in self.order:
            if name == PAUSED_FIELD and values.get("stage", self.stage) is not Stage.PAUSED:
                continue  # a row not paused was paused from nothing: its cell, a phase, unread
            column = self.mapping.columns[name]
            cell = _at(cells, columns[column], number)
            try:
                value = self.read(name, cell)
            except _Bad as problem:
                refusals.append(Refusal(number, column, str(problem)))
                key_refused = key_refused or name == "key"
                continue
            if value is not None:
                values[name] = value
            if name in FIGURES and (written := as_written(cell.value)) is not None:
                self.millions.note(number, column, cell.ref, written)  # '$850M', or as shown
        given: _Id | None = values.pop("key", None)
        key, written = (given.key, given.written) if given else (None, None)
        refused, rounded = tuple(refusals), tuple(self.rounded)
        made = given is not None and given.made
        return ReturnRow(number, key, values, refused, key_refused, written, made, rounded=rounded)

    def read(self, name: str, cell: Cell) -> Any:
        """One cell as the field ``name``: None where an empty cell gives nothing."""
        if cell.error is not None:
            saved = saved_error(cell.error)  # '#N/A' as text: read where the mapping spells it
            if saved is None or self.mapping.spelt(name, saved) == saved:
                raise _Bad(f"cell {cell.ref} {cell.error}")
            cell = replace(cell, value=saved, error=None)
        if isinstance(cell.value, str) and name in (*FIGURES, "rag", "forecast_date"):
            cell = replace(cell, value=restored(cell.value))  # an export's "'-": its "-"
        marks = name not in TEXTS and (name != "key" or not self.mapping.make_keys)
        if marks and (why := text_mark(cell, lambda t: self.mapping.spelt(name, t))):
            raise _Bad(why)  # "'1200": an apostrophe a spreadsheet would not have saved
        if name not in TEXTS and name != "key" and (marked := self.marked(name, cell)):
            raise _Bad(marked)
        if name in FIGURES:
            if cell.merged is not None:  # one figure shown for several rows
                raise _Bad(merged_figure(cell, cell.merged))
            return self.figure(name, cell)
        if name == "rag":
            return self.rag(cell)
        if name == "forecast_date":
            try:
                return cell_date(cell, self.mapping, self.epoch)
            except ValueError as problem:
                raise _Bad(str(problem)) from None
        if name == "key" and cell.merged is not None:  # one id shown for several rows
            raise _Bad(merged_id(cell, cell.merged))
        if name == "key" and (why := id_refused(cell.ref, cell.value)):  # '1.1' kept as a day
            raise _Bad(why)
        return self.text(name, cell)

    def marked(self, name: str, cell: Cell) -> str | None:
        """Why a value with a footnote's mark after it is refused, unless the mapping spells it."""
        text = cell_text(cell.value) if isinstance(cell.value, str) else ""
        if not text or self.mapping.spelt(name, text) != text:
            return None
        if name == "stage" and bracketed(text):  # an abbreviation, not a mark: read as a stage
            return None
        return marked_value(cell.ref, text, name)

    def text(self, name: str, cell: Cell) -> Any:
        """A text field, the key, a kind or a stage; None if the cell is empty."""
        text = restored(written := cell_text(cell.value))
        if name == "key":  # a zero-width space copied with the id is no part of it
            text = as_shown(text)
        if not text:
            if name == "title":
                raise _Bad(f"cell {cell.ref} is empty; every row names its item")
            return None
        if name == "key":
            try:
                return _Id(normalise_key(text), text)
            except InvalidDecision as error:
                if self.mapping.make_keys:
                    return _Id(key_from_id(text), text, made=True)
                raise _Bad(not_a_key(cell.ref, text, str(error))) from None
        text = self.mapping.spelt(name, text)
        if name in TEXTS:
            return _within(name, text, cell, exported=text != written)
        if name in ("stage", PAUSED_FIELD):
            try:  # 'Outline business case [OBC]': the stage's abbreviation read past
                spelt = self.mapping.spelt
                return read_stage(text, cell.ref, lambda words: spelt(name, words), name)
            except ValueError as problem:
                raise _Bad(str(problem)) from None
        found = choice(Kind, text)
        if found is None:
            raise _Bad(off_scale(cell.ref, text, name))
        return found

    def figure(self, name: str, cell: Cell) -> Decimal | Unstated:
        """An amount in whole currency units, or why there is none."""
        meaning = self.mapping.blank_meaning(name)
        if cell.value is None:
            return Unstated(meaning)
        multiplier = self.multiplier
        if isinstance(cell.value, date):  # a number under a date's format: Excel's day
            raise _Bad(dated_figure(cell, cell.value, self.epoch))
        if isinstance(cell.value, PercentShown):
            raise _Bad(percent_figure(cell, cell.value, self.mapping.currency))
        if isinstance(cell.value, Decimal):
            amount = cell.value
            shown_in = getattr(amount, "currencies", None)
            if shown_in and self.mapping.currency not in shown_in:
                raise _Bad(other_currency(cell, amount, shown_in, self.mapping.currency))
            # Shown in thousands or millions by its format: in those, whatever the mapping says.
            multiplier = getattr(amount, "per", multiplier)
        else:
            text = self.mapping.spelt(name, cell_text(cell.value))
            try:
                return Unstated(text)
            except ValueError:
                amount, multiplier = self._amount(cell, text, name)
        value = EXACT.multiply(amount, multiplier)  # not rounded to 28 digits: 1.99...9 is not 2
        if value != value.to_integral_value():
            value = value.normalize(EXACT)  # 123456.789, not 123456.789000000, if it is refused
        if penny := to_the_penny(value, self.mapping.round_amounts):  # said, not silent: counted
            value = penny.recorded  # and each decision recording it names it as given
            self.rounded.append((name, penny))
        try:
            return plain(check_amount(value))
        except MoneyError:
            text, m = cell_text(cell.value), self.mapping
            why = unbounded_figure(cell.ref, text, value, multiplier, m.currency, decimal=m.decimal)
            raise _Bad(why) from None

    def _amount(self, cell: Cell, text: str, name: str) -> tuple[Decimal, int]:
        if why := point_grouping(text, self.mapping.separator, self.mapping.decimal):
            raise _Bad(f"cell {cell.ref}: {text!r} {why}")
        try:
            return cell_amount(text, self.mapping.currency, self.multiplier, self.mapping.decimal)
        except CellAmountError as error:
            if is_band(text):
                raise _Bad(f"cell {cell.ref}: {text!r} {band_problem(text, name)}") from None
            if text.endswith("%") and any(c.isdigit() for c in text):
                raise _Bad(f"cell {cell.ref}: {text!r} is a percentage, {NO_PERCENT}") from None
            if str(error):
                raise _Bad(f"cell {cell.ref}: {text!r} {error}") from None
            # A word a register writes for no figure ('TBC', 'N/A', '-'): the mapping says which.
            # Either meaning, said: 'Exempt' is a figure not published, 'TBC' one not yet known.
            spell = (
                f", or say what {text!r} means in the mapping: [spellings.{name}] "
                f'"{text}" = "withheld" (a figure not published) or "not known" (none yet)'
                f"{dash_zero(text)}"
                if not any(c.isdigit() for c in text)
                else ""
            )
            raise _Bad(
                f"cell {cell.ref}: {text!r} is not an amount{COMMA if error.comma else ''}; "
                f"write a number (e.g. 1443{self.mapping.decimal}7, in {self.mapping.currency} "
                f"{_units_word(self.multiplier)}), 'withheld' or 'not known', or leave it "
                f"empty ({self.mapping.blank_meaning(name)}){spell}"
            ) from None

    def rag(self, cell: Cell) -> RAG:
        """A rating, or what an empty cell means."""
        if cell.value is None and cell.fill is not None:
            return self.coloured(cell, cell.fill)
        if cell.value is None:
            return RAG(self.mapping.blank_meaning("rag"))
        text = self.mapping.spelt("rag", cell_text(cell.value))
        try:
            return RAG(text)
        except ValueError:
            raise _Bad(
                misread_utf8(cell.ref, text)
                or f"cell {cell.ref}: {text!r} is not a rating (write one of: {RAG.choices()}, or "
                f"spell it in the mapping's [spellings.rag])"
            ) from None

    def coloured(self, cell: Cell, colour: str) -> RAG:
        """An empty rating cell filled with a colour: the rating the mapping says it stands for."""
        rating = self.mapping.fills.get("rag", {}).get(colour)
        if rating is not None:
            return RAG(rating)
        raise _Bad(
            f"cell {cell.ref} is empty but filled with the colour {colour}: a rating shown only "
            "by its cell's colour is not guessed (one register's orange is another's red); "
            "type the rating in the cell (red, amber, green), or say in the mapping which "
            f'rating the colour stands for ([fills.rag] "{colour}" = "red", "amber" or "green"), '
            "or, if the colour means no rating, clear the cell's fill"
        )


def _within(name: str, text: str, cell: Cell, exported: bool = False) -> str:
    """Text no longer than its field holds, nor misread unless an export marked it; else refused."""
    limit = MAX_RATIONALE if name == "description" else MAX_NAME
    if len(text) > limit:
        raise _Bad(
            f"cell {cell.ref} holds {len(text):,} characters; "
            f"{'an' if name[0] in 'aeiou' else 'a'} {name} has at most {limit:,}: shorten it"
        )
    if not exported and (misread := misread_utf8(cell.ref, text)) is not None:
        raise _Bad(misread)
    return text if name == "description" else one_line(text)


def _units_word(multiplier: int) -> str:
    return next(word for word, times in UNITS.items() if times == multiplier)
