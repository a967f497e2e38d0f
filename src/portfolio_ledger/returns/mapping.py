"""A return's mapping: which column holds which item field, and how its cells are spelt.

A mapping is a small TOML file (see docs/returns.md for every key). Built-in
mappings ship in ``returns/mappings/`` and are named without ``.toml``
(``--mapping gmpp``); any other is named by its path.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, TypeVar

from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.application.returns import FIELDS, FIGURES, plain_spaces
from portfolio_ledger.application.strict_toml import TOMLInputError, loads
from portfolio_ledger.domain.bad_bytes import byte_not_utf8
from portfolio_ledger.domain.currencies import CURRENCIES
from portfolio_ledger.domain.decision import MAX_NAME
from portfolio_ledger.domain.errors import quoted
from portfolio_ledger.domain.lifecycle import ONBOARDING_STAGES, PAUSED_FROM, Kind, Stage
from portfolio_ledger.domain.vocabulary import spoken
from portfolio_ledger.returns.amounts import COMMA_DECIMAL, POINT
from portfolio_ledger.returns.date_orders import DATE_ORDERS, DATES_WRITTEN, ISO
from portfolio_ledger.returns.dates import MONTH_DAYS
from portfolio_ledger.returns.fills import checked_fills
from portfolio_ledger.returns.mapping_bytes import mapping_bytes
from portfolio_ledger.returns.rounded_amounts import rounding
from portfolio_ledger.returns.spellings import (
    checked_spellings,
    choice,
    spelling_key,
    written_back,
)
from portfolio_ledger.returns.text import header_name
from portfolio_ledger.returns.where_values import where_values

UNITS = {"units": 1, "thousands": 1_000, "millions": 1_000_000}
"""What a return's money is counted in, and the multiplier to whole currency units."""
BLANKS = {
    **dict.fromkeys(FIGURES, ("withheld", "not known")),
    "rag": ("withheld", "not assessed"),
}
"""What an empty cell of a figure or rating may mean (the first is the default)."""
DEFAULTABLE = ("kind", "stage", "paused_from", "category", "organisation")
"""Fields a mapping may give every item that joins, where its row gives none."""
KEYS = (
    "source", "units", "currency", "decimal", "round_amounts", "separator", "dates", "months",
    "years", "sheet", "header_row", "header_rows", "make_keys", "ignore", "columns", "blank",
    "spellings", "fills", "defaults", "where",
)  # fmt: skip
DEFAULT_MAPPING = "standard"
E = TypeVar("E", Kind, Stage)


@dataclass(frozen=True)
class ReturnMapping:
    """A mapping, read and checked."""

    name: str
    digest: str
    """SHA-256 of the mapping file: a return read with another mapping is another request."""
    source: str
    columns: dict[str, str]
    """Item field to the column that holds it, in the mapping's order."""
    units: str = "units"
    currency: str = "GBP"
    decimal: str = POINT
    """Its text amounts' decimal separator: a point (1,234,567.89) or a comma (1.234.567,89)."""
    round_amounts: str | None = None
    """How an amount finer than the penny is rounded to it (half-up, half-even); None refuses it."""
    separator: str = ","
    """What a CSV return's cells are separated by: commas, semicolons or tabs."""
    dates: str = ISO
    """How its text dates are written: YYYY-MM-DD, or day or month first (DD/MM/YYYY)."""
    months: str | None = None
    """The day a month written alone (Jun 2026) stands for: first or last; None refuses it."""
    years: str | None = None
    """The day a year written alone (2026) stands for: first or last; None refuses it."""
    sheet: str | None = None
    header_row: int = 1
    """The row its header is on, or below (the rows above are titles, not read)."""
    header_rows: int = 1
    """How many rows the header spans (a group heading over the columns it spans): 1 to 3."""
    make_keys: bool = False
    """An id that is not a valid key (P/2024/001) is made into one (P-2024-001), not refused."""
    blank: dict[str, str] = field(default_factory=dict)
    spellings: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per field, a cell's text (case-folded, typography plain) to the value it stands for."""
    written: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per field, a value (spoken) to its first spelling, as an export writes it back."""
    fills: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per field (a rating), an empty cell's fill colour (``FFC000``) to the value it stands for."""
    defaults: dict[str, Any] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()
    where: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def blank_meaning(self, name: str) -> str:
        """What an empty cell of this figure or rating means."""
        return self.blank.get(name, BLANKS[name][0])

    def spelt(self, name: str, text: str) -> str:
        """The value a cell's text stands for (itself, unless the mapping spells it)."""
        # As the spelling was read: in any case, typographic dashes and quotes as plain ones.
        return self.spellings.get(name, {}).get(spelling_key(text), text)

    def written_as(self, name: str, value: str) -> str:
        """How an export writes ``value``: the mapping's first spelling of it, else itself."""
        return self.written.get(name, {}).get(spoken(value), value) if value else value


