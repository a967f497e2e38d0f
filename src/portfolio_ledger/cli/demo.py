"""``portfolio-ledger demo``: build a believable portfolio and a year of decisions."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext, pass_context

if TYPE_CHECKING:
    from portfolio_ledger.demo import DemoSummary
    from portfolio_ledger.projections.read_side import ReadSide


@click.command()
@click.option(
    "--force",
    is_flag=True,
    help="Add the demo to a ledger that already holds data (its keys must be free).",
)
@pass_context
def demo(ctx: LedgerContext, force: bool) -> None:
    """Record a demo portfolio: 36 items and a year of decisions by several people.

    Its approvals and funding changes are made by an Investment Committee's
    meetings and a delegation to the CIO; one approval is refused over the
    committee's limit and made by the Executive Board instead, and one status
    report goes beyond a tolerance and escalates by itself.

    Refuses a ledger that already holds data unless --force is given; it
    never changes or removes anything already recorded.

    \b
    Examples:
      portfolio-ledger demo
      portfolio-ledger demo --db demo.db
    """
    from portfolio_ledger.demo import clashing_keys, record_demo
    from portfolio_ledger.domain.errors import DecisionRefused
    from portfolio_ledger.storage.urls import describe_url

    ledger = ctx.ledger
    existing = ledger.event_count()
    if existing and not force:
        raise DecisionRefused(
            f"the ledger at {describe_url(ledger.url)} already holds {existing:,} events; "
            "the demo writes only into an empty ledger. Use another database "
            "(e.g. --db demo.db) or add --force to record the demo alongside."
        )
    clashes = clashing_keys(ledger)
    if clashes:
        raise DecisionRefused(
            f"the ledger already has items {', '.join(clashes[:5])}"
            f"{' ...' if len(clashes) > 5 else ''} which the demo uses; run it on "
            "another database (e.g. --db demo.db)."
        )
    summary = record_demo(ledger)  # one transaction; the read models catch up once, after
    click.echo(f"Recorded a demo portfolio in {describe_url(ledger.url)}:")
    _say_recorded(summary, stage_counts(ctx.reader))
    _say_try_next(summary)


def _say_recorded(summary: DemoSummary, stages: dict[str, int]) -> None:
    render.fields(
        [
            ("Items", f"{summary.items} ({', '.join(f'{n} {s}' for s, n in stages.items())})"),
            ("Decisions", f"{summary.events:,} events by {len(summary.actors)} people"),
            (
                "Effective dates",
                f"{render.when(summary.first_effective)} to {render.when(summary.last_effective)}",
            ),
            (
                "Governance",
                (
                    f"{summary.people} people, {summary.boards} boards, "
                    f"{summary.delegations} delegation"
                ),
            ),
            *[("Refused, escalated", refusal) for refusal in summary.refused],
            *[("Automatic escalation", escalation) for escalation in summary.automatic_escalations],
        ]
    )


def _say_try_next(summary: DemoSummary) -> None:
    midyear = summary.last_effective - timedelta(days=90) if summary.last_effective else None
    click.echo("Try next:")
    for line in (
        "portfolio-ledger portfolio --stage pipeline",
        "portfolio-ledger item history PRJ-001",
        f"portfolio-ledger portfolio --effective-on {summary.last_effective} --stage catalogue",
        f"portfolio-ledger portfolio diff --effective {midyear} {summary.last_effective}",
        "portfolio-ledger economics",
        "portfolio-ledger audit trail --item PRJ-001",
        "portfolio-ledger board show IC",
        "portfolio-ledger audit authority PGM-002",
    ):
        click.echo(f"  {line}")


def stage_counts(reader: ReadSide) -> dict[str, int]:
    """How many items are in each stage, in lifecycle order."""
    from collections import Counter

    from portfolio_ledger.application.views import Moment
    from portfolio_ledger.domain.lifecycle import Stage

    counts = Counter(row["stage"] for row in reader.portfolio(Moment()))
    return {stage.value: counts[stage.value] for stage in Stage if counts[stage.value]}
