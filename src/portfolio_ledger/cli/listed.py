"""How many rows a board pack's page lists of its long tables (--exceptions N|all, ...)."""

from __future__ import annotations

from typing import Any

import click

from portfolio_ledger.cli.options import F, WholeNumber


class Listed(WholeNumber):
    """How many rows a page lists: a whole number from 1, or ``all`` (given on as None)."""

    name = "N|all"

    def __init__(self) -> None:
        super().__init__(min=1)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """``all`` as None; else a whole number from 1, refused saying what to give."""
        if isinstance(value, str) and value.strip().lower() == "all":
            return None
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            said = f"{value!r} is not how many to list: give a number from 1, or all"
            self.fail(said, param, ctx)

    def _describe_range(self) -> str:
        """No ``x>=1`` in the help beside ``N|all``: the help says a number from 1, or all."""
        return ""


def listed_options(command: F) -> F:
    """``--changes``, ``--decisions``, ``--exceptions``: how many of each a pack's page lists.

    Given to the command as one value, ``listed``: by table, a number, or None for all.
    """
    from portfolio_ledger.domain.board_packs import LISTED

    def keep(ctx: click.Context, param: click.Parameter, value: int | None) -> None:
        ctx.params.setdefault("listed", {})[str(param.name)] = value

    for what, first in (
        ("changes", "the room shared between the kinds of change"),
        ("decisions", "those flagged first, then the latest"),
        ("exceptions", "each rule's most pressing first"),
    ):
        command = click.option(
            f"--{what}",
            type=Listed(),
            default=LISTED[what],
            show_default=True,
            metavar="N|all",
            expose_value=False,
            callback=keep,
            help=f"How many {what} the HTML or PDF lists ({first}), saying how many in "
            f"all: N from 1, or 'all' for every one. The workbook and --json hold them all.",
        )(command)
    return command
