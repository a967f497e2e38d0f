"""What a return's filter left out, said: the values, and the missing items whose rows they are.

An item missing from the return whose row the filter left out (``State`` ``Closed
Complete``, or a state typed otherwise than the filter's value) is not missing: its row
is named, so the office records how it ended, or corrects the cell, before ``--missing
leave`` records that it left, *no longer reported*.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from portfolio_ledger.application.returns import Missing
    from portfolio_ledger.returns.importing import ReturnImport
    from portfolio_ledger.returns.left_out import LeftOut

MAX_SHOWN = 50


def left_out_said(left: LeftOut) -> str:
    """What the filter left out, value by value: a row typed otherwise is seen, not lost."""
    shown = ", ".join(
        f"{column} {repr(value) if value else 'empty'} ({rows:,})"
        for column, value, rows in left.values[:MAX_SHOWN]
    )
    more = f" and {len(left.values) - MAX_SHOWN:,} more" if len(left.values) > MAX_SHOWN else ""
    return (
        f"Left out by the filter: {left.rows:,} {'row' if left.rows == 1 else 'rows'}, holding "
        f"{shown}{more}; a row typed otherwise than the filter's value is left out too: "
        "correct its cell in the return, or add the value to the filter"
    )


def missing_row(missing: Missing) -> str:
    """Where a missing item's row is in the return, left out by the filter; '-' if nowhere."""
    if missing.left_out_row is None:
        return "-"
    held = ", ".join(f"{c} {repr(v) if v else 'empty'}" for c, v in missing.left_out_holding)
    return f"row {missing.left_out_row}, left out by the filter: {held}"


def missing_advice(found: ReturnImport) -> str | None:
    """What to do where missing items have rows the filter left out; None where none has."""
    count = sum(m.left_out_row is not None for m in found.reconciliation.missing)
    if not count:
        return None
    day = found.source.as_at.isoformat()
    if leaving_recorded(found):
        return _put_right(count, day)  # recorded: 'item leave KEY' is refused now
    return (
        f"{count:,} of them {'has a row' if count == 1 else 'have rows'} in the return that "
        "the filter left out: if it closed, record how before importing the return with "
        f"--missing leave ('item leave KEY --reason completed --effective-date {day}', or "
        f"'item cancel KEY --effective-date {day}'); if its cell is typed otherwise than the "
        "filter's value, correct it in the return, or add the value to the filter"
    )


def leaving_recorded(found: ReturnImport) -> bool:
    """Whether this import recorded its missing items' leaving, *no longer reported*."""
    done = found.reconciliation
    return (
        found.missing == "leave"
        and not found.dry_run
        and bool(done.positions)
        and (not done.refusals)
    )


def _put_right(count: int, day: str) -> str:
    """What to do where those items' leaving, no longer reported, is recorded already."""
    return (
        f"{count:,} of them {'has a row' if count == 1 else 'have rows'} in the return that "
        f"the filter left out, and {'was' if count == 1 else 'were'} recorded as leaving, no "
        "longer reported: if it closed, correct the reason ('decision correct POSITION --set "
        "reason=completed', POSITION its leaving's in 'item history KEY'), or annul its "
        "leaving ('decision annul POSITION') and record how it ended ('item cancel KEY "
        f"--effective-date {day}'); if its cell is typed otherwise than the filter's value, "
        "annul its leaving, then correct the cell in the return, or add the value to the filter"
    )


def missing_data(missing: Missing) -> dict[str, Any]:
    """A missing item as data: its row left out by the filter, each value a column and value."""
    return {
        **asdict(missing),
        "left_out_holding": [
            {"column": column, "value": value} for column, value in missing.left_out_holding
        ],
    }
