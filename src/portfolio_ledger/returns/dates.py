"""A return's dates written as text: ``YYYY-MM-DD``, or day or month first as its mapping says.

A date cell of a workbook is a date whatever its text looks like; text is
read only as it cannot be misread. ``01/07/2026`` is 1 July in Australia and
7 January in the US, so a date written day and month first is read only in
the order the mapping's ``dates`` gives, never guessed. A time of day after
the date (a PPM tool's ``2026-09-30 17:00:00``) is left off, as it is from a
workbook's date cell with a time: the field is a day.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import MINYEAR, date, timedelta
from decimal import Decimal

from portfolio_ledger.domain.caseless import plain_typography
from portfolio_ledger.domain.money import other_digits
from portfolio_ledger.returns.date_orders import (
    DAY_FIRST,
    ISO,
    MONTH_FIRST,
    no_order,
    other_order,
)
from portfolio_ledger.returns.iso_weeks import iso_day

_TIME = (
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[AP]\.?M\.?)?"
    r"(?:\s*(?:Z|UTC|[+-]\d{2}(?::?\d{2})?))?)?"
)
"""A time of day after a date, with any fraction of a second, AM or PM, any offset: not read."""
_ISO = re.compile(rf"(\d{{4}}-\d{{2}}-\d{{2}}){_TIME}", re.IGNORECASE)
_SLASHED = re.compile(rf"(\d{{1,2}})([/.-])(\d{{1,2}})\2(\d{{2}}|\d{{4}}){_TIME}", re.IGNORECASE)
"""Day and month first, in either order, separated by '/', '.' or '-': 31/12/2027, 1.2.2028."""
_YEAR_FIRST = re.compile(rf"(\d{{4}})([/.-])(\d{{1,2}})\2(\d{{1,2}}){_TIME}", re.IGNORECASE)
"""Year, month and day, as Japanese and Chinese Excel and some PPM tools write a date
(2024/12/31, 2024/1/5, 2024.12.31; 2024-1-5): never ambiguous, read as YYYY-MM-DD is."""

_MONTH_ONLY = (
    re.compile(r"(?P<year>\d{4})[-/](?P<month>\d{1,2}|\d{4})"),  # 2026-06, 2026/06; 2025/26
    re.compile(r"(?P<month>\d{1,2})[/.-](?P<year>\d{4})"),
    re.compile(r"(?P<month>[^\W\d_]+)\.?,?[ -](?P<year>\d{4})"),
)
"""A month with no day, as registers give a forecast: 2026-06, 2026/06, 06/2026, Jun 2026."""
MONTH_DAYS = ("first", "last")
"""Which day of a month written alone a mapping's ``months`` says it stands for."""
_PERIOD = re.compile(
    r"(?:Q[1-4]|H[12]|FY)\s*[-/ ]?\s*'?\d{2,4}(?:\s*[-/]\s*\d{2,4})?"
    r"|\d{4}\s*[-/ ]\s*(?:Q[1-4]|H[12])",
    re.IGNORECASE,
)
"""A quarter, half or financial year (Q2 2026, 2026-Q2, H1 2027, FY2026, FY 2025-26): no day."""
_SERIAL = re.compile(r"\d+(?:\.\d+)?")
_SERIALS = (20_000, 2_958_465)
"""Serial numbers a spreadsheet's dates have, 1954-10-03 to 9999-12-31, named as dates in a
refusal; a smaller number is more likely a year or a count than a date."""
EXCEL_DAY_0 = date(1899, 12, 30)
"""The day before Excel's (1900 system's) day 1, less the 29 February 1900 it counts."""
EXCEL_1904 = date(1904, 1, 1)
"""Day 0 of the 1904 date system, which a workbook may be saved in (Excel for Mac's, once)."""


def date_system(epoch: date) -> str:
    """The date system counting from ``epoch``, as a refusal names it."""
    if epoch == EXCEL_1904:
        return "this workbook's 1904 date system"
    return "Excel's (1900) date system"


