"""Human renderings of items and histories."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import click

from portfolio_ledger.application.selection import group_label, group_order, reported_earlier
from portfolio_ledger.cli import render
from portfolio_ledger.domain.change_words import names_in_words

if TYPE_CHECKING:
    from portfolio_ledger.application.history_entries import HistoryEntry
    from portfolio_ledger.application.item_views import FigureValue, ItemView
    from portfolio_ledger.projections.state import ItemState


def _money(value: FigureValue) -> str:
    """Money, ``withheld`` or ``not known``, or a dash."""
    return "-" if value is None else str(value)


def show_item(view: ItemView, moment: str | None = None) -> None:
    """An item's state as aligned name/value pairs, then its open escalations.

    ``moment`` says which moment a state at a moment is of (``As at``, under the key).
    """
    what = _what_it_is(view)
    if moment is not None:
        what.insert(1, ("As at", moment))
    render.fields([*what, *_money_and_status(view), *_where_it_stands(view)])
    if view.open_escalations:
        render.table(
            "Open escalations",
            ["#", "Raised", "Severity", "To", "Issue"],
            [
                [str(e.number), render.when(e.raised_on), e.severity, e.escalated_to, e.issue]
                for e in view.open_escalations
            ],
            right=["#"],
            wide={"Issue": 50, "To": 30},
        )
    if view.open_corrective_actions:
        render.table(
            "Open corrective actions",
            ["#", "Recommended", "Due", "Owner", "Action"],
            [
                [
                    str(a.number),
                    render.when(a.recommended_on),
                    render.when(a.due),
                    a.owner,
                    a.action,
                ]
                for a in view.open_corrective_actions
            ],
            right=["#"],
            wide={"Action": 50, "Owner": 30},
        )


def _what_it_is(view: ItemView) -> list[tuple[str, str]]:
    described = [("Description", view.description)] if view.description else []
    return [
        ("Key", view.key),
        ("Title", view.title),
        *described,
        ("Kind", view.kind),
        ("Stage", f"{view.stage} ({view.view})" + _left(view)),
        ("Organisation", render.text(view.organisation)),
        ("Owner", render.text(view.owner)),
        ("Sponsor", render.text(view.sponsor)),
        ("Category", view.category),
        ("Objectives", names_in_words(view.objectives) or "-"),
        ("Priority rank", render.text(view.rank)),
    ]


def _money_and_status(view: ItemView) -> list[tuple[str, str]]:
    dims = ", ".join(f"{k} {v}" for k, v in view.rag_dimensions.items() if v)
    score = view.alignment_score
    pairs = [
        ("Estimated cost", _money(view.estimated_cost)),
        ("Expected benefits", _money(view.expected_benefits)),
        ("Risk rating", render.text(view.risk_rating)),
        ("Alignment score", "-" if score is None else f"{score}/100"),
        ("Whole-life cost", _money(view.whole_life_cost) + _as_reported(view, "whole-life")),
        ("Authorised budget", _money(view.authorised_budget)),
        ("Conditions", names_in_words(view.conditions) or "-"),
        ("Forecast cost", _money(view.forecast_cost) + _as_reported(view, "cost")),
        ("Forecast date", render.when(view.forecast_date) + _as_reported(view, "date")),
        ("RAG", render.text(view.rag) + (f" ({dims})" if dims else "")),
        ("Last status", render.when(view.last_status_date)),
    ]
    if view.baseline_source:
        pairs.append(("Baseline from", view.baseline_source))
    return pairs


def _as_reported(view: ItemView, which: str) -> str:
    """`` (as reported DAY)`` for a figure a later status report did not give again.

    ``which``: the forecast's ``cost`` or ``date``, or the ``whole-life`` cost.
    """
    on = {
        "cost": view.forecast_cost_reported_on,
        "date": view.forecast_date_reported_on,
        "whole-life": view.whole_life_cost_reported_on,
    }[which]
    return f" (as reported {on})" if reported_earlier(on, view.last_status_date) else ""


def _where_it_stands(view: ItemView) -> list[tuple[str, str]]:
    pairs = []
    if view.deferred_until:
        pairs.append(("Deferred until", render.when(view.deferred_until)))
    if view.paused_from:
        pairs.append(("Paused from", view.paused_from))
    last = f"{view.last_decision} (effective {render.when(view.last_effective_date)})"
    return [
        *pairs,
        ("Open escalations", str(len(view.open_escalations))),
        ("Open actions", str(len(view.open_corrective_actions))),  # corrective: its table
        ("Depends on", "; ".join(f"{k} ({what})" for k, what in view.dependencies.items()) or "-"),
        ("Last decision", last),
        ("Version", str(view.version)),
        ("Joined (recorded)", render.when(view.proposed_at)),
        ("Last recorded", render.when(view.last_recorded_at)),
    ]


def _left(view: ItemView) -> str:
    if view.left_reason is None:
        return ""
    merged = f" {view.merged_into}" if view.merged_into else ""
    return f": {view.left_reason}{merged}, from {view.left_from}"


def show_history(entries: Sequence[HistoryEntry]) -> None:
    """An item's decisions as a log: one block each, with governance metadata and both clocks."""
    key = entries[0].key if entries else ""
    count = len(entries)
    title = f"History of {key}: {count} decision{'s' if count != 1 else ''}"
    blocks = [("".join(_heading(e)), _history_rows(e)) for e in entries]
    plain = render.plain_blocks(title, blocks, lead=3)
    if plain is not None:  # piped, and every value as rich would print it: without rich
        click.echo("\n".join(plain))
        return
    from rich.console import Group, RenderableType
    from rich.table import Table
    from rich.text import Text

    shown: list[RenderableType] = [Text(title)]
    for e, (_, rows) in zip(entries, blocks, strict=True):
        decision, when = _heading(e)
        heading = Text.assemble((decision, "bold"), when)
        grid = Table.grid(padding=(0, 2))
        grid.add_column(width=3)
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(overflow="fold")
        for label, value in rows:
            grid.add_row("", label, value)
        shown.extend([Text(""), heading, grid])
    render.show(Group(*shown))


