"""An item merged into another: the other carries its work on, so it is open on the day.

``item leave --merged-into`` refuses a merger into an item closed (rejected,
cancelled, retired) or gone (left) by the merger's day. This is the same rule
seen from the item merged into: it is not closed, nor does it leave, on or
before the day another item was merged into it (nor is it moved to join after
it: ``founding``), whichever of the two is recorded first.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.lifecycle import OPEN, Stage

if TYPE_CHECKING:
    from portfolio_ledger.domain.item import PortfolioItem

CLOSING = {
    Stage.REJECTED: "be rejected",
    Stage.CANCELLED: "be cancelled",
    Stage.RETIRED: "be retired",
    Stage.LEFT: "leave the portfolio",
}
"""What closing an item in each closed stage is, in words: ``PRJ-2 cannot be rejected``."""


def check_open_for_mergers(
    target: PortfolioItem, mergers: Iterable[tuple[str, date]], refused: str, give_day: str
) -> None:
    """Refuse ``target``, as it would stand, closed or gone by a day an item merged into it.

    ``mergers``: each other item's key and the day it was merged into ``target``, as they
    stand. The latest merger that ``target`` would not carry on is named, with its day:
    closing ``target`` after it fixes them all. ``refused`` opens the message (what is
    refused); ``give_day`` says how the day is given (an option, or a correction's --set).
    """
    for key, day in sorted(mergers, key=lambda merger: merger[1], reverse=True):
        then = target.as_on(day)
        if then is not None and then.stage in OPEN:
            continue
        if then is None:
            was = "not be in the portfolio yet"
        elif then.stage is Stage.LEFT:
            where = f" (merged into {then.merged_into})" if then.merged_into else ""
            was = f"have left the portfolio{where}"
        else:
            was = f"be {then.stage.value}"
        raise InvalidDecision(
            f"{refused}: {key} was merged into {target.key} with effect from {day}, and "
            f"{target.key} would {was} by then; an item is merged only into one in the "
            "pipeline or the catalogue, which carries the work on, so close "
            f"{target.key} after {day} {give_day}, or correct {key}'s merger first (to "
            f"another item, or an earlier day: 'item history {key}' gives its position)"
        ).naming_fields("effective-date")
