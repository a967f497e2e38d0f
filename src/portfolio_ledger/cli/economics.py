"""``portfolio-ledger economics``: the portfolio's money, now or then, against its envelope."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.moments import as_of_option, effective_on_option
from portfolio_ledger.cli.options import json_option

OPEN_VIEWS = ("pipeline", "catalogue")


@click.command()
@as_of_option
@effective_on_option
@json_option
@pass_context
def economics(
    ctx: LedgerContext, as_of: datetime | None, effective_on: date | None, as_json: bool
) -> None:
    """Estimated cost, authorised budget and forecast by view, stage and category.

    Against the portfolio envelope where one is set: committed is the
    authorised budget of open items (pipeline and catalogue).

    \b
    Examples:
      portfolio-ledger economics
      portfolio-ledger economics --effective-on 2026-06-30 --json
    """
    from portfolio_ledger.application.views import Moment
    from portfolio_ledger.cli.portfolio import describe_moment

    result = ctx.reader.economics(Moment(as_of, effective_on))
    result["committed"] = committed(result["totals"])
    if as_json:
        render.as_json(result)
        return
    click.echo(f"Portfolio economics, {describe_moment(as_of, effective_on)}")
    for dimension in ("view", "stage", "category"):
        rows = [r for r in result["totals"] if r["dimension"] == dimension]
        render.table(
            f"By {dimension}",
            [dimension.capitalize(), "Items", "Estimated cost", "Authorised budget", "Forecast"],
            [
                [r["value"], str(r["items"])]
                + [
                    render.money(r[name], r["currency"])
                    for name in ("estimated_cost", "authorised_budget", "forecast_cost")
                ]
                for r in rows
            ],
            right=["Items", "Estimated cost", "Authorised budget", "Forecast"],
            wide={dimension.capitalize(): 40},
        )
    show_envelope(result["envelope"], result["committed"])


def committed(totals: list[dict[str, Any]]) -> dict[str, Decimal]:
    """Authorised budget of open items, by currency."""
    result: dict[str, Decimal] = {}
    for row in totals:
        if row["dimension"] == "view" and row["value"] in OPEN_VIEWS:
            result[row["currency"]] = (
                result.get(row["currency"], Decimal(0)) + row["authorised_budget"]
            )
    return result


def show_envelope(envelope: dict[str, Any] | None, commitments: dict[str, Decimal]) -> None:
    """The envelope, what open items commit of it, and the headroom."""
    if envelope is None:
        click.echo("No portfolio envelope is set (portfolio-ledger portfolio envelope AMOUNT).")
        return
    currency = envelope["currency"]
    used = commitments.get(currency, Decimal(0))
    render.fields(
        [
            ("Envelope", render.money(envelope["amount"], currency)),
            ("Committed (open items)", render.money(used, currency)),
            (
                "Headroom",
                render.money(envelope["amount"] - used, currency)
                if envelope["amount"] >= used
                else f"over by {render.money(used - envelope['amount'], currency)}",
            ),
        ]
    )
