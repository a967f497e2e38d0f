"""Amounts finer than the penny (a mapping's ``round_amounts``), and amounts as plain numbers.

Without it, an amount with a fraction of a penny is refused cell by cell (nothing is
guessed); with it, each is rounded as it says, and the import says how many were.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from portfolio_ledger.domain.errors import quoted
from portfolio_ledger.domain.rounding import ROUNDINGS

ROUND_AMOUNTS = (
    'round_amounts = "half-up" (a half penny up, as accountants and a spreadsheet\'s ROUND '
    'round) or "half-even" (a half penny to the even penny, as banks round)'
)
"""The key's choices, as a refusal names them: the mapping's, and a fraction of a penny's."""

_HYPHENS = re.compile("[-_\u2010-\u2015\u2212]")
"""What a word's hyphen may be written as: an underscore, or a dash a word processor or a
keyboard layout puts for it (U+2010 hyphen, U+2013 en dash, U+2212 minus), none unclear."""


def rounding(data: dict[str, Any], refuse: Any) -> str | None:
    """How the mapping has its amounts rounded to the penny (``half-up``, ``half-even``), or None.

    Written in any case, with a space, an underscore or a dash for the hyphen (``Half_Even``).
    Anything else (``true``, ``"bankers"``) is refused, naming the choices.
    """
    if "round_amounts" not in data:
        return None
    value = data["round_amounts"]
    word = "-".join(_HYPHENS.sub(" ", str(value)).casefold().split())
    if not isinstance(value, str) or word not in ROUNDINGS:
        shown = quoted(value, 60)  # a string of any length, cut; else as TOML has it:
        if isinstance(value, bool) or hasattr(value, "isoformat"):  # true, 2026-01-01
            shown = str(value).lower() if isinstance(value, bool) else value.isoformat()
        raise refuse(
            f"round_amounts {shown} is not a way to round; say {ROUND_AMOUNTS}, or leave it "
            "out to have an amount finer than the penny refused"
        )
    return word


def plain(amount: Decimal) -> Decimal:
    """An amount without trailing zeros, exponent or a zero's sign: ``1250500``, ``1250.5``."""
    if amount == amount.to_integral_value():
        return abs(amount.quantize(Decimal(1)))  # '-0' (a cell written so) is 0
    return amount.normalize()
