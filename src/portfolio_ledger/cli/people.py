"""``portfolio-ledger person ...``: register the people who govern, and list them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.moments import as_of_option, effective_on_option
from portfolio_ledger.cli.options import decision_options, json_option, pop_decision
from portfolio_ledger.cli.recording import record
from portfolio_ledger.domain.change_words import names_in_words


@click.group()
def person() -> None:
    """Register people (board members, delegates) and list them.

    \b
    Governed decisions name people by the key they are registered under
    (e.g. hcarter); the record shows their registered name.
    """


@person.command()
@click.argument("key")
@click.option("--name", required=True, help="Their name, as the record should show it.")
@click.option(
    "--holds",
    "roles",
    multiple=True,
    metavar="ROLE",
    help="A role or post they hold (e.g. 'Chief Finance Officer'). Repeatable.",
)
@decision_options(authority_required=False)
@pass_context
def add(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Register a person under KEY (letters, digits, '-', '_', '.'; case-insensitive).

    An item whose sponsor or proposer is written as the person's key, name or
    one of the roles they hold counts as theirs for segregation of duties.

    \b
    Example:
      portfolio-ledger person add hcarter --name "Helen Carter" \\
        --holds "Chief Operating Officer" -m "Appointed COO" --effective-date 2026-01-05
    """
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


@person.command("list")
@as_of_option
@effective_on_option
@json_option
@pass_context
def list_people(
    ctx: LedgerContext, as_of: datetime | None, effective_on: date | None, as_json: bool
) -> None:
    """List the people registered (now, or by a day or a recorded moment).

    \b
    Examples:
      portfolio-ledger person list
      portfolio-ledger person list --effective-on 2026-03-31 --json
    """
    from portfolio_ledger.application.selection import Moment
    from portfolio_ledger.cli.governance_views import at_moment

    moment = Moment(as_of, effective_on)
    people = ctx.reader.people(moment)
    if as_json:
        render.as_json([p.model_dump(mode="json") for p in people])
        return
    render.table(
        f"{len(people)} {'person' if len(people) == 1 else 'people'}{at_moment(moment)}",
        ["Key", "Name", "Holds", "Registered"],
        [
            [p.key, p.name, names_in_words(p.roles) or "-", render.when(p.registered_on)]
            for p in people
        ],
        wide={"Holds": 40},
    )
