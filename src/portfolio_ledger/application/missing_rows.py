"""Where an item missing from a return may be after all: a row under a new id, or its own row.

A row under another key may be the item renumbered (``replaced_on``: the day to record it
leaving, merged into that key). Its own row may be in the file, left out by the return's
filter (``left_out_of``): a PPM export keeps its closed projects, ``State`` ``Closed
Complete``, and ``[where] State`` leaves them out, so the item was said to be missing from
a return that has its row, and left *no longer reported* with nothing said of how it ended.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from portfolio_ledger.application.made_keys import key_from_name
from portfolio_ledger.domain.keys import item_id

if TYPE_CHECKING:
    from portfolio_ledger.application.returns import ReturnSource, RowResult


def replaced_on(batch: Any, old: str, new: RowResult | None, as_at: date) -> dict[str, Any]:
    """``Missing``'s ``new_joined`` and ``leave_on`` for ``old``, named beside a row's ``new``."""
    if new is None:
        return {}
    if new.outcome == "new":
        return {"leave_on": as_at}
    joined = batch.get(item_id(new.key)).joined_on()
    last = batch.get(item_id(old)).in_effect()[-1].decision.effective_date
    return {"new_joined": joined, "leave_on": joined if last <= joined else as_at}


def by_name(name: str) -> str:
    """How a row with no id that the filter left out is found: by its name, as compared.

    Not a key (no key holds a space or a colon), so never taken for a row's id.
    """
    from portfolio_ledger.application.returns import compared

    return f"name: {compared(name)}"


def left_out_of(batch: Any, source: ReturnSource, key: str, name: str) -> dict[str, Any]:
    """``Missing``'s ``left_out_row`` and ``left_out_holding``: its own row the filter left out.

    Found by the key its id makes, or by ``name``, the item's, where the row has no id.

    None where a decision of the item was read from that very row of this very file: a
    return of several periods, the GMPP's two report years, leaves out this year the rows an
    earlier import of it read, and those say nothing new of the item.
    """
    found = source.left_out.get(key) or source.left_out.get(by_name(name))
    if found is None:
        return {}
    row, holding = found
    read = f"sha256:{source.sha256} row {row}"
    decisions = batch.get(item_id(key)).in_effect()
    if any(ref.endswith(read) for event in decisions for ref in event.decision.references):
        return {}
    return {"left_out_row": row, "left_out_holding": holding}


def too_many_leaving(leaving: int, most: int | None) -> str | None:
    """Why a return whose missing items would leave is refused: more than ``most``; else None.

    A scheduled job's export cut short at a row's end, or filtered otherwise than meant,
    has every item after it missing: with ``--missing leave`` they all left the portfolio.
    """
    if most is None or leaving <= most:
        return None
    return (
        f"{leaving:,} items are not in the return and would leave the portfolio (no longer "
        f"reported), more than --max-leaving {most:,} allows; nothing was recorded. A return "
        "cut short (an export that failed part way) or filtered otherwise than meant would "
        "have them leave: check the return is whole and its filter, then import it again "
        "(with a larger --max-leaving if so many did leave, or --missing report)"
    )


def key_number(key: str, title: str) -> int | None:
    """The one number an id writes (``PRJ-0012``: 12), or None (a key made from a name too)."""
    runs = re.findall(r"[0-9]+", key)
    return int(runs[0]) if len(runs) == 1 and key != key_from_name(title) else None


def by_number(rows: Sequence[RowResult]) -> dict[int, RowResult]:
    """The rows joining now by their key's one number, where no other row joining has it."""
    found: dict[int, list[RowResult]] = {}
    for row in rows:
        if row.outcome == "new" and (number := key_number(row.key, row.title)) is not None:
            found.setdefault(number, []).append(row)
    return {number: rows[0] for number, rows in found.items() if len(rows) == 1}
