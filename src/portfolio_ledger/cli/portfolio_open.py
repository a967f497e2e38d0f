"""``portfolio-ledger portfolio open``: each open escalation and corrective action, and its age."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

import click

from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.filters import explain_empty, item_filter, item_filter_options
from portfolio_ledger.cli.moments import as_of_option, effective_on_option
from portfolio_ledger.cli.options import Spoken
from portfolio_ledger.cli.output import Output, output_options
from portfolio_ledger.cli.portfolio import explain_moment, moment_of, portfolio
from portfolio_ledger.reports.tabular import Column, Table, counted

if TYPE_CHECKING:
    from portfolio_ledger.application.selection import ItemFilter, Moment

TYPES = {"escalation": ("escalation",), "action": ("corrective action",)}
"""What ``--type`` keeps: each row's ``kind``."""
BOTH = (*TYPES["escalation"], *TYPES["action"])
"""What is listed without ``--type``; ``--overdue`` lists actions alone (only they fall due)."""


@portfolio.command("open")
@click.option(
    "--type",
    "record_type",
    type=Spoken(sorted(TYPES)),  # read as every filter's word is: spaces around aside
    help="Only escalations, or only corrective actions. Default: both.",
)
@click.option(
    "--overdue",
    is_flag=True,
    help="Only corrective actions past their due day (due on the day counted to is not yet).",
)
@item_filter_options
@as_of_option
@effective_on_option
@output_options(listing=True)
@pass_context
def open_listing(
    ctx: LedgerContext,
    /,
    *,
    record_type: str | None,
    overdue: bool,
    as_of: datetime | None,
    effective_on: date | None,
    output: Output,
    **filters: Any,
) -> None:
    """Every open escalation and corrective action across the portfolio, oldest first.

    Each with its item (key, title, organisation), its number on the item,
    the issue or action, the escalation's severity and whom it went to or
    the action's owner and due day, the day it was raised or recommended, and
    its age in days; a corrective action whose due day has passed is overdue,
    by so many days. Ages are counted to today (UTC), or to the day asked:
    --effective-on's day, else --as-of's (UTC). At a moment, each item is
    read from its decisions as they stood then (as 'item show --as-of'): an
    escalation resolved or an action completed later is listed as open then.
    A completed action, or a recommendation annulled, is not listed; a
    corrected one is listed as corrected. The item filters choose items as
    'portfolio' does (--kind is the item's: programme, project, service).

    \b
    Examples:
      portfolio-ledger portfolio open
      portfolio-ledger portfolio open --type action --overdue
      portfolio-ledger portfolio open --organisation DFE --as-of 2026-06-30
      portfolio-ledger portfolio open --effective-on 2026-03-31 --json
      portfolio-ledger portfolio open --format csv --out open.csv
    """
    if overdue and record_type and record_type.lower() == "escalation":
        raise click.UsageError(
            "--overdue lists corrective actions past their due day, and an escalation has no "
            "due day: leave out --type escalation, or --overdue."
        )
    where = item_filter(**filters)
    moment = moment_of(as_of, effective_on)
    kinds = TYPES["action"] if overdue else TYPES[record_type.lower()] if record_type else BOTH
    held, items, on = _found(ctx, where, moment, kinds)
    found = [row for row in held if row["overdue"]] if overdue else held
    rows = output.page(found)
    if not found and output.format == "table" and output.out is None:
        pending = len(held) if overdue else None
        click.echo(_nothing(ctx, where, moment, items, pending=pending, kinds=kinds))
        return
    title = _title(found, where, moment, on) + output.window(len(found), len(rows))
    output.emit(rows, lambda: open_table(title, rows))


def _found(
    ctx: LedgerContext, where: ItemFilter, moment: Moment, kinds: Sequence[str]
) -> tuple[list[dict[str, Any]], int, date]:
    """The rows (overdue or not), how many items the filters chose, and the day counted to.

    Only the items that may hold something open are read: those the read
    models count an open escalation on, and those the audit trail has a
    corrective action recommended on (by the moment); now, their ``item show``
    records; at a moment, replayed: all three from one snapshot.
    """
    from portfolio_ledger.application.open_listing import (
        Holding,
        day_of,
        may_hold_open,
        open_records,
        recommendations,
    )
    from portfolio_ledger.domain.clock import utc_today

    # A decision recorded meanwhile: in all of them, or none (replayed ones too, at a moment).
    with ctx.reader.one_read(replaying=not moment.is_now):
        states = ctx.reader.portfolio(moment, where)
        acted_on = {row["subject"] for row in ctx.reader.trail(recommendations(moment.as_of))}
        keys = may_hold_open(states, acted_on)
        if not keys:
            held = []
        elif moment.is_now:  # as item show says
            held = [Holding.of_record(text) for text in ctx.reader.shown(keys) or ()]
        else:
            held = [Holding.of_control(item) for item in ctx.reader.controls(keys, moment)]
    on = day_of(moment.as_of, moment.effective_on, utc_today())
    return open_records(held, on, kinds), len(states), on


