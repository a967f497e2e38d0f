"""``portfolio-ledger demo``: build a believable portfolio and a year of decisions."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext, pass_context

if TYPE_CHECKING:
    from portfolio_ledger.application.ledger import PortfolioLedger
    from portfolio_ledger.demo import DemoSummary
    from portfolio_ledger.projections.read_side import ReadSide


@click.command()
@click.option(
    "--force",
    is_flag=True,
    help=(
        "Add the demo to a ledger that already holds data (its items, people, boards, "
        "delegation, organisations and envelope must not be there yet)."
    ),
)
@pass_context
def demo(ctx: LedgerContext, force: bool) -> None:
    """Record a demo portfolio: 39 items of four organisations and a year of decisions.

    Its approvals and funding changes are made by an Investment Committee's
    meetings and a delegation to the CIO; one approval is refused over the
    committee's limit and made by the Executive Board instead, and one status
    report goes beyond a tolerance and escalates by itself. As in a real
    portfolio, some items join already under way (onboarded with a baseline
    from the old register, one with its figures and then its rating
    withheld), one moves to another organisation, one changes category,
    two leave the portfolio (to business as usual, merged), one approval is
    corrected, and one decision's minutes are recorded after a later report.

    Refuses a ledger that already holds data unless --force is given; it
    never changes or removes anything already recorded.

    \b
    Examples:
      portfolio-ledger demo
      portfolio-ledger demo --db demo.db
    """
    from portfolio_ledger.cli.streams import hold_interruptions
    from portfolio_ledger.demo import demo_keys, record_demo
    from portfolio_ledger.storage.urls import describe_url

    ledger = ctx.writing()
    _refuse_unless_welcome(ledger, force=force)
    # Looked at again in its transaction, under the append lock: another process may
    # record between that look and this one (one transaction; read models catch up after).
    summary = record_demo(ledger, check=lambda: _refuse_unless_welcome(ledger, force=force))
    hold_interruptions(recorded=True)  # what follows says so (as ``recording.record``)
    click.echo(f"Recorded a demo portfolio in {describe_url(ledger.url)}:")
    _say_recorded(summary, stage_counts(ctx.reader, frozenset(demo_keys())))
    _say_try_next(summary, _db_option(ctx.db))


def _refuse_unless_welcome(ledger: PortfolioLedger, *, force: bool) -> None:
    """Refuse a ledger that holds data (unless forced), or holds anything the demo makes.

    One holding the demo's items already is told so, and not to add ``--force``, which
    would be refused for them; a PostgreSQL ledger is told of another database too.
    """
    from portfolio_ledger import demo
    from portfolio_ledger.domain.errors import DecisionRefused
    from portfolio_ledger.storage.urls import describe_url

    existing = ledger.event_count()
    clashes = demo.clashing_keys(ledger)
    elsewhere = f"--db {_another_file()}" + (
        "" if ledger.url.startswith("sqlite") else ", a new SQLite file, or another database"
    )
    if clashes:
        raise DecisionRefused(
            f"the ledger already has {', '.join(clashes[:5])}"
            f"{f' and {len(clashes) - 5} more' if len(clashes) > 5 else ''}, which the demo "
            f"makes; run it on another database (e.g. {elsewhere})."
        )
    if existing and not force:
        raise DecisionRefused(
            f"the ledger at {describe_url(ledger.url)} already holds {existing:,} "
            f"event{'s' if existing != 1 else ''}; "
            f"the demo writes only into an empty ledger. Use another database "
            f"(e.g. {elsewhere}) or add --force to record the demo alongside."
        )


def _another_file() -> str:
    """A ledger file to suggest: ``demo.db``, else the first ``demo-N.db`` not there yet.

    Suggested to a demo refused a ledger; it was ``demo.db`` always, even to ``--db demo.db``.
    """
    from pathlib import Path

    number = 1
    while Path(name := "demo.db" if number == 1 else f"demo-{number}.db").exists():
        number += 1
    return name


def _say_recorded(summary: DemoSummary, stages: dict[str, int]) -> None:
    render.fields(
        [
            ("Items", f"{summary.items} ({', '.join(f'{n} {s}' for s, n in stages.items())})"),
            ("Organisations", f"{', '.join(summary.organisations)}: every item belongs to one"),
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
            ("Of note", summary.of_note()),
            *[("Refused, escalated", refusal) for refusal in summary.refused],
            *[("Automatic escalation", escalation) for escalation in summary.automatic_escalations],
            *_of_note(summary),
        ]
    )


def _of_note(summary: DemoSummary) -> list[tuple[str, str]]:
    """A line for each thing of note, naming its item."""
    onboarded = (
        [("Onboarded", f"{', '.join(summary.onboarded)}: under way, with a baseline")]
        if summary.onboarded
        else []
    )
    return onboarded + [
        (name, note)
        for name, notes in (
            ("Transferred", summary.transferred),
            ("Category changed", summary.recategorised),
            ("Left", summary.left),
            ("Withheld", summary.withheld),
            ("Corrected", summary.corrected),
            ("Recorded late", summary.recorded_late),
        )
        for note in notes
    ]


def _db_option(db: str | None) -> str:
    """``--db DB `` when a bare command would open another ledger than the demo's, else nothing.

    Without it, the commands suggested after ``demo --db demo.db`` would read the default
    ledger. A password in the URL is hidden, as everywhere the URL is printed.
    """
    import os
    import shlex

    from portfolio_ledger.storage.urls import printable_url

    if db is None or db == os.environ.get("PORTFOLIO_LEDGER_DB"):
        return ""
    return f"--db {shlex.quote(printable_url(db))} "


def _say_try_next(summary: DemoSummary, db: str = "") -> None:
    last = summary.last_effective
    midyear = last - timedelta(days=182) if last else None
    corrected = (summary.corrected_keys or ["PRJ-001"])[0]
    click.echo("Try next:")
    for line in (
        "portfolio-ledger portfolio --stage pipeline",
        "portfolio-ledger portfolio --by organisation",
        "portfolio-ledger economics --by organisation",
        f"portfolio-ledger item history {corrected}",
        f"portfolio-ledger audit authority {corrected}",
        f"portfolio-ledger portfolio --effective-on {last} --stage catalogue",
        f"portfolio-ledger portfolio diff --effective {midyear} {last}",
        "portfolio-ledger audit trail --item PRJ-001",
        "portfolio-ledger board show IC",
        "portfolio-ledger audit authority PGM-002",
    ):
        click.echo(f"  {line.replace('portfolio-ledger ', f'portfolio-ledger {db}', 1)}")


def stage_counts(reader: ReadSide, keys: frozenset[str]) -> dict[str, int]:
    """How many of the items ``keys`` names are in each stage, in lifecycle order.

    The demo's own items only: with --force the ledger holds others beside them.
    """
    from collections import Counter

    from portfolio_ledger.application.selection import Moment
    from portfolio_ledger.domain.lifecycle import Stage

    counts = Counter(row["stage"] for row in reader.portfolio(Moment()) if row["key"] in keys)
    return {stage.value: counts[stage.value] for stage in Stage if counts[stage.value]}