_MONTHS = "January February March April May June July August September October November December"
_CONTINENTAL_MONTHS = (
    "januari jan janvier janv januar | februari feb février févr fevrier fevr februar | "
    "maart mrt mars märz mär maerz mrz | april apr avril avr | mei mai | juni jun juin | "
    "juli jul juillet juil | augustus aug août aout | september sep septembre sept | "
    "oktober okt octobre oct | november nov novembre | december dec décembre déc dezember dez"
)
"""Each month's names in Dutch, French and German, as a continental register writes a date
(31 december 2025, 1er janvier 2026, 31. Dezember 2025), with their abbreviations."""
MONTHS = {
    **{
        name: n
        for n, names in enumerate(_CONTINENTAL_MONTHS.split(" | "), start=1)
        for name in names.split()
    },
    **{name.casefold(): n for n, name in enumerate(_MONTHS.split(), start=1)},
    **{name[:3].casefold(): n for n, name in enumerate(_MONTHS.split(), start=1)},
    "sept": 9,
}
"""A month's name as a date may spell it, in English (March, Mar, Sept), Dutch (maart, mrt),
French (mars) or German (März), in any case: no name is another month's in another language."""
_YEAR = r"(?P<year>\d{4}|\d{2})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|\.)?"
_MONTH = r"(?P<month>[^\W\d_]+)"
"""A month's name: letters, accented ones too (février, März)."""
_NAMED = (
    re.compile(rf"{_DAY}[ /-](?:of )?{_MONTH}\.?,?[ /-]{_YEAR}{_TIME}", re.IGNORECASE),
    re.compile(rf"{_MONTH}\.? {_DAY},? {_YEAR}{_TIME}", re.IGNORECASE),
)
"""A date with its month named, day or month first (31-Mar-2027, Sep 30, 2027, 30th September
2027, and 31/Mar/2027, as Jira writes one): never ambiguous."""


def _named(text: str) -> date | None:
    """The day a date with its month named writes; None if it is not written so."""
    found = next(filter(None, (form.fullmatch(text) for form in _NAMED)), None)
    month = MONTHS.get(found["month"].casefold()) if found else None
    if found is None or month is None:
        return None
    year, day = found["year"], int(found["day"])
    if len(year) == 2:
        raise ValueError(_two_digits(text, year))
    try:
        return date(int(year), month, day)
    except ValueError:
        why = f"there is no day {day} in {_MONTHS.split()[month - 1]} {year}"
        raise ValueError(f"{text!r} is not a date: {why}") from None


def _year_first(text: str) -> date | None:
    """The day ``text`` writes year first (``2024-12-31``, ``2024/12/31``); None if it is not."""
    found = _ISO.fullmatch(text)
    if found is not None:
        try:
            return date.fromisoformat(found[1])
        except ValueError:
            raise ValueError(f"{text!r} is not a date: there is no day {found[1]}") from None
    found = _YEAR_FIRST.fullmatch(text)
    if found is None:
        return None
    year, month, day = int(found[1]), int(found[3]), int(found[4])
    if not 1 <= month <= 12:
        why = f"there is no month {month} (it is written year, month, day)"
    elif year < MINYEAR:
        why = f"there is no year {found[1]}"
    else:
        try:
            return date(year, month, day)
        except ValueError:
            why = f"there is no day {day} in {_MONTHS.split()[month - 1]} {year}"
    raise ValueError(f"{text!r} is not a date: {why}")


def _two_digits(text: str, year: str) -> str:
    return (
        f"{text!r} is not a date: a year of two digits is not read (is {year} 19{year} or "
        f"20{year}?); write the year in full"
    )


def _a_day(day: int, month: int) -> bool:
    """Whether ``day`` of ``month`` is a day in some year (29 February in a leap year)."""
    return 1 <= month <= 12 and 1 <= day <= monthrange(2000, month)[1]


def _two_digit_year(text: str, slashed: re.Match[str], order: str) -> str:
    """Why ``24/12/31`` is refused: a two-digit year, last, or first as it may be written.

    Written year first (2024/12/31 as Japanese Excel writes it), the year is the first
    number; it is named so when it may be (no mapping's order said, and the last
    number may be a day of the middle one's month) or can only be (read with the year
    last, in the mapping's order or either, it is no day: '45/12/31', '24/12/31' MM/DD).
    """
    first, sep, middle, last = slashed[1], slashed[2], slashed[3], slashed[4]
    if len(first) != 2 or not _a_day(int(last), int(middle)):  # no day year first
        return _two_digits(text, last)
    day_month = {DAY_FIRST: ((0, 1),), MONTH_FIRST: ((1, 0),)}.get(order, ((0, 1), (1, 0)))
    numbers = (int(first), int(middle))
    if not any(_a_day(numbers[day], numbers[month]) for day, month in day_month):
        said = "" if order == ISO else f", {order} as the mapping's dates say,"
        return (
            f"{text!r} is not a date: a year of two digits is not read, and it is written "
            f"year first (read with the year last{said} it is no day); give the year in four "
            f"digits (20{first}{sep}{middle}{sep}{last} or 19{first}{sep}{middle}{sep}{last})"
        )
    if order != ISO:  # the mapping's order reads it with the year last
        return _two_digits(text, last)
    return (
        f"{text!r} is not a date: a year of two digits is not read (is {last} 19{last} or "
        f"20{last}? or, if it is written year first, is {first} 19{first} or 20{first}?); "
        f"write the year in four digits ({first}{sep}{middle}{sep}20{last}, or "
        f"20{first}{sep}{middle}{sep}{last} if it is written year first)"
    )


