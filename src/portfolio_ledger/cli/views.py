"""Human renderings of items and histories."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from portfolio_ledger.cli import render

if TYPE_CHECKING:
    from portfolio_ledger.application.views import HistoryEntry, ItemView, MoneyView
    from portfolio_ledger.projections.state import ItemState


def _money(value: MoneyView | None) -> str:
    return "-" if value is None else str(value)


def show_item(view: ItemView) -> None:
    """An item's state as aligned name/value pairs."""
    dims = ", ".join(f"{k} {v}" for k, v in view.rag_dimensions.items() if v)
    pairs = [
        ("Key", view.key),
        ("Title", view.title),
        ("Kind", view.kind),
        ("Stage", f"{view.stage} ({view.view})"),
        ("Owner", view.owner),
        ("Sponsor", view.sponsor),
        ("Category", view.category),
        ("Objectives", ", ".join(view.objectives) or "-"),
        ("Priority rank", render.text(view.rank)),
        ("Estimated cost", _money(view.estimated_cost)),
        ("Expected benefits", _money(view.expected_benefits)),
        ("Risk rating", render.text(view.risk_rating)),
        ("Alignment score", "-" if view.alignment_score is None else f"{view.alignment_score}/100"),
        ("Authorised budget", _money(view.authorised_budget)),
        ("Conditions", "; ".join(view.conditions) or "-"),
        ("Forecast cost", _money(view.forecast_cost)),
        ("Forecast date", render.when(view.forecast_date)),
        ("RAG", render.text(view.rag) + (f" ({dims})" if dims else "")),
    ]
    if view.deferred_until:
        pairs.append(("Deferred until", render.when(view.deferred_until)))
    if view.paused_from:
        pairs.append(("Paused from", view.paused_from))
    pairs.extend(
        [
            ("Open escalations", str(len(view.open_escalations))),
            (
                "Last decision",
                f"{view.last_decision} (effective {render.when(view.last_effective_date)})",
            ),
            ("Version", str(view.version)),
            ("Proposed (recorded)", render.when(view.proposed_at)),
            ("Last recorded", render.when(view.last_recorded_at)),
        ]
    )
    render.fields(pairs)
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


def show_history(entries: Sequence[HistoryEntry]) -> None:
    """An item's decisions as a log: one block each, with governance metadata and both clocks."""
    from rich.console import Group, RenderableType
    from rich.table import Table
    from rich.text import Text

    from portfolio_ledger.cli.governance_views import authority_cell

    key = entries[0].key if entries else ""
    count = len(entries)
    blocks: list[RenderableType] = [
        Text(f"History of {key}: {count} decision{'s' if count != 1 else ''}")
    ]
    for e in entries:
        heading = Text.assemble(
            (f"{e.version:>3}  {e.event}", "bold"),
            f"   effective {render.when(e.effective_date)}",
            f"   recorded {render.when(e.recorded_at)}",
        )
        grid = Table.grid(padding=(0, 2))
        grid.add_column(width=3)
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(overflow="fold")
        for label, value in (
            ("What", e.summary),
            ("Who", f"{e.actor} ({e.role})"),
            ("Authority", authority_cell(e.authority, e.authority_detail)),
            ("Why", e.rationale),
            ("Refs", ", ".join(e.references) or "-"),
        ):
            grid.add_row("", label, value)
        blocks.extend([Text(""), heading, grid])
    render.show(Group(*blocks))


def show_portfolio(rows: Sequence[ItemState], title: str) -> None:
    """Items as a table, in the order given."""
    render.table(
        title,
        ["Rank", "Key", "Kind", "Title", "Stage", "Owner", "Budget", "Forecast", "RAG", "Esc"],
        [
            [
                render.text(r["priority_rank"]),
                r["key"],
                r["kind"],
                r["title"],
                r["stage"],
                r["owner"],
                render.money(r["authorised_budget"], r["currency"]),
                render.money(r["forecast_cost"], r["currency"]),
                render.text(r["rag"]),
                str(r["open_escalations"]),
            ]
            for r in rows
        ],
        right=["Rank", "Budget", "Forecast", "Esc"],
        wide={"Title": 40, "Owner": 24},
    )


def show_state(state: ItemState, moment: str) -> None:
    """An item's state at a moment, from its versions."""
    currency = state["currency"]
    render.fields(
        [
            ("Key", state["key"]),
            ("As at", moment),
            ("Title", state["title"]),
            ("Kind", state["kind"]),
            ("Stage", f"{state['stage']} ({state['view']})"),
            ("Owner", state["owner"]),
            ("Sponsor", state["sponsor"]),
            ("Category", state["category"]),
            ("Priority rank", render.text(state["priority_rank"])),
            ("Estimated cost", render.money(state["estimated_cost"], currency)),
            ("Authorised budget", render.money(state["authorised_budget"], currency)),
            ("Forecast cost", render.money(state["forecast_cost"], currency)),
            ("RAG", render.text(state["rag"])),
            ("Open escalations", str(state["open_escalations"])),
            (
                "Last decision",
                f"{state['last_decision']} (effective {render.when(state['last_decision_date'])})",
            ),
            ("Version", str(state["version"])),
            ("Recorded", render.when(state["recorded_at"])),
        ]
    )


def show_trail(rows: Sequence[dict[str, Any]]) -> None:
    """Audit-trail rows as a table: position, both clocks, subject, what, who, authority, why."""
    from portfolio_ledger.cli.governance_views import authority_cell

    render.table(
        f"Audit trail: {len(rows)} event{'s' if len(rows) != 1 else ''}",
        [
            "Pos",
            "Recorded (UTC)",
            "Effective",
            "Subject",
            "Decision",
            "What changed",
            "Actor (role)",
            "Authority",
            "Rationale",
        ],
        [
            [
                str(r["position"]),
                render.when(r["recorded_at"]),
                render.when(r["effective_date"]),
                r["subject"],
                r["event"],
                r["summary"],
                f"{r['actor']} ({r['role']})",
                authority_cell(r["authority"], r["authority_detail"]),
                r["rationale"],
            ]
            for r in rows
        ],
        right=["Pos"],
        wide={"What changed": 36, "Actor (role)": 28, "Authority": 32, "Rationale": 36},
    )
