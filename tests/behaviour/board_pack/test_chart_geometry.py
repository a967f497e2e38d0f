"""Each chart, read off the page as a board member reads it, says the pack's own figures.

Bars are measured against their axis' ticks, points placed on both axes, colours matched
to the legend's: what is drawn is the pack's JSON (``charts``), itself checked against
``economics`` and ``portfolio`` in test_figures.py.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from tests.behaviour.board_pack import geometry as g
from tests.behaviour.board_pack.tools import Pack

MILLION = Decimal(1_000_000)


def _content(pack: Pack) -> Any:
    return pack.json("report", "board-pack", "--as-at", pack.today.isoformat(), "--reproducible")


def test_each_segment_of_the_rag_chart_is_as_long_as_its_count(pack: Pack) -> None:
    data = _content(pack)["charts"]["rag_by_organisation"]
    chart = g.charts(pack.html)["chart-rag"]
    count, rows, named = g.scale(chart, "x"), g.ticks(chart, "y"), g.legend(chart)
    drawn: dict[tuple[str, str], float] = {}
    for bar in (b for b in g.bars(chart) if b.x1 > b.x0):  # a count of 0 is drawn 0 wide
        middle = (bar.y0 + bar.y1) / 2
        row = min(rows, key=lambda tick: abs(tick[0] - middle))[1]
        drawn[row, named[bar.fill]] = count(bar.x1) - count(bar.x0)
    expected = {
        (organisation, rag): counts[i]
        for rag, counts in data["counts"].items()
        for i, organisation in enumerate(data["organisations"])
        if counts[i]
    }
    assert set(drawn) == set(expected)
    assert all(abs(drawn[k] - v) < 0.01 for k, v in expected.items()), (drawn, expected)
    assert count(g.plot_box(chart)[0]) == 0  # bars from zero


def test_each_bar_of_the_budget_chart_is_its_amount_in_millions(pack: Pack) -> None:
    data = _content(pack)["charts"]["budget_by_category"]
    chart = g.charts(pack.html)["chart-budget"]
    amount, rows, named = g.scale(chart, "x"), g.ticks(chart, "y"), g.legend(chart)
    assert sorted(named.values()) == ["Authorised budget", "Forecast"]
    assert abs(amount(g.plot_box(chart)[0])) < 1e-9  # bars from zero
    drawn = {}
    for bar in g.bars(chart):
        middle = (bar.y0 + bar.y1) / 2
        row = min(range(len(rows)), key=lambda i: abs(rows[i][0] - middle))
        series = "budget" if named[bar.fill] == "Authorised budget" else "forecast"
        assert (series == "budget") == (middle < rows[row][0])  # budget above its tick
        drawn[data["categories"][row], series] = amount(bar.x1) - amount(bar.x0)
    for i, category in enumerate(data["categories"]):
        for series in ("budget", "forecast"):
            expected = float(Decimal(data[series][i] or 0) / MILLION)
            assert abs(drawn[category, series] - expected) < 0.05, (category, series)


def test_each_point_of_the_envelope_chart_is_the_envelope_or_commitment_that_day(
    pack: Pack,
) -> None:
    data = _content(pack)["charts"]["envelope_over_time"]
    chart = g.charts(pack.html)["chart-envelope"]
    amount, days = g.scale(chart, "y"), g.ticks(chart, "x")
    assert [day for _, day in days] == [p["on"] for p in data]
    assert abs(amount(g.plot_box(chart)[3])) < 1e-9  # amounts from zero
    lines = [
        [(x, amount(y)) for x, y, _ in g.points_of_line(chart, line)]
        for line in ("Committed (open items)", "Envelope")
    ]
    for series, drawn in zip(("committed", "envelope"), lines, strict=True):
        expected = [(at, float(Decimal(p[series]) / MILLION)) for (at, _), p in
                    zip(days, data, strict=True) if p[series] is not None]  # fmt: skip
        assert len(drawn) == len(expected), series
        for (x, value), (at, want) in zip(drawn, expected, strict=True):
            assert abs(x - at) < 0.01, (series, x, at)
            assert abs(value - want) < 0.05, (series, value, want)


def test_each_point_of_the_cost_chart_is_its_items_budget_and_variance(pack: Pack) -> None:
    data = _content(pack)["charts"]["cost_against_variance"]
    chart = g.charts(pack.html)["chart-cost"]
    budget, variance, named = g.scale(chart, "x"), g.scale(chart, "y"), g.legend(chart)
    drawn = [(budget(x), variance(y), named[fill]) for x, y, fill in g.points(chart)]
    assert len(drawn) == len(data)
    for point in data:
        at = (float(Decimal(point["budget"]) / MILLION), float(point["variance_percent"]))
        assert any(
            abs(x - at[0]) < 0.05 and abs(y - at[1]) < 0.05 and rag == point["rag"]
            for x, y, rag in drawn
        ), point


def test_each_key_on_the_cost_chart_is_nearer_its_own_point_than_any_other(
    pack: Pack,
) -> None:
    """PRJ-021's key sat below and left of its point, 5 px from PRJ-001's point and 9 px
    from its own: a reader took PRJ-001, red and 12% over, for PRJ-021."""
    chart = g.charts(pack.html)["chart-cost"]
    points = _content(pack)["charts"]["cost_against_variance"]
    budget, variance = g.scale(chart, "x"), g.scale(chart, "y")
    at = {(round(budget(x), 3), round(variance(y), 1)): (x, y) for x, y, _ in g.points(chart)}
    place = {p["key"]: _nearest(at, p) for p in points}
    keyed = [(x, y, key) for x, y, key in g.keys(chart) if key in place]
    assert len(keyed) > 10  # the demo's points are keyed, most of them
    for x, y, key in keyed:
        width, height = 0.62 * 6 * len(key), 6.0  # 6 px type: about 3.7 px a character
        left = {"start": x, "end": x - width, "middle": x - width / 2}[g.anchor(chart, key)]
        box = (left, y - 0.75 * height, left + width, y + 0.2 * height)
        nearest = min(place, key=lambda k: _away(box, place[k]))
        assert _away(box, place[nearest]) >= _away(box, place[key]), (key, nearest)


def _nearest(at: dict[tuple[float, float], tuple[float, float]], p: Any) -> tuple[float, float]:
    want = (float(Decimal(p["budget"]) / MILLION), float(p["variance_percent"]))
    return at[min(at, key=lambda a: abs(a[0] - want[0]) + abs(a[1] - want[1]))]


def _away(box: tuple[float, float, float, float], point: tuple[float, float]) -> float:
    x, y = point
    return math.hypot(max(box[0] - x, 0, x - box[2]), max(box[1] - y, 0, y - box[3]))


def test_each_colour_is_a_plain_fill_with_its_hatching_drawn_over_it(pack: Pack) -> None:
    """No hatch pattern holds a colour behind it: WeasyPrint tiles a pattern an inch at a
    time, and in poppler's viewers (Evince, Okular, pdftoppm) the PDF showed a white seam
    down a hatched bar at each tile's edge, so a segment of one item read as two halves
    and a forecast's bar as split by gridlines no axis has."""
    for chart in g.charts(pack.html).values():
        for pattern in chart.iter(f"{g.SVG}pattern"):
            behind = [rect.get("fill") for rect in pattern.iter(f"{g.SVG}rect")]
            assert behind in ([], ["none"]), (chart.get("id"), behind)
    rag = g.charts(pack.html)["chart-rag"]
    hatched = {label for label, over in g.hatches(rag).items() if over.startswith("url(")}
    assert hatched == set(g.legend(rag).values()) - {"green"}  # its key shows it hatched
