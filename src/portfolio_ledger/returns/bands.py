"""A cost written as a band (``€100m - €250m``, ``Over €250m``, ``$10m+``), not an amount.

Ireland's Project Ireland 2040 tracker, and many a departmental register, give a
project's cost as a band, not an amount. A band is no amount: recorded as either end
it would be wrong, so it is refused as an amount is, saying what it is and what the
mapping can do with a column of them.
"""

from __future__ import annotations

import re

from portfolio_ledger.returns.amounts import SCIENTIFIC

_AMOUNT = r"[^\d\s]{0,4}\s?\d[\d,. \u00a0]*(?:\s?[A-Za-z€$£]{1,8})?"
"""An amount as a band writes each end of it: a sign or code, digits, a unit."""
_BETWEEN = re.compile(
    rf"(?:between\s+)?{_AMOUNT}\s*(?:-|\u2013|\u2014|to|and|bis|à|tot)\s*{_AMOUNT}",
    re.IGNORECASE,
)
_BOUND = re.compile(
    r"(?:over|under|above|below|up\s+to|more\s+than|less\s+than|greater\s+than|at\s+least|"
    rf"at\s+most|in\s+excess\s+of|>=?|<=?|≥|≤)\s*{_AMOUNT}",
    re.IGNORECASE,
)
_PLUS = re.compile(rf"{_AMOUNT}\s*\+")


def is_band(text: str) -> bool:
    """Whether ``text`` (a cell refused as no amount) writes a range of amounts."""
    written = text.strip()
    if SCIENTIFIC.fullmatch(written):  # 1e-3 is no band from 1e to 3: refused as what it is
        return False
    return any(shape.fullmatch(written) for shape in (_BETWEEN, _BOUND, _PLUS))


def band_problem(text: str, name: str) -> str:
    """Why a band is not read as the figure ``name``, and what the mapping may say of it."""
    return (
        f"is a range of amounts (a cost band, as a register may publish a cost), not an "
        f"amount: recorded as either end, the figure would be wrong. The ledger records one "
        f"amount per figure: map no figure to a column of bands (list it in the mapping's "
        f"ignore), or, to record the figure as one the register does not publish, spell the "
        f'band in the mapping ([spellings.{name}] "{text}" = "withheld")'
    )
