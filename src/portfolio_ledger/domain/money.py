"""Money: an exact decimal amount with its ISO 4217 currency code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, InvalidOperation

from portfolio_ledger.domain.currencies import CURRENCIES

# Twelve digits before the point is more than any portfolio budget
# (a trillion); two after is pence and cents. Larger or finer values are
# almost always a typing slip.
MAX_WHOLE_DIGITS = 12
MAX_DECIMAL_PLACES = 2
# [0-9], never \d: \d is any script's digit (Arabic-Indic, full-width), which Decimal reads
# as 0-9, so "\u0663\u0660\u0660\u0660" was recorded as 3,000; dates and keys are ASCII too.
_MONEY_TEXT = re.compile(
    r"^\s*(?:(?P<cur>[A-Za-z]{3})\s*)?(?P<amount>[-+]?[0-9,_]*\.?[0-9]*)\s*(?P<unit>k|m|bn)?\s*$",
    re.IGNORECASE,
)
_GROUPED = re.compile(
    r"^[-+]?(?:[1-9][0-9]{0,2}(?:,[0-9]{3})*|[1-9][0-9]?(?:,[0-9]{2})*,[0-9]{3})(?:\.[0-9]*)?$"
)
"""An amount whose commas, if any, group its digits: in thousands (``1,200,000.50``) or, as
India writes them, a thousand then hundreds (``12,00,000`` lakh, ``1,20,00,000`` crore); never a
decimal comma (``1,5``, nor ``0,500``: no digits are grouped before a leading 0)."""
_UNDERSCORED = re.compile(r"^[-+]?[1-9][0-9]{0,2}(?:_[0-9]{3})+(?:\.[0-9]*)?$")
"""An amount whose underscores group its digits in thousands (``1_200_000``), as Python writes
them; never a typo (``1_5``, ``1__0``) read as the digits without it."""
UNITS = {"k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}
"""Shorthands a portfolio office writes: ``250k``, ``1.2m``, ``3bn`` (case ignored)."""


def is_currency(code: str) -> bool:
    """Whether ``code`` is the ISO 4217 code of a currency in use (upper case, e.g. GBP)."""
    return code in CURRENCIES


EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
"""Arithmetic that never rounds: the default context's 28 digits rounded 1.99...9 (30 nines)
to 2, a whole number, and so an amount of 30 decimal places was taken for one of none."""


class MoneyError(ValueError):
    """A value that is not an acceptable amount of money."""


class DecimalComma(MoneyError):  # noqa: N818 - named for what was written, as MoneyError is
    """An amount whose comma is not between thousands: a decimal comma (``1,5``), refused."""


def check_amount(amount: Decimal) -> Decimal:
    """Return ``amount`` if it is finite, not negative and within bounds; else raise.

    A zero written with a sign (``-0``, ``-0.00``) is returned as zero: it is
    not less than zero, and kept as written it would be shown and stored as
    the amount "-0".
    """
    if not amount.is_finite():
        raise MoneyError(f"{amount} is not a finite amount")
    if amount.is_signed():
        if amount:
            raise MoneyError(f"{amount} is negative; amounts of money are zero or more")
        amount = amount.copy_abs()
    normalized = amount.normalize(EXACT)
    # A whole number has no decimal places; only a fraction's are counted (as_tuple makes a
    # named tuple: slower than the rest of the check together).
    if normalized != normalized.to_integral_value():
        exponent = normalized.as_tuple().exponent
        assert isinstance(exponent, int)  # finite, checked above
        if exponent < -MAX_DECIMAL_PLACES:
            written = str(amount) if len(str(amount)) <= 40 else f"{str(amount)[:37]}..."
            raise MoneyError(f"{written} has more than {MAX_DECIMAL_PLACES} decimal places")
    # adjusted() is the exponent of the leading digit: the number of digits plus the exponent,
    # less one.
    if normalized.adjusted() + 1 > MAX_WHOLE_DIGITS:
        raise MoneyError(f"{amount} is larger than {MAX_WHOLE_DIGITS} digits allow")
    return amount


_SIGNS = {"$": "USD, CAD, AUD or another dollar", "£": "GBP", "€": "EUR", "¥": "JPY or CNY"}
"""Signs an amount may be written with, and the codes to write instead."""


def sign_codes(text: str) -> str | None:
    """The codes to write for a currency sign given as a currency (``£``: ``GBP``); else None."""
    return _SIGNS.get(text.strip())


def other_digits(text: str) -> bool:
    """Whether ``text`` has a digit not 0-9 (Arabic-Indic, full-width), which Python reads as one.

    ``Decimal``, ``int`` and the regular expression ``\\d`` take such digits as 0-9; the
    ledger reads amounts and days in 0-9 only.
    """
    return not text.isascii() and any(char.isdigit() and not char.isascii() for char in text)


def _signed(text: str) -> str:
    """Why an amount with a sign or digits not 0-9 is none: write 0-9, or the sign's code.

    Each sign is named with its code ('£12': write GBP). '$' is one of a dozen dollars;
    only a return's mapping says which.
    """
    if other_digits(text):
        return "; its digits are not 0 to 9 (ASCII): write them so, as in 1200000"
    named = [f"{sign} is {codes}" for sign, codes in _SIGNS.items() if sign in text]
    if not named:
        return ""
    return (
        f"; a currency sign is not read here: write the currency's ISO code ({'; '.join(named)}"
        "), as in GBP 1,200,000 or CAD 1,200,000"
    )


def _code_after(text: str) -> str:
    """Why ``1,200,000 GBP`` is none: its currency's code goes before the amount."""
    written = text.split()
    if len(written) != 2 or not is_currency(written[1].upper()):  # an amount, then a code
        return ""
    amount = _MONEY_TEXT.match(written[0])
    if amount is None or amount.group("cur") or not amount.group("amount").strip(",_.+-"):
        return ""
    return f"; write the currency's code before the amount: {written[1].upper()} {written[0]}"


