"""Exporting the audit trail: the rows a filter selects, up to the digest taken first; a manifest.

Every exported row is at or before the ledger's digest when the export
starts; rows recorded meanwhile are left for the next export. The file is
written a page at a time, then its manifest, each to a hidden file, both
renamed into place once both are whole. The manifest says what was asked
for, what was written and from what, with the
signed checkpoint of the ledger at the digest's position when there is one
(kept by the ledger, or signed now with the key given).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from portfolio_ledger import __version__
from portfolio_ledger.application.files import (
    hidden_beside,
    not_written,
    put_in_place,
    write_synced,
)
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.ports import TrailSource
from portfolio_ledger.application.selection import TrailFilter
from portfolio_ledger.audit.checkpoint import kept_note
from portfolio_ledger.audit.digest import Digest, current_digest
from portfolio_ledger.audit.documents import note_too_long
from portfolio_ledger.audit.export import Column, Progress, Written, header, write_export
from portfolio_ledger.audit.keys import NoteSigner
from portfolio_ledger.audit.manifest import (
    ENCODINGS,
    Filters,
    LedgerDigest,
    Manifest,
    Tool,
    manifest_path,
)
from portfolio_ledger.audit.problems import positions_after
from portfolio_ledger.audit.signing import every, latest_signed, sign_checkpoint_now
from portfolio_ledger.domain.errors import LedgerError


class ExportNotWritten(LedgerError):  # noqa: N818 - a refusal, named for what the user learns
    """An export or its manifest that could not be written: which file, and why."""


@dataclass(frozen=True, slots=True)
class Exported:
    """What an export wrote: the file's figures, where its manifest is, the digest it is at."""

    written: Written
    manifest_file: Path
    head: Digest
    signed: ManifestCheckpoint
    """The signed checkpoint in the manifest, if any, and what signing it vouched for."""
    filters: Filters
    """The filters the rows were selected by, as the manifest records them."""

    @property
    def checkpoint(self) -> str | None:
        """The signed checkpoint in the manifest, if any."""
        return self.signed.note


@dataclass(frozen=True, slots=True)
class ManifestCheckpoint:
    """The checkpoint an export's manifest holds: kept already, signed for it, or none and why."""

    note: str | None = None
    newly_signed: int = 0
    """Positions it signed that no earlier checkpoint under the key covered."""
    unsigned: str | None = None
    """Why a key at hand did not sign one: the ledger's signing rule forbade it."""


def export_trail(
    ledger: PortfolioLedger,
    source: TrailSource,
    *,
    where: TrailFilter,
    filters: Filters,
    file_format: str,
    out: Path,
    progress: Progress | None = None,
    signer: NoteSigner | None = None,
    overwrite: bool = True,
    keeping: Callable[[], PortfolioLedger] | None = None,
    unkept: str | None = None,
) -> Exported:
    """Write the rows ``where`` selects, up to the digest now, to ``out``; then its manifest.

    The manifest holds the checkpoint at the digest's position :func:`checkpoint_at`
    gives (with ``signer``, ``keeping`` and ``unkept``). Unless ``overwrite``, neither
    file replaces one there, even one another process wrote meanwhile
    (:class:`ExportNotWritten`, nothing replaced).
    """
    head = current_digest(ledger)  # every exported row is at or before this position
    checkpoint = checkpoint_at(ledger, head.position, signer, keeping, unkept)
    columns = [Column(name, kind) for name, kind in source.trail_columns()]
    manifest_file = manifest_path(out)
    hidden_export = hidden_beside(out, "partial")
    hidden_manifest = hidden_beside(manifest_file, "partial")
    # Both are written whole before either is put in place: an earlier export
    # and its manifest (--overwrite) stay as they were if either cannot be.
    new = () if overwrite else (out, manifest_file)
    pair = ((hidden_export, out), (hidden_manifest, manifest_file))
    with put_in_place(*pair, new=new) as rename:
        try:
            with source.trail_rows(where, head.position) as rows:
                written = write_export(
                    rows, columns, file_format, hidden_export, last=head.position,
                    progress=progress,
                )  # fmt: skip
        except OSError as error:
            raise cannot_write(out, error) from None
        manifest = _manifest(
            out, file_format, columns=columns, written=written, filters=filters, head=head,
            checkpoint=checkpoint,
        )  # fmt: skip
        try:
            write_synced(hidden_manifest, manifest.to_bytes())
        except OSError as error:
            raise cannot_write(manifest_file, error) from None
        _put_in_place(rename, out)
    return Exported(written, manifest_file, head, checkpoint, filters)


def _put_in_place(rename: Callable[[], None], out: Path) -> None:
    """Rename the export and its manifest into place; a failure named by the file it was."""
    try:
        rename()
    except FileExistsError as error:
        raise written_meanwhile(Path(error.filename or out)) from None
    except OSError as error:  # named by its place (a rename's: filename2), the export's too
        raise cannot_write(Path(error.filename2 or error.filename or out), error) from None


