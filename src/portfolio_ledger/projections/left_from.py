"""The stage each item that has left the portfolio left from, at a moment.

``portfolio diff`` and the board pack list an item that left between two
moments as one row, ``left``, from the stage it left: the stage of its
last state before it left (``left the portfolio (in delivery)`` in its
history), not the stage it had at the first moment, which it may have
moved on from before leaving. The timeline holds that state: of the rows
the moment sees, the latest in effective order whose stage is not ``left``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, select
from sqlalchemy.sql import Select

from portfolio_ledger.domain.lifecycle import Stage
from portfolio_ledger.projections.bitemporal import at_moment
from portfolio_ledger.projections.item_timeline import latest_first

if TYPE_CHECKING:
    from portfolio_ledger.application.selection import Moment
    from portfolio_ledger.projections.read_models import Reading


def _stages_before(table: Table, moment: Moment) -> Select[Any]:
    """``(item_id, stage)`` of each item's last state before it left, as the moment sees it."""
    seen = at_moment(table, as_of=moment.as_of, effective_on=moment.effective_on)
    gone = table.alias("gone")
    left = select(gone.c.item_id).where(
        gone.c.stage == Stage.LEFT.value,
        *at_moment(gone, as_of=moment.as_of, effective_on=moment.effective_on),
    )
    ranked = latest_first(
        table, "stage", table.c.item_id.in_(left), table.c.stage != Stage.LEFT.value, *seen
    )
    return select(ranked.c.item_id, ranked.c.stage).where(ranked.c.n == 1)


def stages_left_from(session: Reading, timeline: Table, moment: Moment) -> dict[str, str]:
    """The stage each item that had left by the moment left from (by item id)."""
    return dict(session.execute(_stages_before(timeline, moment)).tuples().all())
