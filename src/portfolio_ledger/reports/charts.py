"""The pack's charts, drawn with matplotlib as static, reproducible, accessible SVG.

Colours are the Okabe-Ito palette (distinguishable with the common colour
vision deficiencies), and no colour carries meaning alone: bars are hatched
and labelled, points have a shape per RAG, and every chart has a legend, a
title, axis labels with units and alt text. The SVG bytes depend only on the
data: no date is written, and element ids are hashed with a fixed salt.
"""

from __future__ import annotations

import io
import math
import os
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from portfolio_ledger.reports.axis_names import labels as axis_labels
from portfolio_ledger.reports.chart_folders import matplotlib_folders, quiet_while_imported

os.environ.update(matplotlib_folders())  # before matplotlib looks for its folders, on import
# The charts are drawn as SVG whatever backend the user's other tools are set to: matplotlib
# checks $MPLBACKEND as it is imported, and one it has not ('inline', set for notebooks, or a
# typo) stopped the pack with an internal error.
os.environ.pop("MPLBACKEND", None)

# A user's matplotlibrc is read as matplotlib is imported, but the charts are drawn from
# matplotlib's defaults alone (``_figure``): its warnings about a bad value or key in that
# file were noise in front of the person who asked for a pack, about settings it never uses.
with quiet_while_imported():
    import matplotlib as mpl

mpl.use("svg")  # static output only: no display, no interactive backend

import matplotlib.pyplot as plt
from markupsafe import escape
from matplotlib.ticker import MaxNLocator

from portfolio_ledger.reports.chart_labels import (
    WHITE_BOX,
    counts_that_fit,
    isolated,
    place_keys,
    say_empty,
    scoped_ids,
    written_out,
)
from portfolio_ledger.reports.chart_words import each_point_said, unbudgeted_said
from portfolio_ledger.reports.millions import MILLION, in_millions, millions
from portfolio_ledger.reports.model import BoardPack
from portfolio_ledger.reports.tabular import counted

STYLE = {  # RAG: colour, hatch, marker
    "red": ("#D55E00", "///", "^"),
    "amber": ("#E69F00", "..", "D"),
    "green": ("#009E73", "", "o"),
    "withheld": ("#999999", "xx", "s"),
    "not assessed": ("#CCCCCC", "--", "v"),
    "not reported": ("#FFFFFF", "\\\\", "X"),
}
BLUE, ORANGE, BLACK = "#0072B2", "#E69F00", "#000000"


@dataclass(frozen=True)
class Chart:
    """One chart: its id, title, alt text and SVG markup (to place inline)."""

    id: str
    title: str
    alt: str
    svg: str


@contextmanager
def _figure(salt: str, height: float = 3.6) -> Iterator[tuple[Any, Any]]:
    settings: dict[Any, Any] = {  # matplotlib types the keys as a Literal of every rc name
        "svg.hashsalt": salt,
        "svg.fonttype": "none",
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "hatch.linewidth": 0.6,
        # A name is drawn as written: with two '$' in it ('Spend $5m to $10m'), matplotlib
        # read the text between as TeX, drew 'Spend 5mto10m', and stopped the pack on a
        # name that is no TeX ('$\\foo$').
        "text.parse_math": False,
    }
    with mpl.rc_context(), warnings.catch_warnings():
        # matplotlib's own defaults, not those of a matplotlibrc of whoever makes the pack
        # (grids, colours, line widths): the same ledger and options give the same bytes.
        mpl.rcdefaults()
        mpl.rcParams.update(settings)
        # A name in letters DejaVu Sans has not (Japanese, a tab) is measured as a box, and
        # matplotlib warns on standard error, naming this file: noise for a user, as the
        # SVG's text is drawn by the reader's fonts (svg.fonttype none).
        warnings.filterwarnings("ignore", "Glyph .* missing from font", UserWarning)
        figure, axes = plt.subplots(figsize=(7.5, height), layout="constrained")
        try:
            yield figure, axes
        finally:
            plt.close(figure)


def _legend(axes: Any, **options: Any) -> None:
    """The legend beside the plot: inside it, it would hide a bar's end, a count or a point."""
    axes.legend(
        loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, fontsize=8, **options
    )


