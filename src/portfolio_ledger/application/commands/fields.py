"""The field types commands are made of: keys, names, text, money, allowances.

Days are in ``days.py``.

Each refuses what it cannot hold with a message naming the rule; pydantic
reports it against the field (the CLI's option, the import line's key).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
    PlainValidator,
)

from portfolio_ledger.application.directional import directional_problem
from portfolio_ledger.application.field_wording import worded_as
from portfolio_ledger.domain.authority import Mandate
from portfolio_ledger.domain.boards import MAX_BOARD_NAME
from portfolio_ledger.domain.decision import MAX_NAME, MAX_RATIONALE, Decision
from portfolio_ledger.domain.errors import InvalidDecision, quoted
from portfolio_ledger.domain.figures import Figure, Unstated
from portfolio_ledger.domain.invisible import shows_nothing
from portfolio_ledger.domain.keys import normalise_key, normalise_person_key
from portfolio_ledger.domain.money import (
    MAX_WHOLE_DIGITS,
    Money,
    MoneyError,
    is_currency,
    parse_amount,
    sign_codes,
    whole_number_problem,
)
from portfolio_ledger.domain.tolerances import CENT, MAX_DAYS, MAX_PERCENT


def _checked(normalise: Callable[[str], str]) -> Callable[[str], str]:
    # Cached as the normalising is: pure, and asked for again and again in imports; a key
    # seen before is then answered without a call into Python. Refusals are not cached.
    @lru_cache(maxsize=1 << 16)
    def check(value: str) -> str:
        try:
            return normalise(value)
        except InvalidDecision as error:
            raise ValueError(str(error)) from None

    return check


_key = _checked(normalise_key)


# Control characters have no place in a record people read (and PostgreSQL cannot
# store NUL in text); tab, LF and CR are ordinary text. C1 controls too: a terminal may act
# on them as on ESC (U+009B is CSI), and text read as Latin-1, not Windows-1252, holds them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _not_blank(value: str) -> str:
    if not value or value.isspace():
        raise ValueError("is required and must not be blank")
    # A text that starts with a visible ASCII character shows something: most text is
    # looked at no further (a call per character costs more than the rest of the check).
    if not "!" <= value[0] <= "~" and all(shows_nothing(char) for char in value):
        invisible = next(char for char in value if not char.isspace())
        raise ValueError(
            "is required and must not be blank: it holds only spaces and characters that "
            f"show nothing (U+{ord(invisible):04X} {unicodedata.name(invisible, '')}); "
            "write the text itself"
        )
    # Every control and directional character is unprintable: most text is searched no further.
    if value.isprintable():
        return value
    control = _CONTROLS.search(value)
    if control is not None:
        raise ValueError(
            f"contains the control character U+{ord(control.group()):04X} at character "
            f"{control.start() + 1}; remove it (tabs and line breaks are fine)"
        )
    if (problem := directional_problem(value)) is not None:
        raise ValueError(problem)
    return value


def _currency(value: str) -> str:
    code = value.strip().upper()
    if not is_currency(code):
        sign = sign_codes(value)
        said = f": {value.strip()} is {sign}" if sign else ""
        raise ValueError(f"{value!r} is not an ISO 4217 currency code (e.g. GBP, EUR, USD){said}")
    return code


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount as typed: exact value, and the currency if the user wrote one."""

    value: Decimal
    currency: str | None = None

    def in_currency(self, currency: str, whose: str = "the item") -> Money:
        """The amount as money of the item's currency; refuses another, naming ``whose``."""
        if self.currency is not None and self.currency != currency:
            raise InvalidDecision(
                f"{whose} is budgeted in {currency}; give amounts in {currency}, "
                f"not {self.currency}"
            )
        return Money.of(self.value, currency)


