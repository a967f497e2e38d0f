"""A workbook's number as Excel shows it, where its format changes what a reader sees.

A format of zeros (``00000``) keeps an id's leading zeros: the id ``00123``, not the number
``123``. A format ending in commas (``#,##0.0,,``, ``#,##0,"k"``) shows a number in millions
or thousands: a finance sheet keeps 987,654,321 and shows ``987.7`` under the header
``Cost ($M)``. Read as stored, and then in the millions its header names, every figure would
be a million times too large; it is read as shown, and refused where the return is read in
other units than it is shown in.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from portfolio_ledger.domain.currencies import CURRENCIES
from portfolio_ledger.returns.signs import CURRENCY_SIGNS, FORMAT_SIGNS
from portfolio_ledger.returns.unit_words import multipliers

_ZEROS = re.compile(r"0{2,}")
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|[_*].')
"""What a format shows as it is (quoted text, an escaped character, a colour, a padding)."""
_SCALING = re.compile(r"[0#?](,+)(?![0#?,])")
"""Commas after a number's last digit: each divides what is shown by 1,000 (not 1,000's ',')."""
_UNITS = multipliers(b=1_000_000_000)
"""A unit a format may write after its number (``0.0"m"``), as a cell may (amounts.py)."""
_MONEY = rf"{'|'.join(re.escape(sign) for sign in CURRENCY_SIGNS)}|[A-Z]{{3}}"
_LABEL = re.compile(
    rf"(?P<before>{_MONEY})?\s*(?P<unit>{'|'.join(_UNITS)})\.?\s*(?P<after>{_MONEY})?",
    re.IGNORECASE,
)
"""A format's text after its number: a unit, with a currency before it or after it (or
none), as a cell writes them: ``£m``, ``EURm``, ``m``, and ``M€``, ``Mio. €``, ``MEUR``."""
_TOKEN = re.compile(r'"([^"]*)"|\\(.)|\[[^\]]*\]|[_*].|([0#?])|(;)|.', re.DOTALL)
"""A format's parts: quoted text, an escaped character, a digit's place, a section's end."""


_PADDED = re.compile(
    r'(?:\\[-/ ().:A-Za-z]|"[-/ ().:A-Za-z]*")*(?:0|[-/ ()]|\\[-/ ().:]|"[-/ ().:]*")+'
)
"""A format of zeros and separators (``000-000000000``, ``00000-0000``, ``"("000") "000``),
or letters written before them (``"PRJ"0000000``, ``\\P\\R\\J0000000``, as a PPM tool's id
``PRJ0012345`` is kept as the number 12345 and shown by its format); not after them, where
they are a unit (``0000" units"``: a number, as before)."""
_PADDED_PART = re.compile(r'0|\\(.)|"([^"]*)"|(.)')


def zero_padded(cell: Any) -> str | None:
    """A whole number under a format of zeros (``00000``) as Excel shows it: ``00123``.

    Such a format is how a spreadsheet keeps an id's leading zeros; read as the
    number alone, the id ``00123`` became ``123``. So is one with separators between
    its zeros, as an id is shown (the IT Dashboard's ``005-000001234`` by
    ``000-000000000``): read as the number, it was ``5000001234``. None for any other cell.
    """
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if type(value) is not int or value < 0:
        return None
    shown = getattr(cell, "number_format", None)
    if not isinstance(shown, str):
        return None
    if _ZEROS.fullmatch(shown):
        return f"{value:0{len(shown)}d}"
    if shown.count("0") < 2 or not _PADDED.fullmatch(shown):
        return None
    return _separated(value, shown)


def _separated(value: int, shown: str) -> str:
    """``value`` in a format of zeros and separators, as Excel shows it.

    Its digits fill the zeros from the right; any more than there are zeros come before the
    first.
    """
    digits = str(value).zfill(shown.count("0"))
    more = len(digits) - shown.count("0")
    out, at = [], 0
    for part in _PADDED_PART.finditer(shown):
        if part[0] == "0":
            width = 1 + (more if at == 0 else 0)
            out.append(digits[at : at + width])
            at += width
        else:
            out.append(next(text for text in part.groups() if text is not None))
    return "".join(out)