def _hatched(axes: Any, colour: str, hatch: str, *where: Any, **style: Any) -> tuple[Any, Any]:
    """Bars in ``colour``, then their ``hatch`` over them on no background; both, for a key.

    A hatch drawn as a pattern with its colour behind it is tiled an inch at a time, and
    WeasyPrint's PDF, read in poppler's viewers (Evince, Okular, pdftoppm), showed a white
    seam down each bar at every inch: a one-item segment read as two of half an item.
    """
    solid = axes.barh(*where, color=colour, edgecolor=BLACK, linewidth=0.6, **style)
    over = axes.barh(*where, facecolor="none", hatch=hatch or None, edgecolor=BLACK,
                     linewidth=0.6, **style)  # fmt: skip
    return solid, over


def _svg(figure: Any, chart_id: str, title: str, alt: str) -> Chart:
    """The figure as inline SVG, with a <title> and an accessible name."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", dpi=RASTER_DPI, metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]  # no XML declaration or DOCTYPE inside HTML
    text = scoped_ids(text, chart_id)
    label = f"{chart_id}-title"
    text = re.sub(
        r"<svg ",
        f'<svg role="img" aria-labelledby="{label}" id="{chart_id}" ',
        text,
        count=1,
    )
    head_end = text.index(">") + 1
    heading = f'\n <title id="{label}">{escape(title)}: {escape(alt)}</title>'
    text = text[:head_end] + heading + text[head_end:]
    return Chart(chart_id, title, alt, text)


def rag_by_organisation(pack: BoardPack) -> Chart:
    """Open items per organisation, stacked by RAG, each segment hatched and counted."""
    data = pack.charts.rag_by_organisation
    title = "RAG of open items by organisation"
    height = max(3.6, 1.4 + 0.32 * len(data.organisations))  # a bar tall enough for its count
    with _figure("rag-by-organisation", height) as (figure, axes):
        if not any(any(values) for values in data.counts.values()):
            say_empty(axes, "No open items: no RAG to show")
            axes.set_title(title)
            return _svg(figure, "chart-rag", title, "no open items")
        rows = list(range(len(data.organisations)))  # by place: two cut names stay two bars
        left = [0] * len(data.organisations)
        counted_bars: list[tuple[Any, Any]] = []
        keyed: dict[str, tuple[Any, Any]] = {}
        for label, values in data.counts.items():
            if not any(values):
                continue
            colour, hatch, _ = STYLE[label]
            bars, _ = keyed[label] = _hatched(axes, colour, hatch, rows, values, left=left)
            texts = axes.bar_label(bars, labels=[str(v) if v else "" for v in values],
                                   label_type="center", fontsize=7, bbox=WHITE_BOX)  # fmt: skip
            counted_bars += zip(bars.patches, texts, strict=True)
            left = [a + b for a, b in zip(left, values, strict=True)]
        axes.set_yticks(rows, axis_labels(data.organisations))
        axes.set(title=title, xlabel="Open items (count)", ylabel="Organisation")
        # whole items only: with 3 items or fewer matplotlib marked 0.5, 1.5, ... items
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.invert_yaxis()
        _legend(axes, title="RAG", handles=list(keyed.values()), labels=list(keyed))
        alt = "; ".join(
            f"{isolated(org)}: "
            + ", ".join(f"{v} {label}" for label, col in data.counts.items() if (v := col[i]))
            for i, org in enumerate(data.organisations)
            if any(col[i] for col in data.counts.values())
        )
        if counts_that_fit(figure, counted_bars):
            alt += " (a count too wide for its segment is not written in it)"
        return _svg(figure, "chart-rag", title, alt)


def _bars(
    axes: Any, rows: list[float], amounts: list[Decimal | None], colour: str, hatch: str = ""
) -> tuple[Any, Any]:
    """Bars at the rows, each labelled with its value; a figure not known has none, and says so."""
    values = millions(amounts)
    bars = _hatched(axes, colour, hatch, rows, [v or 0.0 for v in values], height=0.4)
    labels = ["no figure" if a is None else in_millions(a) for a in amounts]
    axes.bar_label(bars[1], labels=labels, padding=2, fontsize=8)
    return bars


def budget_by_category(pack: BoardPack) -> Chart:
    """Authorised budget beside forecast for each category, in millions."""
    data = pack.charts.budget_by_category
    unit = f"{data.currency} million"
    title = "Budget and forecast by category"
    height = max(3.6, 1.4 + 0.4 * len(data.categories))  # two bars and their figures each
    with _figure("budget-by-category", height) as (figure, axes):
        rows = range(len(data.categories))
        if all(v is None for v in [*data.budget, *data.forecast]):
            say_empty(axes, "No authorised budget or forecast on record in any category")
            axes.set_title(title)
            alt = _also(pack, "no budget or forecast figures", data.other_currencies, "item")
            return _svg(figure, "chart-budget", title, alt)
        keys = (_bars(axes, [r - 0.2 for r in rows], data.budget, BLUE),
                _bars(axes, [r + 0.2 for r in rows], data.forecast, ORANGE, ".."))  # fmt: skip
        axes.set_yticks(list(rows), axis_labels(data.categories))
        axes.set(title=title, xlabel=f"Amount ({unit})", ylabel="Category")
        axes.invert_yaxis()
        axes.margins(x=0.15)
        axes.set_xlim(left=0)  # bars from zero, none below it
        written_out(axes.xaxis)
        _legend(axes, handles=keys, labels=["Authorised budget", "Forecast"])
        alt = "; ".join(
            f"{isolated(c)}: {_said('budget', b)}, {_said('forecast', f)} ({unit})"
            for c, b, f in zip(data.categories, data.budget, data.forecast, strict=True)
        )
        alt = _also(pack, alt or "no figures", data.other_currencies, "item")
        return _svg(figure, "chart-budget", title, alt)


def _also(
    pack: BoardPack, alt: str, others: dict[str, int] | None = None, noun: str = "open item"
) -> str:
    """``alt``, and the items a money chart leaves out, being in another currency.

    The envelope and cost charts draw open items; the budget chart draws every item, as
    ``economics`` adds them, so it names every item it leaves out, a retired one too.
    """
    others = pack.charts.other_currencies if others is None else others
    if not others:
        return alt
    each = ", ".join(f"{count} in {currency}" for currency, count in others.items())
    return (
        f"{alt}; not drawn, as the chart is in {pack.charts.currency}: "
        f"{counted(sum(others.values()), noun)} in another currency ({each}), "
        "nothing converted"
    )


def _said(what: str, amount: Decimal | None) -> str:
    return f"no {what} figure" if amount is None else f"{what} {in_millions(amount)}"


def envelope_over_time(pack: BoardPack) -> Chart:
    """The envelope and open items' commitments each quarter over the year to the pack's date."""
    points = pack.charts.envelope_over_time
    unit = f"{pack.charts.currency} million"
    title = "Envelope and commitments over time"
    with _figure("envelope-over-time") as (figure, axes):
        if all(p.envelope is None and not p.committed for p in points):
            say_empty(axes, "No envelope stood and no open item's budget was on record "
                            "on any of these days")  # fmt: skip
            axes.set_title(title)
            alt = ", ".join(p.on.isoformat() for p in points)
            alt = f"nothing committed and no envelope: {alt}"
            return _svg(figure, "chart-envelope", title, _also(pack, alt))
        days = [p.on.isoformat() for p in points]
        committed = [float(p.committed / MILLION) for p in points]
        axes.plot(days, committed, color=BLUE, marker="o", label="Committed (open items)")
        axes.fill_between(days, committed, color=BLUE, alpha=0.15, linewidth=0)
        axes.fill_between(
            days, committed, facecolor="none", edgecolor=BLUE, alpha=0.15, hatch="//", linewidth=0
        )  # no colour behind: _hatched says why
        if any(p.envelope is not None for p in points):
            # a day before any envelope has none: a gap in the line, not an envelope of 0
            envelope = [math.nan if p.envelope is None else float(p.envelope / MILLION)
                        for p in points]  # fmt: skip
            axes.plot(days, envelope, color=BLACK, linestyle="--", marker="s", label="Envelope")
        axes.set(title=title, xlabel=f"Date ({pack.clock} clock)", ylabel=f"Amount ({unit})")
        axes.tick_params(axis="x", labelrotation=45, labelsize=7)
        axes.set_ylim(bottom=0)
        written_out(axes.yaxis)
        _legend(axes)
        alt = "; ".join(
            f"{p.on.isoformat()}: committed {in_millions(p.committed)}"
            + (f" of {in_millions(p.envelope)}" if p.envelope is not None else "")
            for p in points
        )
        return _svg(figure, "chart-envelope", title, _also(pack, f"{alt} ({unit})"))


def cost_against_variance(pack: BoardPack) -> Chart:
    """Each open item's budget against its forecast's distance from it, shaped by RAG."""
    points = pack.charts.cost_against_variance
    unit = f"{pack.charts.currency} million"
    title = "Cost against forecast variance (open items)"
    with _figure("cost-against-variance", height=4.2) as (figure, axes):
        if not points:
            say_empty(axes, "No open item has both an authorised budget and a forecast on record"
                      if not pack.charts.cost_unbudgeted else "No open item with a forecast "
                      "has an authorised budget above 0, to measure it against")  # fmt: skip
            axes.set_title(title)
            alt = "no open item with a budget and forecast"
            return _svg(figure, "chart-cost", title, _also(pack, unbudgeted_said(pack, alt)))
        drawn = []
        for label, (colour, _, marker) in STYLE.items():
            chosen = [p for p in points if p.rag == label]
            if chosen:
                drawn.append(axes.scatter(
                    [float(p.budget / MILLION) for p in chosen],
                    [float(p.variance_percent) for p in chosen],
                    s=36, marker=marker, color=colour, edgecolors=BLACK, linewidths=0.6,
                    label=label, rasterized=len(points) > DRAWN_AS_POINTS,
                ))  # fmt: skip
        axes.axhline(0, color=BLACK, linewidth=0.8)
        axes.set(title=title, xlabel=f"Authorised budget ({unit})",
                 ylabel="Forecast over budget (%)")  # fmt: skip
        axes.margins(0.12)  # room round the outermost points for their keys
        _cost_axes(axes, points)
        _legend(axes, title="RAG")
        over = sum(1 for p in points if p.variance_percent > 0)
        alt = (
            f"{counted(len(points), 'open item')} with a budget and forecast; "
            f"{over:,} forecast over budget"
        )
        over_budget = [p for p in points if p.variance_percent > 0]
        worst = sorted(over_budget, key=lambda p: -p.variance_percent)[:5]
        if worst:
            alt += "; most over: " + ", ".join(f"{p.key} {p.variance_percent}%" for p in worst)
        if len(points) > KEYED:
            alt += f"; no point keyed: more than {KEYED}"
        else:
            first = sorted(points, key=lambda p: (-p.variance_percent, p.key))  # most over first
            keys = [axes.annotate(p.key, (float(p.budget / MILLION), float(p.variance_percent)),
                                  fontsize=6, xytext=(5, 2), textcoords="offset points")
                    for p in first]  # fmt: skip
            if left_off := place_keys(figure, axes, keys, drawn):
                alt += f"; {counted(left_off, 'point')} not keyed: a key would cover another"
            alt += each_point_said(first, unit)
        return _svg(figure, "chart-cost", title, _also(pack, unbudgeted_said(pack, alt)))


def _cost_axes(axes: Any, points: list[Any]) -> None:
    """Budgets from zero; variance round the one there is, if one; figures written out."""
    axes.set_xlim(left=0)  # no budget is below zero
    if len({p.variance_percent for p in points}) == 1:
        # one variance (one item, or all on budget): matplotlib spans it by 1e-17 and
        # writes 0.0 to 1.4 with an exponent, a spread of variance that is not there. The
        # span takes in zero, the line a board reads over and under budget from: 5 to 15
        # round one item 10% over had none, and its point sat mid-chart as if on budget.
        variance = float(points[0].variance_percent)
        axes.set_ylim(min(variance, 0) - 5, max(variance, 0) + 5)
    written_out(axes.xaxis)
    written_out(axes.yaxis)


DRAWN_AS_POINTS = 1_000
"""The most points the cost chart draws one by one; past that, as one picture."""
RASTER_DPI = 200
"""The resolution of a chart part drawn as a picture (a print's, not a screen's)."""
KEYED = 60
"""The most points keyed on the cost chart: past that, the keys would be a blur."""


CHARTS: tuple[Callable[[BoardPack], Chart], ...] = (
    rag_by_organisation,
    budget_by_category,
    envelope_over_time,
    cost_against_variance,
)


def draw(pack: BoardPack) -> list[Chart]:
    """Every chart of the pack.

    Drawn with ``SOURCE_DATE_EPOCH`` unset: matplotlib reads it as it lays a chart out
    (``int()`` of it, a time from that), where the charts carry no date, and one set to no
    number (or to one past year 9999) stopped the pack with an internal error.
    """
    epoch = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        return [chart(pack) for chart in CHARTS]
    finally:
        if epoch is not None:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