def read_amount(value: Any) -> Amount:
    """An amount as written (``1,200,000``, ``GBP 1.2m``), or a ValueError saying why not.

    Most amounts are whole numbers of at most twelve ASCII digits, which ``parse_amount``
    reads as written and ``check_amount`` accepts (no sign, places or more than twelve
    digits), so they are taken as they are (tests/unit/test_amount_reading.py).
    """
    if (
        type(value) is str
        and len(value) <= MAX_WHOLE_DIGITS
        and value.isdigit()
        and value.isascii()
    ):
        amount = _new(Amount)  # Amount(Decimal(value)), without the frozen __init__'s calls
        _set_value(amount, Decimal(value))
        _set_currency(amount, None)
        return amount
    if isinstance(value, Amount):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise ValueError(  # noqa: TRY004 - pydantic reports only ValueErrors as field errors
            'must be an amount, as text ("1200000", "GBP 1,200,000", "1.2m") or a JSON '
            f"number (1200000), not {worded_as(value)}"
        )
    if isinstance(value, Decimal):  # a JSON number; 1.2E+6, as Java's BigDecimal writes
        value = format(value, "f")  # 1200000, is read in full, exactly, as a whole number is
    try:
        parsed, currency = parse_amount(str(value))
    except MoneyError as error:
        raise ValueError(str(error)) from None
    return Amount(parsed, currency)


_new = object.__new__
_set_value, _set_currency = (vars(Amount)[name].__set__ for name in ("value", "currency"))


def _amount_text(amount: Amount) -> str:
    return f"{amount.currency} {amount.value}" if amount.currency else str(amount.value)


def read_figure(value: Any) -> Amount | Unstated:
    """An amount, or ``withheld`` / ``not known`` (and their spellings).

    The amount is tried first: most figures are amounts, and a refused word costs an
    exception. The order cannot change the answer: every amount has a digit, and no
    spelling of withheld or not known has one (tests/unit/test_figure_reading.py).
    """
    if isinstance(value, Amount | Unstated):
        return value
    try:
        return read_amount(value)
    except ValueError as error:
        if isinstance(value, str):
            try:
                return Unstated(value)
            except ValueError:
                pass
        raise ValueError(
            f"{error}; or write 'withheld' (known but not published) or 'not known'"
        ) from None


def _figure_text(figure: Amount | Unstated) -> str:
    return figure.value if isinstance(figure, Unstated) else _amount_text(figure)


def figure_in(
    figure: Amount | Unstated | None, currency: str, whose: str = "the item"
) -> Figure | None:
    """A figure as the item (``whose``) holds it: money of its currency, or why there is none."""
    if figure is None or isinstance(figure, Unstated):
        return figure
    return figure.in_currency(currency, whose)


