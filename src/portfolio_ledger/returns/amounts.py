"""A return's money written as text: signs, units and groupings as registers write them.

``$1.2m``, ``$850k`` (a unit in the cell says what it is, whatever the
column is counted in), ``1 234 567`` (digits grouped in thousands by spaces,
as Canada, France and the SI write them, or by apostrophes, ``1'234'567``, as
Switzerland does), ``12 450 000 $`` (a sign after the
number). A decimal comma is refused (``98 765 432,50`` is not read as a
smaller or larger amount than it says) unless the mapping says its return is
written so, ``decimal = ","``: then ``1.234.567,89``, ``1 234 567,89 €`` and
``2,5 mln`` are read, and a point that groups no thousands (``1.5``) is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from portfolio_ledger.domain.money import DecimalComma, MoneyError, other_digits, parse_amount
from portfolio_ledger.returns.figure_cells import NEGATIVE_FIX
from portfolio_ledger.returns.groupings import cents_dash, regrouped
from portfolio_ledger.returns.negatives import NEGATIVE_FORMS
from portfolio_ledger.returns.signs import CELL_SIGNS, FORMAT_SIGNS, POINT_GROUPED
from portfolio_ledger.returns.unit_words import multipliers

POINT, COMMA_DECIMAL = ".", ","
"""What a mapping's ``decimal`` may say its return's decimal separator is (a point, the default)."""
COMMA = (
    " (a comma only groups digits, 1,200,000 or 12,00,000; a decimal comma is not read: write "
    "'.'; a return whose amounts are all written so, 1.234.567,89, is read with decimal = \",\" "
    "in the mapping)"
)
"""Why ``1,5`` or ``1234,56`` is not an amount: read as 15 or 123456, it would be wrong."""
_NUMBER = re.compile(r"[.,]*\d[\d.,]*")
"""A number's digits and the points and commas in it (before them too: .5 is a point's)."""
_COMMA_WRITTEN = re.compile(r"(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d*)?|,\d+")
"""A number with a decimal comma and its thousands grouped by points, or none: 1.234.567,89,
1234,5, ,5 (as .5 is read where the decimal is a point); never a point that groups no
thousands (1.5, 0.500, 1.23.456)."""
_CONTINENTAL = re.compile(r"\d{1,3}(?:\.\d{3})+,\d*|\d{1,3}(?:\.\d{3}){2,}")
"""A number written with a decimal comma and points grouping thousands: 1.234,5, 1.234.567."""
_OWN_UNITS = multipliers(
    b=1_000_000_000,
    **dict.fromkeys(("crore", "crores"), 10_000_000),
    **dict.fromkeys(("lakh", "lakhs", "lac", "lacs"), 100_000),
)
"""A unit a cell writes after its number (any case): the ledger's shorthands (k, m, bn), as
registers write them ($1.2B, $3.5MM, $1.2 million) and as a header names its scale; and
India's crore (10,000,000) and lakh (100,000), in words (not ``Cr``, a credit's mark)."""
_OWN_UNIT = re.compile(rf"(.*\d)\s*({'|'.join(_OWN_UNITS)})\.?", re.IGNORECASE)
_MIL = re.compile(r".*\d\s*(mill?\.?)", re.IGNORECASE)
_MIL_SAID = (
    "writes its unit as {!r}, which may be a million (American $1.2 mil, German 1,2 Mill.) "
    "or a thousand (Spanish and Portuguese 1,2 mil), so it is not read either way; write "
    "millions as m (1.2m) or thousands as k, or the amount in the return's units"
)
"""Why ``$1.2mil`` is refused, naming its unit (before, only 'is not an amount')."""
_LONG_SCALE = frozenset({"billion", "billions"})
"""Words that are a thousand millions in English, and a million millions in German and French
(Billion, billion), as a register written with a decimal comma may mean them."""
_CODE_AFTER = re.compile(r"(.*\d(?:\s*[A-Za-z]{1,9})?)\s*(?<![A-Za-z])([A-Za-z]{3})")
"""An amount with its currency's code after it, as many registers write it: 250 000 EUR."""
SCIENTIFIC = re.compile(r"\d+(?:[.,]\d+)?[eE][-+]?\d+")
_CODED = re.compile(r"^\s*([A-Za-z]{3});\s*(-?[\d.,]+)\s*$")
"""A currency's code, a semicolon and the amount, as ServiceNow writes a currency field's
value (``USD;1234567.00``) where it exports values rather than what a list shows."""


