"""What the cost chart's caption says beyond its counts: points it cannot place, every point."""

from __future__ import annotations

from portfolio_ledger.reports.millions import in_millions
from portfolio_ledger.reports.model import BoardPack, CostPoint
from portfolio_ledger.reports.tabular import counted


def unbudgeted_said(pack: BoardPack, alt: str) -> str:
    """``alt``, and the open items the cost chart cannot place: a forecast over a budget of 0."""
    keys = pack.charts.cost_unbudgeted
    if not keys:
        return alt
    return (
        f"{alt}; not drawn: {counted(len(keys), 'open item')} with a forecast and an "
        f"authorised budget of 0, which no percentage over budget can measure ({', '.join(keys)})"
    )


def each_point_said(points: list[CostPoint], unit: str) -> str:
    """Every point keyed in words, as the other charts' captions give every bar's figure.

    The caption named the five most over budget alone: someone who cannot see the chart
    (or a point whose key had no room) had no other item's budget, variance or RAG.
    """
    return f"; each, most over first (budget in {unit}, forecast over budget): " + "; ".join(
        f"{p.key} {in_millions(p.budget)}, {p.variance_percent}% ({p.rag})" for p in points
    )
