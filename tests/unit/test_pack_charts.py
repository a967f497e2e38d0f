"""The pack's charts show every name readably, however long, and say it whole in words."""

from __future__ import annotations

import re
import warnings
from datetime import date
from decimal import Decimal
from itertools import pairwise
from types import SimpleNamespace
from typing import Any, cast

from portfolio_ledger.reports.charts import (
    DRAWN_AS_POINTS,
    Chart,
    budget_by_category,
    cost_against_variance,
    rag_by_organisation,
)
from portfolio_ledger.reports.model import (
    BoardPack,
    BudgetByCategory,
    CostPoint,
    RagByOrganisation,
)
from portfolio_ledger.reports.summary import budget_by_category as budget_data

LONG = "Supercalifragilistic" * 9  # 180 characters, one word: a category may be 200

IN_GBP: dict[str, Any] = {"currency": "GBP", "other_currencies": {}, "cost_unbudgeted": []}
"""The charts' currency, and no open item in another."""


def pack(**charts: Any) -> BoardPack:
    return cast(BoardPack, SimpleNamespace(charts=SimpleNamespace(**IN_GBP, **charts)))


def texts(svg: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", text) for text in re.findall(r"<text\b.*?</text>", svg, re.DOTALL)
    ]


def test_a_long_category_is_cut_beside_the_axis_and_named_whole_in_the_alt_text() -> None:
    data = BudgetByCategory(
        currency="GBP",
        categories=[LONG, LONG + "X", "Data"],
        budget=[Decimal(2_000_000), Decimal(1_000_000), Decimal(500_000)],
        forecast=[Decimal(1_500_000), Decimal(3_000_000), Decimal(600_000)],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns when the labels squeeze the plot away
        chart = budget_by_category(pack(budget_by_category=data))
    shown = [text.strip() for text in texts(chart.svg)]
    # cut alike, each keeps its end too: the two bars are told apart
    assert [text for text in shown if text.startswith(LONG[:5])] == [
        LONG[:14] + "\u2026" + LONG[-15:],
        LONG[:14] + "\u2026" + (LONG + "X")[-15:],
    ]
    assert "Data" in shown
    assert f"{LONG}: budget 2.0, forecast 1.5" in chart.alt


def test_a_long_organisation_is_cut_and_two_alike_stay_two_bars_told_apart() -> None:
    first, second = "A" * 60 + "-ONE", "A" * 60 + "-TWO"
    data = RagByOrganisation(organisations=[first, second], counts={"red": [1, 2], "amber": [3, 0]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chart = rag_by_organisation(pack(rag_by_organisation=data))
    shown = [text.strip() for text in texts(chart.svg)]
    assert [text for text in shown if text.startswith("A")] == [
        "A" * 14 + "\u2026" + "A" * 11 + "-ONE",
        "A" * 14 + "\u2026" + "A" * 11 + "-TWO",
    ]
    assert f"{first}: 1 red, 3 amber; {second}: 2 red" in chart.alt


FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # one emoji, 7 code points


def test_a_name_is_cut_between_the_characters_shown_never_inside_an_accent_or_an_emoji() -> None:
    """Cut at 29 code points, ``e`` and the accent a Mac types after it were parted (the label
    showed ``e``, the accent gone), and a family of four was left as one man and a joiner."""
    accented = "x" * 28 + "e\u0301" + "tail" * 5  # NFD: the accent is the 30th code point
    family = "y" * 27 + FAMILY + "z" * 10
    twins = ["A" * 30 + "e\u0301" + "C" * 10 + end for end in ("-ONE", "-TWO")]
    data = RagByOrganisation(organisations=[accented, family, *twins], counts={"red": [1, 2, 3, 4]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chart = rag_by_organisation(pack(rag_by_organisation=data))
    shown = [text.strip() for text in texts(chart.svg)]
    assert "x" * 28 + "\u2026" in shown
    assert "y" * 27 + "\u2026" in shown
    # cut alike, each keeps its end: that end starts after the accent, not with it
    assert ["A" * 14 + "\u2026" + "C" * 10 + end for end in ("-ONE", "-TWO")] == [
        text for text in shown if text.startswith("A")
    ]


def test_a_category_with_no_known_figure_is_drawn_as_none_not_as_zero() -> None:
    data = BudgetByCategory(
        currency="GBP",
        categories=["Military Capability", "Data"],
        budget=[None, Decimal(2_000_000)],
        forecast=[None, None],
    )
    chart = budget_by_category(pack(budget_by_category=data))
    assert chart.alt == (
        "Military Capability: no budget figure, no forecast figure (GBP million); "
        "Data: budget 2.0, no forecast figure (GBP million)"
    )
    shown = [text.strip() for text in texts(chart.svg)]
    assert shown.count("no figure") == 3
    assert not any(label.startswith(("\u2212", "-")) for label in shown)  # no axis below zero


def test_the_chart_data_holds_no_figure_where_the_economics_know_none() -> None:
    # As economics gives a category whose items have only a whole-life cost (GMPP's).
    row = {"dimension": "category", "value": "Military Capability", "currency": "GBP",
           "authorised_budget": Decimal(0), "authorised_budget_known": 0,
           "forecast_cost": Decimal(5), "forecast_cost_known": 1}  # fmt: skip
    data = budget_data([row], "GBP")
    assert (data.budget, data.forecast) == ([None], [Decimal(5)])


def test_only_items_forecast_over_budget_are_named_as_most_over() -> None:
    def point(key: str, variance: str) -> CostPoint:
        return CostPoint(key=key, budget=Decimal(1_000_000), variance_percent=Decimal(variance),
                         rag="amber")  # fmt: skip

    points = [point("PRJ-3", "200.0"), point("PRJ-4", "-25.0")]
    chart = cost_against_variance(pack(cost_against_variance=points))
    each = "; each, most over first (budget in GBP million, forecast over budget): "
    assert chart.alt == (
        "2 open items with a budget and forecast; 1 forecast over budget; most over: PRJ-3 200.0%"
        f"{each}PRJ-3 1.0, 200.0% (amber); PRJ-4 1.0, -25.0% (amber)"
    )
    chart = cost_against_variance(pack(cost_against_variance=[point("PRJ-4", "-25.0")]))
    assert chart.alt == (
        f"1 open item with a budget and forecast; 0 forecast over budget{each}PRJ-4 1.0, -25.0% "
        "(amber)"
    )


def test_every_point_of_the_cost_chart_is_given_in_its_caption() -> None:
    """The caption named the five items most over budget alone: someone who cannot see the
    chart, or a point whose key had no room on it, had no other item's figures."""
    points = [CostPoint(key=f"PRJ-{n}", budget=Decimal(n * 1_250_000), rag="red",
                        variance_percent=Decimal(n * 3)) for n in range(1, 9)]  # fmt: skip
    alt = cost_against_variance(pack(cost_against_variance=points)).alt
    shown = ("1.3", "2.5", "3.8", "5.0", "6.3", "7.5", "8.8", "10.0")  # rounded half up
    for n, budget in enumerate(shown, start=1):
        assert f"PRJ-{n} {budget}, {n * 3}% (red)" in alt, alt


def _box(chart: Chart, group: str) -> tuple[float, float]:
    """The left and right of the first shape drawn in an SVG group (its frame)."""
    svg = chart.svg
    start = svg.index(f'<g id="{chart.id}-{group}">')
    path = re.search(r'<path d="([^"]*)"', svg[start:])
    assert path is not None, group
    xs = [float(x) for x in re.findall(r"(-?[\d.]+) -?[\d.]+", path.group(1))]
    return min(xs), max(xs)


def test_no_legend_covers_a_bar_a_count_or_a_point() -> None:
    # Each legend sat inside its plot ('lower right', or 'best'): the count of a short last
    # segment of the longest bar, or the value at the end of the last category's bar, was
    # drawn under it and could not be read. A legend is now beside the plot, outside it.
    from portfolio_ledger.reports.charts import envelope_over_time
    from portfolio_ledger.reports.model import EnvelopePoint

    points = [EnvelopePoint(on=date(2026, 3, 1), envelope=Decimal(1_000_000),
                            committed=Decimal(1_000_000))]  # fmt: skip
    charts = [
        rag_by_organisation(pack(rag_by_organisation=RagByOrganisation(
            organisations=["CORP", "OPS"],
            counts={"green": [2, 10], "not reported": [0, 1]}))),
        budget_by_category(pack(budget_by_category=BudgetByCategory(
            currency="GBP", categories=["Data", "Estates"],
            budget=[Decimal(1_000_000), Decimal(9_000_000)],
            forecast=[Decimal(1_000_000), Decimal(9_500_000)]))),
        envelope_over_time(cast(BoardPack, SimpleNamespace(
            clock="effective",
            charts=SimpleNamespace(**IN_GBP, envelope_over_time=points)))),
        cost_against_variance(pack(cost_against_variance=[
            CostPoint(key=f"PRJ-{n}", budget=Decimal(n * 1_000_000),
                      variance_percent=Decimal(n * 10 - 50), rag="amber")
            for n in range(1, 10)])),
    ]  # fmt: skip
    for chart in charts:
        _, plot_right = _box(chart, "patch_2")  # the plot: patch_1 is the page
        legend_left, _ = _box(chart, "legend_1")
        assert legend_left > plot_right, chart.title


def test_a_day_before_any_envelope_has_no_envelope_point_not_one_of_zero() -> None:
    # The first quarter back was before the envelope was set: the chart drew the envelope
    # there as 0 (a square at zero, a line rising to GBP 20m), where the caption rightly
    # says only what was committed. The dashed line now starts where the envelope does.
    from portfolio_ledger.reports.charts import envelope_over_time
    from portfolio_ledger.reports.model import EnvelopePoint

    points = [
        EnvelopePoint(on=date(2026, 1, 1), envelope=None, committed=Decimal(0)),
        EnvelopePoint(on=date(2026, 4, 1), envelope=Decimal(20_000_000),
                      committed=Decimal(5_000_000)),
        EnvelopePoint(on=date(2026, 7, 1), envelope=Decimal(20_000_000),
                      committed=Decimal(6_000_000)),
    ]  # fmt: skip
    chart = envelope_over_time(cast(BoardPack, SimpleNamespace(clock="effective",
        charts=SimpleNamespace(**IN_GBP, envelope_over_time=points))))  # fmt: skip

    drawn = [chunk[: chunk.find('<g id="')]
             for chunk in chart.svg.split('<g id="chart-envelope-line2d_')[1:]]  # fmt: skip
    lines = [line for line in drawn if "clip-path" in line]  # in the plot, not the legend
    (dashed,) = [line for line in lines if "stroke-dasharray" in line]
    (solid,) = [line for line in lines if "<use " in line and "stroke: #0072b2" in line]
    assert dashed.count("<use ") == 2  # 1 April and 1 July; none on 1 January
    assert solid.count("<use ") == 3
    assert chart.alt.startswith("2026-01-01: committed 0.0; 2026-04-01: committed 5.0 of 20.0")


def test_millions_are_said_to_one_place_from_the_amount_not_a_float() -> None:
    """GBP 22,950,000 is 23.0 million; read through a float (22.949999...) it was said 22.9.

    The demo's pack said *committed 22.9 of 250.0* for 22,950,000 committed, in the
    envelope chart's caption; a budget bar's label and the caption were read the same way.
    """
    from portfolio_ledger.reports.charts import envelope_over_time
    from portfolio_ledger.reports.model import EnvelopePoint

    points = [EnvelopePoint(on=date(2026, 1, 1), envelope=Decimal(250_000_000),
                            committed=Decimal(22_950_000))]  # fmt: skip
    chart = envelope_over_time(cast(BoardPack, SimpleNamespace(clock="effective",
        charts=SimpleNamespace(**IN_GBP, envelope_over_time=points))))  # fmt: skip
    assert chart.alt == "2026-01-01: committed 23.0 of 250.0 (GBP million)"

    data = BudgetByCategory(
        currency="GBP",
        categories=["Data"],
        budget=[Decimal(44_050_000)],
        forecast=[Decimal("1234550000.00")],
    )
    chart = budget_by_category(pack(budget_by_category=data))
    assert chart.alt == "Data: budget 44.1, forecast 1,234.6 (GBP million)"
    shown = [text.strip() for text in texts(chart.svg)]
    assert {"44.1", "1,234.6"} <= set(shown)


def test_a_money_axis_of_a_million_millions_reads_in_millions_not_with_an_exponent() -> None:
    """A category of GBP 999,999,999,999.99 drew an axis 0.0 to 1.0 marked ``1e6``.

    The axis says *GBP million*; a board read 1.0 there as one million pounds, while the
    bar's label said 1,000,000.0. Each money axis is read as its labels are written.
    """
    from portfolio_ledger.reports.charts import envelope_over_time
    from portfolio_ledger.reports.model import EnvelopePoint

    most = Decimal("999999999999.99")
    data = BudgetByCategory(currency="GBP", categories=["Data"], budget=[most], forecast=[most])
    points = [EnvelopePoint(on=date(2026, 1, 1), envelope=None, committed=most)]
    cost = [CostPoint(key="PRJ-1", budget=most, variance_percent=Decimal(0), rag="red")]
    charts = [
        budget_by_category(pack(budget_by_category=data)),
        envelope_over_time(cast(BoardPack, SimpleNamespace(clock="effective",
            charts=SimpleNamespace(**IN_GBP, envelope_over_time=points)))),
        cost_against_variance(pack(cost_against_variance=cost)),
    ]  # fmt: skip
    for chart in charts:
        shown = [text.strip() for text in texts(chart.svg)]
        assert not [t for t in shown if re.search(r"\de[+\u2212-]?\d|\u00d710", t)], shown
        assert "1,000,000" in shown, (chart.title, shown)


def test_one_variance_is_drawn_on_an_axis_round_it_not_one_spread_by_an_exponent() -> None:
    """One open item on budget drew a variance axis 0.0 to 1.4 marked ``1e-17``.

    A board read a spread of forecasts up to 1.4% over budget where every one is on it.
    """
    for variance in ("0", "12.5"):
        cost = [CostPoint(key=f"PRJ-{n}", budget=Decimal(n * 1_000_000),
                          variance_percent=Decimal(variance), rag="red")
                for n in (1, 3)]  # fmt: skip
        shown = [
            t.strip() for t in texts(cost_against_variance(pack(cost_against_variance=cost)).svg)
        ]
        assert not [t for t in shown if re.search(r"\de[+\u2212-]?\d", t)], shown
        axis = shown[
            shown.index("Authorised budget (GBP million)") + 1 : shown.index(
                "Forecast over budget (%)"
            )
        ]
        assert variance.replace(".5", "") in [t.split(".")[0] for t in axis], axis
        assert len(axis) >= 3, axis


def test_past_a_thousand_points_the_cost_chart_draws_them_as_one_picture() -> None:
    """10,000 points one by one were 1.1 MB of SVG, and WeasyPrint took 5 s and 150 MB on it."""

    def points(count: int) -> list[CostPoint]:
        return [
            CostPoint(key=f"PRJ-{n}", budget=Decimal(1_000_000 + 997 * n), rag="amber",
                      variance_percent=Decimal(n % 41 - 20) + Decimal(1) / (n % 7 + 2))
            for n in range(count)
        ]  # fmt: skip

    many = cost_against_variance(pack(cost_against_variance=points(DRAWN_AS_POINTS + 1)))
    few = cost_against_variance(pack(cost_against_variance=points(DRAWN_AS_POINTS)))

    assert many.svg.count("<image") == 1  # the points, rasterized
    assert "<image" not in few.svg
    assert len(many.svg) < len(few.svg) / 2
    assert "1,001 open items with a budget and forecast" in many.alt  # said in words alike


def _heights(svg: str, size: str, start: str) -> list[float]:
    """The y of each text of this font size whose words begin so, top to bottom."""
    found = re.findall(rf'<text style="font-size: {size}px[^"]*" x="[\d.]+" y="([\d.]+)"[^>]*>'
                       rf"({start}[^<]*)</text>", svg)  # fmt: skip
    return sorted(float(y) for y, _ in found)


def test_many_categories_each_have_room_for_their_name_and_figures() -> None:
    """At a fixed 3.6 inches, 30 categories' names were 6 px apart in a 9 px font, and
    their budget and forecast figures were written over each other: unreadable."""
    count = 30
    data = BudgetByCategory(
        currency="GBP",
        categories=[f"Category number {n:02}" for n in range(count)],
        budget=[Decimal(1_500_000 * (n + 1)) for n in range(count)],
        forecast=[Decimal(1_600_000 * (n + 1)) for n in range(count)],
    )
    svg = budget_by_category(pack(budget_by_category=data)).svg
    names = _heights(svg, "9", "Category number")
    assert len(names) == count
    assert min(b - a for a, b in pairwise(names)) >= 9
    figures = _heights(svg, "8", r"\d")
    assert len(figures) == 2 * count
    assert min(b - a for a, b in pairwise(figures)) >= 8