class Shown(Decimal):
    """A number as its format shows it: in thousands or millions, or with a currency.

    One shown is ``per``; ``currencies`` are those the sign its format writes may be.
    """

    per: int
    currencies: tuple[str, ...]
    format: str
    label: str
    """The unit its format writes after it (``m`` of ``£#,##0.0"m"``); unset for commas'."""


def as_written(value: Any) -> str | None:
    """A money cell as it writes its unit: its text, or its number and its format's unit.

    12.5 under ``0.0"M"`` is ``12.5M``, compared with the M or MM other cells write
    (amounts.Millions); None for a number with no unit written.
    """
    if isinstance(value, str):
        return value
    label = getattr(value, "label", None)
    return f"{value:f}{label}" if isinstance(value, Decimal) and label else None


_BRACKETED_CURRENCY = re.compile(r"\[\$([^\]-]*)(?:-[^\]]*)?\]")
"""A currency as a format writes it, ``[$€-2]``, ``[$USD]``, with a locale's number or name
after it (``[$€-x-euro2]``, as Excel writes its euro formats, ``[$$-en-US]``); ``[$-409]`` is a
locale alone."""
_WRITTEN = re.compile(r'"([^"]*)"|\\(.)')
_BARE_SIGNS = "$£€" + "".join(s for s in FORMAT_SIGNS if len(s) == 1 and not s.isalpha())
"""Signs a format may write unquoted (``¥#,##0``, ``₹#,##0``), as it may ``$``, ``£`` and ``€``."""
_MARKS = _BARE_SIGNS + '"\\'
"""What a format naming a currency holds: a sign, or quoted or escaped text."""


def currency_shown(cell: Any, value: Decimal) -> Decimal:
    """``value`` as a Shown naming the currencies its format writes it in; else as it is.

    A workbook's number formatted ``[$€-2] #,##0.00`` shows ``€1,200.00``: it is in euros,
    whatever the mapping's currency says.
    """
    shown = getattr(cell, "number_format", None)
    if not isinstance(shown, str) or not any(c in shown for c in _MARKS):
        return value
    section = shown.split(";")[0]
    written = [found[1] for found in _BRACKETED_CURRENCY.finditer(section)]
    # An escaped letter is no sign alone ('\\P\\R\\J0000000' writes no rand): quoted text may be.
    literal = _WRITTEN.findall(_BRACKETED_CURRENCY.sub("", section))
    written += [a or b for a, b in literal if a or not b.isalpha()]
    bare = _WRITTEN.sub("", _BRACKETED_CURRENCY.sub("", section))
    written += [sign for sign in _BARE_SIGNS if sign in bare]
    currencies = tuple(dict.fromkeys(c for text in written for c in _currencies(text)))
    if not currencies:
        return value
    marked = value if isinstance(value, Shown) else Shown(value)
    marked.currencies, marked.format = currencies, shown
    return marked


def _currencies(text: str) -> tuple[str, ...]:
    """The currencies a format's text names: a sign (``€``, ``US$``) or an ISO code.

    A unit written onto it (``"€m"``, ``"EURm"``: euros in millions) is read past.
    """
    word = text.strip().upper()
    if word in CURRENCY_SIGNS:
        return CURRENCY_SIGNS[word]
    if word in CURRENCIES:
        return (word,)
    if word in FORMAT_SIGNS:  # '[$¥-411]', '"kr"': yen, kronor
        return FORMAT_SIGNS[word]
    labelled = _labelled(word)
    return _currencies(labelled[1]) if labelled is not None and labelled[1] else ()


