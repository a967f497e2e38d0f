"""``portfolio-ledger item show|history``: one item now or at a moment, and its decisions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.item import item
from portfolio_ledger.cli.moments import as_of_option, effective_on_option
from portfolio_ledger.cli.options import json_option
from portfolio_ledger.domain.errors import InvalidKey, ItemNotFound, LedgerError


@item.command()
@click.argument("key")
@as_of_option
@effective_on_option
@json_option
@pass_context
def show(
    ctx: LedgerContext,
    key: str,
    as_of: datetime | None,
    effective_on: date | None,
    as_json: bool,
) -> None:
    """Show KEY's current state, or its state at a moment on either clock.

    \b
    Examples:
      portfolio-ledger item show PRJ-042
      portfolio-ledger item show PRJ-042 --json
      portfolio-ledger item show PRJ-042 --effective-on 2026-06-30
    """
    if as_of is not None or effective_on is not None:
        _show_at(ctx, key, as_of, effective_on, as_json=as_json)
        return
    with _an_item(ctx, key):
        view = ctx.reader.item(key)
    if as_json:
        render.as_json(view.as_json())
        return
    from portfolio_ledger.cli.views import show_item

    show_item(view)


@item.command()
@click.argument("key")
@json_option
@pass_context
def history(ctx: LedgerContext, key: str, as_json: bool) -> None:
    """List every decision recorded on KEY, oldest first, with who, why and when.

    \b
    Example:
      portfolio-ledger item history PRJ-042
    """
    with _an_item(ctx, key):
        entries = ctx.reader.history(key)
    if as_json:
        render.as_json([entry.as_json() for entry in entries])
        return
    from portfolio_ledger.cli.views import show_history

    show_history(entries)


def _show_at(
    ctx: LedgerContext,
    key: str,
    as_of: datetime | None,
    effective_on: date | None,
    *,
    as_json: bool,
) -> None:
    from portfolio_ledger.application.selection import Moment
    from portfolio_ledger.cli.portfolio import describe_moment

    with _an_item(ctx, key):
        view = ctx.reader.item_at(key, Moment(as_of, effective_on))
    if as_json:  # the object `item show --json` prints, and the moment it is of
        render.as_json({**view.as_json(), "as_of": as_of, "effective_on": effective_on})
        return
    from portfolio_ledger.cli.views import show_item

    show_item(view, describe_moment(as_of, effective_on))


@contextmanager
def _an_item(ctx: LedgerContext, key: str) -> Iterator[None]:
    """Around an item's question: a person's or a board's key given is said to be theirs."""
    try:
        yield
    except ItemNotFound as error:
        kind = None if error.exists else ctx.reader.kind_of(key)
        if kind is None:
            raise
        raise error.naming(kind, key) from None
    except InvalidKey as error:  # a register's id (P/2024/001) a return made a key of
        made = _made_key(ctx, key)
        if made is None:
            raise
        raise InvalidKey(
            f"{error}; a return reading {key!r} with make_keys keyed its item {made}: give that key"
        ) from None


def _made_key(ctx: LedgerContext, key: str) -> str | None:
    """The key ``make_keys`` makes of the id ``key``, where an item has it; else None."""
    from portfolio_ledger.application.made_keys import key_from_id

    made = key_from_id(key)
    try:
        ctx.reader.history(made)
    except LedgerError:  # no item has it (or it is no key either)
        return None
    return made
