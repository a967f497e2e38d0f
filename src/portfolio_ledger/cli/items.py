"""``portfolio-ledger items list``: the portfolio's items, in priority order."""

from __future__ import annotations

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.options import STAGE_CHOICES, json_option


@click.group()
def items() -> None:
    """List the portfolio's items."""


@items.command("list")
@click.option(
    "--stage",
    type=click.Choice(STAGE_CHOICES, case_sensitive=False),
    help="Only one view (pipeline, catalogue, retired, closed) or one stage.",
)
@json_option
@pass_context
def list_items(ctx: LedgerContext, stage: str | None, as_json: bool) -> None:
    """List items in priority order (unranked last), optionally one view or stage.

    \b
    Examples:
      portfolio-ledger items list
      portfolio-ledger items list --stage pipeline
      portfolio-ledger items list --stage in-delivery --json
    """
    from portfolio_ledger.domain.lifecycle import Stage, View, stages_in

    stages: list[str] | None = None
    if stage is not None:
        name = stage.lower().replace("-", " ")
        if name in {v.value for v in View}:
            stages = [s.value for s in stages_in(View(name))]
        else:
            stages = [Stage(name).value]
    rows = ctx.projections.items(stages)
    if as_json:
        render.as_json(rows)
        return
    render.table(
        f"{len(rows)} item{'s' if len(rows) != 1 else ''}" + (f" ({stage})" if stage else ""),
        ["Rank", "Key", "Kind", "Title", "Stage", "Owner", "Budget", "Forecast", "RAG", "Esc"],
        [
            [
                render.text(r["priority_rank"]),
                r["key"],
                r["kind"],
                r["title"],
                r["stage"],
                r["owner"],
                render.money(r["authorised_budget"], r["currency"]),
                render.money(r["forecast_cost"], r["currency"]),
                render.text(r["rag"]),
                str(r["open_escalations"]),
            ]
            for r in rows
        ],
        right=["Rank", "Budget", "Forecast", "Esc"],
        wide={"Title": 40, "Owner": 24},
    )