_POINTS_GROUPED = re.compile(
    r"^\s*(?:(?P<cur>[A-Za-z]{3})\s*)?(?P<whole>[0-9]{1,3}(?:\.[0-9]{3})+)"
    r"(?:,(?P<cents>[0-9]+))?\s*$"
)
"""An amount as continental Europe writes one: ``EUR 1.234.567,89``, ``1.234.567``."""


def _points_grouped(text: str) -> str:
    """Why ``EUR 1.234.567,89`` is none: points grouping thousands, as Europe writes them."""
    match = _POINTS_GROUPED.match(text)
    if match is None:
        return ""
    cents = f".{match['cents']}" if match["cents"] else ""
    figure = f"{match['whole'].replace('.', '')}{cents}"
    code = f"{match['cur'].upper()} " if match["cur"] else ""
    how = "and a decimal comma (1.234.567,89) are" if cents else "(1.234.567) are"
    return f"; points grouping thousands {how} not read here: write {code}{figure}"


def parse_amount(text: str, *, units: bool = True) -> tuple[Decimal, str | None]:
    """Parse ``"1,200,000"``, ``"1200000.50"``, ``"GBP 1,200,000"`` or ``"GBP 1.2m"``.

    Returns the amount and the currency code if one was written. A unit
    (``k``, ``m``, ``bn``) multiplies exactly: ``1.2m`` is 1,200,000. With
    ``units`` False a unit is refused (where the units are set elsewhere: a
    return's cells are in its mapping's units), and the amount is returned
    unchecked: the caller multiplies it by those units and checks the result
    (``12.345`` millions is 12,345,000, a whole amount).
    """
    match = _MONEY_TEXT.match(text)
    if match and match.group("unit") and not units:
        raise MoneyError(f"{text!r} names a unit; write the number alone")
    if not match or not match.group("amount").strip(",_.+-"):
        raise MoneyError(
            f"{text!r} is not an amount (write e.g. 1200000, GBP 1,200,000 or 1.2m)"
            + (_signed(text) or _code_after(text) or _points_grouped(text))
        )
    amount = _ungrouped(text, match.group("amount"))
    if match.group("unit"):
        amount = _plain(amount * UNITS[match.group("unit").lower()])
    currency = match.group("cur")
    if currency and not is_currency(currency.upper()):
        raise MoneyError(
            f"{currency!r} in {text!r} is not an ISO 4217 currency code (e.g. GBP, EUR, USD)"
        )
    if units:
        try:
            amount = check_amount(amount)
        except MoneyError as error:
            if match.group("unit"):  # say what the unit made of it: 1.234567891m is 1234567.891
                why = str(error).removeprefix(f"{amount} ")
                made = f"{amount.normalize():f}"
                raise MoneyError(f"{text.strip()!r} is {made}, which {why}") from None
            raise
    return amount, currency.upper() if currency else None


def _plain(amount: Decimal) -> Decimal:
    """An amount a unit multiplied, as the plain figure: ``1.2m`` is 1200000, not 1200000.0.

    The unit takes up the places written before it (``1.2`` millions has none left), so
    the amount is stored as if written in full: ``1.2m`` and ``1200000`` alike. Places
    the unit leaves are kept, without trailing zeros (``1.2345678m`` is 1234567.8).
    """
    if not amount.is_finite():
        return amount  # refused by check_amount, saying so
    whole = amount.to_integral_value(context=EXACT)
    return whole.quantize(_ONE, context=EXACT) if amount == whole else amount.normalize(EXACT)


