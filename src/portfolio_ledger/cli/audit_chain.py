"""``portfolio-ledger audit digest`` and ``audit verify``: the hash chain, summed up and checked."""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from portfolio_ledger.audit.problems import positions_after, recorded_note
from portfolio_ledger.cli import render
from portfolio_ledger.cli.audit import audit
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.errors import REFUSED, USAGE
from portfolio_ledger.cli.keyfiles import checkpoint_options, given_checkpoint
from portfolio_ledger.cli.options import json_option
from portfolio_ledger.domain.counts import events

if TYPE_CHECKING:
    from portfolio_ledger.audit.checkpoint_check import CheckpointVerdict
    from portfolio_ledger.audit.digest import Digest
    from portfolio_ledger.audit.keys import NoteVerifier
    from portfolio_ledger.audit.problems import Problem
    from portfolio_ledger.audit.verify import Verification
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
@checkpoint_options(
    "A signed checkpoint (from the minutes, say): prove the events it signs unchanged, "
    "and every later one signed."
)
@click.option(
    "--read-models",
    is_flag=True,
    help="Also check every read-model row against a fresh replay of the events.",
)
@json_option
@pass_context
def verify(
    ctx: LedgerContext,
    /,
    *,
    digest_line: str | None,
    checkpoint_file: Path | None,
    verifier: NoteVerifier | None,
    read_models: bool,
    as_json: bool,
) -> None:
    """Recompute the hash chain and the Merkle tree from the events; say if anything was altered.

    On failure: the first bad position and what is wrong there (changed,
    missing, inserted, out of order, recorded out of order, tree altered),
    exit status 1. A rewrite that recomputed every later link and tree row
    is caught only against something kept off the database: a digest taken
    before it, or a signed checkpoint (see docs/verification.md).

    With --checkpoint and --key, the events must still give the root the
    checkpoint signs, and every later event must be in a checkpoint signed
    with that key: the first that is not (one appended through SQL, say) is
    named. --key alone holds the ledger to its own signed checkpoints.

    --read-models replays the events afresh and compares every read-model
    row, naming the first that differs (as long as 'projections rebuild').

    \b
    Examples:
      portfolio-ledger audit verify
      portfolio-ledger audit verify --digest "$(cat digest-2026-11.txt)"
      portfolio-ledger audit verify --checkpoint checkpoint-2026-11.txt --key ledger.pub
      portfolio-ledger audit verify --read-models
    """
    earlier = digest_option(digest_line)
    note = given_checkpoint(checkpoint_file, verifier)
    checked = _check(ctx, earlier, note, verifier, read_models=read_models)
    if as_json:
        render.as_json(_report(checked, earlier))
    elif checked.problem is None:
        _say_verified(checked, earlier)
    else:
        _say_failed(checked)
    if checked.problem is not None or (checked.models is not None and not checked.models.ok):
        ctx_exit(REFUSED)


@dataclass(frozen=True, slots=True)
class _Checked:
    """Everything 'audit verify' found."""

    result: Verification
    verdict: CheckpointVerdict | None
    models: ReadModelCheck | None
    head: Digest
    seconds: float

    @property
    def problem(self) -> Problem | None:
        if self.result.problem is not None or self.verdict is None:
            return self.result.problem
        return self.verdict.problem


def _check(
    ctx: LedgerContext,
    earlier: Digest | None,
    note: str | None,
    verifier: NoteVerifier | None,
    *,
    read_models: bool,
) -> _Checked:
    from portfolio_ledger.application.proof_errors import ProofError
    from portfolio_ledger.audit.checkpoint_check import verify_ledger

    ledger = ctx.ledger
    started = time.perf_counter()
    try:
        with render.progress("Verifying the hash chain and tree") as advance:
            result, verdict = verify_ledger(
                ledger, digest=earlier, given_note=note, verifier=verifier, progress=advance
            )
    except ProofError as error:
        click.echo(f"FAILED: the checkpoint given: {error}.")
        ctx_exit(REFUSED)
    models = None
    if read_models and result.ok:
        with render.progress("Checking the read models against the events") as advance:
            models = ctx.own_reader.check(advance)
    head = result.head
    if result.ok:
        head = type(head)(head.position, head.link, ledger.recorded_at(head.position))
    return _Checked(result, verdict, models, head, time.perf_counter() - started)


def digest_option(line: str | None) -> Digest | None:
    """The digest given with --digest, read by its grammar; a bad one is bad usage (exit 2)."""
    from portfolio_ledger.audit.digest import Digest, DigestError

    try:
        return None if line is None else Digest.parse(line)
    except DigestError as error:
        click.echo(f"Error: --digest: {error}", err=True)
        ctx_exit(USAGE)


def _report(checked: _Checked, earlier: Digest | None) -> dict[str, Any]:
    result, problem, models, verdict = (
        checked.result,
        checked.problem,
        checked.models,
        checked.verdict,
    )
    root = result.roots.get(result.checked) if result.ok else None
    return {
        "ok": problem is None,
        "checked": result.checked,
        "seconds": round(checked.seconds, 3),
        "head": checked.head.as_dict() if result.ok else None,
        "digest": None if earlier is None else earlier.as_dict(),
        "problem": None
        if problem is None
        else {"position": problem.position, "kind": problem.kind, "detail": problem.detail},
        "tree": {
            "covered": result.tree_covered,
            "root": None if root is None else base64.b64encode(root).decode("ascii"),
        },
        "checkpoints": None
        if verdict is None
        else {
            "covered": verdict.covered,
            "latest": None if verdict.latest is None else verdict.latest.size,
        },
        "read_models": None
        if models is None
        else {
            "ok": models.ok,
            "position": models.position,
            "rows": models.rows,
            "tables": list(models.tables),
            "problem": models.problem,
            "unchecked": models.unchecked,
            "behind": models.behind,
        },
    }