def text_date(
    text: str,
    order: str = ISO,
    months: str | None = None,
    years: str | None = None,
    epoch: date = EXCEL_DAY_0,
) -> date:
    """The day ``text`` writes, ``YYYY-MM-DD`` or in ``order``; ValueError saying why it is none.

    A month alone (``Jun 2026``) is its ``months`` day, ``first`` or ``last``, and a year
    alone (``2026``) its ``years`` day; with none given, each is refused. A serial number
    is named as the day it is counted from ``epoch`` (its workbook's date system's day 0).
    """
    iso = iso_day(text)  # 2026-03-31, 20260331; a week alone (2026-W13) refused
    if iso is not None:
        return iso
    if other_digits(text):  # \d below would read them as 0-9
        raise ValueError(
            f"{text!r} is not a date: its digits are not 0 to 9 (ASCII); write it {ISO}"
        )
    year_first = _year_first(text)
    if year_first is not None:
        return year_first
    named = _named(text)
    if named is not None:
        return named
    alone = _month(text, months)
    if alone is not None:
        return alone
    _month_two_digits(text, months)
    if _PERIOD.fullmatch(plain_typography(text)):  # Q4 2025\u201326: an en dash
        raise ValueError(
            f"{text!r} is a period (a quarter, a half or a financial year), not a day: write "
            f"the day it means, {ISO}{_spell(text)}"
        )
    if years is not None and _is_year(text):
        return date(int(text), 12, 31) if years == "last" else date(int(text), 1, 1)
    slashed = _SLASHED.fullmatch(text)
    if slashed is None and _SERIAL.fullmatch(text):
        raise ValueError(_serial(text, epoch))
    if slashed is None:
        dash, dot = order.replace("/", "-"), order.replace("/", ".")  # each read, whichever set
        written = ISO if order == ISO else f"{ISO}, or {order}, {dash} or {dot} as the mapping's"
        written += "" if order == ISO else " dates say"
        raise ValueError(f"{text!r} is not a date ({written}){_spelt(text)}")
    return _slashed_date(text, slashed, order)


def _slashed_date(text: str, slashed: re.Match[str], order: str) -> date:
    """The day of ``01/02/2026`` (or ``01-02-2026``, ``01.02.2026``) read in ``order``."""
    first, second, year = int(slashed[1]), int(slashed[3]), slashed[4]
    if len(year) == 2:
        raise ValueError(_two_digit_year(text, slashed, order))
    if order == ISO:
        raise ValueError(no_order(text, first, second))
    day, month = (first, second) if order == DAY_FIRST else (second, first)
    try:
        return date(int(year), month, day)
    except ValueError:
        named = _MONTHS.split()[month - 1] if 1 <= month <= 12 else None  # '31/06': June's
        why = f"no day {day} in {named}" if named else f"no month {month} of"
        hint = other_order(order, int(year), day, month)  # 9/18/2026 read day first
        raise ValueError(
            f"{text!r} is not a date written {order} (the mapping's dates): there is {why} "
            f"{year}{hint}; {'else ' if hint else ''}write it as the other dates of the return "
            "are, or YYYY-MM-DD"
        ) from None


_TIME_ONLY = re.compile(r"[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?")
"""A time of day alone, as a workbook's cell of a day's fraction reads: ``00:00:00``."""


def _spelt(text: str) -> str:
    """How a mapping says which day a register's words and digits mean ('Ende 2026')."""
    if not (any(c.isalpha() for c in text) and any(c.isdigit() for c in text)):
        return ""
    return _spell(text)


def _spell(text: str) -> str:
    """How a mapping says which day ``text`` means (a period's: 'Q3 2025', '2025-26')."""
    return (
        f'; or, if {text!r} means a day, say [spellings.forecast_date] "{text}" = '
        '"YYYY-MM-DD" in the mapping'
    )


def day_zero(text: str, epoch: date = EXCEL_DAY_0) -> str:
    """Why a time of day ('00:00:00') is where a date should be, and what to do; else ''.

    A workbook's date cell of its date system's day 0, how some systems write no date, is
    read as the time of day it holds: no day at all. Excel shows the 1900 system's day 0
    (1899-12-30) as 1900-01-00; the 1904 system's is a real day, 1904-01-01, shown so.
    """
    if _TIME_ONLY.fullmatch(text) is None:
        return ""
    shown = (
        "day 0 of this workbook's 1904 date system (shown as 1904-01-01 or 01/01/1904)"
        if epoch == EXCEL_1904
        else "Excel's day 0 (shown as 1900-01-00 or 00/01/1900)"
    )
    return (
        f": it is a time of day with no day, as a workbook holds a date cell of {shown}, "
        "which some systems write for no date; give the day it is forecast to finish, or "
        "empty the cell if none is known" + no_date(text)
    )


