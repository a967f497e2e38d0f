"""The pack's charts: unique ids on one page, empty charts that say so, labels that cover none."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, cast

from portfolio_ledger.reports.chart_labels import scoped_ids
from portfolio_ledger.reports.charts import (
    KEYED,
    budget_by_category,
    cost_against_variance,
    envelope_over_time,
    rag_by_organisation,
)
from portfolio_ledger.reports.model import (
    BoardPack,
    BudgetByCategory,
    CostPoint,
    EnvelopePoint,
    RagByOrganisation,
)

IN_GBP: dict[str, Any] = {"currency": "GBP", "other_currencies": {}, "cost_unbudgeted": []}
"""The charts' currency, and no open item in another."""


def pack(**charts: Any) -> BoardPack:
    return cast(
        BoardPack,
        SimpleNamespace(clock="effective", charts=SimpleNamespace(**IN_GBP, **charts)),
    )


def texts(svg: str) -> list[str]:
    found = re.findall(r"<text\b.*?</text>", svg, re.DOTALL)
    return [re.sub(r"<[^>]+>", "", text).strip() for text in found]


EMPTY = pack(
    rag_by_organisation=RagByOrganisation(organisations=[], counts={}),
    budget_by_category=BudgetByCategory(
        currency="GBP", categories=["Defence"], budget=[None], forecast=[None]
    ),
    envelope_over_time=[
        EnvelopePoint(on=date(2025, 7, 1), envelope=None, committed=Decimal(0)),
        EnvelopePoint(on=date(2025, 9, 30), envelope=None, committed=Decimal(0)),
    ],
    cost_against_variance=[],
)
FULL = pack(
    rag_by_organisation=RagByOrganisation(organisations=["CORP"], counts={"red": [2]}),
    budget_by_category=BudgetByCategory(
        currency="GBP", categories=["Data"], budget=[Decimal(2_000_000)], forecast=[None]
    ),
    envelope_over_time=[
        EnvelopePoint(on=date(2025, 9, 30), envelope=Decimal(9_000_000), committed=Decimal(1))
    ],
    cost_against_variance=[
        CostPoint(key="PRJ-1", budget=Decimal(1_000_000), variance_percent=Decimal(5), rag="red")
    ],
)
DRAW = (rag_by_organisation, budget_by_category, envelope_over_time, cost_against_variance)


def test_no_two_charts_on_one_page_share_an_id() -> None:
    # Each figure numbered its elements alike (figure_1, patch_2, ...): four charts in one
    # page gave each id four times, and a clip path's url(#...) found the first chart's.
    svgs = [draw(FULL).svg for draw in DRAW]
    ids = [found for svg in svgs for found in re.findall(r'\bid="([^"]+)"', svg)]
    assert len(ids) == len(set(ids)) > 40
    for svg in svgs:
        own = set(re.findall(r'\bid="([^"]+)"', svg))
        referred = re.findall(r'(?:url\(#|href="#)([^")]+)', svg)
        assert referred
        assert set(referred) <= own


def test_scoped_ids_leave_a_reference_to_no_id_of_the_svg_alone() -> None:
    svg = '<g id="a"><use xlink:href="#a"/><path clip-path="url(#b)"/></g>'
    assert (
        scoped_ids(svg, "c")
        == '<g id="c-a"><use xlink:href="#c-a"/><path clip-path="url(#b)"/></g>'
    )


def test_an_empty_chart_says_so_and_draws_no_axis() -> None:
    # GMPP's pack: no budget or forecast on record, no envelope, so the budget chart wrote
    # "no figure" ten times on an axis of 0 to 1, the envelope one a flat line on 0 to 0.05,
    # and the cost one a blank box of 0 to 1 both ways.
    said = {
        "chart-rag": "No open items: no RAG to show",
        "chart-budget": "No authorised budget or forecast on record in any category",
        "chart-envelope": "No envelope stood and no open item's budget was on record",
        "chart-cost": "No open item has both an authorised budget and a forecast on record",
    }
    for draw in DRAW:
        chart = draw(EMPTY)
        shown = " ".join(texts(chart.svg))
        assert said[chart.id] in shown, chart.id
        assert "0.0" not in shown
        assert "no figure" not in shown
        assert 'id="' + chart.id + '-xtick_1"' not in chart.svg  # no axis at all
        assert chart.alt


