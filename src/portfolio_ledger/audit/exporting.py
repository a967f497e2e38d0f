"""Exporting the audit trail: the rows a filter selects, up to the digest taken first; a manifest.

Every exported row is at or before the ledger's digest when the export
starts; rows recorded meanwhile are left for the next export. The file is
written a page at a time and renamed into place when whole; the manifest,
after it, says what was asked for, what was written and from what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from portfolio_ledger import __version__
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.ports import TrailSource
from portfolio_ledger.application.views import TrailFilter
from portfolio_ledger.audit.digest import Digest, current_digest
from portfolio_ledger.audit.export import (
    ENCODINGS,
    Column,
    Progress,
    Written,
    header,
    write_atomically,
    write_export,
)
from portfolio_ledger.audit.manifest import Filters, LedgerDigest, Manifest, Tool, manifest_path


@dataclass(frozen=True, slots=True)
class Exported:
    """What an export wrote: the file's figures, where its manifest is, the digest it is at."""

    written: Written
    manifest_file: Path
    head: Digest


def export_trail(
    ledger: PortfolioLedger,
    source: TrailSource,
    *,
    where: TrailFilter,
    filters: Filters,
    file_format: str,
    out: Path,
    progress: Progress | None = None,
) -> Exported:
    """Write the rows ``where`` selects, up to the digest now, to ``out``; then its manifest."""
    head = current_digest(ledger)  # every exported row is at or before this position
    columns = [Column(name, kind) for name, kind in source.trail_columns()]
    with source.trail_rows(where, head.position) as rows:
        written = write_export(
            rows, columns, file_format, out, last=head.position, progress=progress
        )
    manifest = Manifest(
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
        exported_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        tool=Tool(version=__version__),
    )
    manifest_file = manifest_path(out)
    write_atomically(manifest_file, manifest.to_bytes())
    return Exported(written, manifest_file, head)
