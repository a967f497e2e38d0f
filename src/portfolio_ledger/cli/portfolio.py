"""``portfolio-ledger portfolio``: the portfolio now or at a moment, what changed, its envelope."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext
from portfolio_ledger.cli.filters import by_option, explain_empty, item_filter, item_filter_options
from portfolio_ledger.cli.lazy import LazyGroup
from portfolio_ledger.cli.moments import AS_OF, DAY, as_of_option, effective_on_option
from portfolio_ledger.cli.options import decision_options
from portfolio_ledger.cli.output import Output, output_options
from portfolio_ledger.cli.recording import record

if TYPE_CHECKING:
    from portfolio_ledger.application.selection import ItemFilter, Moment
    from portfolio_ledger.projections.state import ItemState


def describe_moment(as_of: datetime | None, effective_on: date | None) -> str:
    """Say which moment a view is of."""
    from portfolio_ledger.application.selection import Moment

    return Moment(as_of, effective_on).describe()


@click.group(
    cls=LazyGroup,
    modules={"portfolio_export": ("export",), "portfolio_open": ("open",)},
    invoke_without_command=True,
)
@item_filter_options
@by_option
@as_of_option
@effective_on_option
@output_options(listing=True)
@click.pass_context
def portfolio(
    click_ctx: click.Context,
    /,
    by: str | None,
    as_of: datetime | None,
    effective_on: date | None,
    output: Output,
    **filters: Any,
) -> None:
    """The portfolio now, or as it stood at a moment on either clock; some items, or grouped.

    \b
    Examples:
      portfolio-ledger portfolio --stage pipeline
      portfolio-ledger portfolio --organisation DFE --rag red --by category
      portfolio-ledger portfolio --rag not-reported --stage pipeline
      portfolio-ledger portfolio --as-of 2026-06-30
      portfolio-ledger portfolio --effective-on 2026-03-31 --stage catalogue
      portfolio-ledger portfolio --out portfolio.xlsx
      portfolio-ledger portfolio --format csv --limit 100 --offset 200
      portfolio-ledger portfolio diff 2026-03-31 2026-06-30 --effective
    """
    if click_ctx.invoked_subcommand is not None:
        return
    ctx = click_ctx.ensure_object(LedgerContext)
    where = item_filter(**filters)
    list_portfolio(ctx, where, by, moment_of(as_of, effective_on), output)


def moment_of(as_of: datetime | None, effective_on: date | None) -> Moment:
    """The moment the options name."""
    from portfolio_ledger.application.selection import Moment

    return Moment(as_of, effective_on)


def list_portfolio(
    ctx: LedgerContext, where: ItemFilter, by: str | None, moment: Moment, output: Output
) -> None:
    """List the items a filter chooses, at a moment (``portfolio`` and ``items list``)."""
    if by is None and output.format == "json" and _list_json(ctx, where, moment, output):
        return
    from portfolio_ledger.cli.tables import portfolio_table
    from portfolio_ledger.cli.views import grouped, show_portfolio

    explained: str | None = None
    with ctx.reader.one_read():  # the rows, their groups' names and why there are none: one record
        found = ctx.reader.portfolio(moment, where)
        names = _names(ctx, found, by) if by is not None else {}
        if not found and output.format == "table" and output.out is None:
            explained = explain_moment(ctx, moment.as_of, moment.effective_on)
            explained = explained or explain_empty(ctx.reader, where, moment=moment)
    if explained is not None:
        click.echo(explained)
        return
    if by is not None:  # every format in the grouped table's order: a page is a slice of it
        found = grouped(found, by, names)
    rows = output.page(found)
    title = f"{len(found):,} item{'s' if len(found) != 1 else ''}"
    title += f" ({where.describe()})" if where.by_column() else ""
    title += f", {describe_moment(moment.as_of, moment.effective_on)}"
    title += output.window(len(found), len(rows))
    output.emit(
        rows,
        lambda: portfolio_table(title, rows, by),
        lambda: show_portfolio(rows, title, by, found, names),
    )


def _names(ctx: LedgerContext, found: Sequence[ItemState], by: str) -> dict[str, str]:
    """The group each category's or organisation's spelling is shown under, where not its own.

    A name spelt differently only in case, spaces or typography is one group, as economics adds
    it up (``one_spelling``).
    """
    from portfolio_ledger.projections.one_spelling import shown_names

    values = {render.text(row[by]) for row in found if row[by]}  # type: ignore[literal-required]
    return shown_names(by, values, ctx.reader.first_spelling)


def _list_json(ctx: LedgerContext, where: ItemFilter, moment: Moment, output: Output) -> bool:
    """The listing as JSON from each item's text kept by the read models; False where none is.

    The same text as the records give (``item_texts.py``), without reading
    and converting every value of every row.
    """
    texts = ctx.reader.listed(moment, where)
    if texts is None:
        return False
    from portfolio_ledger.projections.item_texts import listing

    page = output.page(texts)
    output.emit_json(listing(page), len(page))
    return True


def explain_moment(
    ctx: LedgerContext, as_of: datetime | None, effective_on: date | None
) -> str | None:
    """Why a moment holds no items, if it is because of the moment: and what to ask instead."""
    from portfolio_ledger.domain.clock import utc_text

    first, earliest = ctx.reader.item_span()
    if first is None or earliest is None:
        return None
    if as_of is not None and as_of < first:
        day = as_of.date()
        hint = (
            f" On the effective clock, decisions had taken effect by {day.isoformat()}: "
            f"ask with '--effective-on {day.isoformat()}' instead of --as-of."
            if earliest <= day and effective_on is None
            else ""
        )
        # Within the second asked about, the second alone would read as before the moment.
        within = first.replace(microsecond=0) <= as_of
        recorded = utc_text(first, asked=True) if within else render.when(first)
        return (
            f"No item had been recorded by {utc_text(as_of, asked=True)} (the recorded clock): the "
            f"first decision on an item was recorded {recorded}.{hint}"
        )
    if effective_on is not None and effective_on < earliest:
        return (
            f"No item had taken effect by {effective_on.isoformat()} (the effective clock): "
            f"the earliest decision on an item takes effect {earliest.isoformat()}."
        )
    return None


@portfolio.command()
@click.argument("start", metavar="FROM")
@click.argument("end", metavar="TO")
@click.option(
    "--effective", is_flag=True, help="Compare on the effective clock (FROM and TO are days)."
)
@output_options(listing=True)
@click.pass_obj
def diff(ctx: LedgerContext, start: str, end: str, effective: bool, output: Output) -> None:
    """What changed between two moments: items that joined or left, and what moved.

    For items in the portfolio at both moments: stage, title, organisation,
    category, owner, sponsor, objectives, whole-life cost, budget, forecast,
    forecast date, rank and RAG (a figure becoming withheld or not known
    counts as a change).

    FROM and TO are times on the recorded clock (UTC unless written with an
    offset, Z or -05:00; a bare date is the end of that day, UTC), or with
    --effective days on the effective clock: for comparing two board meetings.

    \b
    Examples:
      portfolio-ledger portfolio diff 2026-11-01 2026-11-21
      portfolio-ledger portfolio diff 2026-03-31 2026-06-30 --effective
      portfolio-ledger portfolio diff 2026-03-31 2026-06-30 --effective --out changes.csv
    """
    from portfolio_ledger.cli.tables import diff_table

    moments = [
        _diff_moment(name, value, effective) for name, value in (("FROM", start), ("TO", end))
    ]
    _forward(moments, start, end, effective)
    hint: str | None = None
    with ctx.reader.one_read():  # the changes and, if none, those on the other clock: one record
        found = ctx.reader.diff(moments[0], moments[1])
        if not found and output.format == "table" and output.out is None:
            hint = _other_clock(ctx, moments, effective, start, end)
    changes = output.page(found)
    title = _diff_title(found, moments, "effective" if effective else "recorded")
    if hint is not None:
        click.echo(f"{title}: nothing changed.{hint}")
        return
    title += output.window(len(found), len(changes))
    output.emit(changes, lambda: diff_table(title, changes))


def _diff_moment(name: str, value: str, effective: bool) -> Moment:
    """FROM or TO: a day on the effective clock, or a moment up to now on the recorded one."""
    from portfolio_ledger.application.selection import Moment

    try:
        if effective:
            return Moment(effective_on=DAY.convert(value, None, None))
        return Moment(as_of=AS_OF.convert(value, None, None))
    except click.BadParameter as error:
        error.param_hint = name
        raise


def _forward(moments: list[Moment], start: str, end: str, effective: bool) -> None:
    """Refuse a FROM later than TO: the diff is what changed going forward from FROM."""
    days = [m.effective_on for m in moments if m.effective_on]
    times = [m.as_of for m in moments if m.as_of]
    if (len(days) == 2 and days[0] > days[1]) or (len(times) == 2 and times[0] > times[1]):
        option = " --effective" if effective else ""
        raise click.BadParameter(
            f"{start!r} is later than TO {end!r}: a diff lists what changed from FROM "
            f"forward to TO. Swap them: 'portfolio diff {end} {start}{option}'",
            param_hint="FROM",
        )


def _diff_title(changes: list[dict[str, Any]], moments: list[Moment], clock: str) -> str:
    """``Between 2026-03-31 and 2026-06-30 (effective clock): ...``: FROM and TO as read."""
    joined = sum(1 for c in changes if c["change"] == "joined")
    left = sum(1 for c in changes if c["change"] == "left")
    changed = len({c["key"] for c in changes if c["change"] not in {"joined", "left"}})
    start, end = (_as_read(moment) for moment in moments)
    return (
        f"Between {start} and {end} ({clock} clock): {joined:,} joined, {left:,} left, "
        f"{changed:,} changed"
    )


def _as_read(moment: Moment) -> str:
    """FROM or TO as the diff read it, as ``--as-of`` and ``--effective-on`` say theirs.

    A day as ``2026-06-30`` (typed ``20260630`` or `` 2026-06-30``); a time on the recorded
    clock as ``utc_text`` says one asked about: a bare date there is ``2026-06-30T23:59:59Z``.
    """
    from portfolio_ledger.domain.clock import utc_text

    if moment.as_of is not None:
        return utc_text(moment.as_of, asked=True)
    assert moment.effective_on is not None  # one or the other: _diff_moment
    return moment.effective_on.isoformat()


def _other_clock(
    ctx: LedgerContext, moments: list[Moment], effective: bool, start: str, end: str
) -> str:
    """On the recorded clock, a hint when the effective clock shows changes in the span."""
    if effective:
        return ""
    from portfolio_ledger.application.selection import Moment

    days = [Moment(effective_on=moment.as_of.date()) for moment in moments if moment.as_of]
    if len(days) != 2 or not ctx.reader.diff(days[0], days[1]):
        return ""
    # The days, not FROM and TO as given: --effective refuses a time (2026-06-30T10:00Z)
    start, end = (str(day.effective_on) for day in days)
    return (
        " (On the recorded clock: nothing was recorded between them. Decisions did take "
        f"effect between those days: 'portfolio diff {start} {end} --effective'.)"
    )


@portfolio.command()
@click.argument("envelope", metavar="AMOUNT")  # named as the field a refusal names
@decision_options(authority_required=True)
@click.pass_obj
def envelope(ctx: LedgerContext, /, envelope: str, as_json: bool, **decision: Any) -> None:
    """Set or change the portfolio envelope: the money its items are funded from.

    \b
    Example:
      portfolio-ledger portfolio envelope "GBP 250,000,000" \\
        --authority "Investment Committee" -m "Approved capital plan 2026/27"
    """
    record(ctx, as_json=as_json, decision=decision, envelope=envelope)


@portfolio.command()
@item_filter_options
@as_of_option
@effective_on_option
@output_options(listing=True)
@click.pass_obj
def ranking(
    ctx: LedgerContext,
    /,
    as_of: datetime | None,
    effective_on: date | None,
    output: Output,
    **filters: Any,
) -> None:
    """The priority ranking, and why each item sits where it does.

    Items by rank (ties marked '=', unranked last), each with the decision
    that set its rank (its position, effective day, actor, authority and
    rationale, and any correction of it) and the rank before it. Pipeline
    and catalogue items unless --stage says otherwise. A tie is counted over
    every open item, whatever the filters and page show. The rank before is
    the one in effect just before the decision as the ledger knows it at the
    moment; where the decision recorded another, both are shown.

    \b
    Examples:
      portfolio-ledger portfolio ranking
      portfolio-ledger portfolio ranking --organisation DFE --as-of 2026-06-30
      portfolio-ledger portfolio ranking --effective-on 2026-03-31 --json
      portfolio-ledger portfolio ranking --format csv --out ranking.csv
    """
    from portfolio_ledger.cli.ranking import ranking_table

    chosen = item_filter(**filters)
    where = chosen if chosen.stages else item_filter(**{**filters, "stages": OPEN_VIEWS})
    moment = moment_of(as_of, effective_on)
    explained: str | None = None
    with ctx.reader.one_read():  # the ranking and why it is empty: one record
        found = ctx.reader.ranking(moment, where)
        if not found and output.format == "table" and output.out is None:
            explained = explain_moment(ctx, moment.as_of, moment.effective_on)
            explained = explained or _none_ranked(ctx, chosen, moment)
    if explained is not None:
        click.echo(explained)
        return
    rows = output.page(found)
    ranked = sum(1 for entry in found if entry["rank"] is not None)
    title = f"Priority ranking: {ranked:,} ranked, {len(found) - ranked:,} unranked"
    said = (
        chosen.describe()
        if chosen.stages
        else "; ".join(part for part in ("pipeline and catalogue", chosen.describe()) if part)
    )
    title += f" ({said}), {describe_moment(moment.as_of, moment.effective_on)}"
    title += output.window(len(found), len(rows))
    output.emit(rows, lambda: ranking_table(title, rows))


OPEN_VIEWS = ("pipeline", "catalogue")
"""The views ``portfolio ranking`` shows unless --stage names others."""


def _none_ranked(ctx: LedgerContext, chosen: ItemFilter, moment: Moment) -> str:
    """Why the ranking is empty: the filters given, or only items no longer open match."""
    if chosen.stages or not ctx.reader.portfolio(moment, chosen):
        return explain_empty(ctx.reader, chosen, moment=moment)
    return (
        "No pipeline or catalogue item matches: the ranking shows those unless --stage says "
        "otherwise. Ask for the others with '--stage retired', '--stage closed' or '--stage left'."
    )
