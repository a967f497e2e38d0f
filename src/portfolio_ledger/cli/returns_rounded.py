"""What a return's amounts rounded to the penny (its mapping's ``round_amounts``) read as.

Said in the import's report, in the dry run and in ``--json``: nothing is rounded unsaid.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from portfolio_ledger.application.returns import LABELS

if TYPE_CHECKING:
    from portfolio_ledger.domain.rounding import Rounded
    from portfolio_ledger.returns.importing import ReturnImport


def _largest(found: ReturnImport) -> tuple[int, str, Rounded] | None:
    """The amount rounded furthest (the first such, in the return's order), or None."""
    return max(found.rounded, key=lambda rounded: rounded[2].difference, default=None)


def rounded_data(found: ReturnImport) -> dict[str, Any] | None:
    """``rounded_amounts`` in ``--json``: the rounding, how many, the largest; None if refused."""
    if found.rounding is None:
        return None
    largest = _largest(found)
    return {
        "rounding": found.rounding,
        "count": len(found.rounded),
        "largest_difference": None if largest is None else f"{largest[2].difference:f}",
        "largest": None
        if largest is None
        else {
            "row": largest[0],
            "field": largest[1],
            "given": f"{largest[2].given:f}",
            "recorded": f"{largest[2].recorded:f}",
        },
    }


def rounded_said(found: ReturnImport) -> str | None:
    """How many amounts were rounded to the penny, and the largest difference; None if refused."""
    if found.rounding is None:
        return None
    said = f"Amounts rounded to the penny ({found.rounding}, the mapping's round_amounts): "
    largest = _largest(found)
    if largest is None:
        return said + "none (every amount was to the penny)."
    row, name, rounded = largest
    currency = found.source.currency
    return said + (
        f"{len(found.rounded):,}; the largest difference {currency} {rounded.difference:f} (row "
        f"{row}, {LABELS.get(name, name)}: {rounded.said(currency)}). A decision recording a "
        "rounded figure references it as given."
    )
