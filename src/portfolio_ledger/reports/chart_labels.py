"""Where the charts' written labels go, so that none covers another, and what an empty chart says.

matplotlib places a label where it is told, whether or not another is there:
a count in a thin segment runs over its neighbours' counts, and two items of
the same size and variance write their keys on top of each other. These
functions measure the labels once the figure is laid out and keep only those
that fit, moving a point's key round it first; what is left off is in the
chart's alt text, which says every figure.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

WHITE_BOX = {"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"}
"""A label's backing: a count stays legible on any colour or hatching."""

AROUND = (  # a key's places round its point, nearest first, in points: offset, alignment
    ((5, -3.5), "left"),
    ((-5, -3.5), "right"),
    ((5, 2), "left"),
    ((5, -9), "left"),
    ((-5, 2), "right"),
    ((-5, -9), "right"),
    ((0, 6), "center"),
    ((0, -14), "center"),
)
GAP = 1.0
"""Pixels two labels keep between them, so that they do not touch."""


def _laid_out(figure: Any) -> None:
    """The figure laid out (constrained layout) as saving it does, so that extents are final."""
    figure.draw_without_rendering()


def _overlaps(box: Any, others: list[Any]) -> bool:
    return any(box.expanded(1, 1).padded(GAP).overlaps(other) for other in others)


def counts_that_fit(figure: Any, bars: list[tuple[Any, Any]]) -> int:
    """Remove each count not inside its bar segment or touching another; how many were removed.

    ``bars`` pairs each segment (a Rectangle) with the count written in it.
    """
    _laid_out(figure)
    kept: list[Any] = []
    removed = 0
    for segment, label in bars:
        if not label.get_text():
            continue
        box = label.get_window_extent()
        inside = segment.get_window_extent().padded(-0.5)
        fits = box.x0 >= inside.x0 and box.x1 <= inside.x1 and box.height <= inside.height
        if fits and not _overlaps(box, kept):
            kept.append(box)
        else:
            label.remove()
            removed += 1
    return removed


def place_keys(figure: Any, axes: Any, keys: list[Any], points: list[Any]) -> int:
    """Move each key round its point to the first place clear of the others; how many left off.

    A key is left off where every place would cover another key or point, or
    fall outside the plot, or be nearer another point than its own (the demo's PRJ-021
    was keyed below and left of its point, beside PRJ-001's, and read as PRJ-001's
    key). A line drawn across the plot (the cost chart's zero) is taken too: beside a
    point on it, a key was struck through.
    """
    _laid_out(figure)
    plot = axes.get_window_extent()
    centres = [c for collection in points for c in _centres(collection)]
    taken = [box for collection in points for box in _marker_boxes(collection, figure.dpi)]
    taken += [line.get_window_extent() for line in axes.lines]
    left_off = 0
    for key in keys:
        own = axes.transData.transform(key.xy)
        for offset, align in AROUND:
            key.xyann = offset
            key.set_horizontalalignment(align)
            box = key.get_window_extent()
            within = plot.x0 <= box.x0 and box.x1 <= plot.x1 and plot.y0 <= box.y0
            clear = within and box.y1 <= plot.y1 and not _overlaps(box, taken)
            if clear and _nearest_is_own(box, own, centres):
                taken.append(box)
                break
        else:
            key.remove()
            left_off += 1
    return left_off


def _centres(collection: Any) -> list[tuple[float, float]]:
    """Each point's centre on the page."""
    return [(x, y) for x, y in collection.get_offset_transform().transform(
        collection.get_offsets())]  # fmt: skip


def _marker_boxes(collection: Any, dpi: float) -> list[Any]:
    """Each point's marker as a box on the page (markers are 36 pt², about 6 pt across)."""
    from matplotlib.transforms import Bbox

    half = 3.5 * dpi / 72
    return [Bbox.from_extents(x - half, y - half, x + half, y + half)
            for x, y in _centres(collection)]  # fmt: skip


def _nearest_is_own(box: Any, own: Any, centres: list[tuple[float, float]]) -> bool:
    """Whether no point is nearer the key's box than its own: else it reads as another's."""

    def away(x: float, y: float) -> float:
        return math.hypot(max(box.x0 - x, 0, x - box.x1), max(box.y0 - y, 0, y - box.y1))

    mine = away(*own)
    return all(away(x, y) >= mine for x, y in centres)


def say_empty(axes: Any, message: str) -> None:
    """An empty chart: the message in the middle of the plot, and no axes to read as zero."""
    axes.set_axis_off()
    axes.figure.set_size_inches(7.5, 1.6)  # a line to read, not a blank box the size of a chart
    axes.text(0.5, 0.5, message, transform=axes.transAxes, ha="center", va="center",
              fontsize=10, wrap=True)  # fmt: skip


_ID = re.compile(r'\bid="([^"]+)"')


def scoped_ids(svg: str, prefix: str) -> str:
    """Every id in the SVG, and every reference to one, prefixed: several charts share a page.

    matplotlib numbers its elements the same way in each figure (``figure_1``,
    ``patch_2``, ...); inline in one HTML page, ids must be unique, and a
    ``url(#...)`` or ``href="#..."`` would find the first chart's clip path.
    """
    names = set(_ID.findall(svg))
    if not names:
        return svg

    def scoped(found: re.Match[str]) -> str:
        name = found.group(2)
        return f"{found.group(1)}{prefix}-{name}" if name in names else found.group(0)

    return re.sub(r'(\bid="|url\(#|href="#)([^")]+)', scoped, svg)


def written_out(axis: Any) -> None:
    """Write ``axis``'s ticks as the bars' labels are, ``1,000,000``: no exponent, no offset.

    matplotlib writes ticks of a million or more as ``0.2 ... 1.0`` with ``1e6`` in the
    corner; beside an axis in *GBP million*, a board reads 1.0 there as one million (and a
    variance of a forecast 10,000 times its budget, in %, likewise).
    """
    from matplotlib.ticker import ScalarFormatter

    class Written(ScalarFormatter):
        def __call__(self, x: float, pos: int | None = None) -> str:
            text = str(super().__call__(x, pos))
            sign = text[:1] if text[:1] in {"-", "\u2212"} else ""
            whole, point, places = text[len(sign) :].partition(".")
            return f"{sign}{int(whole):,}{point}{places}" if whole.isdigit() else text

    written = Written(useOffset=False)
    written.set_scientific(False)
    axis.set_major_formatter(written)


def isolated(name: str) -> str:
    """``name`` set apart from the words round it where it is written right to left.

    A caption reads *ORG: 1 green*: after an organisation in Hebrew or Arabic, the
    colon and count ran on in its direction and showed as *1 :ORG green*, the count
    before the name it counts. First-strong isolates (U+2068 ... U+2069) keep the
    name's direction within it; a name with no right-to-left letter is left as it is.
    """
    if any(unicodedata.bidirectional(char) in {"R", "AL"} for char in name):
        return f"\u2068{name}\u2069\u200e"
    return name
