"""``portfolio-ledger audit export`` and ``audit verify-export``: evidence to hand over."""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.audit import audit, refuse_unknown, trail_filter, trail_options
from portfolio_ledger.cli.audit import other_clock_hint as other_clock
from portfolio_ledger.cli.audit_chain import digest_option, failed
from portfolio_ledger.cli.context import LedgerContext, pass_context, refuse_the_ledger_file
from portfolio_ledger.cli.keyfiles import checkpoint_options, given_checkpoint, load_signer
from portfolio_ledger.cli.options import FilePath, Spoken, json_option
from portfolio_ledger.cli.output import refuse_missing_folder
from portfolio_ledger.domain.counts import events

if TYPE_CHECKING:
    from collections.abc import Callable

    from portfolio_ledger.application.selection import TrailFilter
    from portfolio_ledger.audit.digest import Digest
    from portfolio_ledger.audit.exporting import Exported
    from portfolio_ledger.audit.keys import NoteSigner, NoteVerifier
    from portfolio_ledger.audit.manifest import Manifest


@audit.command()
@click.option(
    "--format",
    "file_format",
    type=Spoken(["csv", "jsonl"], case_sensitive=False),
    help="csv for spreadsheets, jsonl (JSON Lines) for tools. Default: the --out file's "
    "extension, which must agree with it.",
)
@trail_options
@click.option(
    "--out",
    type=FilePath(writable=True),
    required=True,
    help="The file to write; its manifest goes beside it as FILE.manifest.json.",
)
@click.option("--overwrite", is_flag=True, help="Replace FILE and its manifest if they exist.")
@click.option(
    "--key",
    "key_file",
    type=FilePath(exists=True),
    help="The signer key, to put a signed checkpoint in the manifest. Default: "
    "$PORTFOLIO_LEDGER_SIGNING_KEY, else signing.key in the configuration folder, if there.",
)
@pass_context
def export(
    ctx: LedgerContext,
    /,
    *,
    file_format: str | None,
    out: Path,
    overwrite: bool,
    key_file: Path | None,
    **chosen: Any,
) -> None:
    """Export the audit trail, filtered, with a manifest to check it by.

    FILE ends in .csv or .jsonl, the format it holds. The manifest
    (FILE.manifest.json) records the filters, the row count,
    the first and last positions, the file's SHA-256, the ledger's digest,
    the signed checkpoint there (if a signing key is at hand, or the ledger
    kept one) and the tool's version. Each row carries its row_sha256.

    \b
    Examples:
      portfolio-ledger audit export --out trail.csv
      portfolio-ledger audit export --format jsonl --item PRJ-042 --out prj-042.jsonl
      portfolio-ledger audit export --format csv --actor "Helen Carter" \\
          --from 2026-01-01 --to 2026-06-30 --out helen-carter-h1.csv
    """
    from portfolio_ledger.audit.exporting import export_trail
    from portfolio_ledger.audit.manifest import Filters

    file_format = _format_of(out, file_format)
    _refuse_to_overwrite(out, overwrite=overwrite)
    signer, no_key = _signer_at_hand(key_file)
    filters = Filters.of(chosen)
    where = trail_filter(**filters.options())  # as given on the command line
    refuse_unknown(ctx.reader, where, "written")
    with render.progress("Exporting") as advance:  # a failed write: ExportNotWritten
        done = export_trail(
            ctx.reader.ledger,  # on a read-only ledger, perhaps a copy's (cli/copies.py)
            ctx.reader,
            where=where,
            filters=filters,
            file_format=file_format,
            out=out,
            progress=advance,
            signer=signer,
            overwrite=overwrite,
            keeping=ctx.writing,  # a checkpoint signed now: kept in the ledger, never a copy
            unkept=_cannot_keep(ctx) if key_file is None else None,
        )
    hint = partial(other_clock, ctx.reader, where, "export", given=(filters.start, filters.end))
    _say_exported(done, out, no_key, hint=hint)


def _format_of(out: Path, file_format: str | None) -> str:
    """The export's format: the one --format gives, which the file's extension must say too."""
    named = {".csv": "csv", ".jsonl": "jsonl"}.get(out.suffix.lower())
    if file_format is None and named is None:
        raise click.UsageError(
            f"--out {out}: the file name must end in .csv or .jsonl (the format it holds), "
            "or give --format with a name that ends in its extension."
        )
    if file_format is not None and named != file_format:
        raise click.UsageError(
            f"--out {out} does not end in .{file_format} but --format is {file_format}: name "
            f"the file *.{file_format}, or leave --format out and let the name choose."
        )
    return file_format or str(named)


def _refuse_to_overwrite(out: Path, *, overwrite: bool) -> None:
    """Refuse an --out that is the ledger, exists (unless --overwrite), or has no folder."""
    from portfolio_ledger.audit.manifest import manifest_path

    refuse_missing_folder(out)
    refuse_the_ledger_file(out, manifest_path(out))
    existing = [path for path in (out, manifest_path(out)) if path.exists()]
    if existing and not overwrite:
        raise click.UsageError(f"{existing[0]} exists; choose another --out, or pass --overwrite.")


