"""A negative amount as registers write one: in brackets, a minus before it, a minus after it.

Each form is refused (an amount of money is zero or more) only where the text without
its sign is an amount, so ``TBC (2027)`` or ``TBC - 2026`` is refused as the text it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_BEFORE, _AFTER = r"(?:[^\w\s()-]{1,3}|[A-Z]{3})?\s*", r"\s*(?:[A-Za-z]{1,8}\.?)?\s*"
"""What may come before an amount's number (a sign, a code) and after it (a unit, a code)."""


_MINUS_AFTER = "-\u2010\u2011\u2012\u2212\ufe63\uff0d"
"""A minus after an amount: the hyphen-minus, or a character that looks like it (a hyphen, a
figure dash, the minus sign, a small or full-width hyphen-minus), as text pasted writes it."""
_MINUS = _MINUS_AFTER + "\u2013\u2014"
"""A minus before an amount: those, or an en or em dash (after one, a range left open)."""


def _brackets_off(text: str) -> str:
    return text.replace("(", " ").replace(")", " ").strip()


def _minus_before_off(text: str) -> str:
    return re.sub(f"[{_MINUS}]", " ", text, count=1).strip()


def _minus_after_off(text: str) -> str:
    return text.rstrip(_MINUS_AFTER).strip()


@dataclass(frozen=True)
class Negative:
    """One way a tool writes a negative amount."""

    form: re.Pattern[str]
    said: str
    """What the refusal calls it."""
    unsigned: Callable[[str], str]
    """The text without its sign: what must be an amount for it to be refused."""
    zero_read: bool = True
    """Whether a zero written so is read as zero (its sign dropped); else left as written."""


NEGATIVE_FORMS = (
    Negative(
        re.compile(r"[^()\d]{0,5}\(\s*[^()\d]{0,5}[\d.,]+[^()\d]{0,5}\)[^()\d]{0,5}"),
        "in brackets, an accountant's negative",
        _brackets_off,
    ),
    Negative(
        re.compile(rf"{_BEFORE}[{_MINUS}]\s*{_BEFORE}\d[\d.,]*{_AFTER}"),
        "negative, its minus before it",
        _minus_before_off,
    ),
    Negative(
        re.compile(rf"{_BEFORE}\d[\d.,]*{_AFTER}[{_MINUS_AFTER}]"),
        "negative, its minus after it, as an accounting system writes one",
        _minus_after_off,
        zero_read=False,
    ),
)
"""A negative amount as a tool writes one: (12,000), $(12,000.00), ($12,000); -$12,000,
-USD 12,000, \u221212,000; 12,000- and $12,000- (SAP's and other ledgers' minus after it)."""