def test_a_count_too_wide_for_its_segment_is_left_to_the_alt_text() -> None:
    data = RagByOrganisation(organisations=["CORP"], counts={"red": [1], "amber": [400]})
    chart = rag_by_organisation(pack(rag_by_organisation=data))
    shown = texts(chart.svg)
    assert "400" in shown
    assert "1" not in shown
    assert chart.alt.startswith("CORP: 1 red, 400 amber")
    assert "(a count too wide for its segment is not written in it)" in chart.alt


def test_every_count_is_written_on_a_white_box() -> None:
    data = RagByOrganisation(organisations=["CORP", "OPS"], counts={"red": [3, 4], "amber": [5, 6]})
    chart = rag_by_organisation(pack(rag_by_organisation=data))
    boxes = re.findall(r'<g id="chart-rag-patch_\d+">\s*<path d="[^"]*"\s*style="fill: #ffffff"',
                       chart.svg)  # fmt: skip
    assert len(boxes) >= 4
    assert {"3", "4", "5", "6"} <= set(texts(chart.svg))


def _points(count: int, spread: int) -> list[CostPoint]:
    return [
        CostPoint(key=f"PRJ-{n:03}", budget=Decimal(1_000_000 + n * spread),
                  variance_percent=Decimal(n % 7), rag="amber")
        for n in range(count)
    ]  # fmt: skip


def test_keys_that_would_cover_each_other_are_left_off_and_said() -> None:
    chart = cost_against_variance(pack(cost_against_variance=_points(40, 1000)))  # a clump
    keys = [text for text in texts(chart.svg) if text.startswith("PRJ-")]
    assert 0 < len(keys) < 40
    assert f"; {40 - len(keys)} points not keyed: a key would cover another" in chart.alt


def test_points_apart_are_each_keyed() -> None:
    chart = cost_against_variance(pack(cost_against_variance=_points(6, 10_000_000)))
    assert sorted(t for t in texts(chart.svg) if t.startswith("PRJ-")) == [
        f"PRJ-{n:03}" for n in range(6)
    ]
    assert "not keyed" not in chart.alt


def test_past_the_most_keyed_no_point_is_keyed() -> None:
    chart = cost_against_variance(pack(cost_against_variance=_points(KEYED + 1, 100_000)))
    assert not [text for text in texts(chart.svg) if text.startswith("PRJ-")]
    assert chart.alt.endswith(f"; no point keyed: more than {KEYED}")


def test_a_key_beside_a_point_on_the_zero_line_is_not_struck_through_by_it() -> None:
    """An item on budget (variance 0) had its key written across the zero line."""
    import matplotlib.pyplot as plt

    from portfolio_ledger.reports.chart_labels import place_keys

    figure, axes = plt.subplots(figsize=(7.5, 4.2))
    try:
        points = axes.scatter([10.0, 20.0], [0.0, 3.0], s=36)
        axes.axhline(0, linewidth=0.8)
        axes.set_ylim(-5, 5)
        keys = [axes.annotate(key, xy, fontsize=6, xytext=(5, 2), textcoords="offset points")
                for key, xy in (("ONE-1", (10.0, 0.0)), ("TWO-2", (20.0, 3.0)))]  # fmt: skip
        assert place_keys(figure, axes, keys, [points]) == 0
        zero = axes.transData.transform((0, 0))[1]
        for key in keys:
            box = key.get_window_extent()
            assert not box.y0 <= zero <= box.y1, key.get_text()
    finally:
        plt.close(figure)


def test_two_long_names_cut_alike_are_still_told_apart_on_the_axis() -> None:
    """Cut at 30 characters, both were 'Department for Environment, F…', on two bars."""
    defra = "Department for Environment, Food and Rural Affairs"
    bodies = f"{defra} Arm's Length Bodies"
    rag = RagByOrganisation(organisations=[defra, bodies, "HMRC"], counts={"red": [1, 2, 3]})
    labels = [text for text in texts(rag_by_organisation(pack(rag_by_organisation=rag)).svg)
              if text.startswith("Department")]  # fmt: skip
    assert len(set(labels)) == 2, labels
    assert all(len(label) <= 30 for label in labels)
    assert "Length Bodies" in labels[1]
    budget = BudgetByCategory(
        currency="GBP", categories=[defra, bodies], budget=[Decimal(1), Decimal(2)],
        forecast=[None, None],
    )  # fmt: skip
    chart = budget_by_category(pack(budget_by_category=budget))
    assert len({text for text in texts(chart.svg) if text.startswith("Department")}) == 2