def _signer_at_hand(key_file: Path | None) -> tuple[NoteSigner | None, str | None]:
    """The signer key: the one given (which must load), else the default if it loads; else why."""
    from portfolio_ledger.application.proof_errors import ProofError

    try:
        return load_signer(key_file), None
    except ProofError as error:
        if key_file is not None:
            raise
        return None, str(error)


def _cannot_keep(ctx: LedgerContext) -> str | None:
    """Why a key at hand, not given with --key, signs no checkpoint: the ledger is read-only.

    Given with --key, the key is asked to sign, and an export that cannot keep what it
    signs is refused; the default key (or $PORTFOLIO_LEDGER_SIGNING_KEY) was merely
    found, and an auditor with the ledger read-only (an SQLite file opened so, a
    PostgreSQL role given SELECT alone) is not refused an export for it.
    """
    from portfolio_ledger.storage.read_only_copy import read_only_file
    from portfolio_ledger.storage.read_refused import cannot_keep_checkpoints

    path = read_only_file(ctx.named_url())
    why = f"the ledger {path} is opened read-only" if path else None
    why = why or cannot_keep_checkpoints(ctx.reader.ledger.recorder)
    return why and (
        f"{why}, so the key at hand signed none now (the ledger could not keep it): sign one "
        "on the ledger opened with write access ('portfolio-ledger audit checkpoint'), and "
        "export again"
    )


def _say_exported(done: Exported, out: Path, no_key: str | None, hint: Callable[[], None]) -> None:
    written = done.written
    span = (
        "no rows match"
        if written.first_position is None or written.last_position is None
        else render.positions(written.first_position, written.last_position)
    )
    click.echo(  # a file's name is any text
        render.said(
            f"Exported {written.rows:,} row{'s' if written.rows != 1 else ''} ({span}) to "
            f"{out} ({written.size:,} bytes, sha256 {written.sha256})."
        )
    )
    spelt = done.filters.spelt()
    chosen = f"{spelt}: only the rows they select" if spelt else "none: every row of the ledger"
    click.echo(f"Filters: {chosen}")
    click.echo(render.said(f"Manifest: {done.manifest_file}"))
    click.echo(f"Ledger digest at export: {done.head.line()}")
    first = done.signed.newly_signed
    if first:
        click.echo(
            f"Signed a checkpoint of {events(done.head.position)} for the manifest, "
            f"{first:,} signed for the first time: the key vouches for them; the ledger keeps it."
        )
    if done.checkpoint is not None:
        click.echo(f"Signed checkpoint at export (in the manifest):\n{done.checkpoint}", nl=False)
    elif done.head.position:
        why = done.signed.unsigned or no_key or "no signing key given"
        click.echo(
            f"No signed checkpoint in the manifest: {why}. "
            "'verify-export --key' will not be able to prove it against a signed tree."
        )
    if not written.rows:  # "nothing in June" of minutes typed in later: the other clock's
        hint()


@audit.command("verify-export")
@click.argument("file", type=FilePath(exists=True))
@click.option(
    "--manifest",
    "manifest_file",
    type=FilePath(exists=True),
    help="The export's manifest. Default: FILE.manifest.json beside it.",
)
@click.option(
    "--file-only",
    is_flag=True,
    help="Check the file against its manifest only, even when a ledger is at hand.",
)
@click.option(
    "--digest",
    "digest_line",
    metavar="LINE",
    help="A digest from the minutes: the export must be taken at it or later, in its history.",
)
@checkpoint_options("A signed checkpoint from the minutes: the export must be taken at it.")
@json_option
@pass_context
def verify_export(
    ctx: LedgerContext,
    /,
    file: Path,
    *,
    manifest_file: Path | None,
    file_only: bool,
    digest_line: str | None,
    checkpoint_file: Path | None,
    verifier: NoteVerifier | None,
    as_json: bool,
) -> None:
    """Check an export against its manifest and, with a ledger at hand, against the ledger.

    On its own: the file's SHA-256, size, row count and positions are the
    manifest's, and every row matches its row_sha256 (an edited line is
    named). That proves the file is the one its manifest describes, no
    more: rows rewritten with their checksums and the manifest's recomputed
    pass it. With the ledger (--db, $PORTFOLIO_LEDGER_DB, or the default
    ledger if it exists): the hash chain verifies up to the manifest's
    digest, and the export holds exactly the rows its filters select there.
    With --digest (from the minutes): the manifest's digest must be that one
    or a later one of the same history, so no rows up to it were cut off.
    With --key (the verifier key): the manifest's checkpoint must be signed
    by it at the export's position (and be the one --checkpoint gives); with
    the ledger, the events must give its root: the rows are then the trail
    of leaves 1 to n of that tree (some of them, if filtered). Exit status 1
    on any mismatch. With --json: ``ok``, ``problem``, ``rows``, whether
    it was checked ``against_ledger``, and what was proven, in sentences.

    \b
    Examples:
      portfolio-ledger audit verify-export trail.csv
      portfolio-ledger audit verify-export trail.csv --digest "$(cat digest-2026-11.txt)"
      portfolio-ledger audit verify-export trail.csv --checkpoint cp.txt --key ledger.pub
      portfolio-ledger audit verify-export --file-only /media/usb/trail.csv
      portfolio-ledger --db postgresql://auditor@db/portfolio audit verify-export trail.jsonl
    """
    given = digest_option(digest_line)
    note = given_checkpoint(checkpoint_file, verifier)
    _say_checked(
        ctx, file, manifest_file, given, (verifier, note), file_only=file_only, as_json=as_json
    )


