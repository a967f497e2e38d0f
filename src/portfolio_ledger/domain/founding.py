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
from portfolio_ledger.domain.errors import moved_date_on_a_line
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
    _, subject, event = early[0]
    raise NamedBeforeMade(kind, key, made_on, (subject, event))


class NamedBeforeMade(LateDecisionConflict):
    """A registration or constitution moved after the day a decision naming it takes effect.

    Worded for the command line (``--set effective_date=DAY``, ``--effective-date``);
    :meth:`on_a_line` for an import's line, whose fields are ``changes`` and
    ``effective_date``. Before, a line was told the command line's option.
    """

    def __init__(
        self, kind: str, key: str, made_on: date, named_by: tuple[str, DecisionEvent]
    ) -> None:
        subject, event = named_by
        self.day = event.decision.effective_date.isoformat()
        a = "an" if kind.startswith("item") else "a"
        super().__init__(
            f"{kind} {key} would take effect from {made_on.isoformat()}, after '{event.label}' "
            f"on {subject} ({event.describe()}, effective {self.day}) named it: {a} "
            f"{kind} is named only from the day it takes effect. Correct {kind} {key}'s "
            f"effective_date to {self.day} or earlier (--set effective_date={self.day}: the "
            "date it is moved to, not the correction's own --effective-date), or move that "
            f"decision first ('decision correct' at its position: see 'portfolio-ledger audit "
            f"trail --item {subject}')"
        )

    def on_a_line(self) -> str:
        """As an import line's: the fields a line gives, ``changes`` and ``effective_date``."""
        return moved_date_on_a_line(str(self), self.day)
