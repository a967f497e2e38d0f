"""Economics by category and organisation: names spelt differently only in case are one row.

A name is found in any case everywhere else (``--category digital`` finds ``Digital``
and ``DIGITAL ``; ``domain/caseless.py``), so its totals are one row too: a return
that writes ``Digital`` on one row and ``digital `` on the next has one category.
The row is shown under the spelling recorded first (the earliest ledger position of
an item state holding it), and lists every spelling it counts (``spellings``), so
nothing is merged unseen. The events keep each item's spelling as it was recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from portfolio_ledger.domain.caseless import fold

NAMED = ("category", "organisation")
"""The breakdowns by a name a person writes (the others are the ledger's own words)."""
_KEPT = ("dimension", "value", "currency")

First = Callable[[str, Sequence[str]], str]
"""Of a breakdown's spellings of one name, the one recorded first."""


def one_row_per_name(totals: list[dict[str, Any]], first: First) -> list[dict[str, Any]]:
    """``totals`` with the rows of a name's spellings (same breakdown, currency) added up.

    ``first`` is asked only where a name has more than one spelling.
    """
    spellings: dict[tuple[str, str], list[str]] = {}
    for row in totals:
        if row["dimension"] in NAMED:
            held = spellings.setdefault((row["dimension"], fold(row["value"])), [])
            if row["value"] not in held:
                held.append(row["value"])
    shown = {
        name: first(name[0], sorted(held)) for name, held in spellings.items() if len(held) > 1
    }
    if not shown:
        return totals
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in totals:
        name = (row["dimension"], fold(row["value"]))
        if name not in shown:
            merged[row["dimension"], row["value"], row["currency"]] = row
            continue
        at = (row["dimension"], shown[name], row["currency"])
        if at in merged:
            into = merged[at]
            merged[at] = {k: into[k] if k in _KEPT else into[k] + v for k, v in row.items()}
        else:
            merged[at] = dict(row, value=shown[name])
        merged[at]["spellings"] = [shown[name], *(s for s in spellings[name] if s != shown[name])]
    return list(merged.values())
