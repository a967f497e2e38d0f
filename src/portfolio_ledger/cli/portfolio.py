"""``portfolio-ledger portfolio``: the portfolio now or at a moment, what changed, its envelope."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext
from portfolio_ledger.cli.moments import DAY, MOMENT, as_of_option, effective_on_option
from portfolio_ledger.cli.options import decision_options, json_option, stage_option, stages_for
from portfolio_ledger.cli.recording import record


def describe_moment(as_of: datetime | None, effective_on: date | None) -> str:
    """Say which moment a view is of."""
    parts = []
    if as_of is not None:
        parts.append(f"as recorded by {as_of.isoformat()}")
    if effective_on is not None:
        parts.append(f"in effect on {effective_on.isoformat()}")
    return ", ".join(parts) or "now"


@click.group(invoke_without_command=True)
@stage_option
@as_of_option
@effective_on_option
@json_option
@click.pass_context
def portfolio(
    click_ctx: click.Context,
    stage: str | None,
    as_of: datetime | None,
    effective_on: date | None,
    as_json: bool,
) -> None:
    """The portfolio now, or as it stood at a moment on either clock.

    \b
    Examples:
      portfolio-ledger portfolio --stage pipeline
      portfolio-ledger portfolio --as-of 2026-06-30
      portfolio-ledger portfolio --effective-on 2026-03-31 --stage catalogue
      portfolio-ledger portfolio diff 2026-03-31 2026-06-30 --effective
    """
    if click_ctx.invoked_subcommand is not None:
        return
    from portfolio_ledger.application.views import Moment
    from portfolio_ledger.cli.views import show_portfolio

    reader = click_ctx.ensure_object(LedgerContext).reader
    rows = reader.portfolio(Moment(as_of, effective_on), stages_for(stage))
    if as_json:
        render.as_json(rows)
        return
    title = f"{len(rows)} item{'s' if len(rows) != 1 else ''}"
    title += f" ({stage})" if stage else ""
    show_portfolio(rows, f"{title}, {describe_moment(as_of, effective_on)}")


@portfolio.command()
@click.argument("start", metavar="FROM")
@click.argument("end", metavar="TO")
@click.option(
    "--effective", is_flag=True, help="Compare on the effective clock (FROM and TO are days)."
)
@json_option
@click.pass_obj
def diff(ctx: LedgerContext, start: str, end: str, effective: bool, as_json: bool) -> None:
    """What changed between two moments: items added, stage, budget, forecast, rank and RAG.

    FROM and TO are times on the recorded clock (a bare date is the end of
    that day, UTC), or with --effective days on the effective clock: for
    comparing two board meetings.

    \b
    Examples:
      portfolio-ledger portfolio diff 2026-11-01 2026-11-21
      portfolio-ledger portfolio diff 2026-03-31 2026-06-30 --effective
    """
    from portfolio_ledger.application.views import Moment

    if effective:
        moments = [Moment(effective_on=DAY.convert(v, None, None)) for v in (start, end)]
    else:
        moments = [Moment(as_of=MOMENT.convert(v, None, None)) for v in (start, end)]
    changes = ctx.reader.diff(moments[0], moments[1])
    if as_json:
        render.as_json(changes)
        return
    clock = "effective" if effective else "recorded"
    added = sum(1 for c in changes if c["change"] == "added")
    changed = len({c["key"] for c in changes if c["change"] != "added"})
    render.table(
        f"Between {start} and {end} ({clock} clock): {added} added, {changed} changed",
        ["Key", "Title", "Change", "From", "To"],
        [
            [c["key"], c["title"], _label(c["change"]), _value(c, "before"), _value(c, "after")]
            for c in changes
        ],
        wide={"Title": 40},
    )


def _label(change: str) -> str:
    return {
        "authorised_budget": "budget",
        "forecast_cost": "forecast",
        "priority_rank": "rank",
        "rag": "RAG",
    }.get(change, change)


def _value(change: dict[str, Any], side: str) -> str:
    value = change[side]
    if change["change"] in {"authorised_budget", "forecast_cost"}:
        return render.money(value, change["currency"])
    return render.text(value)


@portfolio.command()
@click.argument("amount")
@decision_options(authority_required=True)
@click.pass_obj
def envelope(ctx: LedgerContext, /, amount: str, as_json: bool, **decision: Any) -> None:
    """Set or change the portfolio envelope: the money its items are funded from.

    \b
    Example:
      portfolio-ledger portfolio envelope "GBP 250,000,000" \\
        --authority "Investment Committee" -m "Approved capital plan 2026/27"
    """
    record(ctx, as_json=as_json, decision=decision, envelope=amount)
