"""``portfolio-ledger item ...``: control and lifecycle (status, escalations, pause, go live)."""

from __future__ import annotations

from typing import Any

import click

from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.item import RAGS, item
from portfolio_ledger.cli.mandates import authorisation_options, pop_mandate
from portfolio_ledger.cli.moments import DAY_AS_WRITTEN
from portfolio_ledger.cli.options import (
    Spoken,
    WholeNumber,
    decision_options,
    pop_decision,
)
from portfolio_ledger.cli.recording import record


@item.command("start-delivery")
@click.argument("key")
@authorisation_options
@pass_context
def start_delivery(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Mobilise approved KEY: it is in delivery.

    \b
    Example:
      portfolio-ledger item start-delivery PRJ-042 --authority "Delivery Board" \\
        -m "Supplier on board, team mobilised"
    """
    record(ctx, as_json=as_json, decision=pop_decision(kw), **pop_mandate(kw), **kw)


@item.command("report-status")
@click.argument("key")
@click.option("--overall", required=True, type=RAGS, help="Overall RAG.")
@click.option("--cost", type=RAGS, help="Cost RAG.")
@click.option("--schedule", type=RAGS, help="Schedule RAG.")
@click.option("--scope", type=RAGS, help="Scope RAG.")
@click.option("--benefits", type=RAGS, help="Benefits RAG.")
@click.option(
    "--forecast-cost",
    metavar="AMOUNT",
    help="Forecast cost at completion (or 'withheld', 'not known').",
)
@click.option(
    "--whole-life-cost",
    metavar="AMOUNT",
    help="Whole-life cost as now estimated (or 'withheld', 'not known').",
)
@click.option(
    "--forecast-date", type=DAY_AS_WRITTEN, help="Forecast completion date (1900 or later)."
)
@decision_options(authority_required=False)
@pass_context
def report_status(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Report KEY's status: RAG overall and by dimension, and the forecast.

    A RAG may be withheld or not assessed; a figure withheld or not known:
    the item then shows that, never the figure it had before. A forecast
    or whole-life cost left out is not reported: the item keeps the one it
    had, shown as reported on the date of the report that gave it.

    \b
    Example:
      portfolio-ledger item report-status PRJ-042 --overall amber --cost amber \\
        --schedule green --scope green --benefits green --forecast-cost 1310000 \\
        -m "Migration effort up 10%; contingency covers it"
    """
    for name in ("overall", "cost", "schedule", "scope", "benefits"):
        kw[name] = kw[name].lower() if kw[name] else None
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


@item.command()
@click.argument("key")
@click.option("--issue", required=True, help="What the issue is.")
@click.option(
    "--severity",
    required=True,
    type=Spoken(["low", "medium", "high", "critical"], case_sensitive=False),
    help="How serious the issue is: low, medium, high or critical.",
)
@click.option("--to", "escalated_to", required=True, help="The body or person escalated to.")
@decision_options(authority_required=False)
@pass_context
def escalate(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Escalate an issue on KEY; it is numbered #1, #2, ... on the item.

    \b
    Example:
      portfolio-ledger item escalate PRJ-042 --issue "Supplier insolvency risk" \\
        --severity high --to "Investment Committee" -m "Exceeds project tolerance"
    """
    kw["severity"] = kw["severity"].lower()
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


@item.command()
@click.argument("key")
@click.option(
    "--escalation", type=WholeNumber(), help="Which escalation (#); optional if only one is open."
)
@decision_options(authority_required=False)
@pass_context
def resolve(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Resolve an open escalation on KEY; the rationale says how.

    \b
    Example:
      portfolio-ledger item resolve PRJ-042 --escalation 1 \\
        --authority "Investment Committee" -m "Parent company guarantee obtained"
    """
    record(
        ctx,
        as_json=as_json,
        decision=pop_decision(kw),
        **kw,
    )


@item.command("recommend-action")
@click.argument("key")
@click.option("--action", required=True, help="What is to be done.")
@click.option("--owner", "action_owner", required=True, help="Who owns the action.")
@click.option(
    "--due",
    required=True,
    type=DAY_AS_WRITTEN,
    help="When it is due (on or after the effective date).",
)
@decision_options(authority_required=False)
@pass_context
def recommend_action(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Recommend a corrective action on KEY; it is numbered #1, #2, ... on the item.

    \b
    Example:
      portfolio-ledger item recommend-action PRJ-042 --action "Re-plan migration waves" \\
        --owner "Dana Okafor" --due 2027-01-29 --effective-date 2026-11-20 \\
        -m "Data migration behind plan"
    """
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


@item.command("complete-action")
@click.argument("key")
@click.option(
    "--action",
    "action_number",
    type=WholeNumber(),
    help="Which corrective action (#); optional if only one is open.",
)
@decision_options(authority_required=False)
@pass_context
def complete_action(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Complete an open corrective action on KEY; the rationale says what was done.

    \b
    Example:
      portfolio-ledger item complete-action PRJ-042 --action 1 -m "Waves re-planned; board noted"
    """
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


@item.command("declare-dependency")
@click.argument("key")
@click.option("--on", required=True, metavar="OTHER", help="The item KEY depends on (its key).")
@click.option("--what", "dependency", required=True, help="What of it KEY depends on.")
@decision_options(authority_required=False)
@pass_context
def declare_dependency(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Record that KEY depends on another item, and on what of it.

    \b
    Example:
      portfolio-ledger item declare-dependency PRJ-042 --on PGM-002 \\
        --what "Cloud landing zone ready" -m "Payroll runs in the new platform"
    """
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


@item.command("remove-dependency")
@click.argument("key")
@click.option("--on", required=True, metavar="OTHER", help="The item KEY no longer depends on.")
@decision_options(authority_required=False)
@pass_context
def remove_dependency(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Record that KEY no longer depends on another item; the rationale says why.

    \b
    Example:
      portfolio-ledger item remove-dependency PRJ-042 --on PGM-002 -m "Landing zone delivered"
    """
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


@item.command("measure-benefit")
@click.argument("key")
@click.option("--benefit", required=True, help="Which benefit (e.g. 'Cashable savings, year 1').")
@click.option(
    "--measured", required=True, metavar="AMOUNT", help="What it came to, in KEY's currency."
)
@decision_options(authority_required=False)
@pass_context
def measure_benefit(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Record what one of KEY's benefits came to, as measured on the effective date.

    Each measurement is a record of its own; KEY's expected benefits stay as
    its business case appraised them.

    \b
    Example:
      portfolio-ledger item measure-benefit PRJ-042 --benefit "Old payroll licences ended" \\
        --measured 45000 -m "Finance-validated saving"
    """
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


@item.command("review-gate")
@click.argument("key")
@click.option("--gate", required=True, help="Which gate (e.g. 'Gate 3: investment decision').")
@click.option(
    "--outcome",
    required=True,
    type=Spoken(["go", "hold", "recycle", "stop"], case_sensitive=False),
    help="What the review decided: go, hold, recycle (do the stage again) or stop.",
)
@authorisation_options
@pass_context
def review_gate(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Record a stage-gate review of KEY: the gate and its outcome.

    The outcome is the board's verdict; it moves KEY nowhere itself: record a
    hold with 'item pause', a stop with 'item cancel' (or 'item reject').

    \b
    Example:
      portfolio-ledger item review-gate PRJ-042 --gate "Gate 4: readiness for service" \\
        --outcome go --authority "Investment Committee" -m "Acceptance tests passed"
    """
    kw["outcome"] = kw["outcome"].lower()
    record(ctx, as_json=as_json, decision=pop_decision(kw), **pop_mandate(kw), **kw)


def _lifecycle_command(name: str, summary: str, example: str) -> None:
    @item.command(name, help=f"{summary}\n\n\b\nExample:\n  {example}")
    @click.argument("key")
    @authorisation_options
    @pass_context
    def run(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
        record(ctx, as_json=as_json, decision=pop_decision(kw), **pop_mandate(kw), **kw)


_lifecycle_command(
    "pause",
    "Pause KEY, an item approved or in delivery.",
    'portfolio-ledger item pause PRJ-042 --authority "Delivery Board" -m "Awaiting audit"',
)
_lifecycle_command(
    "resume",
    "Resume paused KEY in the stage it was paused from.",
    'portfolio-ledger item resume PRJ-042 --authority "Delivery Board" -m "Audit cleared"',
)
_lifecycle_command(
    "go-live",
    "Take KEY live: it enters the service catalogue.",
    'portfolio-ledger item go-live SVC-007 --authority "Change Board" -m "Acceptance passed"',
)
_lifecycle_command(
    "retire",
    "Retire live KEY from the catalogue.",
    'portfolio-ledger item retire SVC-007 --authority "Service Board" -m "Replaced by SVC-019"',
)
_lifecycle_command(
    "cancel",
    "Cancel KEY before it goes live; it is closed.",
    'portfolio-ledger item cancel PRJ-042 --authority "Investment Committee" -m "No longer viable"',
)
