"""The lifecycle of an item: its stages, the views they fall in, what each stage allows.

::

    proposed -> appraised -> approved -> in delivery -> live -> retired
                   |            |            |
                   +-> rejected +-> paused <-+            (paused resumes)
                   +-> deferred              +-> cancelled (stopped before going live)

An item already under way joins at approved, in delivery, paused or live
(onboarded, with its baseline). From any open stage an item may leave the
portfolio, with a reason (completed, transferred to business as usual,
merged into another, stopped, descoped, no longer reported).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from portfolio_ledger.domain.errors import IllegalTransition
from portfolio_ledger.domain.vocabulary import Vocabulary


class Kind(Vocabulary):
    """What an item is (read in any case: ``Project`` is ``project``)."""

    PROGRAMME = "programme"
    PROJECT = "project"
    SERVICE = "service"

    @classmethod
    def other_words(cls) -> dict[str, Any]:
        """The US spelling of programme, as US registers write it."""
        return {"program": cls.PROGRAMME}


class Stage(Vocabulary):
    """Where an item stands in its lifecycle (read as the CLI writes it too: ``in-delivery``)."""

    PROPOSED = "proposed"
    APPRAISED = "appraised"
    DEFERRED = "deferred"
    APPROVED = "approved"
    IN_DELIVERY = "in delivery"
    PAUSED = "paused"
    LIVE = "live"
    RETIRED = "retired"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    LEFT = "left"

    @property
    def view(self) -> View:
        """The portfolio view this stage belongs to."""
        return VIEW_OF_STAGE[self]


class View(Enum):
    """The portfolio office's lists: SFIA's pipeline, catalogue and retired; closed; left."""

    PIPELINE = "pipeline"
    CATALOGUE = "catalogue"
    RETIRED = "retired"
    CLOSED = "closed"
    LEFT = "left"
    """Items that left the portfolio for a reason of their own (see ``LeaveReason``)."""


OPEN_VIEWS = (View.PIPELINE.value, View.CATALOGUE.value)
"""The views whose items are open: what they are authorised to spend is committed."""

VIEW_OF_STAGE: dict[Stage, View] = {
    Stage.PROPOSED: View.PIPELINE,
    Stage.APPRAISED: View.PIPELINE,
    Stage.DEFERRED: View.PIPELINE,
    Stage.APPROVED: View.PIPELINE,
    Stage.IN_DELIVERY: View.PIPELINE,
    Stage.PAUSED: View.PIPELINE,
    Stage.LIVE: View.CATALOGUE,
    Stage.RETIRED: View.RETIRED,
    Stage.REJECTED: View.CLOSED,
    Stage.CANCELLED: View.CLOSED,
    Stage.LEFT: View.LEFT,
}

ONBOARDING_STAGES = (Stage.APPROVED, Stage.IN_DELIVERY, Stage.PAUSED, Stage.LIVE)
"""The stages an item already under way may join the ledger at."""


def joins_instead(stage: Stage) -> str:
    """What to do with an item that cannot join at ``stage``: propose it, or leave it out."""
    if stage.view is View.PIPELINE:
        return "a new item is proposed instead ('item propose')"
    return (
        "an item that had closed or retired before it joined has nothing to join at: leave "
        "its row out (in a return, --where COLUMN=VALUE keeps only the rows of the stages named)"
    )


class LeaveReason(Vocabulary):
    """Why an item left the portfolio."""

    COMPLETED = "completed"
    TO_BUSINESS_AS_USUAL = "transferred to business as usual"
    MERGED = "merged into another item"
    STOPPED = "stopped"
    DESCOPED = "descoped"
    NO_LONGER_REPORTED = "no longer reported"

    @classmethod
    def other_words(cls) -> dict[str, Any]:
        """BAU, business as usual; merged."""
        return {
            "bau": cls.TO_BUSINESS_AS_USUAL,
            "business as usual": cls.TO_BUSINESS_AS_USUAL,
            "merged": cls.MERGED,
        }


class GateOutcome(Vocabulary):
    """What a stage-gate review decided: go on, hold, do the stage again, or stop."""

    GO = "go"
    HOLD = "hold"
    RECYCLE = "recycle"
    STOP = "stop"


def stages_in(view: View) -> tuple[Stage, ...]:
    """The stages that make up a view, in lifecycle order."""
    return tuple(stage for stage in Stage if stage.view is view)


class Action(Enum):
    """Every decision that changes an existing item (proposal creates one)."""

    __hash__ = object.__hash__  # in C, as a Vocabulary's: ``RULES[action]`` on every decision

    APPRAISE = "appraise"
    APPROVE = "approve"
    REJECT = "reject"
    DEFER = "defer"
    REPRIORITISE = "reprioritise"
    CHANGE_FUNDING = "change the funding of"
    START_DELIVERY = "start delivery of"
    REPORT_STATUS = "report status on"
    ESCALATE = "escalate an issue on"
    RESOLVE_ESCALATION = "resolve an escalation on"
    PAUSE = "pause"
    RESUME = "resume"
    GO_LIVE = "put live"
    RETIRE = "retire"
    CANCEL = "cancel"
    SET_TOLERANCES = "set tolerances on"
    REVIEW_GATE = "review a stage gate of"
    MEASURE_BENEFIT = "measure a benefit of"
    RECOMMEND_ACTION = "recommend a corrective action on"
    DECLARE_DEPENDENCY = "declare a dependency of"
    AMEND = "change the details of"
    LEAVE = "record as leaving the portfolio"

    def of(self, key: str) -> str:
        """The action done to an item, in words: ``approve PRJ-1``, ``put PRJ-1 live``."""
        after = _AFTER_THE_ITEM.get(self.value)
        if after is None:
            return f"{self.value} {key}"
        return f"{self.value.removesuffix(after)}{key} {after}"


_AFTER_THE_ITEM = {
    "put live": "live",
    "record as leaving the portfolio": "as leaving the portfolio",
}
"""The words of an action said after the item's key: put PRJ-1 live, not put live PRJ-1."""