_ONE = Decimal(1)


def underscores_group_thousands(written: str) -> bool:
    """Whether ``written``'s underscores group its digits in thousands (``1_200_000``).

    Python's ``int`` and ``Decimal`` take an underscore anywhere between digits
    (``3_00`` is 300, ``5_0`` is 50): a typo would be read as the digits without it.
    """
    return _UNDERSCORED.match(written.strip()) is not None


def whole_number_problem(text: str) -> str | None:
    """Why ``text`` is not a whole number as the ledger writes one, in words; else None.

    Its digits are 0 to 9 (``int`` reads Arabic-Indic or full-width digits as
    them) and an underscore only groups them in thousands, as in an amount. What
    ``int`` refuses anyway (``1.5``, ``lots``) is left to the caller's own words.
    """
    if not text.isascii():
        return "is not a whole number in digits 0 to 9; write it so"
    if "_" in text and not underscores_group_thousands(text):
        return (
            "is not a whole number: an underscore groups digits in thousands (1_000); "
            "write the number without it"
        )
    return None


def _ungrouped(text: str, written: str) -> Decimal:
    """The number ``written`` (``text``'s digits), its groups' commas or underscores left out."""
    if "_" in written:
        if not underscores_group_thousands(written):
            raise MoneyError(
                f"{text!r} is not an amount: an underscore groups digits in thousands "
                "(1_200_000); write the number without it, or with commas (1,200,000)"
            )
        written = written.replace("_", "")
    if "," in written and not _GROUPED.match(written):
        raise DecimalComma(
            f"{text!r} is not an amount: a comma groups digits (1,200,000 or 12,00,000), and "
            "a decimal comma is not read; write the decimal point as '.' (1.5, 1234.56)"
        )
    try:
        return Decimal(written.replace(",", ""))
    except InvalidOperation:
        raise MoneyError(f"{text!r} is not an amount") from None


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount of one currency; never a float."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        amount = Money.of(self.amount, self.currency).amount  # its checks
        if amount is not self.amount:  # a zero written "-0": kept as zero
            _AMOUNT.__set__(self, amount)

    @classmethod
    def of(cls, amount: Decimal, currency: str) -> Money:
        """``Money(amount=amount, currency=currency)``: the same checks, the same money.

        Without the frozen ``__init__``'s calls (a type call, a ``setattr`` a field,
        ``__post_init__``): an import makes one or two a line.
        """
        if not isinstance(amount, Decimal):
            raise MoneyError(f"amount must be a Decimal, not {type(amount).__name__}")
        if currency not in CURRENCIES:  # is_currency's test, without its call
            raise MoneyError(f"{currency!r} is not an ISO 4217 currency code (e.g. GBP, EUR, USD)")
        money = _new(cls)
        _set_amount(money, check_amount(amount))
        _set_currency(money, currency)
        return money

    @classmethod
    def as_recorded(cls, amount: Decimal, currency: str) -> Money:
        """Money read back from the store: checked when it was recorded, not again."""
        money = object.__new__(cls)
        _AMOUNT.__set__(money, amount)
        _CURRENCY.__set__(money, currency)
        return money

    def __str__(self) -> str:
        return f"{self.currency} {format_amount(self.amount)}"


_AMOUNT, _CURRENCY = Money.__dict__["amount"], Money.__dict__["currency"]
_new = object.__new__
_set_amount, _set_currency = _AMOUNT.__set__, _CURRENCY.__set__


def json_amount(amount: Decimal) -> str:
    """An amount as every ``--json`` writes it: exact decimal text to the cent (``1200000.00``).

    The same text whichever command prints it (``item show``, ``portfolio``,
    ``board show``, ...), as the read models' money columns give it. Amounts
    are recorded to the cent at most, so this never rounds; one finer than
    that (never recorded) is written as it is rather than rounded.
    """
    cents = amount.quantize(_CENT)
    return f"{cents:f}" if cents == amount else f"{amount:f}"


_CENT = Decimal("0.01")


def format_amount(amount: Decimal) -> str:
    """Thousands separators; pence shown only when there are any."""
    if amount == amount.to_integral_value():
        return f"{amount:,.0f}"
    return f"{amount:,.2f}"


def within_limit(limit: Money | None, amount: Money) -> bool:
    """Whether ``amount`` is within ``limit`` (None: no limit); another currency is not."""
    return limit is None or (limit.currency == amount.currency and amount.amount <= limit.amount)