def load_mapping(name: str | None) -> ReturnMapping:
    """The mapping named (a built-in one, or a TOML file's path); the standard one if none."""
    name, data = mapping_bytes(name or DEFAULT_MAPPING)
    try:
        # utf-8-sig: a byte-order mark (Notepad's "UTF-8 with BOM") only marks the encoding
        parsed = loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise InvalidInput(
            f"the mapping {name} is not UTF-8 text ({byte_not_utf8(data, error)}: a "
            "character saved in another encoding, such as Windows-1252's accented letters or £, "
            "or UTF-16); save it as UTF-8 (in Notepad: Save As, Encoding UTF-8)"
        ) from None
    except TOMLInputError as error:
        raise InvalidInput(f"the mapping {name} is not valid TOML: {error}") from None
    return _checked(name, hashlib.sha256(data).hexdigest(), parsed)


def _checked(name: str, digest: str, data: dict[str, Any]) -> ReturnMapping:
    def refuse(problem: str) -> InvalidInput:
        return InvalidInput(f"the mapping {name}: {problem}; see docs/returns.md")

    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise refuse(f"{', '.join(unknown)} is not a mapping key (they are: {', '.join(KEYS)})")
    columns = _table(data, "columns", refuse)
    _known_fields(columns, (*FIELDS, "parent"), "columns", refuse)  # parent: returns/parents
    if "title" not in columns:
        raise refuse("[columns] must name the column of title (each row's name)")
    units = _word(data.get("units", "units"))
    if units not in UNITS:
        raise refuse(f"units {quoted(data['units'], 60)} is not one of {', '.join(UNITS)}")
    dates, decimal = _dates(data, refuse), _decimal(data, refuse)
    months, years = (_month_day(data, key, refuse) for key in ("months", "years"))
    currency = _currency(data, refuse)
    defaults = _defaults(_table(data, "defaults", refuse), refuse)
    _paused_rows(columns, defaults, refuse)
    return ReturnMapping(
        name=name,
        digest=digest,
        source=_source(data, name, refuse),
        columns={f: _column(v, f"columns.{f}", refuse) for f, v in columns.items()},
        units=units,
        currency=currency,
        decimal=decimal,
        round_amounts=rounding(data, refuse),
        separator=_separator(data, refuse),
        dates=dates,
        months=months,
        years=years,
        sheet=_sheet(_text(data, "sheet", refuse), refuse),
        header_row=_header_row(data.get("header_row", 1), refuse),
        header_rows=_header_rows(data.get("header_rows", 1), refuse),
        make_keys=_flag(data, "make_keys", refuse),
        blank=_blanks(_table(data, "blank", refuse), refuse),
        spellings=_spellings(data, (currency, decimal), refuse),
        written=written_back(_table(data, "spellings", refuse)),
        fills=checked_fills(data.get("fills", {}), refuse),
        defaults=defaults,
        ignore=tuple(header_name(v) for v in _texts(data.get("ignore", []), "ignore", refuse)),
        where={
            header_name(column): where_values(values, f"where.{column}", refuse)
            for column, values in _table(data, "where", refuse).items()
        },
    )


def _word(value: Any) -> str:
    """A word a mapping gives a key, as compared: any case, spaces around read past (Millions)."""
    return str(value).strip().casefold()


