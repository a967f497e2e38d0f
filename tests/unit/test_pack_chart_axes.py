"""The charts' axes read true: whole items on a count, the zero line in view on a variance.

Read off the SVG as a board member reads the page (tests/behaviour/board_pack/geometry.py).
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any, cast

from portfolio_ledger.reports.charts import cost_against_variance, rag_by_organisation
from portfolio_ledger.reports.model import BoardPack, CostPoint, RagByOrganisation
from tests.behaviour.board_pack import geometry as g

NO_RAG: dict[str, list[int]] = {
    "red": [0], "amber": [0], "green": [0], "withheld": [0], "not assessed": [0],
    "not reported": [0],
}  # fmt: skip


def pack(**charts: Any) -> BoardPack:
    given = {"currency": "GBP", "other_currencies": {}, "cost_unbudgeted": [], **charts}
    return cast(BoardPack, SimpleNamespace(charts=SimpleNamespace(**given)))


def test_a_count_of_a_few_items_is_marked_in_whole_items() -> None:
    """With 1 to 3 open items the axis read 0.0, 0.2, ... 1.0 or 0.5, 1.5, 2.5 items."""
    for red, amber in ((1, 0), (1, 1), (2, 1)):
        data = RagByOrganisation(organisations=["ORG"], counts={**NO_RAG, "red": [red],
                                                                "amber": [amber]})  # fmt: skip
        svg = rag_by_organisation(pack(rag_by_organisation=data)).svg
        said = [label for _, label in g.ticks(g.charts(svg)["chart-rag"], "x")]
        assert said
        assert all(label.isdigit() for label in said), said


def test_one_variance_away_from_zero_is_drawn_with_the_zero_line_in_view() -> None:
    """One item 10% over budget drew a variance axis from 5 to 15: no zero line to read
    it from, its point mid-chart as if on budget; six items all 6.7% over likewise."""
    for variance in ("10.0", "-10.0", "6.7", "250.0"):
        points = [CostPoint(key=f"PRJ-{n}", budget=Decimal(n * 1_000_000),
                            variance_percent=Decimal(variance), rag="red")
                  for n in (1, 2)]  # fmt: skip
        chart = g.charts(cost_against_variance(pack(cost_against_variance=points)).svg)
        _, top, _, bottom = g.plot_box(chart["chart-cost"])
        on_axis = g.scale(chart["chart-cost"], "y")
        low, high = sorted((on_axis(bottom), on_axis(top)))
        assert low < 0 < high, (variance, low, high)
        assert low < float(variance) < high, (variance, low, high)
