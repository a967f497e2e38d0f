"""``portfolio-ledger board ...``: constitute boards, seat members, set quorum and limit; show."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.moments import as_of_option, effective_on_option
from portfolio_ledger.cli.options import (
    Spoken,
    WholeNumber,
    decision_options,
    json_option,
    pop_decision,
)
from portfolio_ledger.cli.person_keys import person_key
from portfolio_ledger.cli.recording import record


@click.group()
def board() -> None:
    """Constitute governance boards, appoint and stand down members, set quorum and limit.

    \b
    Each change takes effect from its --effective-date; 'board show KEY
    --effective-on DAY' shows the board as it stood that day, which is what
    the ledger checks decisions against.
    """


def _limit(kw: dict[str, Any]) -> str | None:
    limit, unlimited = kw.pop("limit"), kw.pop("unlimited")
    if limit is not None and unlimited:
        raise click.UsageError(
            "give the board's limit with --limit AMOUNT, or --unlimited, not both: a board "
            "either has a limit or has none"
        )
    if limit is None and not unlimited:
        raise click.UsageError(
            "give the board's limit with --limit AMOUNT, or --unlimited for a board with no limit"
        )
    return limit  # type: ignore[no-any-return]


limit_options = [
    click.option(
        "--limit",
        metavar="AMOUNT",
        help="The most the board may authorise for one item (its cumulative budget).",
    ),
    click.option("--unlimited", is_flag=True, help="The board has no limit (the top board)."),
]


@board.command()
@click.argument("key")
@click.option("--name", required=True, help="The board's name, e.g. 'Investment Committee'.")
@click.option("--terms", "terms_of_reference", required=True, help="Its terms of reference.")
@limit_options[0]
@limit_options[1]
@click.option("--escalates-to", metavar="KEY", help="The board above it, where it escalates.")
@click.option(
    "--quorum", required=True, type=WholeNumber(), help="Members who must be present to decide."
)
@decision_options(authority_required=True)
@pass_context
def create(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Constitute a board under KEY (such as IC), with its limit, parent and quorum.

    \b
    Example:
      portfolio-ledger board create IC --name "Investment Committee" \\
        --terms "Approves capital investment up to its limit" \\
        --limit "GBP 5,000,000" --escalates-to EXB --quorum 3 \\
        --authority "Executive Board" -m "Constituted by the Executive Board"
    """
    kw["limit"] = _limit(kw)
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


@board.command()
@click.argument("key")
@click.argument("person", callback=person_key)
@click.option(
    "--as",
    "seat",
    type=Spoken(["chair", "member"], case_sensitive=False),
    default="member",
    show_default=True,
    help="The seat: one chair per board.",
)
@decision_options(authority_required=True)
@pass_context
def appoint(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Appoint PERSON (a registered person's key) to board KEY.

    \b
    Example:
      portfolio-ledger board appoint IC hcarter --as chair \\
        --authority "Executive Board" -m "Chair from January"
    """
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


@board.command("stand-down")
@click.argument("key")
@click.argument("person", callback=person_key)
@decision_options(authority_required=True)
@pass_context
def stand_down(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """PERSON stands down from board KEY, with effect from the effective date.

    \b
    Example:
      portfolio-ledger board stand-down IC cdubois --authority "Executive Board" \\
        -m "Term ended" --effective-date 2026-06-30
    """
    record(
        ctx,
        as_json=as_json,
        decision=pop_decision(kw),
        **kw,
    )


@board.command("set-quorum")
@click.argument("key")
@click.argument("quorum", type=WholeNumber())
@decision_options(authority_required=True)
@pass_context
def set_quorum(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Set how many members of board KEY must be present for it to decide.

    \b
    Example:
      portfolio-ledger board set-quorum IC 4 --authority "Executive Board" \\
        -m "Terms of reference revised"
    """
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


@board.command("set-limit")
@click.argument("key")
@limit_options[0]
@limit_options[1]
@decision_options(authority_required=True)
@pass_context
def set_limit(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Set the most board KEY may authorise for one item (or no limit).

    \b
    Example:
      portfolio-ledger board set-limit IC --limit "GBP 10,000,000" \\
        --authority "Executive Board" -m "Scheme of delegation 2027"
    """
    kw["limit"] = _limit(kw)
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)


@board.command()
@click.argument("key")
@as_of_option
@effective_on_option
@json_option
@pass_context
def show(
    ctx: LedgerContext,
    key: str,
    as_of: datetime | None,
    effective_on: date | None,
    as_json: bool,
) -> None:
    """Show board KEY: limit, parent, quorum and members, now or as it stood.

    \b
    Examples:
      portfolio-ledger board show IC
      portfolio-ledger board show IC --effective-on 2026-03-31 --json
    """
    from portfolio_ledger.application.selection import Moment

    moment = Moment(as_of, effective_on)
    view = ctx.reader.board(key, moment)
    if as_json:
        render.as_json(view.model_dump(mode="json"))
        return
    from portfolio_ledger.cli.governance_views import show_board

    show_board(view, moment)


@board.command("list")
@as_of_option
@effective_on_option
@json_option
@pass_context
def list_boards(
    ctx: LedgerContext, as_of: datetime | None, effective_on: date | None, as_json: bool
) -> None:
    """List the boards (now, or as they stood on a day or at a recorded moment).

    \b
    Examples:
      portfolio-ledger board list
      portfolio-ledger board list --effective-on 2026-03-31 --json
    """
    from portfolio_ledger.application.selection import Moment

    moment = Moment(as_of, effective_on)
    boards = ctx.reader.boards(moment)
    if as_json:
        render.as_json([b.model_dump(mode="json") for b in boards])
        return
    from portfolio_ledger.cli.governance_views import show_boards

    show_boards(boards, moment)
