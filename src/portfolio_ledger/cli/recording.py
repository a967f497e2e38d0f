"""Run a write command: build the validated command, hand it to the ledger, say what was recorded.

The command is the one the registry declares under the click command's own
path (``item approve`` for ``portfolio-ledger item approve``): the command
line names no model and no handler.
"""

from __future__ import annotations

from typing import Any

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext
from portfolio_ledger.cli.errors import InvalidOptions, field_errors, option_spellings
from portfolio_ledger.cli.options import decision_fields
from portfolio_ledger.cli.streams import hold_interruptions
from portfolio_ledger.domain.lines import one_line


def record(ctx: LedgerContext, *, as_json: bool, decision: dict[str, Any], **fields: Any) -> None:
    """Validate ``fields`` as the invoked command's model, record it, print the result."""
    from pydantic import ValidationError

    from portfolio_ledger.application.field_wording import may_be_left_out
    from portfolio_ledger.application.registry import resolve

    context = click.get_current_context()
    model = resolve(_command_name(context)).model
    values = {**decision_fields(**decision), **fields}
    # Validation happens here, before the database is even opened.
    try:
        validated = model(**values)
    except ValidationError as error:  # worded with the options as typed, not the fields
        spelt = option_spellings(context.command, context)  # and from where, if not typed
        raise InvalidOptions(field_errors(error, spelt, may_be_left_out(model))) from None
    recorded = ctx.writing().handle(validated)
    hold_interruptions(recorded=True)  # what follows says so, and is not cut short
    if model.__name__ in GOVERNING and recorded.position is not None and not recorded.repeated:
        lost = ctx.reader.authority_lost(recorded.position)
        if lost is not None:
            recorded.warnings.append(lost)
    if as_json:
        render.as_json(recorded.model_dump(mode="json"))
    elif recorded.repeated:
        click.echo(
            f"Already recorded (request {validated.request_id}): {recorded.key}: "
            f"{one_line(recorded.summary)}; nothing new was written."
        )
    else:
        for brought in recorded.earlier:  # what the command recorded before its last event
            click.echo(f"Recorded {recorded.key}: {one_line(brought.summary)}")
            click.echo(f"  version {brought.version} of {recorded.key}, ledger position "
                       f"{brought.position}")  # fmt: skip
        click.echo(f"Recorded {recorded.key}: {one_line(recorded.summary)}")
    if not as_json:
        click.echo(
            f"  version {recorded.version} of {recorded.key}, ledger position "
            f"{recorded.position}, recorded {render.when(recorded.recorded_at)}"
        )
    for warning in recorded.warnings:
        click.echo(f"Warning: {warning}", err=True)


GOVERNING = frozenset(
    {"StandDownMember", "SetQuorum", "SetBoardLimit", "RevokeDelegation", "CorrectDecision",
     "AnnulDecision"}
)  # fmt: skip
"""The commands that may take authority from decisions already recorded (``authority_lost``):
a correction or annulment is one where it puts a governance decision right. An import warns
of the same commands' lines (``cli/imports.py``, ``import_report.say_authority_lost``)."""


def _command_name(context: click.Context) -> str:
    """The invoked command's name below the top group (``item approve``)."""
    names: list[str] = []
    while context.parent is not None:
        names.append(context.info_name or "")
        context = context.parent
    return " ".join(reversed(names))