class CellAmountError(ValueError):
    """Why a cell's text is not an amount; ``comma`` if it was a decimal comma."""

    def __init__(self, message: str, *, comma: bool = False, unread: bool = False) -> None:
        super().__init__(message)
        self.comma = comma
        self.unread = unread
        """Whether it is no amount for a unit or sign after its number, not read (``G$``)."""


def cell_amount(
    text: str, currency: str, multiplier: int, decimal: str = POINT
) -> tuple[Decimal, int]:
    """The number a cell writes and what to multiply it by (its own unit, else ``multiplier``).

    ``decimal`` is the return's decimal separator (its mapping's ``decimal``). Raises
    CellAmountError saying why it is none, or naming the currency it is in when that is
    not ``currency``, the return's.
    """
    _refuse_other_digits(text, decimal)
    text = regrouped(text, decimal)  # 1 234 567, 1'234'567; 1.234,- or 1'234.- with no cents
    _refuse_cents_dash(text, decimal)
    text = _CODED.sub(r"\1 \2", text)  # ServiceNow's USD;1234567.00: USD 1234567.00
    text = _refuse_negative(text, currency, multiplier, decimal)
    written, rest = _sign(text, currency)
    signs = CELL_SIGNS.get(written.upper()) or FORMAT_SIGNS.get(written.upper(), ())
    sign = currency if currency in signs else None
    if len(signs) == 1:
        sign = signs[0]  # a sign of one currency: named by its code
    elif signs and sign is None:
        sign = f"a currency written {written.upper()} ({', '.join(signs)})"
    if mil := _MIL.fullmatch(rest):
        raise CellAmountError(_MIL_SAID.format(mil[1]))
    coded = _CODE_AFTER.fullmatch(rest)
    if coded is not None and coded[2].lower() not in _OWN_UNITS:
        rest = f"{coded[2]} {coded[1]}"  # 1 200 EUR: EUR 1200
    rest, multiplier = _own_unit(rest, multiplier, decimal)
    if SCIENTIFIC.fullmatch(rest):
        raise CellAmountError(
            "is written in scientific notation, as a spreadsheet shows a long number in a "
            "narrow cell of the General format, which keeps only its first digits: it is not "
            "read; format the column as a number (0 or #,##0) and save the file again"
        )
    rest = _comma_decimal(rest) if decimal == COMMA_DECIMAL else _point_decimal(rest, written)
    try:
        amount, code = parse_amount(rest, units=False)
    except MoneyError as error:
        _refuse_unread_unit(text, rest, written)
        raise CellAmountError("", comma=isinstance(error, DecimalComma)) from None
    if code is not None and signs and code not in signs:  # '$100 EUR': which is it?
        raise CellAmountError(
            f"writes both the sign {written} ({', '.join(signs)}) and the code {code}, "
            f"which are different currencies; write the amount in {currency} with one of them"
        )
    code = code or sign
    if code is not None and code != currency:
        raise CellAmountError(
            f"is in {code}; this return's money is {currency} (the mapping's currency)"
        )
    return amount, multiplier


def _refuse_cents_dash(text: str, decimal: str) -> None:
    """Refuse ``1.234,-`` under a decimal point, ``1,234.-`` under a comma: cents as a dash."""
    if (said := cents_dash(text, decimal)) is not None:
        raise CellAmountError(said[0], comma=said[1])


def _refuse_negative(text: str, currency: str, multiplier: int, decimal: str) -> str:
    """Refuse an amount written negative, however the tool writes its sign; a zero is none.

    The text to read on: a zero in brackets or with a minus before it (``(0.00)``, as a
    small negative rounds, ``$(0)``, ``\u22120``) without its sign, as ``-0.00`` is read.

    Only an amount is: a cell whose text without its sign is no amount ('TBC (2027)',
    '(note 3)', 'TBC - 2026') is refused as the text it is, not as a negative.
    """
    written = text.strip()
    negative = next((way for way in NEGATIVE_FORMS if way.form.fullmatch(written)), None)
    if negative is None:
        return text
    if not any(c in "123456789" for c in text):
        return negative.unsigned(written) if negative.zero_read else text
    try:
        cell_amount(negative.unsigned(written), currency, multiplier, decimal)
    except CellAmountError as error:
        if (not str(error) or error.unread) and not error.comma:  # without its sign, no amount
            return text
    raise CellAmountError(f"is {negative.said}; an amount of money is zero or more: {NEGATIVE_FIX}")


