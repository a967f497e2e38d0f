"""Run a write command: build the validated command, ask the ledger, report what was recorded."""

from __future__ import annotations

from typing import Any

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext
from portfolio_ledger.cli.options import decision_fields


def record(
    ctx: LedgerContext,
    method: str,
    command: str,
    *,
    as_json: bool,
    decision: dict[str, Any],
    **fields: Any,
) -> None:
    """Validate ``fields`` as ``commands.<command>``, call ``ledger.<method>``, print the result."""
    from portfolio_ledger.application import commands

    values = {**decision_fields(**decision), **fields}
    # Validation happens here, before the database is even opened.
    validated = getattr(commands, command)(**values)
    recorded = getattr(ctx.ledger, method)(validated)
    if as_json:
        render.as_json(recorded.model_dump(mode="json"))
    elif recorded.repeated:
        click.echo(
            f"Already recorded (request {validated.request_id}): {recorded.key}: "
            f"{recorded.summary}; nothing new was written."
        )
    else:
        click.echo(f"Recorded {recorded.key}: {recorded.summary}")
    if not as_json:
        click.echo(
            f"  version {recorded.version} of {recorded.key}, ledger position "
            f"{recorded.position}, recorded {render.when(recorded.recorded_at)}"
        )
    for warning in recorded.warnings:
        click.echo(f"Warning: {warning}", err=True)
