"""``audit prove`` and ``audit consistency``, and checking what they issue, offline."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

import click

from portfolio_ledger.audit.problems import recorded_note
from portfolio_ledger.cli import render
from portfolio_ledger.cli.audit import audit
from portfolio_ledger.cli.audit_chain import failed
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.keyfiles import (
    read_checkpoint_note,
    read_document,
    verifier_option,
    write_document,
)
from portfolio_ledger.cli.options import FilePath, json_option
from portfolio_ledger.domain.counts import events

if TYPE_CHECKING:
    from datetime import datetime

    from portfolio_ledger.audit.keys import NoteVerifier

_FILE = FilePath(exists=True)
"""A file the command reads: one it cannot read is bad usage (click says why, exit 2)."""


def out_options(function: click.decorators.FC) -> click.decorators.FC:
    """``--out FILE`` and ``--overwrite``, for commands that write a proof."""
    function = click.option("--overwrite", is_flag=True, help="Replace FILE if it exists.")(
        function
    )
    return click.option("--out", type=FilePath(), help="Write it to FILE (default: print it).")(
        function
    )


@audit.command()
@click.argument("subject", nargs=-1, required=True, metavar="POSITION | KEY VERSION")
@click.option(
    "--checkpoint",
    "checkpoint_file",
    type=_FILE,
    help="Prove against this checkpoint the ledger signed (default: the latest it kept).",
)
@out_options
@pass_context
def prove(
    ctx: LedgerContext,
    subject: tuple[str, ...],
    checkpoint_file: Path | None,
    out: Path | None,
    overwrite: bool,
) -> None:
    """A receipt proving one decision is in the ledger, for an auditor to keep.

    The receipt (JSON) holds the event's chain record, its position, the
    Merkle inclusion proof and the signed checkpoint it is proven against.
    Anyone with the ledger's verifier key checks it without the database:
    'portfolio-ledger audit verify-receipt', Go's sumdb packages, or the
    standard-library script in docs/verification.md.

    \b
    Examples:
      portfolio-ledger audit prove 42 --out receipt-42.json
      portfolio-ledger audit prove PRJ-042 3 --checkpoint checkpoint-2026-11.txt
    """
    from portfolio_ledger.audit.proving import prove_event

    position = _position(ctx, subject)
    note = None if checkpoint_file is None else read_checkpoint_note(checkpoint_file)
    receipt = prove_event(ctx.ledger, position, note)
    write_document(receipt.to_json(), out, overwrite=overwrite)
    if out is not None:
        click.echo(  # a file's name is any text
            render.said(
                f"Receipt for position {position:,} against the checkpoint of "
                f"{events(receipt.tree_size)} written to {out}."
            )
        )


def _position(ctx: LedgerContext, subject: tuple[str, ...]) -> int:
    from portfolio_ledger.application.proof_errors import ProofUnavailable
    from portfolio_ledger.audit.digest import MAX_POSITION
    from portfolio_ledger.audit.proving import position_of

    number = subject[-1] if len(subject) in {1, 2} else ""
    digits = number.isascii() and number.isdigit()
    written = number.lstrip("0") or "0"  # int() reads 4,300 digits at most, zeros too
    if digits and len(written) > len(str(MAX_POSITION)):  # not held, as one stored beyond is
        shown = f"{number[:40]}{'...' if len(number) > 40 else ''}"
        raise ProofUnavailable(
            f"no event made version {shown} of {subject[0]!r}: no ledger holds a version "
            f"beyond {MAX_POSITION:,}; 'portfolio-ledger audit trail --item {subject[0]}' "
            "lists its versions and positions"
            if len(subject) == 2
            else f"the ledger has no event at position {shown}: no ledger holds a position "
            f"beyond {MAX_POSITION:,}; 'portfolio-ledger audit trail' lists their positions"
        )
    if digits and int(written) >= 1:
        if len(subject) == 1:
            return int(written)
        return position_of(ctx.ledger, subject[0], int(written))
    # 0 and -3 are neither: positions and versions count from 1, as 'audit trail' shows them.
    whole = digits or (number[:1] == "-" and number[1:].isascii() and number[1:].isdigit())
    zero = f"{number} is no ledger position or version (both count from 1): " if whole else ""
    raise click.UsageError(
        f"{zero}give a ledger position (audit prove 42) or a key and its version "
        "(audit prove PRJ-042 3), as 'audit trail' shows them"
    )


@audit.command()
@click.argument("old_checkpoint", type=_FILE)
@click.argument("new_checkpoint", type=_FILE, required=False)
@out_options
@pass_context
def consistency(
    ctx: LedgerContext,
    old_checkpoint: Path,
    new_checkpoint: Path | None,
    out: Path | None,
    overwrite: bool,
) -> None:
    """Prove a newer checkpoint extends an older one: nothing signed before was changed.

    For example the checkpoints cited in two board meetings' minutes. The
    newer one defaults to the latest the ledger kept. Check the proof with
    'portfolio-ledger audit verify-consistency', or Go's sumdb/tlog.

    \b
    Examples:
      portfolio-ledger audit consistency checkpoint-2026-10.txt checkpoint-2026-11.txt
      portfolio-ledger audit consistency checkpoint-2026-10.txt --out since-october.json
    """
    from portfolio_ledger.audit.proving import prove_extension

    old = read_checkpoint_note(old_checkpoint)
    new = None if new_checkpoint is None else read_checkpoint_note(new_checkpoint)
    if new_checkpoint is not None and new is not None:
        _refuse_newer_first(old_checkpoint, old, new_checkpoint, new)
    proof = prove_extension(ctx.ledger, old, new)
    write_document(proof.to_json(), out, overwrite=overwrite)
    if out is not None:
        click.echo(render.said(f"Consistency proof written to {out}."))


def _refuse_newer_first(old_file: Path, old: str, new_file: Path, new: str) -> None:
    """Refuse the two checkpoints given newest first, naming them in the order to give."""
    from portfolio_ledger.audit.checkpoint import read_checkpoint_unverified

    old_size, new_size = (read_checkpoint_unverified(note).size for note in (old, new))
    if old_size > new_size:
        raise click.UsageError(
            f"{old_file} signs {events(old_size)}, more than {new_file} ({new_size:,}): the "
            "older checkpoint comes first. Give them the other way round: 'portfolio-ledger "
            f"audit consistency {shlex.join([str(new_file), str(old_file)])}' (with the "
            "same --db and --out)"
        )


@audit.command("verify-receipt")
@click.argument("file", type=_FILE)
@verifier_option(required=True)
@json_option
def verify_receipt(file: Path, verifier: NoteVerifier, as_json: bool) -> None:
    """Check a receipt offline, with the ledger's verifier key: no database needed.

    Checks the checkpoint's signature, then that the event in the receipt
    is at its position in the tree whose root the checkpoint signs. Exit
    status 1, saying why, if not (with --json, ``ok`` and ``problem``).

    \b
    Examples:
      portfolio-ledger audit verify-receipt receipt-42.json --key ledger.pub
    """
    from portfolio_ledger.application.proof_errors import ProofError
    from portfolio_ledger.audit.receipts import read_receipt
    from portfolio_ledger.audit.receipts import verify_receipt as check

    try:
        proven = check(read_receipt(read_document(file, "receipt")), verifier)
    except ProofError as error:
        failed(f"{file}: {error}", as_json=as_json)
    event, head = proven.event, proven.checkpoint
    state = event.state.decode("utf-8", "replace")
    if as_json:
        render.as_json(
            {"ok": True, "problem": None, "position": event.position,
             "aggregate_id": str(event.aggregate_id), "version": event.version,
             "topic": event.topic, "ledger": head.origin, "size": head.size,
             "key": verifier.key_id, "recorded_at": _as_signed(head.recorded_at), "state": state}
        )  # fmt: skip
        return
    click.echo(
        f"OK: the event at position {event.position:,} (aggregate {event.aggregate_id}, "
        f"version {event.version}, {event.topic.rpartition(':')[2]}) is in {head.origin}'s "
        f"ledger of {events(head.size)}, as signed by {verifier.key_id}"
        f"{recorded_note(head.recorded_at)}."
    )
    click.echo(f"Its recorded state: {state}")


def _as_signed(moment: datetime | None) -> str | None:
    """A checkpoint's ``recorded`` time as its line gives it: to the second.

    Not with microseconds it does not hold (it is its last event's time, cut).
    """
    return None if moment is None else f"{moment:%Y-%m-%dT%H:%M:%SZ}"


@audit.command("verify-consistency")
@click.argument("file", type=_FILE)
@verifier_option(required=True)
@json_option
def verify_consistency(file: Path, verifier: NoteVerifier, as_json: bool) -> None:
    """Check a consistency proof offline, with the ledger's verifier key: no database needed.

    Checks both checkpoints' signatures and that the newer tree holds the
    older one unchanged. Exit status 1, saying why, if not (with --json,
    ``ok`` and ``problem``).

    \b
    Examples:
      portfolio-ledger audit verify-consistency since-october.json --key ledger.pub
    """
    from portfolio_ledger.application.proof_errors import ProofError
    from portfolio_ledger.audit.receipts import read_consistency_proof
    from portfolio_ledger.audit.receipts import verify_consistency as check

    try:
        proven = check(read_consistency_proof(read_document(file, "consistency proof")), verifier)
    except ProofError as error:
        failed(f"{file}: {error}", as_json=as_json)
    if as_json:
        render.as_json(
            {"ok": True, "problem": None, "ledger": proven.new.origin,
             "old_size": proven.old.size, "new_size": proven.new.size, "key": verifier.key_id}
        )  # fmt: skip
        return
    click.echo(
        f"OK: {proven.new.origin}'s ledger of {events(proven.new.size)} holds its first "
        f"{proven.old.size:,} unchanged, as both checkpoints signed by {verifier.key_id} say."
    )
