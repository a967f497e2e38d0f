"""``portfolio-ledger projections ...``: the read models' status, and rebuilding them."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.errors import REFUSED
from portfolio_ledger.cli.options import Spoken, json_option
from portfolio_ledger.cli.streams import done

if TYPE_CHECKING:
    from portfolio_ledger.projections.status import ProjectionStatus


EMPTIED = "emptied as this command opened the ledger"
"""Why a read model an upgrade reset as the command opened the ledger awaits a rebuild."""


@click.group()
def projections() -> None:
    """The read models kept beside the events: how far they have read; rebuild them."""


@projections.command()
@json_option
@pass_context
def status(ctx: LedgerContext, as_json: bool) -> None:
    """Each read model's position, the ledger's head, the lag between them, and its size.

    It does not catch up first: it shows the read models as they are. A read
    model that says it has read past the ledger's last event, or whose
    audit trail does not hold one row per position read, is named, with exit
    status 1; 'portfolio-ledger audit verify --read-models' checks every row.

    \b
    Example:
      portfolio-ledger projections status
    """
    rows = ctx.own_reader.status()
    problems = [f"{r.name} {r.problem}" for r in rows if r.problem is not None]
    if as_json:
        keys = ("name", "position", "head", "lag", "rows", "problem")
        render.as_json(
            [
                {key: getattr(r, key) for key in keys}
                | {"stale": EMPTIED if r.name in ctx.reset_at_open else r.stale}
                for r in rows
            ]
        )
    else:
        _show_status(rows, problems, ctx.reset_at_open)
    if problems:
        raise click.exceptions.Exit(REFUSED)


def _show_status(rows: list[ProjectionStatus], problems: list[str], reset: list[str]) -> None:
    render.table(
        "Read models",
        ["Projection", "Position", "Head", "Lag", "Rows", "Check"],
        [
            [
                r.name,
                f"{r.position:,}",
                f"{r.head:,}",
                f"{r.lag:,}",
                f"{r.rows:,}",
                "WRONG"
                if r.problem is not None
                else "rebuild"
                if r.stale or r.name in reset
                else "ok",
            ]
            for r in rows
        ],
        right=["Position", "Head", "Lag", "Rows"],
    )
    for r in rows:
        if r.stale is not None:
            click.echo(
                f"To rebuild: {r.name}, {r.stale}: rebuilt from the events when the ledger is "
                "next opened with write access (this connection may only read).",
                err=True,
            )
    if reset:
        click.echo(
            f"To rebuild: {', '.join(reset)}: {EMPTIED} (see the warnings above), hence position "
            "0; the next command that reads them rebuilds them from the events, or "
            "'portfolio-ledger projections rebuild' does so now.",
            err=True,
        )
    for problem in problems:
        click.echo(f"Problem: {problem}.", err=True)
    if problems:
        click.echo(
            "The read models are a cache of the events: check the events with "
            "'portfolio-ledger audit verify', then run 'portfolio-ledger projections rebuild'.",
            err=True,
        )


@projections.command()
@click.argument(
    "names",
    nargs=-1,
    metavar="[NAME]...",
    type=Spoken(
        # The read models' names, in their order (tests/behaviour/test_help_agrees.py checks)
        ["portfolio_items", "audit_trail", "item_timeline", "economics", "held_values"],
        case_sensitive=False,
    ),
)
@pass_context
def rebuild(ctx: LedgerContext, names: tuple[str, ...]) -> None:
    """Rebuild read models from the first event, into fresh tables swapped in at the end.

    Readers keep the current tables until the swap; a rebuild that is
    stopped midway leaves them as they were. With no NAME, all are rebuilt;
    NAMEs (any case, any order) are rebuilt once each, in the order
    'projections status' lists them. It does not catch up first, so it also
    mends read models that cannot catch up (after an upgrade that added
    columns, say).

    \b
    Examples:
      portfolio-ledger projections rebuild
      portfolio-ledger projections rebuild audit_trail item_timeline
    """
    targets = ctx.own_reader.names(names)
    started = time.perf_counter()

    def waiting() -> None:
        click.echo("Another rebuild is running; waiting for it to finish ...", err=True)

    with render.progress("Rebuilding") as advance:
        position = ctx.own_reader.rebuild(targets, advance, on_wait=waiting)
    seconds = time.perf_counter() - started
    done("the read models it rebuilt stand")
    click.echo(f"Rebuilt {', '.join(targets)} from {position:,} events in {seconds:.1f} s.")
