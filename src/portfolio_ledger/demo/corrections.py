"""Putting the record right: an approval typed wrong and corrected, and minutes typed in late.

Both are what a portfolio office meets every month. The correction names
the approval by its ledger position, which a batch knows only once the
approval has reached the database (see :meth:`Storyteller.position_of`).
The late decision takes effect before a status report recorded ahead of it.
"""

from __future__ import annotations

from datetime import timedelta

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.views import Recorded
from portfolio_ledger.demo import governance as g
from portfolio_ledger.demo.data import DIRECTION_GROUP, RECORDS_PROCEDURE
from portfolio_ledger.demo.governance import HEAD_OF_PORTFOLIO
from portfolio_ledger.demo.teller import DemoItem, Storyteller

TYPO = 10
"""The approval is typed with a zero too many: GBP 12,340,000 for GBP 1,234,000."""


def correct_budget(t: Storyteller, item: DemoItem, approval: list[Recorded], typed: int) -> None:
    """Correct the committee's approval, recorded with budget ``typed``, a few days later.

    ``approval`` holds what recording the approval said, once it is recorded.
    """
    if typed > g.IC_LIMIT:  # pragma: no cover - the demo's data keeps it within the limit
        raise AssertionError(f"{item.key}'s mistyped budget would be beyond the limit")
    day = min(item.day + timedelta(days=t.random.randint(2, 6)), t.today)
    key, budget = item.key, item.budget

    def correct() -> None:
        [approved] = approval
        command = c.CorrectDecision(
            position=t.position_of(key, approved.version),
            changes={"authorised_budget": str(budget)},
            actor=HEAD_OF_PORTFOLIO.name,
            role=HEAD_OF_PORTFOLIO.role,
            authority=RECORDS_PROCEDURE,
            rationale=(
                f"The budget was typed as GBP {typed:,}; the committee's minutes approve "
                f"GBP {budget:,}."
            ),
            effective_date=day,
            references=("IC minutes",),
        )
        recorded = t.handle(command)
        t.summary.corrected.append(f"{key}: {recorded.summary}")
        t.summary.corrected_keys.append(key)
        t.count(day, HEAD_OF_PORTFOLIO, new_item=False)

    t.on(day, correct)


def rank_late(t: Storyteller, item: DemoItem, rank: int) -> None:
    """Rank the item at a meeting before its latest report; the minutes are typed in after it.

    Recorded after that report, effective before it: the ledger checks it
    as the item stood on the meeting's day, and every later decision again.
    """
    report = item.day
    meeting = report - timedelta(days=3)
    typed = report + timedelta(days=2)

    def note(recorded: Recorded) -> None:
        t.summary.recorded_late.append(
            f"{recorded.key}: {recorded.event} with effect from {meeting.isoformat()}, "
            f"recorded after its status report of {report.isoformat()}"
        )

    t.decide(
        item.key,
        meeting,
        c.ReprioritiseItem,
        HEAD_OF_PORTFOLIO,
        DIRECTION_GROUP,
        f"Ranked at the direction group's meeting of {meeting.isoformat()}; the minutes "
        "were typed in after the next status report.",
        recorded_on=typed,
        then=note,
        rank=rank,
        references=("PDG minutes",),
    )