def _month_day(data: dict[str, Any], key: str, refuse: Any) -> str | None:
    """The day a month or a year written alone stands for (``first``, ``last``), or None."""
    if key not in data:
        return None
    day = _word(data[key])
    if day not in MONTH_DAYS:
        days = ", ".join(map(repr, MONTH_DAYS))
        raise refuse(f"{key} {quoted(data[key], 60)} is not one of {days}")
    return day


def _dates(data: dict[str, Any], refuse: Any) -> str:
    """The order the mapping's ``dates`` says (DD-MM-YYYY is DD/MM/YYYY); else refused."""
    dates = DATES_WRITTEN.get(str(data.get("dates", ISO)).strip().upper())
    if dates is None:
        raise refuse(
            f"dates {quoted(data['dates'], 60)} is not one of {', '.join(DATE_ORDERS)} (the "
            "day and month may be separated by '-' or '.': DD-MM-YYYY, DD.MM.YYYY)"
        )
    return dates


def _decimal(data: dict[str, Any], refuse: Any) -> str:
    """The return's decimal separator, a point (the default) or a comma; else refused."""
    decimal = data.get("decimal", POINT)
    if decimal not in (POINT, COMMA_DECIMAL):
        raise refuse(
            f'decimal {quoted(decimal, 60)} is not "." (1,234,567.89, the default) or "," '
            "(1.234.567,89)"
        )
    return str(decimal)


SEPARATED = {",": ",", ";": ";", "\t": "\t", "tab": "\t"}
"""A CSV's separators as a mapping may write them."""


def _separator(data: dict[str, Any], refuse: Any) -> str:
    """What the return's CSV cells are separated by (a comma, the default); else refused."""
    written = str(data.get("separator", ","))
    separator = SEPARATED.get(written) or SEPARATED.get(_word(written))  # "Tab", " ; "
    if separator is None:
        said = quoted(data["separator"], 60)
        raise refuse(f'separator {said} is not "," (the default), ";" or "\\t" (tab)')
    return separator


def _table(data: dict[str, Any], key: str, refuse: Any) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise refuse(f"{key} must be a table ([{key}])")
    return value


def _known_fields(table: dict[str, Any], allowed: tuple[str, ...], key: str, refuse: Any) -> None:
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        own = [name for name in unknown if name in KEYS]  # TOML: a key after [columns] is its
        raise refuse(
            f"[{key}] names {', '.join(unknown)}, which is not an item field it can give "
            f"(those are: {', '.join(allowed)})"
            + (
                f"; {own[0]} is a key of the mapping itself: write it above the first [table] "
                f"(in TOML, every line after [{key}] is in that table, until the next [table])"
                if own
                else ""
            )
        )


def _text(data: dict[str, Any], key: str, refuse: Any) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise refuse(f"{key} must be text")
    if value is not None and not value.strip():  # text, but none: not "must be text"
        raise refuse(f"{key} is blank ({value!r}): write it, or leave {key} out")
    return value


def _sheet(name: str | None, refuse: Any) -> str | None:
    """A sheet's name as a workbook may have it: 1 to 31 characters, none of []:*?/\\."""
    if name is not None and (len(name) > 31 or any(c in name for c in "[]:*?/\\")):
        raise refuse(
            f"sheet {quoted(name, 60)} is not a sheet's name a workbook can have (at most 31 "
            "characters, none of [ ] : * ? / \\): name it as its tab shows it"
        )
    return name


def _header_row(value: Any, refuse: Any) -> int:
    if type(value) is not int or value < 1:
        raise refuse(
            f"header_row must be a row's number (1 or more, as a spreadsheet shows it), "
            f"not {quoted(value, 60)}"
        )
    return value


def _header_rows(value: Any, refuse: Any) -> int:
    if type(value) is not int or not 1 <= value <= 3:
        spans = "1, 2 or 3 (the rows the header spans)"
        raise refuse(f"header_rows must be {spans}, not {quoted(value, 60)}")
    return value