@dataclass(frozen=True, slots=True)
class Rule:
    """The stages an action is allowed from, the rule in words, and what to do instead."""

    allowed: frozenset[Stage]
    text: str
    hint: str = ""
    """What to do instead, said from each stage refused that ``hints`` does not name."""
    hints: Mapping[Stage, str] = field(default_factory=dict)
    """What to do instead from these stages: advice that fits only some (resume a paused item)."""


OPEN = frozenset(Stage) - {Stage.RETIRED, Stage.REJECTED, Stage.CANCELLED, Stage.LEFT}
"""The stages of an item not closed: in the pipeline or the catalogue."""
FUNDED = frozenset({Stage.APPROVED, Stage.IN_DELIVERY, Stage.PAUSED, Stage.LIVE})
"""The stages of an item that has been authorised to spend: it holds a budget, or should."""

RULES: dict[Action, Rule] = {
    Action.APPRAISE: Rule(
        frozenset({Stage.PROPOSED, Stage.APPRAISED, Stage.DEFERRED}),
        "only proposed, appraised or deferred items are appraised",
        "Once approved, record changes through status reports and funding changes.",
    ),
    Action.APPROVE: Rule(
        frozenset({Stage.APPRAISED, Stage.DEFERRED}),
        "only an appraised (or deferred) item with a business case can be approved",
        "Record its business case first with 'item appraise'.",
    ),
    Action.REJECT: Rule(
        frozenset({Stage.PROPOSED, Stage.APPRAISED, Stage.DEFERRED}),
        "only items not yet approved can be rejected",
        "To stop an approved item, cancel it instead.",
        hints={Stage.LIVE: "To end a live item, retire it instead."},
    ),
    Action.DEFER: Rule(
        frozenset({Stage.PROPOSED, Stage.APPRAISED}),
        "only proposed or appraised items can be deferred",
        hints=dict.fromkeys(
            (Stage.APPROVED, Stage.IN_DELIVERY), "To hold an approved item, pause it instead."
        ),
    ),
    Action.REPRIORITISE: Rule(
        OPEN,
        "retired, rejected, cancelled and left items have no priority",
    ),
    Action.CHANGE_FUNDING: Rule(
        FUNDED,
        "only items approved, in delivery, paused or live have funding to change",
        "Approve the item first; approval sets its authorised budget.",
    ),
    Action.START_DELIVERY: Rule(
        frozenset({Stage.APPROVED}),
        "only an approved item can start delivery",
    ),
    Action.REPORT_STATUS: Rule(
        FUNDED,
        "status is reported only on items approved, in delivery, paused or live",
    ),
    Action.ESCALATE: Rule(
        OPEN,
        "issues are escalated on open items only, not retired, rejected, cancelled or left ones",
    ),
    Action.REVIEW_GATE: Rule(
        OPEN,
        "stage gates are reviewed on open items only, not retired, rejected, cancelled or "
        "left ones",
    ),
    Action.MEASURE_BENEFIT: Rule(
        FUNDED | {Stage.RETIRED},
        "benefits are measured only on items approved, in delivery, paused, live or retired",
        "Measure a benefit once the item is approved and spending: its business case's "
        "expected benefits are appraised with 'item appraise'.",
    ),
    Action.RECOMMEND_ACTION: Rule(
        OPEN,
        "corrective actions are recommended on open items only, not retired, rejected, "
        "cancelled or left ones",
    ),
    Action.DECLARE_DEPENDENCY: Rule(
        OPEN,
        "dependencies are declared on open items only, not retired, rejected, cancelled or "
        "left ones",
    ),
    Action.RESOLVE_ESCALATION: Rule(
        frozenset(Stage),
        "an escalation can be resolved in any stage",
    ),
    Action.AMEND: Rule(
        OPEN,
        "the details of retired, rejected, cancelled and left items no longer change",
    ),
    Action.LEAVE: Rule(
        OPEN,
        "only open items can leave the portfolio; closed, retired and departed ones have left",
    ),
    Action.PAUSE: Rule(
        frozenset({Stage.APPROVED, Stage.IN_DELIVERY}),
        "only items approved or in delivery can be paused",
    ),
    Action.RESUME: Rule(
        frozenset({Stage.PAUSED}),
        "only paused items can be resumed",
    ),
    Action.GO_LIVE: Rule(
        frozenset({Stage.APPROVED, Stage.IN_DELIVERY}),
        "only items approved or in delivery can go live",
        hints={
            Stage.PAUSED: "A paused item must be resumed first.",
            Stage.PROPOSED: "It must be appraised and approved first.",
            Stage.APPRAISED: "It must be approved first.",
            Stage.DEFERRED: "It must be approved first.",
        },
    ),
    Action.RETIRE: Rule(
        frozenset({Stage.LIVE}),
        "only live items can be retired",
        "An item that never went live is cancelled or rejected instead.",
    ),
    Action.CANCEL: Rule(
        frozenset({Stage.APPROVED, Stage.IN_DELIVERY, Stage.PAUSED}),
        "only items approved, in delivery or paused can be cancelled",
        "Items not yet approved are rejected; live items are retired.",
    ),
    Action.SET_TOLERANCES: Rule(
        FUNDED,
        "tolerances are set only on items approved, in delivery, paused or live",
        "Approve the item first; the body that approves it sets its tolerances.",
    ),
}


