"""``portfolio-ledger economics``: the portfolio's money, now or then, against its envelope."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.filters import BY_CHOICES, explain_empty, item_filter, item_filter_options
from portfolio_ledger.cli.moments import as_of_option, effective_on_option
from portfolio_ledger.cli.options import json_option

OPEN_VIEWS = ("pipeline", "catalogue")
NONE = {"rag": "not reported", "organisation": "no organisation"}
"""What the items with no value for a dimension are called."""
FIGURES = (
    ("whole_life_cost", "Whole-life cost"),
    ("authorised_budget", "Authorised budget"),
    ("forecast_cost", "Forecast"),
)


@click.command()
@item_filter_options
@click.option(
    "--by",
    "dimensions",
    multiple=True,
    type=click.Choice(BY_CHOICES, case_sensitive=False),
    help="Only these breakdowns (default: all). Repeatable.",
)
@as_of_option
@effective_on_option
@json_option
@pass_context
def economics(
    ctx: LedgerContext,
    /,
    dimensions: tuple[str, ...],
    as_of: datetime | None,
    effective_on: date | None,
    as_json: bool,
    **filters: Any,
) -> None:
    """Items and their money by view, stage, category, organisation, kind and RAG.

    Totals add only figures that are known (a dash where no item's is);
    beside them, how many items' figures are withheld or not known, so a
    total says what it leaves out.
    Against the portfolio envelope where one is set: committed is the
    authorised budget of open items (pipeline and catalogue).

    \b
    Examples:
      portfolio-ledger economics
      portfolio-ledger economics --by organisation --effective-on 2025-09-30
      portfolio-ledger economics --organisation DFE --json
    """
    from portfolio_ledger.application.views import Moment
    from portfolio_ledger.cli.portfolio import describe_moment

    where = item_filter(**filters)
    result = ctx.reader.economics(Moment(as_of, effective_on), where)
    result["committed"] = committed(result["totals"])
    if as_json:
        render.as_json(result)
        return
    if not result["totals"]:
        click.echo(explain_empty(ctx.reader, where))
        return
    scope = f" ({where.describe()})" if where.by_column() else ""
    click.echo(f"Portfolio economics{scope}, {describe_moment(as_of, effective_on)}")
    for dimension in dimensions or BY_CHOICES:
        rows = [r for r in result["totals"] if r["dimension"] == dimension]
        _breakdown(dimension, rows)
    show_envelope(result["envelope"], result["committed"])


def _breakdown(dimension: str, rows: list[dict[str, Any]]) -> None:
    heading = "RAG" if dimension == "rag" else dimension.capitalize()
    names = [label for _, label in FIGURES]
    render.table(
        f"By {heading.lower() if dimension != 'rag' else heading}",
        [heading, "Items", *names, "Withheld / not known"],
        [
            [r["value"] or NONE.get(dimension, "none"), str(r["items"])]
            + [
                render.money(r[name], r["currency"]) if r[f"{name}_known"] else "-"
                for name, _ in FIGURES
            ]
            + [_missing(r)]
            for r in rows
        ],
        right=["Items", *names],
        wide={heading: 40, "Withheld / not known": 30},
    )


def _missing(row: dict[str, Any]) -> str:
    """``whole-life 3 withheld, 1 not known``: the figures a row's totals leave out."""
    parts = []
    for name, label in FIGURES:
        withheld, unknown = row[f"{name}_withheld"], row[f"{name}_not_known"]
        said = [f"{n} {what}" for n, what in ((withheld, "withheld"), (unknown, "not known")) if n]
        if said:
            parts.append(f"{label.split()[0].lower()} {', '.join(said)}")
    return "; ".join(parts) or "-"


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
