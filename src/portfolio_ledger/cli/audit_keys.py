"""``audit keygen``, ``audit checkpoint``, ``audit tree build``: signing the tree's head."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.audit import audit
from portfolio_ledger.cli.context import LedgerContext, pass_context, refuse_the_ledger_file
from portfolio_ledger.cli.keyfiles import (
    SIGNING_KEY_ENV,
    cannot_write,
    load_signer,
    signing_key_path,
)
from portfolio_ledger.cli.options import FilePath, WholeNumber
from portfolio_ledger.cli.streams import done

if TYPE_CHECKING:
    from portfolio_ledger.audit.signing import Issued


def _origin(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    from portfolio_ledger.audit.keys import is_valid_name, new_name_problem

    if not is_valid_name(value):
        raise click.BadParameter(
            f"{value!r} cannot name a key: use text without spaces, '+' or control characters, "
            "such as the ledger's host and path (ledger.example.org/portfolio)"
        )
    problem = new_name_problem(value)
    if problem is not None:
        raise click.BadParameter(problem)
    return value


@audit.command()
@click.option(
    "--name",
    default=lambda: f"{socket.gethostname()}/portfolio-ledger",
    show_default="HOST/portfolio-ledger",
    callback=_origin,
    metavar="ORIGIN",
    help="The ledger's name in its checkpoints (C2SP's origin), e.g. ledger.example.org/portfolio.",
)
@click.option(
    "--out",
    type=FilePath(makes_folder=True),
    help=f"Where to write the signer key (a file; never '-': a secret key is not written to "
    f"standard output). Default: ${SIGNING_KEY_ENV}, else signing.key in the configuration "
    "folder.",
)
@click.option("--force", is_flag=True, help="Replace a signer key that is already there.")
def keygen(name: str, out: Path | None, force: bool) -> None:
    """Make the ledger's signing key; print the verifier key to publish.

    The signer key is written to a file only you can read (mode 0600); the
    database never sees it. The verifier key (one line, also written beside
    it as FILE.pub) is what auditors check checkpoints and receipts with:
    publish it in the minutes or on the intranet. An existing signer key is
    never replaced without --force: checkpoints signed with it would no
    longer verify with the new key.

    \b
    Examples:
      portfolio-ledger audit keygen --name ledger.example.org/portfolio
      portfolio-ledger audit keygen --out /etc/portfolio-ledger/signing.key
    """
    from portfolio_ledger.audit.keys import NoteSigner, save_key_pair

    path = signing_key_path(out)
    _refuse_dash(path, given=out is not None)
    refuse_the_ledger_file(path, path.with_name(path.name + ".pub"))
    if path.exists() and not force:
        raise click.UsageError(_taken(path))
    signer = NoteSigner.generate(name)
    try:
        _make_folders(path.parent)
        public = save_key_pair(path, signer, replace=force)
    except OSError as error:  # named by its place (a rename's: filename2)
        named = error.filename2 or error.filename
        raise cannot_write(Path(named) if named else path, error) from None
    done(f"the signer key it wrote is kept in {path}, the verifier key to publish in {public}")
    said = f"Signer key written to {path} (readable by you only): keep it secret."
    click.echo(render.said(said), err=True)  # a file's name is any text
    click.echo(render.said(f"Verifier key (also in {public}); publish it:"), err=True)
    click.echo(signer.verifier().text())


def _make_folders(folder: Path) -> None:
    """Each folder on the way to ``folder`` that is not there, readable by its owner only.

    ``Path.mkdir(mode=0o700, parents=True)`` gives the mode to the last folder alone: the
    ones above it were made readable by everyone, as the process's umask leaves them.
    """
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir(mode=0o700, exist_ok=True)


def _taken(path: Path) -> str:
    """Why a new key is not written over ``path``: a key there, or another file."""
    from portfolio_ledger.cli.keyfiles import read_document
    from portfolio_ledger.domain.errors import LedgerError

    if not path.is_file():  # a device (/dev/null) or a pipe, never read: it may not end
        return f"{path} exists, and is no file (a device or a pipe); choose another --out."
    try:  # a checkpoint was said to hold a key
        is_key = read_document(path, "signing key").startswith("PRIVATE+KEY+")
    except LedgerError:
        is_key = False
    if is_key:
        return (
            f"{path} already holds a key; checkpoints signed with it would no longer verify "
            "with a new one. Pass --force to replace it, or --out to write another file."
        )
    return (
        f"{path} exists, and is no signing key; choose another --out, or pass --force to "
        "replace it."
    )


def _refuse_dash(path: Path, *, given: bool) -> None:
    """Refuse ``-``: a secret key is never written to standard output, nor to a file named so.

    Elsewhere ``-`` means standard output; written as a file named ``-`` in the current
    folder, the key was left where nobody meant it to be.
    """
    if str(path) == "-":
        raise click.BadParameter(
            "'-' would be standard output, and a signer key is a secret, never written there "
            "(nor to a file named '-'): give the key file's path, e.g. --out "
            "/etc/portfolio-ledger/signing.key, and publish only the verifier key it prints",
            param_hint="'--out'" if given else SIGNING_KEY_ENV,
        )


@audit.command()
@click.option(
    "--key",
    "key_file",
    type=FilePath(exists=True),
    help=f"The signer key file. Default: ${SIGNING_KEY_ENV}, else signing.key in the "
    "configuration folder.",
)
@click.option(
    "--every",
    type=WholeNumber(min=0),
    metavar="N",
    help="Also make the ledger sign automatically once N events are unsigned (1: every "
    "write; 0: never). Kept in the ledger.",
)
@pass_context
def checkpoint(ctx: LedgerContext, key_file: Path | None, every: int | None) -> None:
    """Sign a checkpoint of every event recorded so far; print it, and keep it in the ledger.

    A checkpoint is the Merkle tree's head (the number of events and the
    root hash) in a signed note that Go's sumdb/note package, among others,
    can check. Copy it where the database's users cannot reach: the board
    minutes, an email, a witness. A ledger recorded before it had a tree
    gets it built first. Signing is refused if the ledger's tree no longer
    matches the last checkpoint signed with the key.

    \b
    Examples:
      portfolio-ledger audit checkpoint > checkpoint-2026-11.txt
      portfolio-ledger audit checkpoint --every 1     # and from now on, at every write
    """
    from portfolio_ledger.audit.signing import EVERY, sign_checkpoint_now

    signer = load_signer(key_file)
    ledger = ctx.ledger
    with render.progress("Building the Merkle tree") as advance:
        issued = sign_checkpoint_now(ledger, signer, progress=advance)
    if every is not None:
        ledger.checkpoints.change_setting(EVERY, str(every))
    done(
        "the checkpoint it signed is kept in the ledger: run again, it is given again"
        + ("" if every is None else f"; and the ledger's setting --every {every} is kept")
    )
    _say_signed(issued, every)
    click.echo(issued.kept.note, nl=False)


def _say_signed(issued: Issued, every: int | None) -> None:
    if issued.built is not None:
        click.echo(
            f"Built the Merkle tree over positions {issued.built.before + 1:,} to "
            f"{issued.built.after:,} (once: the ledger was recorded before it had one).",
            err=True,
        )
    size = issued.checkpoint.size
    click.echo(
        f"Signed a checkpoint of the ledger's {size:,} event{'s' if size != 1 else ''} with "
        f"{issued.kept.key_id}"
        + (
            f" ({issued.newly_signed:,} signed for the first time)"
            if issued.newly_signed
            else " (already signed: the same checkpoint again)"
        )
        + "; the ledger keeps it. Copy it off the database: minutes, email, a witness.",
        err=True,
    )
    if every is not None:
        click.echo(
            "From now on the ledger signs "
            + (
                "no checkpoint by itself."
                if every == 0
                else f"a checkpoint at every write that leaves {every:,} or more events unsigned."
            ),
            err=True,
        )


@audit.group()
def tree() -> None:
    """The Merkle tree over the events (written with each event; built once for older ledgers)."""


@tree.command("build")
@pass_context
def tree_build(ctx: LedgerContext) -> None:
    """Build the Merkle tree of a ledger recorded before it had one.

    The events' hash chain is verified as the tree is built: a chain that
    does not verify gets no tree, and nothing is written. Holds the append
    lock while it runs, in one transaction. Afterwards every write extends
    the tree in its own transaction.

    \b
    Examples:
      portfolio-ledger audit tree build
    """
    ledger = ctx.ledger
    started = time.perf_counter()
    before = ledger.tree.tree_size()
    if before and before == ledger.event_count():  # read alone: a read-only ledger's answer
        click.echo(f"The Merkle tree already covers all {before:,} events.")
        return
    with render.progress("Building the Merkle tree") as advance:
        built = ledger.tree.build_tree(advance)
    seconds = time.perf_counter() - started
    done("the tree it built stands: run again, it says the tree covers every event")
    if built.after == built.before:
        click.echo(f"The Merkle tree already covers all {built.after:,} events.")
        return
    click.echo(
        f"Built the Merkle tree over positions {built.before + 1:,} to {built.after:,} in "
        f"{seconds:.2f} s."
    )
    if before:
        click.echo(
            f"Note: the tree ended at position {before:,}, before the events; the events after "
            "it were appended without tree rows. Check them with 'portfolio-ledger audit "
            "verify --checkpoint FILE --key KEY' before signing them.",
            err=True,
        )
