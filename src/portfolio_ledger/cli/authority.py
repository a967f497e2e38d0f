"""``portfolio-ledger authority ...``: delegated authority, made and revoked by a board."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.mandates import attendance_fields, attendance_options
from portfolio_ledger.cli.moments import DAY_AS_WRITTEN, as_of_option, effective_on_option
from portfolio_ledger.cli.options import (
    decision_options,
    json_option,
    pop_decision,
    refuse_blank_filter,
)
from portfolio_ledger.cli.person_keys import person_key
from portfolio_ledger.cli.recording import record


@click.group()
def authority() -> None:
    """Delegate a board's authority to a person, revoke it, list delegations.

    \b
    A delegation lets one person approve or fund items up to a limit,
    perhaps only for some categories and for a window of time. Both the
    delegation and its revocation are decisions of the board's meeting:
    record who was present (--present) and how each voted (--vote).
    """


@authority.command()
@click.argument("key")
@click.option("--board", required=True, metavar="KEY", help="The board delegating its authority.")
@click.option(
    "--to", required=True, metavar="PERSON", callback=person_key, help="The delegate's person key."
)
@click.option("--limit", required=True, metavar="AMOUNT", help="The most an item's budget may be.")
@click.option(
    "--category",
    "categories",
    multiple=True,
    help="Only items of this category. Repeatable. Default: every category.",
)
@click.option(
    "--from", "valid_from", type=DAY_AS_WRITTEN, help="Valid from. Default: the effective date."
)
@click.option(
    "--until", "valid_to", type=DAY_AS_WRITTEN, help="Valid until (inclusive; on or after --from)."
)
@attendance_options
@decision_options(authority_required=None)
@pass_context
def delegate(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Delegate a board's authority to a person, under a key of its own (such as DEL-001).

    The limit cannot exceed the board's own; the board's meeting must be
    quorate and carry the decision, recorded by a member (--actor KEY). The
    delegate neither records it nor votes on it: list them --present without a
    vote (they do not count towards the quorum), or leave them out.

    \b
    Example:
      portfolio-ledger authority delegate DEL-001 --board IC --to mlee \\
        --limit "GBP 1,000,000" --category Infrastructure --until 2027-03-31 \\
        --present hcarter,mlee,cdubois --vote hcarter=for,cdubois=for \\
        --actor hcarter -m "CIO may approve infrastructure items"
    """
    fields = attendance_fields(kw.pop("present"), kw.pop("votes"))
    record(
        ctx,
        as_json=as_json,
        decision=pop_decision(kw),
        **fields,
        **kw,
    )


@authority.command()
@click.argument("key")
@attendance_options
@decision_options(authority_required=None)
@pass_context
def revoke(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Revoke delegation KEY, by its board's meeting, with effect from the effective date.

    Decisions effective before that date still stand; from it on, the
    delegation gives no authority. The delegate neither records it nor votes
    on it (present without a vote, they do not count towards the quorum).

    \b
    Example:
      portfolio-ledger authority revoke DEL-001 --present hcarter,mlee,cdubois \\
        --vote hcarter=for,cdubois=for --actor hcarter -m "CIO post vacant" \\
        --effective-date 2026-09-30
    """
    fields = attendance_fields(kw.pop("present"), kw.pop("votes"))
    record(
        ctx,
        as_json=as_json,
        decision=pop_decision(kw),
        **fields,
        **kw,
    )


@authority.command("list")
@click.option(
    "--board",
    metavar="KEY",
    callback=refuse_blank_filter,
    help="Only delegations of this board.",
)
@click.option(
    "--to",
    metavar="PERSON",
    callback=lambda ctx, param, value: person_key(
        ctx, param, refuse_blank_filter(ctx, param, value)
    ),
    help="Only delegations to this person (their key).",
)
@as_of_option
@effective_on_option
@json_option
@pass_context
def list_delegations(
    ctx: LedgerContext,
    /,
    *,
    board: str | None,
    to: str | None,
    as_of: datetime | None,
    effective_on: date | None,
    as_json: bool,
) -> None:
    """List delegations and whether each gave authority on a day (default: today).

    \b
    Examples:
      portfolio-ledger authority list
      portfolio-ledger authority list --board IC --effective-on 2026-03-31 --json
    """
    from portfolio_ledger.application.selection import Moment

    moment = Moment(as_of, effective_on)
    delegations = ctx.reader.delegations(moment, board=board, delegate=to)
    if as_json:
        render.as_json([d.model_dump(mode="json") for d in delegations])
        return
    from portfolio_ledger.cli.governance_views import show_delegations

    show_delegations(delegations, moment)
