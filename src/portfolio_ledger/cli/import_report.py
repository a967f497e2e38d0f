"""What ``portfolio-ledger import`` says it did: recorded, already recorded, or refused and why."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.errors import REFUSED, USAGE

if TYPE_CHECKING:
    from portfolio_ledger.application.authority_lost import Change
    from portfolio_ledger.application.governance_views import AuthorityCheck
    from portfolio_ledger.application.importer import Imported
    from portfolio_ledger.projections.read_side import ReadSide

WARNED = 10
"""At most this many of an import's lines are warned of in full (each naming up to ten
decisions); the rest are counted in one more warning, with their line numbers and keys."""


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
    if dry_run:  # a line is a decision (none was refused); a breach's report makes 3 events
        decisions = result.lines
        events = "" if result.recorded == decisions else f" ({_count(result.recorded, 'event')})"
        click.echo(
            f"Checked {_count(result.lines, 'line')} of {file} in {seconds:.1f} s: "
            f"{'the' if decisions == 1 else 'all'} {_count(decisions, 'decision')} "
            f"would be recorded{events}. Nothing was written (dry run)."
        )
        return
    # The positions it wrote itself; the head may be further on (another writer, since).
    first, last = result.positions or (0, 0)
    span = render.positions(first, last) if result.positions else "nothing new"
    click.echo(
        f"Imported {_count(result.lines, 'line')} of {file} in {seconds:.1f} s: "
        f"{_count(result.recorded, 'event')} ({span})."
    )
    for number, said in result.quorum:  # as its command warns, of the board as the file left it
        click.echo(f"Warning: line {number:,}: {said}", err=True)
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


def say_authority_lost(reader: ReadSide, noted: Sequence[tuple[int, int]]) -> None:
    """After an import is recorded: what its governance changes left without authority.

    ``noted``: each governing line recorded (its number, its position), in the file's order.
    Each is judged as its command would have judged it (``ReadSide.authority_lost``), all
    from one snapshot (``ReadSide.judging_together``): the
    decisions recorded before it (in the ledger, or on the file's earlier lines), valid as
    the ledger stood before it was recorded, invalid once it was, and invalid still now the
    whole file is recorded (``recorded_since``).
    """
    from portfolio_ledger.application import authority_lost as al
    from portfolio_ledger.domain.errors import LedgerError

    found: list[tuple[int, Change, list[AuthorityCheck]]] = []
    try:
        with reader.judging_together():  # one snapshot for all the lines, reads shared
            for number, position in noted:
                taken = reader.authority_taken(position, recorded_since=True)
                if taken is not None and taken[1]:
                    found.append((number, *taken))
    except LedgerError as error:  # recorded all the same: say so, and how to look
        click.echo(
            f"Warning: the file is recorded, but whether its governance changes "
            f"({_some([f'line {n:,}' for n, _ in noted])}) leave decisions recorded before "
            f"them without authority could not be checked ({error}); 'portfolio-ledger audit "
            "authority KEY' judges an item's decisions as governance now stands.",
            err=True,
        )
        return
    for number, change, checks in found[:WARNED]:
        click.echo(f"Warning: line {number:,}: {al.warning(change, checks)}", err=True)
    if len(found) > WARNED:
        click.echo(f"Warning: {_the_rest(found[WARNED:])}", err=True)


def _the_rest(rest: Sequence[tuple[int, Change, Sequence[AuthorityCheck]]]) -> str:
    """The lines past the first :data:`WARNED`, counted: their numbers, their decisions' keys."""
    checks = {c.position: c for _, _, named in rest for c in named}
    keys = list(dict.fromkeys(checks[p].key for p in sorted(checks, key=lambda p: p or 0)))
    count = "1 decision" if len(checks) == 1 else f"{len(checks):,} decisions"
    return (
        f"and {_count(len(rest), 'more line')} of the file "
        f"(line{'' if len(rest) == 1 else 's'} {_some([f'{n:,}' for n, _, _ in rest])}) "
        f"{'leaves' if len(rest) == 1 else 'leave'} {count} recorded before "
        f"{'it' if len(rest) == 1 else 'them'} without authority, on {_some(keys)}. See why "
        f"with 'portfolio-ledger audit authority {keys[0]}' (and each key so); put each "
        "change right as the warnings above say."
    )


def _some(things: Sequence[str], most: int = WARNED) -> str:
    """``a``, ``a and b``, ``a, b and c``; past ``most``, ``a, b, ... and 7 more``."""
    if len(things) > most:
        return f"{', '.join(things[:most])} and {len(things) - most:,} more"
    if len(things) == 1:
        return things[0]
    return f"{', '.join(things[:-1])} and {things[-1]}"
