"""Amounts grouped and ended as countries write them: 1 234 567, 1'234'567, 1.234,-, 1'234.-."""

from __future__ import annotations

import re

_SPACED = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d])")
"""Digits grouped in thousands by spaces (a non-breaking or thin one read as plain): 1 234 567."""
_SPACES = str.maketrans(dict.fromkeys("\u00a0\u2007\u2009\u202f", " "))
_AFTER_NO_CENTS = r"[\d.,'\u2019\-\u2012\u2013\u2014]"
"""What may not follow a dash for cents: a digit, a separator, another dash (5,-5, 0,-, 5.---);
nor may the whole amount before it hold a decimal separator (13.9.-, 1,5,-)."""
_APOSTROPHED = re.compile(r"(?<![\d.,'\u2019])\d{1,3}(?:['\u2019]\d{3})+(?![\d'\u2019])")
"""Digits grouped in thousands by apostrophes, as Switzerland writes them: 1'234'567.89
(with a typographic one, 1\u2019234\u2019567.89, as a Swiss spreadsheet may save it)."""
_NO_CENTS = re.compile(rf"(?<![\d,])(\d[\d.]*),(?:--?|[\u2012\u2013\u2014])(?!{_AFTER_NO_CENTS})")
"""A whole amount where the decimal is a comma, its cents a dash: 1.234,- or 1.234,-- is 1.234,00
(as German, Dutch and Nordic prices and budgets are written); not a minus after it."""
_NO_CENTS_POINT = re.compile(
    rf"(?<![\d.])(\d[\d,]*)\.(?:--?|[\u2012\u2013\u2014])(?!{_AFTER_NO_CENTS})"
)
"""The same where the decimal is a point, as Switzerland writes a whole amount: 1'234.\u2013."""
COMMA_CENTS = (
    "writes its cents as a dash after a decimal comma (1.234,- is 1.234,00, as German, "
    "Dutch and Nordic amounts are written), not a minus; a return whose amounts are "
    'written so is read with decimal = "," in the mapping'
)


def regrouped(text: str, decimal: str) -> str:
    """``text`` with the spaces and apostrophes grouping thousands, and cents' dash, read past.

    A no-break, narrow or thin space is read as a plain one.
    ``decimal`` is the return's decimal separator: ``1.234,-`` is 1234 where it is a comma,
    ``1'234.-`` where it is a point (a dash after the other separator is left, to be refused).
    """
    text = _SPACED.sub(lambda found: found[0].replace(" ", ""), text.translate(_SPACES))
    text = _APOSTROPHED.sub(lambda found: re.sub("['\u2019]", "", found[0]), text)
    return (_NO_CENTS if decimal == "," else _NO_CENTS_POINT).sub(r"\1", text)


POINT_CENTS = (
    "writes its cents as a dash after a decimal point (1'234.- is 1'234.00, as Swiss "
    'amounts are written), not a minus; the mapping says decimal = ",", so its point is '
    "no decimal point here: a return whose amounts are written with a decimal point is "
    'read without decimal = "," in the mapping'
)


def cents_dash(text: str, decimal: str) -> tuple[str, bool] | None:
    """Why ``text`` is no amount if it ends a whole one in a dash after the other separator.

    ``1.234,-`` where the return's decimal is a point, ``1,234.-`` where it is a comma: the
    dash is no minus (the refusal of a negative would say so), and the mapping's
    ``decimal`` is what to look at. The message, and whether the cell wrote a decimal comma.
    """
    if decimal != "," and _NO_CENTS.search(text):
        return COMMA_CENTS, True
    if decimal == "," and _NO_CENTS_POINT.search(text):
        return POINT_CENTS, False
    return None
