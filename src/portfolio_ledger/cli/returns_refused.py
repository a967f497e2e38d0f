"""A refused return's problems, each said once with every row it holds for."""

from __future__ import annotations

import re
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
    """Each (column, reason) once, in the order first met, with the rows it was met in.

    A cell's problem names its cell (*cell H2: 'PURPLE' is not a rating*): read without its
    own row's cell, it is one problem on every row it is met in, *cell H2 (and H3-H6)*: the
    reason, written of one cell (*cell C2 is 1900-01-01*), reads as it was written.
    """
    rows: dict[tuple[str | None, str, str], list[Refusal]] = {}
    for refusal in refusals:
        letters, reason = _without_its_cell(refusal)
        rows.setdefault((refusal.column, letters, reason), []).append(refusal)
    said: list[tuple[str, str]] = []
    for (column, letters, reason), each in rows.items():
        numbers = [refusal.row for refusal in each if refusal.row is not None]
        if len(each) == 1 or len(numbers) != len(each):
            said.extend((refusal.where(), refusal.reason) for refusal in each)
            continue
        where = f"rows {_runs(numbers)}" + (f", column {column}" if column else "")
        said.append((where, reason.replace(_CELL_SAID, _cells(numbers, letters), 1)))
    return said


_CELL = re.compile(r"\bcell ([A-Z]{1,3})([0-9]+)\b")
_CELL_SAID = "cell \0"
"""Where a reason named its own row's cell, read for the rows' reasons alike."""


def _without_its_cell(refusal: Refusal) -> tuple[str, str]:
    """The cell's column letters, and the reason with its own row's cell (*cell H2*) taken out."""
    found = _CELL.search(refusal.reason)
    if found is None or found.group(2) != str(refusal.row):
        return "", refusal.reason
    start, end = found.span()
    return found.group(1), refusal.reason[:start] + _CELL_SAID + refusal.reason[end:]


def _cells(numbers: list[int], letters: str) -> str:
    """``cell H2 (and H3-H10, H12)``: the first row's cell, then the others the reason holds for."""
    first, *others = sorted(set(numbers))
    return f"cell {letters}{first} (and {_runs(others, letters)})"


def _runs(numbers: list[int], letters: str = "") -> str:
    """``18-24, 31`` (``H18-H24, H31``): the rows, each run of consecutive ones as its ends."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(
        f"{letters}{run[0]}-{letters}{run[-1]}" if len(run) > 1 else f"{letters}{run[0]}"
        for run in runs
    )
