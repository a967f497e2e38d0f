"""``portfolio-ledger portfolio export``: the portfolio as a return, in a mapping's columns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.filters import explain_empty, item_filter, item_filter_options
from portfolio_ledger.cli.moments import as_of_option, effective_on_option
from portfolio_ledger.cli.options import FilePath, Spoken
from portfolio_ledger.cli.output import replacing
from portfolio_ledger.cli.portfolio import describe_moment, explain_moment, portfolio


@portfolio.command("export")
@click.option(
    "--format",
    "file_format",
    type=Spoken(["csv", "xlsx"], case_sensitive=False),
    help="CSV (UTF-8) or an Excel workbook. Default: as --out's name ends (.csv, .xlsx).",
)
@click.option(
    "--out",
    type=FilePath(),
    required=True,
    help="The file: FILE.csv or FILE.xlsx.",
)
@click.option(
    "--mapping",
    metavar="NAME|FILE",
    help="Whose columns: a built-in mapping (gmpp, standard) or a TOML file. Default: standard.",
)
@click.option("--overwrite", is_flag=True, help="Replace FILE if it exists.")
@item_filter_options
@as_of_option
@effective_on_option
@pass_context
def export(
    ctx: LedgerContext,
    /,
    *,
    file_format: str | None,
    out: Path,
    mapping: str | None,
    overwrite: bool,
    as_of: datetime | None,
    effective_on: date | None,
    **filters: Any,
) -> None:
    """Write the portfolio as a return: a row per item, in the columns a mapping reads.

    Items still in the portfolio (pipeline and catalogue) unless --stage says
    otherwise; now, or at a moment on either clock. Read back with
    'returns import' and the same mapping, an export nobody changed records
    nothing: send it out as a pre-filled return.

    \b
    Examples:
      portfolio-ledger portfolio export --format xlsx --out gmpp-2025.xlsx \\
        --mapping gmpp --effective-on 2025-09-30
      portfolio-ledger portfolio export --format csv --out dfe.csv --organisation DFE
    """
    from portfolio_ledger.application.selection import Moment
    from portfolio_ledger.returns.exporting import export_portfolio
    from portfolio_ledger.returns.mapping import load_mapping

    file_format = _format(file_format, out)
    if out.exists() and not overwrite:
        raise click.UsageError(f"{out} exists; choose another --out, or pass --overwrite.")
    chosen, where = load_mapping(mapping), item_filter(**filters)
    count = _written(
        out,
        lambda part: export_portfolio(
            ctx.reader, chosen, moment=Moment(as_of, effective_on), where=where,
            file_format=file_format, out=part,
        ),
        overwrite=overwrite,
    )  # fmt: skip
    written = f"Wrote {count:,} item{'s' if count != 1 else ''} to {out} in the columns of the "
    written += f"{chosen.name} mapping ({describe_moment(as_of, effective_on)})."
    click.echo(render.said(written))  # a file's name is any text
    if not count:  # a header alone: say why, as 'portfolio' does (a mistyped --organisation)
        moment = Moment(as_of, effective_on)
        explained = explain_moment(ctx, as_of, effective_on)
        click.echo(explained or explain_empty(ctx.reader, where, moment=moment))


def _format(given: str | None, out: Path) -> str:
    """The format the file's name says (.csv, .xlsx), which --format, if given, must agree with."""
    implied = {".csv": "csv", ".xlsx": "xlsx"}.get(out.suffix.lower())
    if implied is None:
        raise click.UsageError(
            f"--out {out}: a return is written as CSV or an Excel workbook; name the file "
            "*.csv or *.xlsx (the format it holds)."
        )
    if given is not None and given != implied:
        raise click.UsageError(
            f"--out {out} is a {out.suffix} file name but --format is {given}: name the file "
            f"*.{given}, or leave --format out and let the name choose."
        )
    return implied


def _written(out: Path, write: Callable[[Path], int], *, overwrite: bool) -> int:
    """Write beside ``out`` and rename it over: a missing folder or a failed write leaves it."""
    with replacing(out, overwrite=overwrite) as part:  # refuses a file it cannot write, saying why
        return write(part)