def _labelled(text: str) -> tuple[int, str] | None:
    """What the unit a format writes multiplies by, and the currency written with it.

    ``£m`` and ``M€`` (French and German write the unit first, ``Mio. €``); ``''`` for no
    currency (``m``); None for text that is no unit (``months``, ``units``).
    """
    found = _LABEL.fullmatch(text.strip())
    if found is None or (found["before"] and found["after"]):
        return None
    money = found["before"] or found["after"] or ""
    if money and money.upper() not in CURRENCIES and money.upper() not in CURRENCY_SIGNS:
        return None
    return _UNITS[found["unit"].lower()], money


def as_shown(cell: Any, value: Decimal) -> Decimal:
    """``value`` in the thousands or millions the cell's format shows it in, exactly."""
    shown = getattr(cell, "number_format", None)
    if not isinstance(shown, str):
        return value
    sections = _LITERALS.sub("", shown).split(";")  # positive; negative; zero; text
    section = sections[1] if value < 0 and len(sections) > 1 else sections[0]
    found = [match[1] for match in _SCALING.finditer(section)]
    if not found:
        return _unit_shown(shown, value)
    commas = len(found[-1])
    scaled = value.scaleb(-3 * commas)
    whole = scaled == scaled.to_integral_value()
    marked = Shown(scaled.quantize(Decimal(1)) if whole else scaled.normalize())
    marked.per = 1000**commas
    written = _written_after(shown, value)
    labelled = _labelled(written)
    if labelled is not None and labelled[0] != marked.per and not _thousand_m(written, commas):
        marked.per, marked.label = labelled[0], written  # '£#,##0.0,"bn"': £m shown in £bn
    return marked


def _thousand_m(written: str, commas: int) -> bool:
    """Whether a format's unit is an M its one comma says is a thousand (``$#,##0,"M"``).

    Its commas show a number in thousands, and the unit it writes says in what: a sheet in
    millions shows 1,250 as ``£1.3bn`` by ``£#,##0.0,"bn"``, 1,250,000,000. But M is a
    thousand too, as US finance writes it (MM a million): ``$#,##0,"M"`` shows 850,000 as
    ``$850M``, read as its comma says.
    """
    found = _LABEL.fullmatch(written)
    return commas == 1 and found is not None and found["unit"].lower() == "m"


def _unit_shown(shown: str, value: Decimal) -> Decimal:
    """``value`` as a Shown in the unit its format writes after it (``0.0"m"``); else itself.

    A finance sheet types 12.5 and formats it ``£#,##0.0"m"``, showing ``£12.5m``, as saved
    to CSV it is written and read (12,500,000). Read as the number alone, in the mapping's
    units, it was GBP 12.50. (Commas that scale it, ``#,##0,"k"``, say the amount it holds.)
    """
    written = _written_after(shown, value)
    labelled = _labelled(written)
    if labelled is None:
        return value
    marked = Shown(value)
    marked.per, marked.label = labelled[0], written
    return marked


def _written_after(shown: str, value: Decimal) -> str:
    """The text a format writes after the number's last digit, in ``value``'s section."""
    sections: list[list[str]] = [[]]
    for quoted, escaped, place, end in _TOKEN.findall(shown):
        if end:
            sections.append([])
        elif place:
            sections[-1].clear()  # only the text after the number's last digit
        elif quoted or escaped:
            sections[-1].append(quoted or escaped)
    section = sections[1] if value < 0 and len(sections) > 1 else sections[0]
    return "".join(section).strip()


class PercentShown(Decimal):
    """A number its format shows as a percentage (``0%``: 0.12 shown ``12%``), and the format.

    ``showing`` is what a reader sees: ``12%`` (or ``12.5%`` where the format writes a percent
    sign after the number as text, ``0.0"%"``, and shows 12.5 as it is).
    """

    format: str
    showing: str


