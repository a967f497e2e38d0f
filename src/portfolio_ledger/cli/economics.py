"""``portfolio-ledger economics``: the portfolio's money, now or then, against its envelope."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.filters import BY_CHOICES, explain_empty, item_filter, item_filter_options
from portfolio_ledger.cli.moments import as_of_option, effective_on_option
from portfolio_ledger.cli.options import Spoken
from portfolio_ledger.cli.output import Output, output_options
from portfolio_ledger.domain.caseless import accents_typed

ECONOMICS_BY = (*BY_CHOICES, "objective")
"""The breakdowns ``economics`` gives: a listing's groupings, and each strategic objective."""
OBJECTIVE_NOTE = (
    "By objective, an item serving several objectives is counted under each of them: "
    "the objective rows can add up to more than the portfolio."
)
"""Said under the objective rows, and in ``--json``'s ``notes``: they are not a share each."""

if TYPE_CHECKING:
    from portfolio_ledger.application.selection import ItemFilter, Moment
    from portfolio_ledger.reports.tabular import Table as TableType


@click.command()
@item_filter_options
@click.option(
    "--by",
    "dimensions",
    multiple=True,
    type=Spoken(ECONOMICS_BY, case_sensitive=False),
    help="Only these breakdowns (default: all). Repeatable.",
)
@as_of_option
@effective_on_option
@output_options(listing=False)
@pass_context
def economics(
    ctx: LedgerContext,
    /,
    dimensions: tuple[str, ...],
    as_of: datetime | None,
    effective_on: date | None,
    output: Output,
    **filters: Any,
) -> None:
    """Items and their money by view, stage, category, organisation, kind, RAG and objective.

    Totals add only figures that are known (a dash where no item's is);
    beside them, how many items' figures are withheld or not known, so a
    total says what it leaves out. Every item the ledger holds is counted,
    in its view: closed, retired and left items too, with the figures they
    last had; for the portfolio as it stands, give --stage pipeline,catalogue.
    By objective, an item counts under each objective it serves: those rows
    can add up to more than the portfolio.
    Against the portfolio envelope where one is set: committed is the
    authorised budget of open items (pipeline and catalogue), by currency;
    the headroom counts only what is committed in the envelope's currency,
    by every open item (what items chosen by the options commit, apart).

    \b
    Examples:
      portfolio-ledger economics
      portfolio-ledger economics --by organisation --effective-on 2025-09-30
      portfolio-ledger economics --organisation DFE --json
      portfolio-ledger economics --out economics.xlsx
    """
    from portfolio_ledger.application.selection import Moment
    from portfolio_ledger.cli.portfolio import describe_moment, explain_moment
    from portfolio_ledger.cli.tables import economics_table

    where = item_filter(**filters)
    moment = Moment(as_of, effective_on)
    result, every = _answer(ctx, moment, where)
    if not result["totals"] and output.format == "table" and output.out is None:
        explained = explain_moment(ctx, as_of, effective_on)
        click.echo(explained or explain_empty(ctx.reader, where, moment=moment))
        return
    scope = f" ({where.describe()})" if where.by_column() else ""
    title = f"Portfolio economics{scope}, {describe_moment(as_of, effective_on)}"
    shown = dimensions or ECONOMICS_BY
    records = _records(result, shown)
    output.emit(
        records,
        lambda: economics_table(title, records["totals"]),
        lambda: _show(economics_table(title, records["totals"]), shown, result, moment, every),
    )


def _answer(
    ctx: LedgerContext, moment: Moment, where: ItemFilter
) -> tuple[dict[str, Any], list[dict[str, Any]] | None]:
    """The economics of the items chosen, with what they commit; and every item's totals.

    Every item's only where the items are some and an envelope stands: the envelope is the
    portfolio's, and its headroom is what every open item leaves (``portfolio_committed``).
    """
    from portfolio_ledger.application.selection import committed

    with ctx.reader.one_read():  # a decision recorded meanwhile: in both sums, or neither
        result = ctx.reader.economics(moment, where)
        every: list[dict[str, Any]] | None = None
        if where.by_column() and result["envelope"] is not None:
            every = ctx.reader.economics(moment)["totals"]
    result["committed"] = committed(result["totals"])
    if every is None:
        return result, None
    result["portfolio_committed"] = committed(every)
    return result, every


def _records(result: dict[str, Any], shown: Sequence[str]) -> dict[str, Any]:
    """``--json``'s answer: the breakdowns shown, and ``notes`` on rows that overlap.

    ``committed`` is of every open item, whatever is shown.
    """
    chosen = [r for r in result["totals"] if r["dimension"] in shown]
    notes = {"objective": OBJECTIVE_NOTE} if "objective" in shown else {}
    return result | {"totals": chosen} | ({"notes": notes} if notes else {})