_UNREAD = re.compile(r"(?:[A-Z]{3}\s*)?([\d.,\s]*\d)\s*([^\W\d_]{1,8})\.?")
"""A number and the letters after it that are no unit read (``1,5 G``: G$, a Quebec milliard),
its currency's code before it or not (``USD 1,250,000.00 CR``)."""


def _refuse_unread_unit(text: str, rest: str, written: str) -> None:
    """Refuse an amount whose unit (or sign) after its number is none read, naming it."""
    found = _UNREAD.fullmatch(rest)
    if found is None:
        return
    word = found[2]
    named = word + written if text.rstrip().endswith(word + written) else word
    comma = ""
    try:
        parse_amount(found[1], units=False)
    except DecimalComma:
        comma = f"; nor is {found[1].strip()!r} read{COMMA}"
    except MoneyError:
        return
    raise CellAmountError(
        f"writes {named!r} after its number, which is read as no unit or currency sign; write "
        "the amount in the return's units, or with a unit read (k, m, bn, thousand, million, "
        f"billion, milliard: docs/returns.md, How cells are read){comma}",
        unread=True,
    )


def _refuse_other_digits(text: str, decimal: str) -> None:
    """Refuse full-width or another script's digits, which ``Decimal`` would read as 0-9."""
    if other_digits(text):
        raise CellAmountError(
            f"has digits other than 0 to 9 (full-width, or another script's); write its "
            f"digits 0 to 9 (ASCII), as in 1443{decimal}7"
        )


def _own_unit(rest: str, multiplier: int, decimal: str) -> tuple[str, int]:
    """``rest`` less the unit written after its number, and what it multiplies by (else as given).

    Raises CellAmountError for billion(s) where the decimal is a comma (``_long_scale``).
    """
    unit = _OWN_UNIT.fullmatch(rest)
    if unit is None:
        return rest, multiplier
    if decimal == COMMA_DECIMAL and unit[2].lower() in _LONG_SCALE:
        raise CellAmountError(_long_scale(unit[2]))
    return unit[1].strip(), _OWN_UNITS[unit[2].lower()]


def _long_scale(word: str) -> str:
    """Why ``1,2 billion`` is refused where the decimal is a comma: a thousand times apart."""
    return (
        f"writes {word!r}: in English a thousand millions, in German and French (Billion, "
        "billion) a million millions, and a register written with a decimal comma (the "
        'mapping says decimal = ",") may mean either, so read either way it may be a '
        "thousand times wrong; write a thousand millions as mld, Mrd. or miljard, or the "
        "amount in millions (mln)"
    )


def _point_decimal(rest: str, sign: str) -> str:
    """``rest``, refused as a decimal comma's if it is written so (1.234,56), not a point's.

    So is ``1.234 kr``: with a sign of a country writing points between thousands, the point
    may group them (1234), as the sign's country writes it, or be the mapping's decimal point.
    """
    if _CONTINENTAL.search(rest):
        raise CellAmountError("", comma=True)
    grouped = re.search(r"(?<![\d.,])\d{1,3}\.\d{3}(?![\d.,])", rest)
    if grouped and sign.upper() in POINT_GROUPED:
        raise CellAmountError(
            f"writes {grouped[0]} with {sign!r}, whose country groups thousands by a point "
            f"({grouped[0]} {sign} is {grouped[0].replace('.', '')}), and the mapping reads a "
            "point as the decimal point, so read either way it may be a thousand times wrong; "
            f"write {grouped[0].replace('.', '')} if that is the number, or, if the return's "
            'amounts are written with a decimal comma (1.234,50), say decimal = "," in the mapping'
        )
    return rest