def _say_checked(
    ctx: LedgerContext,
    file: Path,
    manifest_file: Path | None,
    given: Digest | None,
    signed: tuple[NoteVerifier | None, str | None],
    *,
    file_only: bool,
    as_json: bool,
) -> None:
    """Check the export; say what was proven, in sentences or JSON, or why it failed (exit 1)."""
    from portfolio_ledger.application.files import folder_locked
    from portfolio_ledger.audit.verify_export import ExportInvalid

    proven: list[str] = []
    started = time.perf_counter()
    # One pair: an export --overwrite puts its pair in place under the folder's lock.
    try:
        with folder_locked(file.parent, shared=True):
            rows, alone = _check_export(
                ctx, file, manifest_file, given, signed, file_only=file_only,
                said=proven.append if as_json else click.echo,
            )  # fmt: skip
    except ExportInvalid as error:
        failed(str(error), as_json=as_json)
    if as_json:
        render.as_json(
            {"ok": True, "problem": None, "file": str(file), "rows": rows,
             "against_ledger": not alone, "proven": proven}
        )  # fmt: skip
    elif not alone:
        click.echo(f"Done in {time.perf_counter() - started:.2f} s.")
    else:
        click.echo(
            "Not checked against a ledger"
            + ("" if file_only else " (none at hand: give --db or set PORTFOLIO_LEDGER_DB)")
            + ". This proves only that the file is the one its manifest describes: someone "
            "who rewrote rows, recomputed their row_sha256 and the manifest's sha256 and "
            "size would pass it. Whether the rows are the ledger's, and whether any was left "
            "out, only a check against the ledger shows."
        )


def _check_export(
    ctx: LedgerContext,
    file: Path,
    manifest_file: Path | None,
    given: Digest | None,
    signed: tuple[NoteVerifier | None, str | None],
    *,
    file_only: bool,
    said: Callable[[str], object],
) -> tuple[int, bool]:
    """The export's rows, and whether no ledger was at hand; what is proven goes to ``said``.

    Raises ``ExportInvalid`` saying what does not match.
    """
    from portfolio_ledger.audit.export_format import refuse_other_format
    from portfolio_ledger.audit.manifest import load_manifest, manifest_path
    from portfolio_ledger.audit.verify_export import ExportInvalid, check_file

    if not file.exists():  # before its manifest: the export is what was asked about
        raise ExportInvalid(f"no export file at {file}")
    manifest = load_manifest(manifest_file or manifest_path(file))
    try:
        refuse_other_format(file, manifest)
        with render.progress("Checking the file") as advance:
            checked = check_file(file, manifest, advance)
    except ExportInvalid as error:
        raise ExportInvalid(f"{file} does not match its manifest: {error}") from None
    rows = f"{checked.rows:,} row{'s' if checked.rows != 1 else ''}"
    spelt = manifest.filters.spelt()
    rows += f" (the manifest's filters: {spelt})" if spelt else ""
    said(
        f"File: {file} matches its manifest: {rows}, SHA-256 and size as recorded, every "
        "row's checksum correct."
    )
    alone = file_only or not ctx.configured()
    for line in _beyond_the_file(ctx, file, manifest, given, signed, alone=alone):
        said(line)
    return checked.rows, alone


def _beyond_the_file(
    ctx: LedgerContext,
    file: Path,
    manifest: Manifest,
    given: Digest | None,
    signed: tuple[NoteVerifier | None, str | None],
    *,
    alone: bool,
) -> list[str]:
    """Against the digest and checkpoint given, and the ledger (unless alone), in sentences."""
    from portfolio_ledger.audit.export_check import against_digest, against_ledger
    from portfolio_ledger.audit.export_checkpoint import against_checkpoint
    from portfolio_ledger.storage.urls import describe_url

    said = (
        None
        if given is None
        else against_digest(manifest.ledger_digest.digest(), given, with_ledger=not alone)
    )
    proven = [said] if said else []
    verifier, note = signed
    checkpoint, sentence = against_checkpoint(manifest, verifier, note)  # without a key: its form
    proven += [sentence] if sentence else []
    if alone:
        return proven

    def in_the_ledger(where: TrailFilter) -> list[str]:
        reader = ctx.reader  # its ledger: on a read-only ledger, perhaps a copy's (cli/copies.py)
        return against_ledger(
            reader.ledger,
            reader,
            file=file,
            manifest=manifest,
            where=where,
            given=given,
            bars=render.progress,
            name=describe_url(ctx.named_url()),
            checkpoint=checkpoint,
        )

    from portfolio_ledger.cli.export_readings import either_reading_of_to

    return proven + either_reading_of_to(manifest.filters, in_the_ledger)