def _heading(e: HistoryEntry) -> tuple[str, str]:
    """The decision (in bold on a terminal), then where and when."""
    return f"{e.version:>3}  {e.event}", (
        f"   position {render.text(e.position)}"
        f"   effective {render.when(e.effective_date)}   recorded {render.when(e.recorded_at)}"
    )


def _history_rows(e: HistoryEntry) -> list[tuple[str, str]]:
    from portfolio_ledger.cli.governance_views import authority_cell

    return [
        ("What", e.summary),
        ("Who", f"{e.actor} ({e.role})"),
        ("Authority", authority_cell(e.authority, e.authority_detail)),
        ("Why", e.rationale),
        *_references(e.references),
        *_put_right(e),
    ]


def _references(references: Sequence[str]) -> list[tuple[str, str]]:
    """The references, a row each (``Ref 1``, ``Ref 2``, ...) where there are several.

    Joined on one line, a comma could not be told from the one in an amount
    (``budget GBP 1,200,000.00, ref X``), and no other separator is safe from
    a reference's own text: a row each, wrapped under its label, is.
    """
    if len(references) > 1:
        return [(f"Ref {n}", ref) for n, ref in enumerate(references, start=1)]
    return [("Ref" if references else "Refs", references[0] if references else "-")]


def _put_right(entry: HistoryEntry) -> list[tuple[str, str]]:
    """What put a decision right, or what a correction puts right (by position)."""
    notes = []
    if entry.corrected_by:
        positions = ", ".join(f"{p:,}" for p in entry.corrected_by)
        notes.append(("Corrected", f"by position {positions}; shown here as recorded"))
    if entry.annulled_by is not None:
        notes.append(("Annulled", f"by position {entry.annulled_by:,}; not in effect"))
    return notes


