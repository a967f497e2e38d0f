"""``portfolio-ledger item ...``: record decisions on one item, and read it back."""

from __future__ import annotations

from typing import Any

import click

from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.lazy import LazyGroup
from portfolio_ledger.cli.mandates import authorisation_options, mandate_options, pop_mandate
from portfolio_ledger.cli.moments import DAY_AS_WRITTEN
from portfolio_ledger.cli.options import (
    Spoken,
    WholeNumber,
    Words,
    decision_options,
    pop_decision,
)
from portfolio_ledger.cli.recording import record
from portfolio_ledger.domain.lifecycle import Kind
from portfolio_ledger.domain.ratings import RAG

RAGS = Spoken([rag.value.replace(" ", "-") for rag in RAG], case_sensitive=False)
"""A RAG as recorded: red, amber, green, withheld, not-assessed (any spelling ``Spoken`` reads)."""


@click.group(
    cls=LazyGroup,
    modules={
        "item_control": (
            "start-delivery", "report-status", "escalate", "resolve", "recommend-action",
            "complete-action", "declare-dependency", "remove-dependency", "measure-benefit",
            "review-gate", "pause", "resume", "go-live", "retire", "cancel",
        ),
        "item_views": ("show", "history"),
        "item_baseline": ("onboard", "amend", "transfer", "leave"),
    },
)  # fmt: skip
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


@item.command()
@click.argument("key")
@click.option(
    "--kind",
    required=True,
    type=Words(Kind),
    help="What the item is.",
)
@click.option("--title", required=True, help="Its name.")
@click.option(
    "--organisation",
    help="The organisation it belongs to (department, directorate, business unit).",
)
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
    """Propose a new programme, project or service under KEY (such as PRJ-042).

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
    type=Spoken(["low", "medium", "high", "very high"], case_sensitive=False),
    help="The business case's overall risk: low, medium, high or very high.",
)
@click.option(
    "--alignment-score",
    required=True,
    type=WholeNumber(0, 100),
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
        **pop_mandate(kw),
        **kw,
    )


@item.command()
@click.argument("key")
@authorisation_options
@pass_context
def reject(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Reject KEY (proposed, appraised or deferred); it is closed.

    \b
    Example:
      portfolio-ledger item reject PRJ-042 --authority "Investment Committee" \\
        -m "Duplicates the shared-services programme"
    """
    record(ctx, as_json=as_json, decision=pop_decision(kw), **pop_mandate(kw), **kw)


@item.command()
@click.argument("key")
@click.option("--until", type=DAY_AS_WRITTEN, help="Until when the decision is put off.")
@authorisation_options
@pass_context
def defer(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Defer the decision on KEY, perhaps until a date.

    \b
    Example:
      portfolio-ledger item defer PRJ-042 --until 2027-04-01 \\
        --authority "Investment Committee" -m "Await the spending review"
    """
    record(ctx, as_json=as_json, decision=pop_decision(kw), **pop_mandate(kw), **kw)


@item.command()
@click.argument("key")
@click.option(
    "--rank", required=True, type=WholeNumber(), help="The new priority rank; 1 is highest."
)
@authorisation_options
@pass_context
def reprioritise(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Give KEY a new priority rank (the previous rank is kept in the record).

    \b
    Example:
      portfolio-ledger item reprioritise PRJ-042 --rank 3 \\
        --authority "Portfolio Direction Group" -m "Regulatory deadline moved forward"
    """
    record(ctx, as_json=as_json, decision=pop_decision(kw), **pop_mandate(kw), **kw)


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
      portfolio-ledger item fund PRJ-042 --budget 1450000 \\
        --board IC --present hcarter,mlee,cdubois --vote hcarter=for,mlee=for,cdubois=for \\
        --actor hcarter -m "Data migration larger than planned" --ref IC-2026-12
    """
    record(
        ctx,
        as_json=as_json,
        decision=pop_decision(kw),
        **pop_mandate(kw),
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
@click.option(
    "--planned-finish", type=DAY_AS_WRITTEN, help="The planned finish, for --time (1900 or later)."
)
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
        **pop_mandate(kw),
        **kw,
    )
