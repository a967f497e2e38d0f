"""The columns of each tabular view, declared once: portfolio, diff, economics, audit trail.

Each view's table on screen, ``--out FILE.txt``, CSV and xlsx all come from
the declaration here (``reports/tabular.py`` says what ``shown`` means); JSON
is the view's records, as ``--json`` always printed them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from portfolio_ledger.application.selection import group_label
from portfolio_ledger.reports.tabular import (
    DIFF_LABELS,
    FIGURE_NAMES,
    Column,
    Figure,
    Table,
    also_recorded,
    left_out,
)

if TYPE_CHECKING:
    from portfolio_ledger.projections.state import ItemState

PORTFOLIO = (
    Column("Rank", "int"),
    Column("Key"),
    Column("Title", wrap=40),
    Column("Organisation", wrap=20),
    Column("Category", shown="data"),
    Column("Stage"),
    Column("Owner", wrap=20),
    Column("Currency", shown="data"),
    Column("Whole-life", "money"),
    Column("Budget", "money"),
    Column("Forecast", "money"),
    Column("Forecast date", "date", shown="data"),
    # The status report (or baseline) that gave each: before "Last status" if later ones did not.
    Column("Forecast reported", "date", shown="data"),
    Column("Forecast date reported", "date", shown="data"),
    Column("Whole-life reported", "date", shown="data"),
    Column("RAG"),
    Column("Esc", "int"),
    Column("Last status", "date", shown="data"),
)

DIFF = (
    Column("Key"),
    Column("Title", wrap=40),
    Column("Organisation", wrap=16),
    Column("Change"),
    Column("Currency", shown="data"),
    Column("From"),
    Column("To"),
)

TRAIL = (
    Column("Pos", "int"),
    Column("Recorded (UTC)", "time"),
    Column("Effective", "date"),
    Column("Subject"),
    Column("Decision"),
    Column("What changed", wrap=36),
    Column("Actor", shown="data"),
    Column("Role", shown="data"),
    Column("Actor (role)", wrap=28, shown="screen"),
    Column("Authority", wrap=32),
    Column("Rationale", wrap=36),
)

ECONOMICS = (
    Column("Dimension", shown="data"),
    Column("Value", wrap=40),
    Column("Items", "int"),
    Column("Currency", shown="data"),
    Column("Whole-life cost", "money"),
    Column("Authorised budget", "money"),
    Column("Forecast", "money"),
    Column("Withheld / not known", wrap=30, shown="screen"),
    *(
        Column(f"{label} {what}", "int", shown="data")
        for label in ("Whole-life", "Budget", "Forecast")
        for what in ("withheld", "not known")
    ),
    # Known figures in the total that an earlier status report gave (the last left them out).
    Column("Whole-life as reported earlier", "int", shown="data"),
    Column("Forecast as reported earlier", "int", shown="data"),
    # The spellings a row adds up (``spellings`` in the JSON); on screen, a sentence under it.
    Column("Also recorded as", shown="data"),
)


GROUP_COLUMNS = {"kind": Column("Kind"), "view": Column("View")}
"""Groups (``--by``) the portfolio's columns do not hold: a column after Stage when grouped so."""


def portfolio_table(title: str, rows: Sequence[ItemState], by: str | None = None) -> Table:
    """Items, one a row, in the order given; grouped by kind or view, that too."""
    table = _portfolio_rows(title, rows)
    group = GROUP_COLUMNS.get(by or "")
    if group is None:
        return table
    at = PORTFOLIO.index(Column("Stage")) + 1
    return Table(
        table.title,
        table.sheet,
        [*PORTFOLIO[:at], group, *PORTFOLIO[at:]],
        [(*cells[:at], row[by], *cells[at:]) for cells, row in zip(table.rows, rows, strict=True)],  # type: ignore[literal-required]
    )


def _portfolio_rows(title: str, rows: Sequence[ItemState]) -> Table:

    def figure(row: ItemState, name: str) -> Figure:
        # name is one of FIGURE_NAMES, keys of ItemState that mypy cannot see through a variable
        return Figure(row[name], row["currency"], row[f"{name}_status"])  # type: ignore[literal-required]

    return Table(
        title,
        "Portfolio",
        PORTFOLIO,
        [
            (
                r["priority_rank"],
                r["key"],
                r["title"],
                r["organisation"],
                r["category"],
                r["stage"],
                r["owner"],
                r["currency"],
                *(figure(r, name) for name in FIGURE_NAMES),
                r["forecast_date"],
                r["forecast_cost_reported_on"],
                r["forecast_date_reported_on"],
                r["whole_life_cost_reported_on"],
                r["rag"],
                r["open_escalations"],
                r["last_status_date"],
            )
            for r in rows
        ],
    )


def diff_table(title: str, changes: Sequence[dict[str, Any]]) -> Table:
    """What changed, one change a row: money as money, anything else as it is."""

    def value(change: dict[str, Any], side: str) -> Any:
        found = change[side]
        if change["change"] in FIGURE_NAMES and not isinstance(found, str):
            return Figure(found, change["currency"])
        return found

    return Table(
        title,
        "Changes",
        DIFF,
        [
            (
                c["key"],
                c["title"],
                c["organisation"],
                DIFF_LABELS.get(c["change"], c["change"]),
                c["currency"],
                value(c, "before"),
                value(c, "after"),
            )
            for c in changes
        ],
    )


def trail_table(title: str, rows: Sequence[dict[str, Any]]) -> Table:
    """Audit-trail rows: position, both clocks, subject, what, who, authority, why."""
    from portfolio_ledger.cli.governance_views import authority_cell

    return Table(
        title,
        "Audit trail",
        TRAIL,
        [
            (
                r["position"],
                r["recorded_at"],
                r["effective_date"],
                r["subject"],
                r["event"],
                r["summary"],
                r["actor"],
                r["role"],
                f"{r['actor']} ({r['role']})",
                authority_cell(r["authority"], r["authority_detail"]) if r["authority"] else None,
                r["rationale"],
            )
            for r in rows
        ],
    )


MISSING = ("withheld", "not_known")


def economics_table(title: str, totals: Sequence[dict[str, Any]]) -> Table:
    """Totals by dimension and value: items, money (known figures only), what they leave out."""

    def total(row: dict[str, Any], name: str) -> Figure:
        known = row[f"{name}_known"]
        return Figure(row[name] if known else None, row["currency"])

    return Table(
        title,
        "Economics",
        ECONOMICS,
        [
            (
                r["dimension"],
                group_label(r["dimension"], r["value"]),
                r["items"],
                r["currency"],
                *(total(r, name) for name in FIGURE_NAMES),
                left_out(r),
                *(r[f"{name}_{what}"] for name in FIGURE_NAMES for what in MISSING),
                r["whole_life_cost_earlier"],
                r["forecast_cost_earlier"],
                also_recorded(r.get("spellings", ())),
            )
            for r in totals
        ],
    )
