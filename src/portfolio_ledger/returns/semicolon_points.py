"""A point before three digits, in a return separated by semicolons: thousands, not a decimal.

Excel saves "CSV" separated by semicolons where the decimal is a comma (Germany, the
Netherlands, France), and there a point groups thousands: ``12.500`` is twelve thousand
five hundred. A mapping that says ``separator = ";"`` and leaves ``decimal`` out reads a
point as the decimal point, so ``12.500`` was recorded as 12.50 and ``850.000`` as 850,
each a thousand times too small, with nothing said (a cell of two points, ``1.250.000``,
was refused). Such a cell is refused: the mapping says which it is.
"""

from __future__ import annotations

import re

from portfolio_ledger.returns.amounts import COMMA_DECIMAL

_GROUPED = re.compile(r"(?<![\d.,])[1-9]\d{0,2}\.\d{3}(?![\d.,])")
"""A number of one to three digits, a point and three digits: ``12.500``, ``850.000``."""


def point_grouping(text: str, separator: str, decimal: str) -> str | None:
    """Why a cell's amount is refused as a point that may group thousands; None if it is not."""
    if separator != ";" or decimal == COMMA_DECIMAL or (found := _GROUPED.search(text)) is None:
        return None
    number = found[0]
    whole, cents = number.replace(".", ""), number.rstrip("0").rstrip(".")
    return (
        f"has a point before three digits ({number}), in a return separated by semicolons, as "
        "Excel saves CSV where a decimal comma is written and a point groups thousands "
        f"({number} is {int(whole):,}); the mapping reads a point as the decimal point "
        f"({number} is {cents}), so read either way it may be a thousand times wrong: if the "
        'return\'s amounts are written with a decimal comma (1.234,50), say decimal = "," in '
        f"the mapping; if the point is a decimal point, write {cents}"
    )
