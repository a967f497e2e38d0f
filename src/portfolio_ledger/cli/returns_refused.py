"""A refused return's problems, each said once with every row it holds for."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from portfolio_ledger.cli import render

if TYPE_CHECKING:
    from portfolio_ledger.application.returns import Reconciliation, Refusal

MAX_SHOWN = 50


def show_refused(done: Reconciliation) -> None:
    """The problems that refused the return: one line per problem, naming each row it is in.

    A register naming an organisation the ledger's list lacks on 40 rows said so 40 times,
    one line a row, the other problems pushed past the first fifty; the same reason in the
    same column is now one line, *rows 18-24, 31*. ``--json`` lists every refusal as before.
    """
    if not done.refusals:
        return
    click.echo(
        f"Refused: {len(done.refusals):,} problem{'s' if len(done.refusals) != 1 else ''}; "
        "nothing from the return was written. Fix these and import it again:",
        err=True,
    )
    grouped = _grouped(done.refusals)
    for where, reason in grouped[:MAX_SHOWN]:
        click.echo(render.said(f"  {where}: {reason}"), err=True)
    if len(grouped) > MAX_SHOWN:
        click.echo(f"  ... and {len(grouped) - MAX_SHOWN:,} more (--json lists all)", err=True)


def _grouped(refusals: list[Refusal]) -> list[tuple[str, str]]:
    """Each (column, reason) once, in the order first met, with the rows it was met in."""
    rows: dict[tuple[str | None, str], list[Refusal]] = {}
    for refusal in refusals:
        rows.setdefault((refusal.column, refusal.reason), []).append(refusal)
    said: list[tuple[str, str]] = []
    for (column, reason), each in rows.items():
        numbers = [refusal.row for refusal in each if refusal.row is not None]
        if len(each) == 1 or len(numbers) != len(each):
            said.extend((refusal.where(), reason) for refusal in each)
            continue
        where = f"rows {_runs(numbers)}" + (f", column {column}" if column else "")
        said.append((where, reason))
    return said


def _runs(numbers: list[int]) -> str:
    """``18-24, 31``: the rows, each run of consecutive ones as its first and last."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)