def _title(found: Sequence[dict[str, Any]], where: ItemFilter, moment: Moment, on: date) -> str:
    """``Open: 2 escalations, 3 corrective actions (1 overdue) (filters), now; ages to DAY``."""
    escalations = sum(1 for row in found if row["kind"] == "escalation")
    late = sum(1 for row in found if row["overdue"])
    actions = len(found) - escalations
    title = f"Open: {counted(escalations, 'escalation')}, {counted(actions, 'corrective action')}"
    title += f" ({late:,} overdue)" if actions else ""
    title += f" ({where.describe()})" if where.by_column() else ""
    return title + f", {moment.describe()}; ages in days to {on.isoformat()}"


RECORD = {"escalation": "item escalate", "corrective action": "item recommend-action"}
"""The command that records each kind of open record."""


def _nothing(
    ctx: LedgerContext, where: ItemFilter, moment: Moment, items: int, *, pending: int | None,
    kinds: Sequence[str],
) -> str:  # fmt: skip
    """Why nothing is listed: no items (the filters, the moment), or none holds anything open.

    ``pending``: with --overdue, the open corrective actions not yet due; else None.
    """
    if not items:
        explained = explain_moment(ctx, moment.as_of, moment.effective_on)
        return explained or explain_empty(ctx.reader, where, moment=moment)
    chosen = f"Of {counted(items, 'item')}"
    chosen += f" ({where.describe()})" if where.by_column() else ""
    if pending:
        return (
            f"{chosen}, {moment.describe()}, no corrective action is overdue; the "
            f"{counted(pending, 'open one')} not yet due: '{_actions_asked(where, moment)}'."
        )
    none = " and no ".join(f"open {kind}" for kind in kinds)
    record = " or ".join(f"'portfolio-ledger {RECORD[kind]}'" for kind in kinds)
    return f"{chosen}, {moment.describe()}, nothing is open: no {none}. Record one with {record}."


WORDS = frozenset({"stage", "rag"})
"""The filters whose values are the domain's words: the options read ``-`` for a space."""


def _actions_asked(where: ItemFilter, moment: Moment) -> str:
    """``portfolio-ledger portfolio open --type action`` of the items and at the moment asked.

    Run as it is, it lists the open actions ``--overdue`` found none of: at the
    same moment (not today, when they may be overdue) and of the same items.
    """
    from portfolio_ledger.domain.clock import utc_text

    words = ["portfolio-ledger portfolio open --type action"]
    if moment.as_of is not None:  # a day asked is the end of it: said as the day, not a time
        utc = moment.as_of.astimezone(UTC)
        asked = utc.date().isoformat() if utc.time() == time.max else utc_text(utc, asked=True)
        words.append(f"--as-of {asked}")
    if moment.effective_on is not None:
        words.append(f"--effective-on {moment.effective_on.isoformat()}")
    words.extend(
        f"--{column} {shlex.quote(value.replace(' ', '-') if column in WORDS else value)}"
        for column, values in where.by_column().items()
        for value in values
    )
    return " ".join(words)


OPEN = (
    Column("Key"),
    Column("Title", wrap=30),
    Column("Organisation"),
    Column("Kind"),
    Column("#", "int"),
    Column("What", wrap=40),
    Column("Severity / owner", shown="screen", wrap=20),
    Column("Severity", shown="data"),
    Column("Action owner", shown="data"),
    Column("To / due", shown="screen", wrap=24),
    Column("Escalated to", shown="data"),
    Column("Due", "date", shown="data"),
    Column("Raised", "date"),
    Column("Age (days)", "int"),
    Column("Overdue", shown="screen"),
    Column("Days overdue", "int", shown="data"),
)


def open_table(title: str, rows: Sequence[dict[str, Any]]) -> Table:
    """One row per open escalation or corrective action, in the order given."""
    return Table(title, "Open", OPEN, [_row(row) for row in rows])


def _row(row: dict[str, Any]) -> tuple[Any, ...]:
    escalation = row["kind"] == "escalation"
    late = row["days_overdue"]
    return (
        row["key"],
        row["title"],
        row["organisation"],
        row["kind"],
        row["number"],
        row["what"],
        row["severity"] if escalation else row["action_owner"],
        row["severity"],
        row["action_owner"],
        row["escalated_to"] if escalation else f"due {row['due'].isoformat()}",
        row["escalated_to"],
        row["due"],
        row["raised_on"],
        row["age_days"],
        "-" if escalation else (f"by {counted(late, 'day')}" if row["overdue"] else "no"),
        late,
    )