def _whole_number(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(  # noqa: TRY004 - pydantic reports only ValueErrors as field errors
            f"must be a whole number, not {str(value).lower()}"
        )
    if isinstance(value, str) and (problem := whole_number_problem(value.strip())) is not None:
        raise ValueError(f"{value!r} {problem}")
    if isinstance(value, str) and "." in value:  # "2.0", which pydantic reads as 2, --rank not
        raise ValueError(f"must be a whole number, such as 3, not {worded_as(value)}")
    return value


WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
"""A whole number; ``true`` and ``false`` (which Python counts as 1 and 0) are refused, and so
is text with an underscore that groups no thousands (``"5_0"``, which ``int`` reads as 50) or a
decimal point (``"2.0"``, as the command line refuses ``--rank 2.0``)."""
ItemKey = Annotated[str, AfterValidator(_key)]
PersonKey = Annotated[str, AfterValidator(_checked(normalise_person_key))]
BoardKey = Annotated[str, AfterValidator(_checked(lambda v: normalise_key(v, "board", "IC")))]
DelegationKey = Annotated[
    str, AfterValidator(_checked(lambda v: normalise_key(v, "delegation", "DEL-001")))
]
OrganisationKey = Annotated[
    str, AfterValidator(_checked(lambda v: normalise_key(v, "organisation", "DFE")))
]
# A name's check, cached as the keys' are: the same actors, roles, owners and sponsors come
# again and again in an import, and a name seen before is then answered without a call into
# Python. Pure; refusals are not cached. Text (a rationale) is rarely the same twice: not cached.
not_blank = _not_blank
"""Text's check (not blank, no control character), for a type that checks more after it."""
_name_not_blank = lru_cache(maxsize=1 << 12)(_not_blank)
Name = Annotated[str, Field(max_length=MAX_NAME), AfterValidator(_name_not_blank)]
BoardName = Annotated[str, Field(max_length=MAX_BOARD_NAME), AfterValidator(_not_blank)]
Text = Annotated[str, Field(max_length=MAX_RATIONALE), AfterValidator(_not_blank)]

MoneyAmount = Annotated[Amount, PlainValidator(read_amount), PlainSerializer(_amount_text)]
FigureAmount = Annotated[
    Amount | Unstated, PlainValidator(read_figure), PlainSerializer(_figure_text)
]
"""An amount, or ``withheld`` or ``not known``."""
Currency = Annotated[str, AfterValidator(_currency)]
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _sha256(value: str) -> str:
    if _SHA256.fullmatch(value) is None:
        raise ValueError(
            f"{quoted(value)} is not a SHA-256 checksum: write its 64 lower-case hexadecimal "
            "digits, as sha256sum prints them"
        )
    return value


Sha256 = Annotated[str, AfterValidator(_sha256)]
"""A SHA-256 checksum as 64 lower-case hexadecimal digits."""


def _request_id(value: str) -> str:
    if not 1 <= len(value) <= 100 or not all("!" <= char <= "~" for char in value):
        raise ValueError(
            "a request id is 1 to 100 printable ASCII characters without spaces (a UUID, say)"
        )
    return value


RequestId = Annotated[str, AfterValidator(_request_id)]


@dataclass(frozen=True, slots=True)
class Allowance:
    """A tolerance as typed: a percentage, or an amount (money, or days for time)."""

    percent: Decimal | None = None
    amount: Amount | None = None
    days: int | None = None


def _allowance(value: Any, *, days: bool) -> Allowance:
    if isinstance(value, Allowance):
        return value
    text = str(value).strip().lower()
    if text.endswith("%"):
        return Allowance(percent=_percent(text.removesuffix("%").strip(), value))
    if days:
        number = text.removesuffix("days").removesuffix("d").strip()
        written = number.lstrip("0") or "0"  # int() reads 4,300 digits at most, zeros too
        whole = number.isascii() and number.isdigit() and len(written) <= len(str(MAX_DAYS))
        if not whole or int(written) > MAX_DAYS:  # isdigit() alone takes '²', int() not
            raise ValueError(f"{quoted(value)} is not a time tolerance: write days (e.g. 30d) "
                             f"or a percentage (e.g. 10%), at most {MAX_DAYS} days")  # fmt: skip
        return Allowance(days=int(written))
    return Allowance(amount=read_amount(value))


def _percent(number: str, value: Any) -> Decimal:
    """A tolerance's percentage as typed: 0% to 100%, to the hundredth, or a usage error."""
    try:
        percent = Decimal(number)
    except ArithmeticError:
        percent = Decimal("NaN")
    if (
        not percent.is_finite()
        or not 0 <= percent <= MAX_PERCENT
        or percent != percent.quantize(CENT)
    ):
        raise ValueError(
            f"{value!r} is not a tolerance percentage: write one from 0% to {MAX_PERCENT}%, "
            "to at most 2 decimal places (e.g. 10% or 7.5%)"
        )
    return abs(percent)  # "-0%" is 0%


CostAllowance = Annotated[Allowance, PlainValidator(lambda v: _allowance(v, days=False))]
TimeAllowance = Annotated[Allowance, PlainValidator(lambda v: _allowance(v, days=True))]


def with_mandate(decision: Decision, *, actor: str, authority: str, mandate: Mandate) -> Decision:
    """The decision as recorded once its mandate is checked: the registered actor, in words.

    What ``dataclasses.replace`` makes, with every check the decision makes, at half the
    cost: each of its fields by name (tests/unit/test_decision_checks.py).
    """
    return type(decision)(
        actor=actor,
        role=decision.role,
        rationale=decision.rationale,
        effective_date=decision.effective_date,
        authority=authority,
        references=decision.references,
        mandate=mandate,
    )