def no_date(text: str) -> str:
    """How a mapping says a word a register writes where it has no date yet ('TBC') is none."""
    return (
        f'; or, if {text!r} means no date, say [spellings.forecast_date] "{text}" = "" in '
        "the mapping"
    )


def _month(text: str, months: str | None) -> date | None:
    """The day a month written alone stands for, as the mapping says; None if it is not one."""
    plain = plain_typography(text)  # 2026\u201327, as Canada and Australia typeset a year
    found = next(filter(None, (form.fullmatch(plain) for form in _MONTH_ONLY)), None)
    if found is None:
        return None
    written, year = found["month"], int(found["year"])
    month: int | None = int(written) if written.isdigit() else MONTHS.get(written.casefold())
    if found.re is _MONTH_ONLY[0] and month in {(year + 1) % 100, year + 1}:  # 2025/26, 2011-12
        may = "may be a month or" if 1 <= month <= 12 else "is"
        raise ValueError(
            f"{text!r} {may} a financial year ({year} to {year + 1}), a period, not a day: "
            f"write the day it means, {ISO}{_spell(text)}"
        )
    if month is None or not 1 <= month <= 12 or year < MINYEAR or plain != text:
        return None  # not a month, '0000-06' or 2026\u201306: refused as not a date
    last = date(year, month, monthrange(year, month)[1])
    if months is None:
        return _no_day(text, last)
    return last if months == "last" else date(year, month, 1)


_MONTH_YY = re.compile(r"(?P<month>[^\W\d_]+)\.?[ '/-]?'?(?P<year>\d{2})")
"""A month's name and a year of two digits, as a spreadsheet shows a date formatted mmm-yy
(``Jun-26``) and saves it so to CSV."""


def _month_two_digits(text: str, months: str | None) -> None:
    """Refuse ``Jun-26``, a month of a year of two digits, saying so; nothing if it is not."""
    found = _MONTH_YY.fullmatch(text)
    month = MONTHS.get(found["month"].casefold()) if found else None
    if found is None or month is None:
        return
    name, year = _MONTHS.split()[month - 1], found["year"]
    full = f"{name[:3]} 20{year}"
    read = (
        ', with months = "last" or "first" in the mapping saying which day of it'
        if months is None
        else " (read as the mapping's months say)"
    )
    raise ValueError(
        f"{text!r} is a month and a year of two digits ({name} 20{year} or 19{year}?), as a "
        f"spreadsheet shows a date formatted mmm-yy and saves it to CSV: a year of two digits "
        f"is not read; format the column with the year in full (mmm yyyy, {full}) and save "
        f"it again{read}, or import the workbook (.xlsx) itself, whose dates are whole"
        f'; or say which day it means, [spellings.forecast_date] "{text}" = "YYYY-MM-DD"'
    )


def _no_day(text: str, last: date) -> date:
    raise ValueError(
        f"{text!r} is a month, not a day: say which day of it the return means, months = "
        f'"last" in the mapping (here {last.isoformat()}) or months = "first"; or write the '
        f"day, {ISO}"
    )


def _is_year(text: str) -> bool:
    """Whether ``text`` is a year alone: four digits, 1900 to 2199 (not a serial day)."""
    return text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 2199


def _serial(text: str, epoch: date) -> str:
    """Why a number is not read as a date, and the day it is if it is a spreadsheet's serial."""
    days = int(Decimal(text))
    if _is_year(text):
        return (
            f"{text!r} is a year, not a day (a register giving only the year it expects to "
            f'finish): say which day of it the return means, years = "last" in the mapping '
            f'(here {text}-12-31) or years = "first"; or write the day, {ISO}'
        )
    if not _SERIALS[0] <= days <= _SERIALS[1]:
        return f"{text!r} is a number, not a date; write the day, {ISO}"
    day = epoch + timedelta(days=days)
    return (
        f"{text!r} is a number, not a date: a date in a cell not formatted as a date shows as "
        f"its serial number, and {text} is {day.isoformat()} in {date_system(epoch)}; "
        f"format the column as dates in the spreadsheet program and save it again, or write "
        f"the day, {ISO} (the number is never guessed to be a date: it may be a year or a count)"
    )