def _show(
    table: TableType,
    dimensions: Sequence[str],
    result: dict[str, Any],
    moment: Moment,
    every: list[dict[str, Any]] | None,
) -> None:
    """A table for each breakdown, then the envelope (at the moment asked about).

    ``every``: every item's totals, where the breakdowns are of some items: the envelope's
    headroom is the portfolio's, what every open item commits.
    """
    from portfolio_ledger.cli.output import show
    from portfolio_ledger.reports.tabular import Table, currency_named

    click.echo(table.title)
    for dimension in dimensions:
        heading = "RAG" if dimension == "rag" else dimension.capitalize()
        rows = [row for row in table.rows if row[0] == dimension]  # Dimension: the first column
        columns = [replace(table.columns[1], header=heading), *table.columns[2:]]
        title = f"By {heading.lower() if dimension != 'rag' else heading}"
        names = currency_named([(str(row[1]), str(row[3])) for row in rows])  # Value, Currency
        shown = [(name, *row[2:]) for name, row in zip(names, rows, strict=True)]
        show(Table(title, table.sheet, columns, shown))
        if dimension == "objective" and rows:
            click.echo(OBJECTIVE_NOTE)
    _spellings_said(result["totals"], dimensions)
    uncounted = _uncounted(result["totals"])
    if every is not None:
        from portfolio_ledger.application.selection import committed

        scoped = (result["committed"], uncounted)
        show_envelope(result["envelope"], committed(every), _uncounted(every), moment, scoped)
        return
    show_envelope(result["envelope"], result["committed"], uncounted, moment)


def _spellings_said(totals: Sequence[dict[str, Any]], dimensions: Sequence[str]) -> None:
    """Each row counting a name's spellings that differ only in case, spaces, typography, accents.

    Once a name, with the spellings its rows count in every currency.
    """
    said: dict[tuple[str, str], set[str]] = {}
    for row in totals:
        if row["dimension"] in dimensions and row.get("spellings"):
            others = said.setdefault((row["dimension"], row["value"]), set())
            others.update(row["spellings"][1:])
    for (dimension, value), others in said.items():
        click.echo(
            f"{dimension.capitalize()} {value!r} counts the items recorded as "
            f"{', '.join(repr(other) + accents_typed(other, value) for other in sorted(others))}"
            " too: spelt differently only in case, spaces, typography (\u2019 for ', "
            "\u2013 for -) or how its accents were typed, it is one name, shown as first recorded."
        )


def _uncounted(totals: Sequence[dict[str, Any]]) -> dict[str, str]:
    """By currency, open items whose budget is withheld or not known: its sum leaves them out."""
    from portfolio_ledger.application.selection import uncounted

    return {
        currency: " (known budgets only; not counted: "
        + ", ".join(f"{count:,} {status}" for status, count in counts.items())
        + ")"
        for currency, counts in uncounted(totals).items()
    }


def show_envelope(
    envelope: dict[str, Any] | None,
    commitments: dict[str, Decimal],
    uncounted: dict[str, str] | None = None,
    moment: Moment | None = None,
    these: tuple[dict[str, Decimal], dict[str, str]] | None = None,
) -> None:
    """The envelope, what open items commit of it, the headroom; commitments in other currencies.

    The headroom is the envelope less what is committed in its currency: an
    amount in another currency is shown, each currency on its own line, but
    not counted in it (the ledger keeps no exchange rates and converts nothing).
    ``these``: where a listing is of some items, what they commit (and leave
    uncounted), shown after the portfolio's figures, which are of every open item.
    """
    said = uncounted or {}
    if envelope is None:
        _no_envelope(commitments, said, moment)
        return
    currency = envelope["currency"]
    used = commitments.get(currency, Decimal(0))
    uncounted_here = said.get(currency, "")
    others = [
        (
            f"Committed in {other}",
            f"{render.money(amount, other)}{said.get(other, '')}: {_not_counted(currency)}",
        )
        for other, amount in sorted(commitments.items())
        if other != currency
    ]
    render.fields(
        [
            ("Envelope", render.money(envelope["amount"], currency)),
            (
                "Committed (all open items)" if these else "Committed (open items)",
                render.money(used, currency) + uncounted_here,
            ),
            (
                "Headroom",
                f"{'at most ' if uncounted_here else ''}"
                f"{render.money(envelope['amount'] - used, currency)}"
                if envelope["amount"] >= used
                else f"over by {'at least ' if uncounted_here else ''}"
                f"{render.money(used - envelope['amount'], currency)}",
            ),
            *others,
            *_committed_by_these(these, currency),
        ]
    )


def _committed_by_these(
    these: tuple[dict[str, Decimal], dict[str, str]] | None, currency: str
) -> list[tuple[str, str]]:
    """The lines of what the items listed commit, the envelope's currency first."""
    if these is None:
        return []
    amounts, said = these
    ordered = sorted(amounts, key=lambda other: (other != currency, other))
    return [
        (
            "Committed by these items" + ("" if other == currency else f" in {other}"),
            render.money(amounts[other], other) + said.get(other, ""),
        )
        for other in ordered
    ] or [("Committed by these items", render.money(Decimal(0), currency))]


def _not_counted(currency: str) -> str:
    return f"not in the headroom (the envelope is in {currency}; no currency is converted)"


def _no_envelope(
    commitments: dict[str, Decimal], said: dict[str, str], moment: Moment | None
) -> None:
    """No envelope (none set, or none yet at the moment asked about): what is committed."""
    click.echo(
        "No portfolio envelope is set (portfolio-ledger portfolio envelope AMOUNT)."
        if moment is None or moment.is_now
        else f"No portfolio envelope stood then ({moment.describe()})."
    )
    if commitments:
        render.fields(
            (
                "Committed (open items)" if n == 0 else "",
                render.money(amount, currency) + said.get(currency, ""),
            )
            for n, (currency, amount) in enumerate(sorted(commitments.items()))
        )
