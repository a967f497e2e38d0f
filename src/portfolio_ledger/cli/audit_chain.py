"""``portfolio-ledger audit digest`` and ``audit verify``: the hash chain, summed up and checked."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, NoReturn

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.audit import audit
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.errors import REFUSED, USAGE
from portfolio_ledger.cli.options import json_option

if TYPE_CHECKING:
    from portfolio_ledger.audit.digest import Digest
    from portfolio_ledger.audit.verify import Problem, Verification
    from portfolio_ledger.projections.check import ReadModelCheck


@audit.command()
@json_option
@pass_context
def digest(ctx: LedgerContext, as_json: bool) -> None:
    """The ledger's head as one line to paste into board minutes.

    The line names the last position, when it was recorded, and the hash
    chain's link there. Given later to 'audit verify --digest', it proves
    the ledger still holds exactly that history.

    \b
    Examples:
      portfolio-ledger audit digest
      portfolio-ledger audit digest --json
    """
    from portfolio_ledger.audit.digest import current_digest

    head = current_digest(ctx.ledger)
    if as_json:
        render.as_json(head.as_dict())
    else:
        click.echo(head.line())


@audit.command()
@click.option(
    "--digest",
    "digest_line",
    metavar="LINE",
    help="A digest taken earlier: also prove the ledger still holds exactly that history.",
)
@click.option(
    "--read-models",
    is_flag=True,
    help="Also check every read-model row against a fresh replay of the events.",
)
@json_option
@pass_context
def verify(ctx: LedgerContext, digest_line: str | None, read_models: bool, as_json: bool) -> None:
    """Recompute the hash chain over every event and say whether the record is unaltered.

    On success: how many positions were checked, the head, and the time
    taken. On failure: the first bad position and what is wrong there
    (changed, missing, inserted, out of order, recorded out of order), with
    exit status 1. A rewrite that recomputed every later link is caught only
    with a digest taken before it (see docs/verification.md).

    The read models (the tables 'items list', 'portfolio', 'economics' and
    'audit trail' read) are a cache of the events that anyone with write
    access to the database could change; --read-models replays the events
    afresh and compares every row, and the position each read model says it
    has read, naming the first row that differs. It takes about as long as
    'projections rebuild'.

    \b
    Examples:
      portfolio-ledger audit verify
      portfolio-ledger audit digest > digest-2026-11.txt     # then, later:
      portfolio-ledger audit verify --digest "$(cat digest-2026-11.txt)"
      portfolio-ledger audit verify --read-models
    """
    from portfolio_ledger.audit.verify import verify as verify_chain

    earlier = digest_option(digest_line)
    ledger = ctx.ledger
    started = time.perf_counter()
    with render.progress("Verifying the hash chain") as advance:
        result = verify_chain(
            ledger.chain,
            digest=earlier,
            total=ledger.event_count(),
            progress=advance,
            recorded_at=ledger.recorded_at,
        )
    models = None
    if read_models and result.ok:
        with render.progress("Checking the read models against the events") as advance:
            models = ctx.reader.check(advance)
    seconds = time.perf_counter() - started
    head = result.head
    if result.ok:
        head = type(head)(head.position, head.link, ledger.recorded_at(head.position))
    if as_json:
        render.as_json(_report(result, head, earlier, models, seconds))
    elif result.problem is None:
        _say_verified(result.checked, head, earlier, seconds)
        if models is not None:
            _say_read_models(models)
    else:
        _say_failed(result.problem, result.checked, seconds)
    if not result.ok or (models is not None and not models.ok):
        ctx_exit(REFUSED)


def digest_option(line: str | None) -> Digest | None:
    """The digest given with --digest, read by its grammar; a bad one is bad usage (exit 2)."""
    from portfolio_ledger.audit.digest import Digest, DigestError

    try:
        return None if line is None else Digest.parse(line)
    except DigestError as error:
        click.echo(f"Error: --digest: {error}", err=True)
        ctx_exit(USAGE)


def _report(
    result: Verification,
    head: Digest,
    earlier: Digest | None,
    models: ReadModelCheck | None,
    seconds: float,
) -> dict[str, Any]:
    problem = result.problem
    return {
        "ok": result.ok,
        "checked": result.checked,
        "seconds": round(seconds, 3),
        "head": head.as_dict() if result.ok else None,
        "digest": None if earlier is None else earlier.as_dict(),
        "problem": None
        if problem is None
        else {"position": problem.position, "kind": problem.kind, "detail": problem.detail},
        "read_models": None
        if models is None
        else {
            "ok": models.ok,
            "position": models.position,
            "rows": models.rows,
            "tables": list(models.tables),
            "problem": models.problem,
        },
    }


def _say_verified(checked: int, head: Digest, earlier: Digest | None, seconds: float) -> None:
    click.echo(
        f"Verified: the hash chain is intact over {checked:,} position"
        f"{'s' if checked != 1 else ''} ({_span(checked)}), in {seconds:.2f} s."
    )
    click.echo(f"Head: {head.line()}")
    if earlier is not None:
        click.echo(
            f"The ledger still holds exactly the history of the digest given "
            f"(position {earlier.position:,}, sha256 {earlier.sha256[:16]}...)."
        )


def _say_failed(problem: Problem, checked: int, seconds: float) -> None:
    click.echo(f"FAILED at position {problem.position:,}: {problem.kind}.")
    click.echo(f"  {problem.detail}.")
    before = (
        "no position before it could be checked"
        if checked == 0
        else f"positions 1 to {checked:,} check out"
    )
    click.echo(
        f"{before.capitalize()} ({seconds:.2f} s). The record was altered outside "
        "portfolio-ledger: keep this output, compare with a copy or backup, and see "
        "docs/verification.md."
    )


def _say_read_models(checked: ReadModelCheck) -> None:
    if checked.ok:
        click.echo(
            f"Read models: all {checked.rows:,} rows of {', '.join(checked.tables)} are what "
            f"the events give, up to position {checked.position:,}."
        )
        return
    click.echo(f"FAILED: read models: {checked.problem}.")
    click.echo(
        "The events are intact; the read models (a cache of them) are not. Keep this "
        "output, then run 'portfolio-ledger projections rebuild' to make them afresh."
    )


def _span(count: int) -> str:
    return "no events yet" if count == 0 else f"positions 1 to {count:,}"


def ctx_exit(code: int) -> NoReturn:
    """Stop the command with an exit status."""
    raise click.exceptions.Exit(code)
