"""``portfolio-ledger organisation add|list``: the organisations items belong to."""

from __future__ import annotations

from typing import Any

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.options import decision_options, json_option, pop_decision
from portfolio_ledger.cli.recording import record


@click.group()
def organisation() -> None:
    """Keep the list of organisations (departments, directorates, business units).

    \b
    Once a ledger keeps a list, every item's organisation must be on it,
    named by its key or name in any case; without a list, organisations are
    taken as written.
    """


@organisation.command()
@click.argument("key")
@click.option("--name", required=True, help="Its full name (e.g. 'Department for Education').")
@decision_options(authority_required=False)
@pass_context
def add(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Add the organisation KEY (such as DFE) to the ledger's list.

    \b
    Example:
      portfolio-ledger organisation add DFE --name "Department for Education" \\
        -m "Departments of the 2024-25 GMPP return"
    """
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


@organisation.command("list")
@json_option
@pass_context
def list_organisations(ctx: LedgerContext, as_json: bool) -> None:
    """List the organisations: those on the list, and those items name, with item counts.

    \b
    Example:
      portfolio-ledger organisation list
    """
    rows = ctx.reader.organisations()
    if as_json:
        render.as_json(rows)
        return
    if not rows:
        click.echo(
            "No organisations yet: items name none, and the ledger keeps no list (add one "
            "with 'portfolio-ledger organisation add KEY --name NAME')."
        )
        return
    render.table(
        f"{len(rows)} organisation{'s' if len(rows) != 1 else ''}",
        ["Key", "Name", "Listed", "Items", "Open items"],
        [
            [
                r["key"],
                render.text(r["name"]),
                "yes" if r["listed"] else "no",
                str(r["items"]),
                str(r["open_items"]),
            ]
            for r in rows
        ],
        right=["Items", "Open items"],
        wide={"Name": 50},
    )