def _say_verified(checked: _Checked, earlier: Digest | None) -> None:
    count, head = checked.result.checked, checked.head
    click.echo(
        f"Verified: the hash chain is intact over {count:,} position"
        f"{'s' if count != 1 else ''} ({_span(count)}), in {checked.seconds:.2f} s."
    )
    click.echo(f"Head: {head.line()}")
    if earlier is not None:
        click.echo(
            f"The ledger still holds exactly the history of the digest given "
            f"(position {earlier.position:,}, sha256 {earlier.sha256[:16]}...)."
        )
    _say_tree(checked.result)
    if checked.verdict is not None and checked.verdict.latest is not None:
        _say_checkpoints(checked.verdict, count)
    if checked.models is not None:
        _say_read_models(checked.models)


def _say_tree(result: Verification) -> None:
    count, covered = result.checked, result.tree_covered
    if count and not covered:
        click.echo(
            "Tree: none yet (the ledger was recorded before it kept one); "
            "'portfolio-ledger audit tree build' builds it."
        )
    elif count:
        root = base64.b64encode(result.roots[count]).decode("ascii")
        click.echo(
            f"Tree: the Merkle tree's rows for all {covered:,} positions are what the events "
            f"give; its root is {root}."
            if covered != 1
            else f"Tree: the Merkle tree's row for its 1 position is what the event gives; its "
            f"root is {root}."
        )


def _say_checkpoints(verdict: CheckpointVerdict, count: int) -> None:
    latest = verdict.latest
    assert latest is not None
    which = "checked" if verdict.signed else "the ledger kept (signatures not checked: --key)"
    click.echo(
        f"Checkpoints: the events still give the root of every checkpoint {which}, the latest "
        f"of {events(latest.size)}{recorded_note(latest.recorded_at)}"
        + ("." if latest.size == count else f"; {positions_after(latest.size, count)} in none.")
    )


DIGEST_KINDS = ("rewritten", "digest altered")
"""What a digest given finds at its position, once the chain up to it is intact."""


def _say_failed(checked: _Checked) -> None:
    problem, count = checked.problem, checked.result.checked
    assert problem is not None
    click.echo(f"FAILED at position {problem.position:,}: {problem.kind}.")
    click.echo(f"  {problem.detail}.")
    # What held before the failed position: never the position itself, nor any after it.
    sound = min(count, problem.position - 1)
    if checked.result.ok and count == 0:  # every event removed under a checkpoint, say
        before = "the ledger holds no events, but the checkpoints do not hold"
    elif checked.result.ok:
        before = (
            f"the hash chain and the Merkle tree are intact over {render.positions(1, count)}, "
            "but the checkpoints do not hold"
        )
    elif problem.kind in DIGEST_KINDS and problem.position == count > 0:
        before = (
            f"the hash chain is intact over {render.positions(1, count)}, but not the digest given"
        )
    elif sound <= 0:
        before = "no position before it could be checked"
    else:
        before = f"{render.positions(1, sound)} check{'s' if sound == 1 else ''} out"
    altered = (
        f"If the {problem.elsewhere} given is this ledger's (from the minutes), the record was "
        "altered"
        if problem.elsewhere
        else "The record was altered"
    )
    said = f"{before[0].upper()}{before[1:]} ({checked.seconds:.2f} s)."
    if problem.events_intact:  # the checkpoint is wrong, not the record
        click.echo(f"{said} Keep this output and see docs/verification.md.")
        return
    click.echo(
        f"{said} {altered} outside portfolio-ledger: keep this output, compare with a copy "
        "or backup, and see docs/verification.md."
    )


def _say_read_models(checked: ReadModelCheck) -> None:
    if checked.unchecked is not None:  # not a finding: nothing is said of their rows
        click.echo(f"Read models: not checked: {checked.unchecked.rstrip('.')}.")
        return
    if checked.ok:
        click.echo(
            f"Read models: all {checked.rows:,} rows of {', '.join(checked.tables)} are what "
            f"the events give, up to position {checked.position:,}."
            + (_not_yet_in_them(checked.behind) if checked.behind else "")
        )
        return
    click.echo(f"FAILED: read models: {checked.problem}.")
    click.echo(
        "The events are intact; the read models (a cache of them) are not. Keep this "
        "output, then run 'portfolio-ledger projections rebuild' to make them afresh."
    )


def _not_yet_in_them(behind: int) -> str:
    """Read models behind the events, on a connection that may not catch them up."""
    events = (
        f"{behind:,} event{'s' if behind != 1 else ''} after it {'are' if behind != 1 else 'is'}"
    )
    return (
        f" The {events}"
        " not in them yet: this connection may not write them (opened with write access, any "
        "command brings them up to date)."
    )


def _span(count: int) -> str:
    return "no events yet" if count == 0 else render.positions(1, count)


def ctx_exit(code: int) -> NoReturn:
    """Stop the command with an exit status."""
    raise click.exceptions.Exit(code)


def failed(message: str, *, as_json: bool = False) -> NoReturn:
    """A check that failed: ``FAILED: why`` (or ``{"ok": false, "problem": why}``), exit 1.

    ``why`` may name a file whose name holds an ESC: written as an escape, never acted on.
    """
    if as_json:
        render.as_json({"ok": False, "problem": message})
    else:
        click.echo(render.said(f"FAILED: {message}"))
    ctx_exit(REFUSED)
