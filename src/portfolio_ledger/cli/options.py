"""Options shared by commands: the governance metadata of a decision, and --json."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

STAGE_CHOICES = (
    "pipeline",
    "catalogue",
    "retired",
    "closed",
    "proposed",
    "appraised",
    "deferred",
    "approved",
    "in-delivery",
    "paused",
    "live",
    "rejected",
    "cancelled",
)


def decision_options(*, authority_required: bool) -> Callable[[F], F]:
    """Add --actor, --role, --authority, --rationale, --effective-date, --ref and --json."""

    def decorate(function: F) -> F:
        authority_help = "Authority the decision is made under: a board or a named delegation." + (
            " Required." if authority_required else " Optional for this record."
        )
        for option in reversed(
            [
                click.option(
                    "--actor",
                    envvar="PORTFOLIO_LEDGER_ACTOR",
                    metavar="NAME",
                    help="Who decides. Default: $PORTFOLIO_LEDGER_ACTOR.",
                ),
                click.option(
                    "--role",
                    envvar="PORTFOLIO_LEDGER_ROLE",
                    metavar="ROLE",
                    help="In what role. Default: $PORTFOLIO_LEDGER_ROLE.",
                ),
                click.option("--authority", metavar="AUTHORITY", help=authority_help),
                click.option(
                    "--rationale", "-m", metavar="TEXT", help="Why: required, never blank."
                ),
                click.option(
                    "--effective-date",
                    metavar="YYYY-MM-DD",
                    help="When it took effect (today or earlier). Default: today.",
                ),
                click.option(
                    "--ref",
                    "references",
                    multiple=True,
                    metavar="REF",
                    help="A reference: minutes, paper, ticket. Repeatable.",
                ),
                json_option,
            ]
        ):
            function = option(function)
        return function

    return decorate


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def decision_fields(
    *,
    actor: str | None,
    role: str | None,
    authority: str | None,
    rationale: str | None,
    effective_date: str | None,
    references: tuple[str, ...],
) -> dict[str, Any]:
    """The command fields for the decision options; no actor or role, no decision."""
    if not actor or not actor.strip():
        raise click.UsageError(
            "no actor: every decision records who made it. Pass --actor NAME or set "
            "PORTFOLIO_LEDGER_ACTOR."
        )
    if not role or not role.strip():
        raise click.UsageError(
            "no role: every decision records the role it was made in. Pass --role ROLE "
            "or set PORTFOLIO_LEDGER_ROLE."
        )
    fields: dict[str, Any] = {
        "actor": actor,
        "role": role,
        "authority": authority,
        "rationale": rationale if rationale is not None else "",
        "references": references,
    }
    if effective_date is not None:
        fields["effective_date"] = effective_date
    return fields


def stages_for(choice: str | None) -> list[str] | None:
    """The stages a --stage value names: a view's stages, one stage, or all (None)."""
    if choice is None:
        return None
    from portfolio_ledger.domain.lifecycle import Stage, View, stages_in

    name = choice.lower().replace("-", " ")
    if name in {view.value for view in View}:
        return [stage.value for stage in stages_in(View(name))]
    return [Stage(name).value]


stage_option = click.option(
    "--stage",
    type=click.Choice(STAGE_CHOICES, case_sensitive=False),
    help="Only one view (pipeline, catalogue, retired, closed) or one stage.",
)
