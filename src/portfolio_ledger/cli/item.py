"""``portfolio-ledger item ...``: record decisions on one item, and read it back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.moments import as_of_option, effective_on_option
from portfolio_ledger.cli.options import (
    decision_options,
    json_option,
    mandate_fields,
    mandate_options,
    pop_decision,
)
from portfolio_ledger.cli.recording import record

RAGS = click.Choice(["red", "amber", "green"], case_sensitive=False)


@click.group()
def item() -> None:
    """Record a decision on an item, or show one item and its history.

    \b
    Every decision records --actor, --role and --rationale (and, for
    authorisations, --authority); --effective-date defaults to today.
    Approvals, funding changes and tolerances name a board's meeting
    (--board, --present, --vote) or a delegation (--delegation) instead,
    and the ledger checks it; there --actor is your person key.
    Set PORTFOLIO_LEDGER_ACTOR and PORTFOLIO_LEDGER_ROLE to avoid retyping.
    """


def _mandate(kw: dict[str, Any]) -> dict[str, Any]:
    return mandate_fields(kw.pop("board"), kw.pop("delegation"), kw.pop("present"), kw.pop("votes"))


@item.command()
@click.argument("key")
@click.option(
    "--kind",
    required=True,
    type=click.Choice(["programme", "project", "service"]),
    help="What the item is.",
)
@click.option("--title", required=True, help="Its name.")
@click.option("--owner", required=True, help="Its senior responsible owner.")
@click.option("--sponsor", required=True, help="Its sponsor.")
@click.option("--category", required=True, help="Its portfolio category.")
@click.option("--currency", default="GBP", show_default=True, help="ISO 4217 code for its money.")
@click.option(
    "--objective", "objectives", multiple=True, help="A strategic objective it serves. Repeatable."
)
@click.option("--description", help="A longer description.")
@decision_options(authority_required=False)
@pass_context
def propose(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Propose a new programme, project or service under KEY (e.g. PRJ-042).

    \b
    Example:
      portfolio-ledger item propose PRJ-042 --kind project \\
        --title "Payroll replacement" --owner "Dana Okafor" \\
        --sponsor "Chief Finance Officer" --category "Corporate systems" \\
        --actor "Sam Patel" --role "Portfolio manager" \\
        -m "Current payroll contract ends March 2028"
    """
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


