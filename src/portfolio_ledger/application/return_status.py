"""What a return's row says of its item's status, compared with the item as it stood.

The rating, figures and forecast date a row gives that differ from the
item's (a status report records them); whether a row that changes none is
still the item's status reported again on the return's date; and the
differences a return does not record (stage, kind, budget), said in a note;
and the figures and forecast date it leaves out that the item keeps, said too.
:mod:`portfolio_ledger.application.reconcile` records what these find.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from portfolio_ledger.application.returns import (
    FIGURES,
    Change,
    Kept,
    as_given,
    in_words,
    money_of,
    worded,
)
from portfolio_ledger.domain.figures import describe_figure
from portfolio_ledger.domain.lifecycle import RULES, Action, Stage
from portfolio_ledger.domain.ratings import RAG

if TYPE_CHECKING:
    from portfolio_ledger.domain.item import PortfolioItem

REPORTED = ("rag", "whole_life_cost", "forecast_cost", "forecast_date")
"""What a status report records."""
NOT_RECORDED = {
    "stage": "a change of stage is a lifecycle decision",
    "kind": "an item's kind is fixed when it joins",
    "authorised_budget": "a budget is changed under a board or a delegation ('item fund')",
    "paused_from": "a paused item was paused from the stage it was in when paused, or, if it "
    "joined paused, from what its onboarding says: put right the decision that set that stage, "
    "or the onboarding ('decision correct POSITION --set paused_from=approved', its position in "
    "'item history')",
}


def reported_changes(values: dict[str, Any], then: PortfolioItem, currency: str) -> list[Change]:
    """The rating, figures and forecast date the row gives that differ from the item's."""
    changes = []
    for name in REPORTED:
        if name not in values:
            continue
        before, after = as_given(name, getattr(then, name)), values[name]
        if name in FIGURES:
            after = money_of(after, currency)
            if before != after:
                changes.append(Change(name, describe_figure(before), describe_figure(after)))
        elif before != after:
            changes.append(Change(name, worded(before), worded(after)))
    return changes


def reported_again(values: dict[str, Any], then: PortfolioItem, as_at: date) -> bool:
    """Whether a row rating the item as the ledger has it is still a status report on its date.

    It is where the row gives a rating (a colour, or withheld: an empty cell is
    not assessed), the item takes status reports (approved, in delivery, paused,
    live) and its last one is older than the return: the return reported it
    again, so R4 (stale status) and R3 (persistent red) count it. One on the
    return's date already (the same return, or another of that date, imported
    again) is not repeated.
    """
    if values.get("rag") in (None, RAG.NOT_ASSESSED):
        return False
    if then.stage not in RULES[Action.REPORT_STATUS].allowed:
        return False
    return then.last_status_date is None or then.last_status_date < as_at


KEPT = ("whole_life_cost", "forecast_cost", "forecast_date")
"""What a status report may leave out, the item keeping what an earlier report gave."""


def kept(
    values: dict[str, Any], then: PortfolioItem, read: tuple[str, ...], *, reported: bool
) -> list[Kept]:
    """What the row leaves out that the item keeps from an earlier report: said, not silent.

    A field the return's mapping reads (``read``) whose cell is empty: the
    forecast date (an empty figure is a value, withheld or not known, by the
    mapping's ``[blank]``), said whether or not the row records a status
    report. One the mapping does not read, where the row records a status
    report (``reported``): that report leaves it out, so the item's is
    now an earlier report's. Nothing where the item has none to keep.
    """
    found = []
    for name in KEPT:
        held = getattr(then, name)
        if name in values or held is None or not (name in read or reported):
            continue
        on = getattr(then, f"{name}_reported_on")
        found.append(Kept(name, in_words(held), on, blank=name in read))
    return found


_MOVES = {
    Stage.APPRAISED: (Action.APPRAISE, "appraise"),
    Stage.DEFERRED: (Action.DEFER, "defer"),
    Stage.APPROVED: (Action.APPROVE, "approve"),
    Stage.REJECTED: (Action.REJECT, "reject"),
    Stage.IN_DELIVERY: (Action.START_DELIVERY, "start-delivery"),
    Stage.PAUSED: (Action.PAUSE, "pause"),
    Stage.LIVE: (Action.GO_LIVE, "go-live"),
    Stage.RETIRED: (Action.RETIRE, "retire"),
    Stage.CANCELLED: (Action.CANCEL, "cancel"),
    Stage.LEFT: (Action.LEAVE, "leave"),
}
"""The decision that takes an item to a stage, and its command, from the stages it allows."""


def not_recorded(values: dict[str, Any], then: PortfolioItem, currency: str) -> list[str]:
    """The differences a return does not record (stage, kind, budget), each with what does."""
    notes = []
    for name, why in NOT_RECORDED.items():
        if name not in values or (name == "paused_from" and then.stage is not Stage.PAUSED):
            continue  # a row paused that the ledger has not: its stage's note says so
        after = values[name]
        if name in FIGURES:
            after = money_of(after, currency)
        before = as_given(name, getattr(then, name))
        if before != after:
            said = f"{why}: {stage_move(then, after)}" if name == "stage" else why
            notes.append(
                f"{name.replace('_', ' ')} {in_words(before)} in the ledger, {in_words(after)} in "
                f"the return: not recorded ({said})"
            )
    return notes


def stage_move(then: PortfolioItem, stage: Stage) -> str:
    """The command that records ``then`` moving to ``stage``, or why no decision does.

    A return's stage ('Execution' for an item the ledger has approved) is said beside
    the ledger's; the note named 'item go-live' and 'item pause' whatever the move was.
    A move of two decisions names both: appraise, then approve; go live, then retire.
    """
    key = then.key
    to = f"'item {_MOVES[stage][1]} {key}'" if stage in _MOVES else ""
    if _allows(then.stage, stage):
        return f"record it with {to}"
    came = then.paused_from
    if then.stage is Stage.PAUSED and came is not None:
        resume = f"'item resume {key}' (it resumes {came.value})"
        if stage is came:
            return f"record it with {resume}"
        if _allows(came, stage):
            return f"record it with {resume}, then {to}"
    for step in (Stage.APPRAISED, Stage.APPROVED, Stage.LIVE):  # to approval, delivery, retiring
        if _allows(then.stage, step) and _allows(step, stage):
            return f"record it with 'item {_MOVES[step][1]} {key}', then {to}"
    return (
        f"no decision takes an item from {then.stage.value} to {stage.value}; if the ledger's "
        f"stage is wrong, put right the decision that set it ('item history {key}', then "
        "'decision correct' or 'decision annul')"
    )


def _allows(stage: Stage, to: Stage) -> bool:
    """Whether the decision that takes an item to ``to`` may be made in ``stage``."""
    move = _MOVES.get(to)
    return move is not None and stage is not to and stage in RULES[move[0]].allowed
