"""Economics by category, organisation, objective: names spelt differently only in case are one row.

A name is found in any case everywhere else (``--category digital`` finds ``Digital``
and ``DIGITAL ``; ``domain/caseless.py``), so its totals are one row too: a return
that writes ``Digital`` on one row and ``digital `` on the next has one category.
The row is shown under the spelling recorded first (the earliest ledger position of
an item state holding it), and lists every spelling it counts (``spellings``), so
nothing is merged unseen. The events keep each item's spelling as it was recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from portfolio_ledger.domain.caseless import fold

NAMED = ("category", "organisation", "objective")
"""The breakdowns by a name a person writes (the others are the ledger's own words)."""
_KEPT = ("dimension", "value", "currency")

First = Callable[[str, Sequence[str]], str]
"""Of a breakdown's spellings of one name, the one recorded first."""


def shown_names(dimension: str, values: Iterable[str], first: First) -> dict[str, str]:
    """Each of ``values`` (a breakdown's) whose name has other spellings: the one shown for it.

    ``first`` is asked only where a name has more than one spelling.
    """
    spellings: dict[str, list[str]] = {}
    if dimension in NAMED:
        for value in values:
            held = spellings.setdefault(fold(value), [])
            if value not in held:
                held.append(value)
    shown: dict[str, str] = {}
    for held in spellings.values():
        if len(held) > 1:
            name = first(dimension, sorted(held))
            shown |= dict.fromkeys(held, name)
    return shown


def one_row_per_name(totals: list[dict[str, Any]], first: First) -> list[dict[str, Any]]:
    """``totals`` with the rows of a name's spellings (same breakdown, currency) added up."""
    shown = {
        dimension: shown_names(
            dimension, (r["value"] for r in totals if r["dimension"] == dimension), first
        )
        for dimension in NAMED
    }
    if not any(shown.values()):
        return totals
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    counted: dict[tuple[str, str, str], set[str]] = {}
    for row in totals:
        name = shown.get(row["dimension"], {}).get(row["value"])
        if name is None:
            merged[row["dimension"], row["value"], row["currency"]] = row
            continue
        at = (row["dimension"], name, row["currency"])
        if at in merged:
            into = merged[at]
            merged[at] = {k: into[k] if k in _KEPT else into[k] + v for k, v in row.items()}
        else:
            merged[at] = dict(row, value=name)
        # Only the spellings this row counts: in another currency the name may be spelt
        # otherwise (GBP 'Digital' and 'DIGITAL', USD 'digital' only).
        counted.setdefault(at, set()).add(row["value"])
    for at, spellings in counted.items():
        if others := sorted(spellings - {at[1]}):
            merged[at]["spellings"] = [at[1], *others]
    return list(merged.values())