@item.command()
@click.argument("key")
@click.option("--estimated-cost", required=True, metavar="AMOUNT", help="Whole-life cost estimate.")
@click.option("--expected-benefits", required=True, metavar="AMOUNT", help="Benefits expected.")
@click.option(
    "--risk-rating",
    required=True,
    type=click.Choice(["low", "medium", "high", "very high"], case_sensitive=False),
)
@click.option(
    "--alignment-score",
    required=True,
    type=click.IntRange(0, 100),
    help="Strategic alignment, 0 to 100.",
)
@click.option("--criteria", help="Which scoring criteria were used.")
@decision_options(authority_required=False)
@pass_context
def appraise(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Record the appraisal of KEY's business case.

    \b
    Example:
      portfolio-ledger item appraise PRJ-042 --estimated-cost 1200000 \\
        --expected-benefits 2100000 --risk-rating medium --alignment-score 72 \\
        --criteria "Investment scoring v3" -m "Five-case model reviewed by PMO"
    """
    kw["risk_rating"] = kw["risk_rating"].lower()
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


@item.command()
@click.argument("key")
@click.option("--budget", required=True, metavar="AMOUNT", help="The authorised budget.")
@click.option(
    "--condition", "conditions", multiple=True, help="A condition of approval. Repeatable."
)
@mandate_options
@decision_options(authority_required=None)
@pass_context
def approve(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Approve KEY with an authorised budget, under a board's meeting or a delegation.

    The ledger refuses, and writes nothing, unless the authority held on the
    effective date: its limit (on the item's cumulative budget), quorum,
    majority, membership, the delegation's window and categories, and
    segregation of duties (whoever proposed or sponsors KEY neither approves
    nor votes).

    \b
    Examples:
      portfolio-ledger item approve PRJ-042 --budget "GBP 1,200,000" \\
        --board IC --present hcarter,mlee,cdubois --vote hcarter=for,mlee=for,cdubois=for \\
        --actor hcarter --condition "Gate review in Q3" \\
        -m "Strong business case; fits the 2027 plan" --ref IC-2026-11
      portfolio-ledger item approve PRJ-043 --budget 250000 --delegation DEL-001 \\
        --actor mlee -m "Within delegated authority"
    """
    record(
        ctx,
        as_json=as_json,
        decision=pop_decision(kw),
        **_mandate(kw),
        **kw,
    )


@item.command()
@click.argument("key")
@decision_options(authority_required=True)
@pass_context
def reject(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Reject KEY (proposed, appraised or deferred); it is closed.

    \b
    Example:
      portfolio-ledger item reject PRJ-042 --authority "Investment Committee" \\
        -m "Duplicates the shared-services programme"
    """
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


@item.command()
@click.argument("key")
@click.option("--until", metavar="YYYY-MM-DD", help="Until when the decision is put off.")
@decision_options(authority_required=True)
@pass_context
def defer(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Defer the decision on KEY, perhaps until a date.

    \b
    Example:
      portfolio-ledger item defer PRJ-042 --until 2027-04-01 \\
        --authority "Investment Committee" -m "Await the spending review"
    """
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


@item.command()
@click.argument("key")
@click.option("--rank", required=True, type=int, help="The new priority rank; 1 is highest.")
@decision_options(authority_required=True)
@pass_context
def reprioritise(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Give KEY a new priority rank (the previous rank is kept in the record).

    \b
    Example:
      portfolio-ledger item reprioritise PRJ-042 --rank 3 \\
        --authority "Portfolio Direction Group" -m "Regulatory deadline moved forward"
    """
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


@item.command()
@click.argument("key")
@click.option("--budget", required=True, metavar="AMOUNT", help="The new authorised budget.")
@mandate_options
@decision_options(authority_required=None)
@pass_context
def fund(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Change KEY's authorised budget, up or down, under a board's meeting or a delegation.

    The new budget is the cumulative amount checked against the authority's limit.

    \b
    Example:
      portfolio-ledger item fund PRJ-042 --budget 1450000 --delegation DEL-001 \\
        --actor mlee -m "Data migration larger than planned"
    """
    record(
        ctx,
        as_json=as_json,
        decision=pop_decision(kw),
        **_mandate(kw),
        **kw,
    )


@item.command("set-tolerance")
@click.argument("key")
@click.option(
    "--cost",
    metavar="PERCENT|AMOUNT",
    help="Cost tolerance over the authorised budget: 10% or an amount (GBP 100,000).",
)
@click.option(
    "--time",
    metavar="DAYS|PERCENT",
    help="Time tolerance after --planned-finish: days (30d) or a percentage of the time to it.",
)
@click.option("--planned-finish", metavar="YYYY-MM-DD", help="The planned finish, for --time.")
@mandate_options
@decision_options(authority_required=None)
@pass_context
def set_tolerance(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Set KEY's cost and time tolerances (replacing any), as the body that authorised it.

    A later status report forecasting beyond a tolerance records the breach
    and an escalation to the body that set it, with the report.

    \b
    Example:
      portfolio-ledger item set-tolerance PRJ-042 --cost 10% --time 30d \\
        --planned-finish 2027-06-30 --board IC --present hcarter,mlee,cdubois \\
        --vote hcarter=for,mlee=for,cdubois=for --actor hcarter -m "Stage 2 tolerances"
    """
    record(
        ctx,
        as_json=as_json,
        decision=pop_decision(kw),
        **_mandate(kw),
        **kw,
    )


@item.command("start-delivery")
@click.argument("key")
@decision_options(authority_required=True)
@pass_context
def start_delivery(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Mobilise approved KEY: it is in delivery.

    \b
    Example:
      portfolio-ledger item start-delivery PRJ-042 --authority "Delivery Board" \\
        -m "Supplier on board, team mobilised"
    """
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


@item.command("report-status")
@click.argument("key")
@click.option("--overall", required=True, type=RAGS, help="Overall RAG.")
@click.option("--cost", type=RAGS, help="Cost RAG.")
@click.option("--schedule", type=RAGS, help="Schedule RAG.")
@click.option("--scope", type=RAGS, help="Scope RAG.")
@click.option("--benefits", type=RAGS, help="Benefits RAG.")
@click.option("--forecast-cost", metavar="AMOUNT", help="Forecast cost at completion.")
@click.option("--forecast-date", metavar="YYYY-MM-DD", help="Forecast completion date.")
@decision_options(authority_required=False)
@pass_context
def report_status(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Report KEY's status: RAG overall and by dimension, and the forecast.

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
    type=click.Choice(["low", "medium", "high", "critical"], case_sensitive=False),
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
@click.option("--escalation", type=int, help="Which escalation (#); optional if only one is open.")
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


def _lifecycle_command(name: str, summary: str, example: str) -> None:
    @item.command(name, help=f"{summary}\n\n\b\nExample:\n  {example}")
    @click.argument("key")
    @decision_options(authority_required=True)
    @pass_context
    def run(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
        record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


_lifecycle_command(
    "pause",
    "Pause approved or in-delivery KEY.",
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


@item.command()
@click.argument("key")
@as_of_option
@effective_on_option
@json_option
@pass_context
def show(
    ctx: LedgerContext,
    key: str,
    as_of: datetime | None,
    effective_on: date | None,
    as_json: bool,
) -> None:
    """Show KEY's current state, or its state at a moment on either clock.

    \b
    Examples:
      portfolio-ledger item show PRJ-042
      portfolio-ledger item show PRJ-042 --json
      portfolio-ledger item show PRJ-042 --effective-on 2026-06-30
    """
    if as_of is not None or effective_on is not None:
        _show_at(ctx, key, as_of, effective_on, as_json=as_json)
        return
    view = ctx.reader.item(key)
    if as_json:
        render.as_json(view.model_dump(mode="json"))
        return
    from portfolio_ledger.cli.views import show_item

    show_item(view)


@item.command()
@click.argument("key")
@json_option
@pass_context
def history(ctx: LedgerContext, key: str, as_json: bool) -> None:
    """List every decision recorded on KEY, oldest first, with who, why and when.

    \b
    Example:
      portfolio-ledger item history PRJ-042
    """
    entries = ctx.reader.history(key)
    if as_json:
        render.as_json([entry.model_dump(mode="json") for entry in entries])
        return
    from portfolio_ledger.cli.views import show_history

    show_history(entries)


def _show_at(
    ctx: LedgerContext,
    key: str,
    as_of: datetime | None,
    effective_on: date | None,
    *,
    as_json: bool,
) -> None:
    from portfolio_ledger.application.views import Moment
    from portfolio_ledger.cli.portfolio import describe_moment
    from portfolio_ledger.cli.views import show_state

    state = ctx.reader.item_at(key, Moment(as_of, effective_on))
    moment = describe_moment(as_of, effective_on)
    if as_json:
        render.as_json({**state, "as_of": as_of, "effective_on": effective_on})
        return
    show_state(state, moment)