def _flag(data: dict[str, Any], key: str, refuse: Any) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise refuse(f"{key} must be true or false, not {quoted(value, 60)}")
    return value


def _column(value: Any, key: str, refuse: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise refuse(f"{key} must be a column's name (text)")
    return header_name(value)  # as a header reads: copied from one, it still names it


def _texts(value: Any, key: str, refuse: Any) -> list[str]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise refuse(f"{key} must be text or a list of texts")
    return [plain_spaces(v) for v in values]


def _blanks(table: dict[str, Any], refuse: Any) -> dict[str, str]:
    _known_fields(table, tuple(BLANKS), "blank", refuse)
    for name, meaning in table.items():
        if _word(meaning) not in BLANKS[name]:
            raise refuse(
                f"blank.{name} is {quoted(meaning, 60)}; an empty {name} cell means "
                f"{' or '.join(repr(m) for m in BLANKS[name])} (an empty text cell means "
                "the row does not give it)"
            )
    return {name: _word(meaning) for name, meaning in table.items()}


def _spellings(
    data: dict[str, Any], money: tuple[str, str], refuse: Any
) -> dict[str, dict[str, str]]:
    table = _table(data, "spellings", refuse)
    _known_fields(table, FIELDS, "spellings", refuse)
    return checked_spellings(table, money, refuse)


def _currency(data: dict[str, Any], refuse: Any) -> str:
    """The return's currency: a code the ledger knows (GBP unless the mapping says)."""
    currency = (_text(data, "currency", refuse) or "GBP").strip().upper()
    if currency not in CURRENCIES:
        raise refuse(
            f"currency {quoted(currency)} is not an ISO 4217 currency code; write the "
            "return's currency as one, such as GBP, EUR or USD"
        )
    return currency


def _source(data: dict[str, Any], name: str, refuse: Any) -> str:
    """What the return is called: each item it onboards names it, with its date."""
    source = _text(data, "source", refuse) or name
    room = MAX_NAME - len(" return as at YYYY-MM-DD")
    if len(source) > room:
        raise refuse(
            f"source is {len(source):,} characters; an item's source names it with ' return "
            f"as at' and the return's date, at most {MAX_NAME}: give it in {room} or fewer"
        )
    return source


def _paused_rows(columns: dict[str, Any], defaults: dict[str, Any], refuse: Any) -> None:
    """Refuse a ``paused_from`` (column or default) that no row could be paused to be read in."""
    if "stage" in columns or defaults.get("stage") is Stage.PAUSED:
        return
    for where, given in (("[columns]", columns), ("[defaults]", defaults)):
        if "paused_from" in given:
            raise refuse(
                f"{where} paused_from is read only in paused rows, and no row is paused: the "
                '[columns] map no stage, and [defaults] stage is not "paused"; map the '
                'stage column ([columns] stage = "...") or give [defaults] stage = "paused"'
            )


def _defaults(table: dict[str, Any], refuse: Any) -> dict[str, Any]:
    _known_fields(table, DEFAULTABLE, "defaults", refuse)
    defaults: dict[str, Any] = {}
    if "kind" in table:
        kind = choice(Kind, table["kind"])
        if kind is None:
            raise refuse(f"defaults.kind must be one of {', '.join(k.value for k in Kind)}")
        defaults["kind"] = kind
    # paused_from: for the items that join paused (those that join otherwise: none)
    for name, stages, what in (
        ("stage", ONBOARDING_STAGES, "an item under way joins at"),
        ("paused_from", PAUSED_FROM, "an item is paused from"),
    ):
        if name in table:
            stage = choice(Stage, table[name])
            if stage not in stages:
                raise refuse(
                    f"defaults.{name} must be a stage {what}: " + ", ".join(s.value for s in stages)
                )
            defaults[name] = stage
    for name in ("category", "organisation"):
        if name in table:
            text = table[name]
            if not isinstance(text, str) or not plain_spaces(text) or len(text) > MAX_NAME:
                raise refuse(f"defaults.{name} must be text (1 to {MAX_NAME} characters)")
            defaults[name] = plain_spaces(text)
    return defaults