def _manifest(
    out: Path,
    file_format: str,
    *,
    columns: list[Column],
    written: Written,
    filters: Filters,
    head: Digest,
    checkpoint: ManifestCheckpoint,
) -> Manifest:
    return Manifest(
        file=out.name,
        format=file_format,  # type: ignore[arg-type]  # one of FORMATS, checked by the caller
        encoding=ENCODINGS[file_format],
        columns=header(columns),
        rows=written.rows,
        first_position=written.first_position,
        last_position=written.last_position,
        size=written.size,
        sha256=written.sha256,
        filters=filters,
        ledger_digest=LedgerDigest.model_validate(head.as_dict()),
        checkpoint=checkpoint.note,
        exported_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        tool=Tool(version=__version__),
    )


def cannot_write(path: Path, error: OSError) -> ExportNotWritten:
    """The refusal for a file of the export that could not be written: which, why, what to do."""
    return ExportNotWritten(not_written(path, error))


def written_meanwhile(path: Path) -> ExportNotWritten:
    """The refusal for a file another process wrote at an export's place while it was written."""
    return ExportNotWritten(
        f"{path} appeared while the export was being written (another export to the same "
        "--out at the same moment?); nothing was replaced, and the file there is the other's, "
        "with its own manifest. Choose another --out, or pass --overwrite to replace them"
    )


def checkpoint_at(
    ledger: PortfolioLedger,
    size: int,
    signer: NoteSigner | None,
    keeping: Callable[[], PortfolioLedger] | None = None,
    unkept: str | None = None,
) -> ManifestCheckpoint:
    """A signed checkpoint of the ledger's first ``size`` events: kept already, or signed now.

    Signed now only as the ledger would sign at a write: under ``--every 1``,
    positions no checkpoint covers were written without the key, and an
    export does not vouch for them (that is 'audit checkpoint', by hand).
    One signed now is kept in the ledger ``keeping`` opens (default ``ledger``: never
    a read-only ledger's copy); where ``unkept`` says why none could be kept, none is
    signed, and that is why.
    """
    if size == 0:
        return ManifestCheckpoint()
    key = None if signer is None else signer.verifier().key_id
    kept = ledger.checkpoints.latest_checkpoint(key, upto=size)
    if kept is not None and kept.tree_size == size:
        return _held(ManifestCheckpoint(kept_note(kept)))
    if signer is None:
        return ManifestCheckpoint()
    last = latest_signed(ledger, signer.verifier(), upto=size)
    covered = 0 if last is None else last.size
    if every(ledger) == 1 and covered < size:
        return ManifestCheckpoint(unsigned=_not_vouched_for(ledger, key, covered, size))
    if unkept is not None:
        return ManifestCheckpoint(
            unsigned=f"{positions_after(covered, size)} in no checkpoint, and {unkept}"
        )
    issued = sign_checkpoint_now(ledger if keeping is None else keeping(), signer, size=size)
    return _held(ManifestCheckpoint(issued.kept.note, issued.newly_signed))


def _held(checkpoint: ManifestCheckpoint) -> ManifestCheckpoint:
    """The checkpoint, if a manifest can hold it; else none, and why (its key's long name)."""
    why = None if checkpoint.note is None else note_too_long(checkpoint.note, "manifest")
    return checkpoint if why is None else ManifestCheckpoint(unsigned=why)


def _not_vouched_for(ledger: PortfolioLedger, key: str | None, covered: int, size: int) -> str:
    """Why an export under ``--every 1`` signs no checkpoint over positions ``covered`` + 1 on.

    The ledger signs every write with one key: checkpoints under another one (the
    key given is not the ledger's) are no sign of a writer without the key.
    """
    kept = ledger.checkpoints.latest_checkpoint(None, upto=size)
    if kept is not None and kept.key_id != key and kept.tree_size > covered:
        return (
            f"{positions_after(covered, size)} in no checkpoint under the key given ({key}), "
            f"and the ledger signs every write with {kept.key_id} ('audit checkpoint --every "
            "1'), not this one, and an export signs only as a write would. Export with that "
            "key (--key, or $PORTFOLIO_LEDGER_SIGNING_KEY)"
        )
    return (
        f"{positions_after(covered, size)} in no checkpoint, though the ledger "
        "signs every write ('audit checkpoint --every 1'): a writer without the key wrote "
        "them, or they were written behind the ledger's back, and an export does not "
        "vouch for them. Check them with 'portfolio-ledger audit verify --checkpoint FILE "
        "--key KEY' against the last checkpoint you trust, sign by hand with "
        "'portfolio-ledger audit checkpoint', and export again"
    )