def percent_shown(cell: Any, value: Decimal) -> Decimal:
    """``value`` as a PercentShown where the cell's format shows it as a percentage; else itself.

    A percentage is a share, never an amount of money: 0.12 under ``0%`` is what a
    reader sees as 12%, and read as money it would be 0.12 (twelve pence). So is 12.5 under
    ``0.0"%"`` or ``0.0\\%``, a percent sign written as text: it shows ``12.5%``.
    """
    shown = getattr(cell, "number_format", None)
    if not isinstance(shown, str):
        return value
    after = _written_after(shown, value)
    if "%" in _LITERALS.sub("", shown).split(";")[0]:
        showing, after = value * 100, "%"
    elif after.startswith("%"):  # '0.0"%"', and '0.0"% of budget"' showing 12.5% of budget
        showing = value
    else:
        return value
    percent = PercentShown(value)
    percent.format = shown
    written = f"{showing:f}"
    percent.showing = (written.rstrip("0").rstrip(".") if "." in written else written) + after
    return percent


class MonthShown(date):
    """A workbook's date that its format shows as a month alone (``Jun-26``): no day written."""


class YearShown(date):
    """A workbook's date that its format shows as a year alone (``yyyy``): no month or day."""


def month_shown(cell: Any, value: Any) -> Any:
    """``value``, a date on the 1st under a format of month and year alone, as a MonthShown.

    Excel keeps ``Jun 2026`` typed into a cell as 1 June 2026 shown ``Jun-26``: the day
    was never written, so it is read as the mapping's ``months`` says, as text is. So a
    date on 1 January under a format of the year alone (``yyyy``, showing ``2026``) is a
    YearShown, read as the mapping's ``years`` says. A date on another day is a day typed
    whole, kept whatever its format shows.
    """
    shown = getattr(cell, "number_format", None)
    if type(value) is not date or value.day != 1 or not isinstance(shown, str):
        return value
    codes = _LITERALS.sub("", shown).split(";")[0].casefold()
    if "y" not in codes or any(code in codes for code in "dhs"):
        return value
    if "m" not in codes:
        return YearShown(value.year, 1, 1) if value.month == 1 else value
    return MonthShown(value.year, value.month, 1)


_CONDITION = re.compile(r"\[[<>=]")
"""A section's condition (``[>=1000]``), which chooses the section otherwise than by sign."""
_SHOWING_BRACKET = re.compile(r"\[(?:\$[^\]-]+|[hms]+)[^\]]*\]", re.IGNORECASE)
"""A bracket a reader sees: a currency (``[$€-2]``) or hours elapsed (``[h]``); not a colour
(``[Red]``) or a locale alone (``[$-409]``)."""


def shows_nothing(value: Any, shown: Any) -> bool:
    """Whether a workbook cell's format shows its value as nothing: a blank to whoever reads it.

    ``;;;`` shows no value at all (a way to keep a figure out of sight: the cell looks
    empty, and holds 1,200); ``0;-0;;@`` shows a zero as a blank. Its sections are for
    positive numbers; negative; zero; text (a date is a positive number). A section that
    writes no digit, text or sign shows nothing. A format with a condition (``[>=1000]``)
    chooses its section otherwise, and is not judged.
    """
    if not isinstance(shown, str) or not shown or isinstance(value, bool):
        return False
    if _CONDITION.search(shown):
        return False
    sections: list[list[re.Match[str]]] = [[]]
    for token in _TOKEN.finditer(shown):
        if token[4]:
            sections.append([])
        else:
            sections[-1].append(token)
    if isinstance(value, str):
        return len(sections) > 3 and not _writes(sections[3])
    if not isinstance(value, int | float | Decimal):
        return not _writes(sections[0])  # a date
    pick = 1 if value < 0 else 2 if value == 0 else 0
    return not _writes(sections[pick if len(sections) > pick else 0])


def _writes(section: list[re.Match[str]]) -> bool:
    """Whether a format's section writes anything a reader sees."""
    for token in section:
        text = token[0]
        if token[3] or (token[1] or token[2] or "").strip():
            return True
        if text[0] == "[" and len(text) > 1:
            if _SHOWING_BRACKET.fullmatch(text):
                return True
        elif text[0] == "*" and len(text) > 1:
            if text[1].strip():
                return True
        elif text[0] not in '_"\\' and text.strip():
            return True
    return False