def show_portfolio(
    rows: Sequence[ItemState],
    title: str,
    by: str | None = None,
    whole: Sequence[ItemState] | None = None,
    names: Mapping[str, str] | None = None,
) -> None:
    """Items as a table, in the order given; with ``by``, one table per group.

    ``rows`` may be a page of ``whole`` (the rows in :func:`grouped` order):
    each group's heading counts its items in ``whole``, and says how many of
    them the page holds when it holds fewer. ``names``: the group each spelling of a
    name is shown under (:func:`grouped`).
    """
    if by is None:
        _portfolio_table(title, rows)
        return
    names = names or {}
    counts = Counter(_group(row, by, names) for row in (rows if whole is None else whole))
    click.echo(title)
    for value, members in _groups(rows, by, names).items():
        heading = f"{_group_name(by, value)}: {_count(counts[value])}"
        if len(members) != counts[value]:
            heading += f", {len(members):,} on this page"
        _portfolio_table(heading, members)


def grouped(
    rows: Sequence[ItemState], by: str, names: Mapping[str, str] | None = None
) -> list[ItemState]:
    """The rows in the order the table grouped ``by`` shows them: group by group, each in order.

    Groups in the order of every grouping (``group_order``: views and stages in
    the lifecycle's order, RAGs red to green, other values alphabetically in any
    case, the items with none last), each group's rows in the order given; a
    page (``--limit``, ``--offset``) is a slice of this order.
    ``names`` gives the group a value is in where it is not its own: a category
    or organisation spelt differently only in case, spaces or typography is one group.
    """
    return [row for members in _groups(rows, by, names or {}).values() for row in members]


def _groups(
    rows: Sequence[ItemState], by: str, names: Mapping[str, str]
) -> dict[str, list[ItemState]]:
    found: dict[str, list[ItemState]] = {}
    for row in rows:
        found.setdefault(_group(row, by, names), []).append(row)
    return {value: found[value] for value in sorted(found, key=lambda v: group_order(by, v))}


def _group(row: ItemState, by: str, names: Mapping[str, str]) -> str:
    """The group's value ('' for items with none: the last group, as in economics)."""
    value = str(row[by] or "")  # type: ignore[literal-required]  # by: one of BY_CHOICES
    return names.get(value, value)


def _group_name(by: str, value: str) -> str:
    """``organisation CORP``; items with none as economics names them (``no organisation``)."""
    label = group_label(by, value)
    return label if not value and by in label else f"{by} {label}"


def _count(items: int) -> str:
    return f"{items:,} item{'s' if items != 1 else ''}"


def _portfolio_table(title: str, rows: Sequence[ItemState]) -> None:
    from portfolio_ledger.cli.output import show
    from portfolio_ledger.cli.tables import portfolio_table

    show(portfolio_table(title, rows))
    for what, names in EARLIER_NOTES.items():
        earlier = reported_before(rows, what, names)
        if earlier:
            click.echo(earlier)


EARLIER_NOTES = {
    "Forecast": ("forecast_cost_reported_on", "forecast_date_reported_on"),
    "Whole-life cost": ("whole_life_cost_reported_on",),
}
"""The notes under the portfolio's table: what each names, and the days it compares."""


def reported_before(
    rows: Sequence[ItemState], what: str, names: Sequence[str], most: int = 10
) -> str:
    """Which items' figures are as an earlier status report gave them (the last did not).

    ``Forecast as reported before the last status report: PRJ-1 (2026-03-31)``
    (``what`` the figure, ``names`` the columns of the days that gave it); empty if none is.
    """
    found = []
    for row in rows:
        given = [row[name] for name in names]  # type: ignore[literal-required]  # ItemState's
        days = {day for day in given if day is not None}
        earlier = sorted(d for d in days if reported_earlier(d, row["last_status_date"]))
        if earlier:
            found.append(f"{row['key']} ({', '.join(d.isoformat() for d in earlier)})")
    if not found:
        return ""
    more = f" and {len(found) - most:,} more" if len(found) > most else ""
    return f"{what} as reported before the last status report: {', '.join(found[:most])}{more}"
