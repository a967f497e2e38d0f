"""A person or board is named only from the day it was made: so says a correction of that day.

A board appoints only people registered by the day of the appointment, is
constituted under a parent constituted by then, and a delegation is granted
by a board constituted by then to a person registered by then. Those rules
are checked when the appointment, board or delegation is made, or moved
(``resolutions.recheck_governance``); this is the same rule from the other
side: a correction moving the registration or the constitution later than a
decision that names it is refused, naming the decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.late_decisions import LateDecisionConflict


def check_named_after_made(
    kind: str, key: str, made_on: date, naming: Iterable[tuple[str, DecisionEvent]]
) -> None:
    """Refuse ``key`` (a ``person`` or ``board``) made on ``made_on`` after a decision naming it.

    ``naming``: each decision on another subject that names it (as it now stands), with
    that subject's key.
    """
    early = sorted(
        ((event.decision.effective_date, subject, event) for subject, event in naming),
        key=lambda found: found[0],
    )
    if not early or early[0][0] >= made_on:
        return
    day, subject, event = early[0]
    raise LateDecisionConflict(
        f"{kind} {key} would take effect from {made_on.isoformat()}, after '{event.label}' "
        f"on {subject} ({event.describe()}, effective {day.isoformat()}) named it: a "
        f"{kind} is named only from the day it takes effect. Correct {kind} {key}'s "
        f"effective_date to {day.isoformat()} or earlier (the date it is moved to, not "
        "the correction's own --effective-date), or move that decision first ('decision correct' "
        f"at its position: see 'portfolio-ledger audit trail --item {subject}')"
    )
