"""The board pack's document, as --out names it: HTML, PDF or an Excel workbook."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from pathlib import Path

    from portfolio_ledger.reports.model import BoardPack


def pack_document(pack: BoardPack, kind: str, listed: dict[str, int | None], out: Path) -> bytes:
    """The document's bytes, for ``out``; the workbook holds every row, the page ``listed``.

    A text the workbook holds only the start of (longer than a cell holds) is named on stderr.
    """
    from portfolio_ledger.reports.glyphs import warning
    from portfolio_ledger.reports.render import to_html, to_pdf

    if kind == "xlsx":
        from portfolio_ledger.application.workbook_limits import Cut
        from portfolio_ledger.cli.output import warn_cut
        from portfolio_ledger.reports.pack_xlsx import PACK_WHOLE, to_xlsx

        cuts: list[Cut] = []
        workbook = to_xlsx(pack, cuts)
        warn_cut(out, cuts, PACK_WHOLE)
        return workbook

    html = to_html(
        pack,
        exceptions=listed["exceptions"],
        decisions=listed["decisions"],
        changes=listed["changes"],
    )
    if kind != "pdf":
        return html.encode("utf-8")
    missing: list[str] = []
    pdf = to_pdf(html, missing)
    if said := warning(missing):  # a pack of empty boxes for a name: say so, and the fix
        click.echo(f"Warning: {said}", err=True)
    return pdf