PAUSED_FROM = tuple(stage for stage in Stage if stage in RULES[Action.PAUSE].allowed)
"""The stages an item is paused from (``item pause``), and so resumes to."""


def paused_from_problem(key: str, stage: Stage, paused_from: Stage | None) -> str | None:
    """Why ``paused_from`` cannot be what an item joining at ``stage`` was paused from; or None.

    An item that joins paused says what it was paused from: approved (on hold before its
    delivery began) or in delivery, which is taken where it says none. Only a paused item
    was paused from anything. The rule only: each caller says the fix in its own terms.
    """
    if paused_from is None:
        return None
    if stage is not Stage.PAUSED:
        return f"{key} joins {stage.value}, not paused, so it was paused from nothing"
    if paused_from not in PAUSED_FROM:
        return (
            f"{key} cannot have joined paused from {paused_from.value}: an item is paused "
            f"from {' or '.join(s.value for s in PAUSED_FROM)}, the stage it resumes to"
        )
    return None


def check_allowed(action: Action, key: str, stage: Stage) -> None:
    """Raise :class:`IllegalTransition` unless ``action`` is allowed in ``stage``."""
    rule = RULES[action]
    if stage not in rule.allowed:
        hint = _hint(rule, stage)  # a closed item's names the day: on a line, its field
        refused = IllegalTransition(key, stage.value, action.value, rule.text, hint, action.of(key))
        raise refused.naming_fields("effective-date")


def _hint(rule: Rule, stage: Stage) -> str:
    """What to do instead, for the stage the item is in.

    A rule's own hint is for an item on its way to the stages it allows: an
    item that is closed (retired, rejected, cancelled, left) is on its way to
    none, and one already funded is not approved again.
    """
    if stage not in OPEN:
        return (
            "It is closed: this decision is no longer made on it. A decision "
            "that took effect before it closed is recorded with that --effective-date; one "
            "recorded wrongly is put right with 'decision correct' or 'decision annul'."
        )
    if rule is RULES[Action.APPROVE] and stage in FUNDED:
        return "It was approved already: change its authorised budget with 'item fund'."
    return rule.hints.get(stage, rule.hint)
