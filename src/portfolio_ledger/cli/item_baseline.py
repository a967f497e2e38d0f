"""``portfolio-ledger item onboard|amend|transfer|leave``: an item's place in the portfolio.

Onboarding brings in an item already under way (from a register, a return,
a spreadsheet) at its stage, with its baseline as known: nothing it did not
record (no appraisal, no approval) is invented. Amendments change its
details; a transfer moves it to another organisation; leaving records that
it left the portfolio, and why.
"""

from __future__ import annotations

from typing import Any

import click

from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.item import RAGS, item
from portfolio_ledger.cli.mandates import authorisation_options, pop_mandate
from portfolio_ledger.cli.moments import DAY_AS_WRITTEN
from portfolio_ledger.cli.options import (
    Spoken,
    Words,
    decision_options,
    pop_decision,
)
from portfolio_ledger.cli.recording import record
from portfolio_ledger.domain import lifecycle
from portfolio_ledger.domain.lifecycle import Kind

ONBOARD_STAGES = Spoken(["approved", "in-delivery", "paused", "live"], case_sensitive=False)
PAUSED_FROM = Spoken(
    [stage.value.replace(" ", "-") for stage in lifecycle.PAUSED_FROM], case_sensitive=False
)
REASONS = Spoken(
    ["completed", "bau", "merged", "stopped", "descoped", "no-longer-reported"],
    case_sensitive=False,
)


@item.command()
@click.argument("key")
@click.option(
    "--kind",
    type=Words(Kind),
    default="project",
    show_default=True,
    help="What the item is.",
)
@click.option("--title", required=True, help="Its name.")
@click.option("--organisation", help="The organisation it belongs to.")
@click.option("--owner", help="Its senior responsible owner, if the baseline names one.")
@click.option("--sponsor", help="Its sponsor, if the baseline names one.")
@click.option("--category", required=True, help="Its portfolio category.")
@click.option("--currency", default="GBP", show_default=True, help="ISO 4217 code for its money.")
@click.option(
    "--objective", "objectives", multiple=True, help="An objective it serves. Repeatable."
)
@click.option("--description", help="A longer description.")
@click.option(
    "--stage", type=ONBOARD_STAGES, default="in-delivery", show_default=True, help="Where it is."
)
@click.option(
    "--paused-from",
    type=PAUSED_FROM,
    help="With --stage paused: the stage it was paused from, and resumes to "
    "(approved: on hold before delivery began). Default: in-delivery.",
)
@click.option(
    "--whole-life-cost", metavar="AMOUNT", help="Whole-life cost (or 'withheld', 'not known')."
)
@click.option(
    "--budget",
    "authorised_budget",
    metavar="AMOUNT",
    help="Budget authorised so far (or 'withheld', 'not known').",
)
@click.option(
    "--forecast-cost",
    metavar="AMOUNT",
    help="Forecast cost at completion (or 'withheld', 'not known').",
)
@click.option(
    "--forecast-date", type=DAY_AS_WRITTEN, help="Forecast completion date (1900 or later)."
)
@click.option("--rag", type=RAGS, help="Its RAG (or delivery confidence) as at the baseline.")
@click.option("--source", help="Where the baseline comes from (a return, a register, a file).")
@decision_options(authority_required=True)
@pass_context
def onboard(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Bring KEY, already under way, into the ledger at its stage, with its baseline.

    The effective date is when the baseline held (the register's as-at
    date). Figures not published are recorded as 'withheld', figures not
    known as 'not known': totals leave them out and count them.

    \b
    Example:
      portfolio-ledger item onboard DFE-0017 --title "Free Schools" \\
        --organisation DFE --category "Infrastructure and Construction" \\
        --stage in-delivery --whole-life-cost "GBP 1,200,000,000" --rag amber \\
        --source "GMPP 2024-25" --effective-date 2024-09-30 \\
        --authority "Portfolio office baseline" -m "Onboarded from the GMPP return"
    """
    kw["stage"] = kw["stage"].replace("-", " ")
    if kw["paused_from"]:
        kw["paused_from"] = kw["paused_from"].replace("-", " ")
    kw["rag"] = kw["rag"].lower() if kw["rag"] else None
    record(ctx, as_json=as_json, decision=pop_decision(kw), **_given(kw))


@item.command()
@click.argument("key")
@click.option("--title", help="Its new name.")
@click.option("--category", help="Its new portfolio category.")
@click.option("--owner", help="Its new senior responsible owner.")
@click.option("--sponsor", help="Its new sponsor.")
@click.option(
    "--objective", "objectives", multiple=True, help="Its objectives, all of them. Repeatable."
)
@click.option(
    "--no-objectives",
    is_flag=True,
    help="It serves no objectives any more (its last one dropped). Not with --objective.",
)
@click.option("--description", help="Its new description.")
@decision_options(authority_required=False)
@pass_context
def amend(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Change KEY's details: title, category, owner, sponsor, objectives, description.

    Each change is recorded with what it replaced. Objectives are given all
    at once: an --objective for each one KEY serves from now (one left out
    is dropped), or --no-objectives for none. To move KEY to another
    organisation, transfer it instead.

    \b
    Example:
      portfolio-ledger item amend PRJ-042 --category "Information and Communications \\
        Technology (ICT)" -m "Category renamed in the 2025-26 return"
    """
    kw["objectives"] = _objectives(kw["key"], kw["objectives"], none=kw.pop("no_objectives"))
    record(ctx, as_json=as_json, decision=pop_decision(kw), **_given(kw))


@item.command()
@click.argument("key")
@click.option("--to", "organisation", required=True, help="The organisation it moves to.")
@decision_options(authority_required=False)
@pass_context
def transfer(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Move KEY to another organisation (department, directorate, business unit).

    \b
    Example:
      portfolio-ledger item transfer DFE-0017 --to DWP \\
        -m "Machinery of government change, 1 April 2025"
    """
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


@item.command()
@click.argument("key")
@click.option(
    "--reason",
    required=True,
    type=REASONS,
    help="Why it left: completed, bau (to business as usual), merged, stopped, descoped, "
    "no-longer-reported.",
)
@click.option("--merged-into", help="The item it merged into (with --reason merged).")
@authorisation_options
@pass_context
def leave(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Record that KEY left the portfolio, and why; it stays in the record.

    \b
    Example:
      portfolio-ledger item leave PRJ-042 --reason completed \\
        --authority "Portfolio Board" -m "Closure report accepted"
    """
    kw["reason"] = kw["reason"].lower().replace("-", " ")
    record(ctx, as_json=as_json, decision=pop_decision(kw), **pop_mandate(kw), **_given(kw))


def _objectives(key: str, given: tuple[str, ...], *, none: bool) -> tuple[str, ...] | None:
    """The objectives an amendment gives: those named, none (``()``), or None (unchanged)."""
    if none and given:
        raise click.UsageError(
            f"give the objectives {key} serves with --objective NAME (each of them), or "
            "--no-objectives for none, not both: an amendment gives all of an item's "
            "objectives, or none"
        )
    return () if none else given or None


def _given(fields: dict[str, Any]) -> dict[str, Any]:
    """The options given (so the command's own defaults apply to the rest)."""
    return {name: value for name, value in fields.items() if value is not None}
