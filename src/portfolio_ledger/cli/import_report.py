"""What ``portfolio-ledger import`` says it did: recorded, already recorded, or refused and why."""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.errors import REFUSED, USAGE

if TYPE_CHECKING:
    from portfolio_ledger.application.importer import Imported


def say_done(
    result: Imported,
    file: str,
    *,
    checksum: str,
    seconds: float,
    dry_run: bool,
) -> None:
    """What the import did (or, dry, would do); refusals exit non-zero."""
    file = render.said(file)  # a file's name is any text
    if result.already is not None:
        click.echo(
            f"Already imported: {file} (sha256 {checksum[:16]}...) was recorded before, "
            f"ending at ledger position {result.already.position:,}; "
            + (
                "importing it again would write nothing (dry run)."
                if dry_run
                else "nothing new was written."
            )
        )
        return
    if result.refusals:
        say_refused(result, file)
    if dry_run:
        click.echo(
            f"Checked {_count(result.lines, 'line')} of {file} in {seconds:.1f} s: "
            f"{'the' if result.recorded == 1 else 'all'} {_count(result.recorded, 'decision')} "
            "would be recorded. Nothing was written (dry run)."
        )
        return
    # The positions it wrote itself; the head may be further on (another writer, since).
    first, last = result.positions or (0, 0)
    span = render.positions(first, last) if result.positions else "nothing new"
    click.echo(
        f"Imported {_count(result.lines, 'line')} of {file} in {seconds:.1f} s: "
        f"{_count(result.recorded, 'event')} ({span})."
    )
    if result.warning:
        click.echo(f"Warning: {result.warning}", err=True)


def _count(number: int, thing: str) -> str:
    """``1 line``, ``2,000 lines``."""
    return f"{number:,} {thing}{'' if number == 1 else 's'}"


def say_refused(result: Imported, file: str) -> NoReturn:
    """Every line refused (or counted, past the first ones), then exit 2 or 1: nothing written."""
    own = result.refused_lines - result.consequences
    also = (
        f" (and {result.consequences:,} more that "
        f"{'depends' if result.consequences == 1 else 'depend'} on {'it' if own == 1 else 'them'})"
        if result.consequences
        else ""
    )
    click.echo(
        render.said(
            f"Refused: {own:,} of {result.lines:,} line{'s' if result.lines != 1 else ''} "
            f"cannot be recorded{also}; nothing from {file} was written. Fix these and import "
            "the file again:"
        ),
        err=True,
    )
    for refusal in result.refusals:  # a field's name is as the file spells it: any text
        click.echo(render.said(f"  line {refusal.line:,}: {refusal.message}"), err=True)
    if result.refused_lines > len(result.refusals):
        click.echo(f"  ... and {result.refused_lines - len(result.refusals):,} more", err=True)
    real = [r for r in result.refusals if r.depends_on is None]
    raise click.exceptions.Exit(USAGE if all(r.usage for r in real) else REFUSED)
