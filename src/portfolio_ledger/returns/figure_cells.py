"""Why a workbook's figure cell is not read as the amount it seems: each refusal's words.

A number its format shows as a percentage, a day or another currency, or a figure merged
down over several rows: each would be read as an amount of the return's money, and is
refused naming the cell, what it shows and what to do. So is an id merged down: one item's.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from portfolio_ledger.domain.errors import quoted
from portfolio_ledger.domain.money import EXACT, MAX_DECIMAL_PLACES, MAX_WHOLE_DIGITS
from portfolio_ledger.domain.rounding import PENNY
from portfolio_ledger.returns.dates import EXCEL_DAY_0, date_system
from portfolio_ledger.returns.rounded_amounts import ROUND_AMOUNTS

if TYPE_CHECKING:
    from portfolio_ledger.returns.sheets import Cell
    from portfolio_ledger.returns.shown import PercentShown


_DASHES = frozenset("-\u2012\u2013\u2014\u2212")


def dash_zero(text: str) -> str:
    """How a mapping reads a dash as zero, where ``text`` is one (``-``, ``$-``); else ''.

    Excel's accounting format shows a zero as a dash (``$ -``), and saves it so to CSV.
    """
    if not text or not any(c in _DASHES for c in text) or any(c.isalnum() for c in text):
        return ""
    return ', or "0" if it is a zero, as an accounting format shows one ($ -) and saves it to CSV'


def merged_figure(cell: Cell, merged: str) -> str:
    """Why a figure merged down from a cell above is not read in this row too."""
    return (
        f"cell {cell.ref} is part of the merged cells {merged} (their figure is in "
        f"{merged.split(':', 1)[0]}), which span more than one row: read in each row, one "
        "figure would be counted once for every row it spans; unmerge them and type each "
        "row's own figure (or leave a row's empty, if its figure is counted in another's)"
    )


def merged_id(cell: Cell, merged: str) -> str:
    """Why an id merged down from a cell above is not read in this row too."""
    return (
        f"cell {cell.ref} is part of the merged cells {merged} (their id is in "
        f"{merged.split(':', 1)[0]}), which span more than one row: an id names one item; "
        "unmerge them and give each row its own id (or leave a row's empty, for it to be "
        "matched by its name)"
    )


NO_PERCENT = (
    "not an amount: a money figure is an amount; type the amount in the cell (formatted as a "
    "number or currency), or, if the column holds percentages (a cost variance), map no "
    "money figure to it (list it in the mapping's ignore)"
)


def dated_figure(cell: Cell, day: date, epoch: date = EXCEL_DAY_0) -> str:
    """Why a workbook's date in a money column is not read as an amount."""
    serial = date.fromordinal(day.toordinal()) - epoch  # a datetime too: its day
    return (
        f"cell {cell.ref} holds a date ({day.isoformat()}), not an amount: a number formatted "
        f"as a date shows as one ({serial.days} is {day.isoformat()} in {date_system(epoch)}); "
        "format the column as a number (or currency) and save the file again, or type the amount"
    )


def other_currency(cell: Cell, amount: Any, shown_in: tuple[str, ...], currency: str) -> str:
    """Why a number its format shows in another currency is not read as the return's money."""
    named, fix = shown_in[0], f'currency = "{shown_in[0]}"'
    if len(shown_in) > 1:
        named = f"a currency its sign may be ({', '.join(shown_in)})"
        fix = f'currency = "{shown_in[0]}" (or {", ".join(shown_in[1:])}, as it is)'
    return (
        f"cell {cell.ref} holds {amount:f} formatted in {named} ({amount.format!r}); this "
        f"return's money is {currency} (the mapping's currency), so it would be recorded as "
        f"{currency} {amount:f}: give the amount in {currency}, or, if the return's money is "
        f"all in that currency, say so in the mapping, {fix}"
    )


def percent_figure(cell: Cell, value: PercentShown, currency: str) -> str:
    """Why a number formatted as a percentage is not read as a money figure."""
    return (
        f"cell {cell.ref} holds {value:f} formatted as a percentage ({value.format!r}, showing "
        f"{value.showing}): read as money it would be {currency} {value:f}. A percentage is "
        + NO_PERCENT
    )


NEGATIVE_FIX = (
    "give the figure as an amount of zero or more, or, if the column holds differences (a "
    "variance or a saving, which may be negative), map no money figure to it (list it in the "
    "mapping's ignore)"
)
_SCALES = {1: "", 1_000: " thousands", 1_000_000: " millions", 1_000_000_000: " billions"}


def unbounded_figure(
    ref: str, written: str, value: Decimal, multiplier: int, money: str, *, decimal: str = "."
) -> str:
    """Why a figure read as ``value`` (``written`` times ``multiplier``) is no amount to record.

    Negative (a workbook's number: its formula's difference), to a fraction of a penny, or
    more than twelve digits (a column in units read in millions): each says what to do. The
    figure to type instead is written with the mapping's ``decimal`` (``1234567,89`` where it
    is a comma: ``1234567.89`` would be refused there as a point that groups no thousands).
    """
    if not value.is_finite():  # a workbook's 1E400, read as infinite
        return f"cell {ref}: {written!r} is not an amount (it is beyond any number): type it again"
    if value < 0:
        return f"cell {ref}: {written!r} is negative; an amount of money is zero or more: " + (
            NEGATIVE_FIX
        )
    scale = _SCALES.get(multiplier, f" times {multiplier:,}")
    exact = value.normalize(EXACT)  # not rounded to 28 digits: 1.99...9 (30 nines) is not 2
    shown = f"{exact:,f}" if len(str(exact)) <= 60 else f"{str(exact)[:57]}..."
    read = f"cell {ref}: {quoted(written, 60)}, read in {money}{scale}, is {money} {shown}"
    if exact.adjusted() + 1 > MAX_WHOLE_DIGITS:
        fix = "correct the figure"
        if multiplier > 1:
            fix = (
                f"if the return's money is in smaller units than{scale}, say which in the "
                f'mapping (units = "thousands" or "units") or with --units; else {fix}'
            )
        return f"{read}, more than {MAX_WHOLE_DIGITS} digits allow: {fix}"
    # Rounded as a spreadsheet's ROUND and an accountant do, a half penny up (round_amounts'
    # "half-up"): the figure the user would type.
    rounded = (value.quantize(PENNY, rounding=ROUND_HALF_UP) / multiplier).normalize()
    typed = f"{rounded:f}".replace(".", decimal)
    return (
        f"{read}, a fraction of a penny (more than {MAX_DECIMAL_PLACES} decimal places): give "
        f"it to the penny ({typed}{scale and ' in' + scale}), or, to have each such amount "
        f"rounded to the penny as it is read, say in the mapping {ROUND_AMOUNTS}"
    )
