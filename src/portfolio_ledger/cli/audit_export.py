"""``portfolio-ledger audit export`` and ``audit verify-export``: evidence to hand over."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from itertools import zip_longest
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.audit import audit, trail_filter, trail_options
from portfolio_ledger.cli.audit_chain import ctx_exit
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.errors import REFUSED, USAGE

if TYPE_CHECKING:
    from portfolio_ledger.audit.digest import Digest


@audit.command()
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["csv", "jsonl"]),
    required=True,
    help="csv for spreadsheets, jsonl (JSON Lines) for tools.",
)
@trail_options
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="The file to write; its manifest goes beside it as FILE.manifest.json.",
)
@click.option("--overwrite", is_flag=True, help="Replace FILE and its manifest if they exist.")
@pass_context
def export(
    ctx: LedgerContext,
    /,
    *,
    file_format: str,
    item: str | None,
    actor: str | None,
    event_type: str | None,
    start: str | None,
    end: str | None,
    clock: str,
    out: Path,
    overwrite: bool,
) -> None:
    """Export the audit trail, filtered, with a manifest to check it by.

    The manifest (FILE.manifest.json) records the filters, the row count,
    the first and last positions, the file's SHA-256, the ledger's digest at
    export time and the tool's version. Every row carries its own checksum
    (row_sha256). The same filters on the same ledger give the same bytes.
    Check an export with 'portfolio-ledger audit verify-export FILE'.

    \b
    Examples:
      portfolio-ledger audit export --format csv --out trail.csv
      portfolio-ledger audit export --format jsonl --item PRJ-042 --out prj-042.jsonl
      portfolio-ledger audit export --format csv --actor "Helen Carter" \\
          --from 2026-01-01 --to 2026-06-30 --out helen-carter-h1.csv
    """
    from portfolio_ledger import __version__
    from portfolio_ledger.audit.digest import current_digest
    from portfolio_ledger.audit.export import (
        ENCODINGS,
        Column,
        header,
        write_atomically,
        write_export,
    )
    from portfolio_ledger.audit.manifest import Filters, LedgerDigest, Manifest, Tool, manifest_path

    where = trail_filter(
        item=item, actor=actor, event_type=event_type, start=start, end=end, clock=clock
    )
    manifest_file = manifest_path(out)
    existing = [path for path in (out, manifest_file) if path.exists()]
    if existing and not overwrite:
        raise click.UsageError(
            f"{existing[0]} exists; choose another --out, or pass --overwrite to replace it."
        )
    head = current_digest(ctx.ledger)  # every exported row is at or before this position
    reader = ctx.reader
    columns = [Column(name, kind) for name, kind in reader.trail_columns()]
    with reader.trail_rows(where, head.position) as rows, render.progress("Exporting") as advance:
        written = write_export(
            rows, columns, file_format, out, last=head.position, progress=advance
        )
    manifest = Manifest(
        file=out.name,
        format=file_format,  # type: ignore[arg-type]
        encoding=ENCODINGS[file_format],
        columns=header(columns),
        rows=written.rows,
        first_position=written.first_position,
        last_position=written.last_position,
        size=written.size,
        sha256=written.sha256,
        filters=Filters(item=item, actor=actor, type=event_type, start=start, end=end, clock=clock),  # type: ignore[arg-type]
        ledger_digest=LedgerDigest.model_validate(head.as_dict()),
        exported_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        tool=Tool(version=__version__),
    )
    write_atomically(manifest_file, manifest.to_bytes())
    span = (
        "no rows match"
        if written.first_position is None
        else f"positions {written.first_position:,} to {written.last_position:,}"
    )
    click.echo(
        f"Exported {written.rows:,} row{'s' if written.rows != 1 else ''} ({span}) to {out} "
        f"({written.size:,} bytes, sha256 {written.sha256})."
    )
    click.echo(f"Manifest: {manifest_file}")
    click.echo(f"Ledger digest at export: {head.line()}")


@audit.command("verify-export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--manifest",
    "manifest_file",
    type=click.Path(dir_okay=False, path_type=Path),
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
@pass_context
def verify_export(
    ctx: LedgerContext,
    file: Path,
    manifest_file: Path | None,
    file_only: bool,
    digest_line: str | None,
) -> None:
    """Check an export against its manifest and, with a ledger at hand, against the ledger.

    On its own: the file's SHA-256, size, row count and positions are the
    manifest's, and every row matches its row_sha256 (an edited line is
    named). That proves the file is the one its manifest describes, no
    more: rows rewritten with their checksums and the manifest's recomputed
    pass it. With the ledger (--db, $PORTFOLIO_LEDGER_DB, or the default
    ledger if it exists): the hash chain verifies up to the digest in the
    manifest, and the export holds exactly the rows its filters select from
    the ledger at that digest, value for value. With --digest (a digest
    from the minutes): the manifest's digest must be that one or a later
    one of the same history (checked with the ledger), so no rows up to it
    were cut off. Exit status 1 on any mismatch.

    \b
    Examples:
      portfolio-ledger audit verify-export trail.csv
      portfolio-ledger audit verify-export trail.csv --digest "$(cat digest-2026-11.txt)"
      portfolio-ledger audit verify-export --file-only /media/usb/trail.csv
      portfolio-ledger --db postgresql://auditor@db/portfolio audit verify-export trail.jsonl
    """
    from portfolio_ledger.audit.digest import Digest, DigestError
    from portfolio_ledger.audit.manifest import load_manifest, manifest_path
    from portfolio_ledger.audit.verify_export import ExportInvalid, check_file

    try:
        given = None if digest_line is None else Digest.parse(digest_line)
    except DigestError as error:
        click.echo(f"Error: --digest: {error}", err=True)
        ctx_exit(USAGE)
    manifest = load_manifest(manifest_file or manifest_path(file))
    started = time.perf_counter()
    try:
        with render.progress("Checking the file") as advance:
            checked = check_file(file, manifest, advance)
    except ExportInvalid as error:
        _failed(f"{file} does not match its manifest: {error}")
    click.echo(
        f"File: {file} matches its manifest: {checked.rows:,} row"
        f"{'s' if checked.rows != 1 else ''}, SHA-256 and size as recorded, every row's "
        "checksum correct."
    )
    alone = file_only or not ctx.configured()
    taken = manifest.ledger_digest.digest()
    if given is not None:
        _against_given(taken, given, alone)
    if alone:
        click.echo(
            "Not checked against a ledger"
            + ("" if file_only else " (none at hand: give --db or set PORTFOLIO_LEDGER_DB)")
            + ". This proves only that the file is the one its manifest describes: someone "
            "who rewrote rows, recomputed their row_sha256 and the manifest's sha256 and "
            "size would pass it. Whether the rows are the ledger's, and whether any was left "
            "out, only a check against the ledger shows."
        )
        return
    _against_ledger(ctx, file, manifest, given)
    click.echo(f"Done in {time.perf_counter() - started:.2f} s.")


def _against_given(taken: Digest, given: Digest, alone: bool) -> None:
    """The export's digest (its manifest's) must be the digest given or later."""
    if taken.position < given.position:
        _failed(
            f"the export was taken at position {taken.position:,} (its manifest's digest), "
            f"before the digest given (position {given.position:,}): it lacks whatever was "
            "recorded in between, or its rows after that were cut off and its manifest "
            "pointed at an earlier digest. Export again from the ledger and check that."
        )
    if taken.position == given.position:
        if taken.link != given.link:
            _failed(
                f"the export's manifest and the digest given are both at position "
                f"{taken.position:,} but name different links ({taken.sha256[:16]}... and "
                f"{given.sha256[:16]}...): the export was not taken from the history the "
                "digest given names"
            )
        if taken.recorded != given.recorded:
            _failed(
                f"the export's manifest and the digest given agree on the link at position "
                f"{taken.position:,} but not on when it was recorded ({taken.recorded} and "
                f"{given.recorded}): one of the two lines was edited"
            )
        click.echo(
            f"Digest: the export was taken at the digest given (position {given.position:,})."
        )
        return
    if alone:
        click.echo(
            f"Digest: the export was taken at position {taken.position:,}, after the digest "
            f"given (position {given.position:,}). Without the ledger it could not be checked "
            "that the two are of one history: check against the ledger to prove it."
        )


def _against_ledger(ctx: LedgerContext, file: Path, manifest: Any, given: Digest | None) -> None:
    from portfolio_ledger.application.views import TrailFilter
    from portfolio_ledger.audit.export import cell_text
    from portfolio_ledger.audit.verify import verify
    from portfolio_ledger.audit.verify_export import ExportInvalid, compare, read_rows
    from portfolio_ledger.storage.urls import describe_url

    ledger = ctx.ledger
    where = trail_filter(
        item=manifest.filters.item,
        actor=manifest.filters.actor,
        event_type=manifest.filters.type,
        start=manifest.filters.start,
        end=manifest.filters.end,
        clock=manifest.filters.clock,
    )
    digest = manifest.ledger_digest.digest()
    name = describe_url(ledger.url)
    with render.progress("Verifying the hash chain") as advance:
        chain = verify(
            ledger.chain,
            digest=digest,
            also=() if given is None else (given,),
            stop=digest.position,
            total=digest.position,
            progress=advance,
            recorded_at=ledger.recorded_at,
        )
    if chain.problem is not None:
        _failed(
            f"the ledger ({name}) does not hold the history the export was taken from"
            f"{'' if given is None else ' and the digest given names'}, up to position "
            f"{digest.position:,}: {chain.problem}"
        )
    reader = ctx.reader
    columns = reader.trail_columns()
    if [name for name, _ in columns] != manifest.columns[:-1]:
        _failed(
            "the export's columns are not this ledger's audit-trail columns "
            f"({', '.join(name for name, _ in columns)})"
        )
    names = [name for name, _ in columns]

    def texts(row: Sequence[Any]) -> tuple[int, list[str]]:
        return int(row[0]), [cell_text(v, kind) for v, (_, kind) in zip(row, columns, strict=True)]

    def derived() -> Iterator[tuple[int, list[str]]]:
        for row in reader.derived_trail_rows(digest.position):
            yield texts([row[name] for name in names])

    with (
        render.progress("Checking the read model against the events") as advance,
        reader.trail_rows(TrailFilter(), digest.position) as stored,
    ):
        _same_as_events(derived(), map(texts, stored), advance, digest.position)
    try:
        with (
            render.progress("Checking every row against the ledger") as advance,
            reader.trail_rows(where, digest.position) as selected,
        ):
            count = compare(map(texts, selected), read_rows(file, manifest, advance), names)
    except ExportInvalid as error:
        _failed(f"{file} does not match the ledger ({name}): {error}")
    click.echo(
        f"Ledger: {name} holds the history the export was taken from (chain verified to "
        f"position {digest.position:,}), and the export holds exactly the {count:,} row"
        f"{'s' if count != 1 else ''} its filters select there, value for value."
    )
    if given is None:
        click.echo(
            f"Complete as of position {digest.position:,}, the digest in its manifest; give "
            "--digest with the latest digest from the minutes to prove no later rows were "
            "cut off."
        )
    elif given.position < digest.position:
        click.echo(
            f"Digest: the chain up to position {digest.position:,} also holds the digest given "
            f"(position {given.position:,}), so the export holds every row its filters select "
            "up to it."
        )


def _same_as_events(
    derived: Iterator[tuple[int, list[str]]],
    stored: Iterator[tuple[int, list[str]]],
    progress: Any,
    last: int,
) -> None:
    for fresh, kept in zip_longest(derived, stored):
        if fresh != kept:
            position = (fresh or kept)[0]
            _failed(
                f"the ledger's audit_trail read model differs from its events at position "
                f"{position:,}, so the export cannot be checked against it. Run "
                "'portfolio-ledger projections rebuild audit_trail' and check again."
            )
        if progress is not None and fresh is not None and fresh[0] % 1000 == 0:
            progress(fresh[0], last)


def _failed(message: str) -> NoReturn:
    click.echo(f"FAILED: {message}")
    ctx_exit(REFUSED)
