"""A portfolio as it is: items already under way, figures withheld, details that change, leavers.

Items the old register held join with their baseline (no invented
appraisal or approval); one of them has its whole-life cost, forecast and
then its rating withheld; an item moves to another organisation, one is
reclassified, and two leave the portfolio with their reason.
"""

from __future__ import annotations

from portfolio_ledger.application import commands as c
from portfolio_ledger.demo.corrections import rank_late
from portfolio_ledger.demo.data import (
    DIRECTION_GROUP,
    LATE_RANK,
    LEAVERS,
    LEGACY_REGISTER,
    OBJECTIVES,
    ONBOARDED,
    OWNERS,
    RECATEGORISED,
    RECORDED_LATE,
    SPONSORS,
    TRANSFERRED,
    WITHHELD,
)
from portfolio_ledger.demo.governance import (
    CHIEF_EXECUTIVE,
    CIO,
    HEAD_OF_PORTFOLIO,
    PROJECT_MANAGER,
)
from portfolio_ledger.demo.storylines import report_monthly
from portfolio_ledger.demo.teller import DemoItem, Storyteller


def onboard(t: Storyteller, item: DemoItem) -> None:
    """The item joins at its stage with the old register's baseline, then reports monthly."""
    stage, whole_life, budget, forecast, rag = ONBOARDED[item.title]
    objective = OBJECTIVES[item.number % len(OBJECTIVES)]
    t.do(
        item,
        0,
        c.OnboardItem,
        HEAD_OF_PORTFOLIO,
        DIRECTION_GROUP,
        f"Under way before the ledger began; baseline taken from the {LEGACY_REGISTER}.",
        then=lambda recorded: t.summary.onboarded.append(recorded.key),
        kind=item.kind,
        title=item.title,
        organisation=item.organisation,
        owner=OWNERS[item.number % len(OWNERS)],
        sponsor=SPONSORS[item.number % len(SPONSORS)],
        category=item.category,
        objectives=(objective,),
        stage=stage,
        whole_life_cost=whole_life,
        authorised_budget=budget,
        forecast_cost=forecast,
        rag=rag,
        source=LEGACY_REGISTER,
    )
    if item.title == WITHHELD:
        report_withheld(t, item)
        return
    item.budget, item.forecast = int(budget), int(forecast)
    report_monthly(t, item, t.random.randint(2, 4))
    if item.title == RECORDED_LATE:
        rank_late(t, item, LATE_RANK)


def report_withheld(t: Storyteller, item: DemoItem) -> None:
    """Reports that keep back the forecast, then the rating, while a contract is renegotiated."""
    rnd = t.random
    t.do(
        item,
        rnd.randint(25, 35),
        c.ReportStatus,
        PROJECT_MANAGER,
        None,
        "Quarterly return: forecast withheld as commercially sensitive.",
        overall="amber",
        schedule="amber",
        forecast_cost="withheld",
    )
    t.do(
        item,
        rnd.randint(80, 100),
        c.ReportStatus,
        PROJECT_MANAGER,
        None,
        "Quarterly return: delivery confidence withheld while the contract is renegotiated.",
        then=t.note(t.summary.withheld),
        overall="withheld",
        forecast_cost="withheld",
    )


def reshape(t: Storyteller, item: DemoItem) -> None:
    """Whatever changes in the item's details, and its leaving, if its story has them."""
    rnd = t.random
    if item.title in TRANSFERRED:
        organisation, why = TRANSFERRED[item.title]
        t.do(
            item,
            rnd.randint(10, 30),
            c.TransferItem,
            CHIEF_EXECUTIVE,
            "Executive Board",
            why,
            then=t.note(t.summary.transferred),
            organisation=organisation,
        )
    if item.title in RECATEGORISED:
        category, why = RECATEGORISED[item.title]
        t.do(
            item,
            rnd.randint(10, 30),
            c.AmendItem,
            HEAD_OF_PORTFOLIO,
            DIRECTION_GROUP,
            why,
            then=t.note(t.summary.recategorised),
            category=category,
        )
    if item.title in LEAVERS:
        reason, merged_into, why = LEAVERS[item.title]
        t.do(
            item,
            rnd.randint(10, 30),
            c.LeaveItem,
            CIO,
            DIRECTION_GROUP,
            why,
            then=t.note(t.summary.left),
            reason=reason,
            merged_into=None if merged_into is None else t.keys[merged_into],
        )