def _comma_decimal(rest: str) -> str:
    """``rest`` with its number as a decimal point writes it: 1.234.567,89 as 1234567.89.

    Raises CellAmountError if its number is not written with a decimal comma.
    """
    found = _NUMBER.search(rest)
    if found is None:
        return rest
    written = found[0]
    if _COMMA_WRITTEN.fullmatch(written):
        number = written.replace(".", "").replace(",", ".")
        return rest[: found.start()] + number + rest[found.end() :]
    rule = (
        'the mapping says decimal = ",": its amounts are written with a decimal comma, and '
        "thousands grouped by points or spaces (1.234.567,89 or 1 234 567,89)"
    )
    point = written.rfind(".")
    if written.count(",") > 1 or "," in written[: max(point, 0)]:
        # 1,234.56 or 1,234,567: a comma grouping thousands, before a point or another comma
        other = _continental(written)
        write = f"write {other}" if other else "write it so"
        raise CellAmountError(
            f"is written with commas grouping thousands, as where the decimal is a point; "
            f"{rule}: {write}, or, if every amount in the return is written as this "
            "one is, take decimal out of the mapping"
        )
    if written.count(".") == 1 and "," not in written:  # 1.5, 12.25: a decimal point?
        raise CellAmountError(
            f"has a point that does not group thousands (three digits after it), so it may be "
            f"a decimal point, and read either way it may be wrong; {rule}: write "
            f"{written.replace('.', ',')} if that is the number"
        )
    raise CellAmountError(
        f"groups its digits by points other than in threes; {rule}: group them in threes "
        "from the decimal comma, or write them without points"
    )


def _continental(written: str) -> str | None:
    """``written`` (1,234,567.89 or 12,34,567, a point's) as a decimal comma writes it; else None.

    None if it is no amount where the decimal is a point either (1,5,0): no number is offered.
    """
    try:
        amount, _ = parse_amount(written, units=False)
    except MoneyError:
        return None
    return format(amount, ",f").translate(str.maketrans(".,", ",."))


def _sign(text: str, currency: str) -> tuple[str, str]:
    """A currency sign before the number (``$1,200``) or after it (``1 200 $``), and the rest.

    ``""`` and the text as it is if there is none. A sign of letters (``kr``, ``zł``, ``Kč``,
    ``Fr.``) is one only in a return of its currency, and apart from any other letter: in a
    return of kronor, ``1 234,50 kr`` is 1234.50 kronor, as the format ``#,##0.00 "kr"``
    shows it (that cell, saved as CSV, was refused as writing no unit read).
    """
    lettered = {sign for sign, codes in FORMAT_SIGNS.items() if currency in codes}
    for n in (3, 2, 1):
        before, after = text[:n].upper(), text[-n:].upper()
        if before in CELL_SIGNS or (before in lettered and not text[n : n + 1].isalpha()):
            return text[:n], text[n:].strip()
        if len(text) > n and (
            after in CELL_SIGNS or (after in lettered and not text[-n - 1 : -n].isalpha())
        ):
            return text[-n:], text[:-n].strip()
    return "", text


_MILLION = re.compile(r"\d\s*(mm?)\b", re.IGNORECASE)
"""A million written M or MM after a number (not mn, mln or million, which are only that)."""


@dataclass
class Millions:
    """The money cells of a return that write a million as M, and those that write it MM.

    Where MM is a million, M is a thousand (the Roman numerals, as US finance writes them:
    ``$850M`` is $850,000 beside ``$3.5MM``), so a return writing both may mean either by M:
    read as a million, such a cell would be a thousand times too large.
    """

    written: dict[str, list[tuple[int, str, str, str]]] = field(
        default_factory=lambda: {"m": [], "mm": []}
    )

    def note(self, row: int, column: str, ref: str, text: str) -> None:
        """A money cell read from ``text``, in the cell ``ref`` of the row and column."""
        found = _MILLION.search(text)
        if found is not None:
            self.written[found[1].lower()].append((row, column, ref, text))

    def refused(self) -> list[tuple[int, str, str]]:
        """Each cell writing M where another writes MM: its row, column and why it is refused."""
        if not self.written["mm"]:
            return []
        _, _, first, shown = self.written["mm"][0]
        return [
            (row, column, _thousand_or_million(ref, text, first, shown))
            for row, column, ref, text in self.written["m"]
        ]


def _thousand_or_million(ref: str, text: str, first: str, shown: str) -> str:
    return (
        f"cell {ref}: {text!r} writes a million as M, and cell {first} ({shown!r}) as MM; "
        "where MM is a million, M is a thousand (as US finance writes them), so "
        f"{text!r} may be a thousand times less than read as millions: write thousands with "
        "k and millions with m or MM alike (or in words, thousand and million)"
    )
