"""``portfolio-ledger returns import``: a return (CSV or .xlsx) reconciled with the ledger."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from portfolio_ledger.application.errors import LedgerAppeared
from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.errors import REFUSED, USAGE
from portfolio_ledger.cli.moments import DAY
from portfolio_ledger.cli.options import FilePath, Spoken, json_option, who_options
from portfolio_ledger.cli.returns_report import as_data, show_import
from portfolio_ledger.cli.streams import hold_interruptions

if TYPE_CHECKING:
    from portfolio_ledger.returns.importing import ReturnImport


@click.group()
def returns() -> None:
    """Portfolio returns: spreadsheets with a row per item, reconciled with the ledger.

    \b
    Example:
      portfolio-ledger returns import gmpp_2024_2026.csv --mapping gmpp \\
        --where report_year=2024-25 --as-at 2024-09-30 --authority "GMPP annual report"
    """


def _where(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> Any:
    from portfolio_ledger.returns.text import header_name

    pairs = []
    for text in values:
        column, equals, value = text.partition("=")
        if not equals or not column.strip():
            raise click.BadParameter(
                f"{text!r}: write COLUMN=VALUE, e.g. report_year=2024-25", param_hint="'--where'"
            )
        pairs.append((header_name(column), value.strip()))  # as the header reads
    return tuple(pairs)


@returns.command("import")
@click.argument("file", type=FilePath(exists=True))
@click.option(
    "--as-at", type=DAY, required=True, help="The day the return is as at (its effective date)."
)
@click.option(
    "--mapping",
    metavar="NAME|FILE",
    help="How to read it: a built-in mapping (gmpp, standard) or a TOML file. Default: standard.",
)
@click.option(
    "--sheet",
    metavar="NAME",
    help=(
        "The workbook's sheet to read. Default: the mapping's sheet, else the first visible "
        "one (a hidden sheet is read only when named)."
    ),
)
@click.option(
    "--units",
    type=Spoken(["units", "thousands", "millions"], case_sensitive=False),
    help="What its money is counted in (overrides the mapping).",
)
@click.option(
    "--missing",
    type=Spoken(["report", "leave"], case_sensitive=False),
    default="report",
    show_default=True,
    help="Items in the portfolio but not in the return: report them, or record that they "
    "left (no longer reported).",
)
@click.option(
    "--max-leaving",
    type=click.IntRange(min=0),
    metavar="N",
    help="With --missing leave: if more than N items would leave, refuse the return and "
    "record nothing (an export cut short or filtered otherwise than meant). Default: no limit.",
)
@click.option(
    "--where",
    multiple=True,
    metavar="COLUMN=VALUE",
    callback=_where,
    help="Only rows whose COLUMN holds VALUE (repeatable; values of one column are alternatives).",
)
@click.option(
    "--dry-run", is_flag=True, help="Reconcile and show what would be recorded; write nothing."
)
@who_options
@click.option(
    "--rationale",
    "-m",
    metavar="TEXT",
    help="Why, for every decision it records. Default: what each records, and from which return.",
)
@json_option
@pass_context
def import_return(
    ctx: LedgerContext, /, file: Path, as_at: date, as_json: bool, **options: Any
) -> None:
    """Reconcile FILE (a return: CSV or .xlsx, a row per item) with the ledger as at a day.

    Each row is compared with its item as it stood on --as-at (effective
    clock). An item not in the ledger is onboarded; a changed rating or
    figure (a figure now empty is withheld, never "unchanged") is a status
    report, and so is a rating unchanged for a funded item with no report of
    that date (its status reported again); changed details are an
    amendment, a new organisation a transfer.
    Items in the portfolio but not in the return are reported, or leave it
    (--missing leave). Every decision is dated --as-at and references the
    file, its SHA-256 and the row. The return is recorded whole or not at
    all; importing it again records nothing. See docs/returns.md.

    \b
    Examples:
      portfolio-ledger returns import gmpp_2024_2026.csv --mapping gmpp \\
        --where report_year=2025-26 --as-at 2025-09-30 --missing leave \\
        --authority "GMPP annual report" --dry-run
      portfolio-ledger returns import q3.xlsx --sheet Projects --units thousands \\
        --as-at 2026-09-30 --authority "Portfolio office"
    """
    from portfolio_ledger.returns.importing import ReturnAsked, read_return, reconcile_return

    _max_leaving_with_leave(options)
    who = _who(options)
    asked = ReturnAsked(file=file, as_at=as_at, **who, **options)
    read = read_return(asked)  # before the ledger is opened: a file refused creates none
    try:
        with ctx.unless_absent(asked.dry_run) as checked:
            ledger, reader = checked.ledger, checked.reader
            with render.progress("Checking" if asked.dry_run else "Importing") as advance:
                found = reconcile_return(ledger, reader, read, advance)
                if not asked.dry_run:
                    hold_interruptions(recorded=True)  # or refused whole: the report says which
            refusals = found.reconciliation.refusals
            if refusals:  # inside: a new ledger built for the import is not put in place
                _show(found, as_json)
                raise click.exceptions.Exit(USAGE if all(r.usage for r in refusals) else REFUSED)
    except LedgerAppeared as appeared:  # the same return imported at once by another process?
        request = read.recording.request
        assert request is not None  # every return is recorded once, under its request
        found.reconciliation.already = ctx.recorded_meanwhile(request, appeared)
    _show(found, as_json)
    if found.reconciliation.warning:
        click.echo(f"Warning: {found.reconciliation.warning}", err=True)


def _show(found: ReturnImport, as_json: bool) -> None:
    """What the import found and did: as data, or in words."""
    if as_json:
        render.as_json(as_data(found))
    else:
        show_import(found)


def _max_leaving_with_leave(options: dict[str, Any]) -> None:
    """Refuse --max-leaving without --missing leave, whose leavings it limits."""
    if options["max_leaving"] is not None and options["missing"] != "leave":
        raise click.UsageError(
            "--max-leaving limits the items --missing leave records as leaving: give "
            "--missing leave too, or leave --max-leaving out."
        )


def _who(options: dict[str, Any]) -> dict[str, Any]:
    """Actor, role, authority and rationale, taken out of the options; none of them blank."""
    who = {name: options.pop(name) for name in ("actor", "role", "authority", "rationale")}
    for name in ("actor", "role", "authority"):
        if not (who[name] or "").strip():
            variable = f" or set PORTFOLIO_LEDGER_{name.upper()}" if name != "authority" else ""
            raise click.UsageError(
                f"no {name}: every decision a return records names its {name}. Pass "
                f"--{name}{variable}."
            )
    if who["rationale"] is not None and not who["rationale"].strip():
        raise click.UsageError("--rationale is blank; give a reason, or leave it out")
    from portfolio_ledger.application.commands.rationale import says_nothing  # only when asked

    if who["rationale"] is not None and (problem := says_nothing(who["rationale"])):
        raise click.UsageError(f"--rationale {problem}, or leave it out")
    return who
