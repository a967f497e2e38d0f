"""A chart's figures read back from its SVG's geometry, as a reader reads them off the page.

Independent of how the charts are drawn: an axis is read from its ticks (where each is
and what it says, checked to be one straight scale), a bar from its rectangle's ends, a
point from its marker's place, and a colour from the legend's swatch of the same fill.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

SVG = "{http://www.w3.org/2000/svg}"
HREF = "{http://www.w3.org/1999/xlink}href"


@dataclass(frozen=True)
class Bar:
    """A filled rectangle in the plot, in the page's coordinates."""

    x0: float
    x1: float
    y0: float
    y1: float
    fill: str


def charts(html: str) -> dict[str, ET.Element]:
    """Each chart's SVG in the page, by its id."""
    found = re.findall(r'<svg role="img".*?</svg>', html, re.DOTALL)
    return {str(root.get("id")): root for root in map(ET.fromstring, found)}


def part(chart: ET.Element, name: str) -> ET.Element:
    """The chart's group of that name (``axes_1``, ``legend_1``, ``matplotlib.axis_2``)."""
    wanted = f"{chart.get('id')}-{name}"
    return next(g for g in chart.iter(f"{SVG}g") if g.get("id") == wanted)


def _named(element: ET.Element, kind: str) -> bool:
    return re.search(rf"-{kind}_\d+$", element.get("id") or "") is not None


def ticks(chart: ET.Element, axis: str) -> list[tuple[float, str]]:
    """An axis' ticks (``x`` or ``y``): each one's place on the page and its label."""
    group = part(chart, f"matplotlib.axis_{1 if axis == 'x' else 2}")
    found = []
    for tick in (t for t in group if _named(t, f"{axis}tick")):
        mark, text = tick.find(f".//{SVG}use"), tick.find(f".//{SVG}text")
        assert mark is not None
        assert text is not None
        found.append((float(mark.get(axis) or 0), text.text or ""))
    return found


def scale(chart: ET.Element, axis: str) -> Callable[[float], float]:
    """The value at a place on the axis, read from its ticks, which must be one linear scale."""
    marks = [(at, float(said.replace("\u2212", "-").replace(",", ""))) for at, said in
             ticks(chart, axis)]  # fmt: skip
    (at0, value0), (at1, value1) = marks[0], marks[-1]
    per = (value1 - value0) / (at1 - at0)
    for at, value in marks:
        assert abs(value0 + (at - at0) * per - value) < abs(per) * 0.01, (axis, marks)
    return lambda at: value0 + (at - at0) * per


def plot_box(chart: ET.Element) -> tuple[float, float, float, float]:
    """The plot's frame on the page: left, top, right, bottom."""
    path = part(chart, "patch_2").find(f"{SVG}path")
    assert path is not None
    numbers = [float(n) for n in re.findall(r"-?[\d.]+", path.get("d") or "")]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def _fill(element: ET.Element) -> str:
    found = re.search(r"fill: ([^;\"]+)", element.get("style") or "")
    return found.group(1) if found else ""


def bars(chart: ET.Element) -> list[Bar]:
    """The plot's bars (and segments) in their colours, not its background nor the hatching
    drawn over them (a pattern, or no fill: ``charts._hatched``)."""
    found = []
    for patch in (p for p in part(chart, "axes_1") if _named(p, "patch")):
        path = patch.find(f"{SVG}path")
        d = "" if path is None else path.get("d") or ""
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", d)]
        if path is None or len(numbers) != 8 or "z" not in d or patch is next(iter(
                part(chart, "axes_1"))) or not _fill(path).startswith("#"):  # fmt: skip
            continue
        xs, ys = numbers[0::2], numbers[1::2]
        found.append(Bar(min(xs), max(xs), min(ys), max(ys), _fill(path)))
    return found


def points(chart: ET.Element) -> list[tuple[float, float, str]]:
    """Every marker of a scatter in the plot: its place on the page and its fill."""
    return [
        (float(mark.get("x") or 0), float(mark.get("y") or 0), _fill(mark))
        for collection in part(chart, "axes_1")
        if _named(collection, "PathCollection")
        for mark in collection.iter(f"{SVG}use")
    ]


def legend(chart: ET.Element) -> dict[str, str]:
    """Each legend entry's words by its swatch's colour (its first part: a hatch is over it)."""
    entries: dict[str, str] = {}
    swatch = None
    for element in list(part(chart, "legend_1"))[1:]:  # the first is the legend's frame
        path, mark, text = (element.find(f".//{SVG}{t}") for t in ("path", "use", "text"))
        if text is not None and swatch is not None:
            entries[swatch] = text.text or ""
            swatch = None
        elif swatch is not None:
            continue
        elif mark is not None:
            swatch = _fill(mark)
        elif path is not None and _named(element, "patch"):
            swatch = _fill(path)
    return entries


def hatches(chart: ET.Element) -> dict[str, str]:
    """The hatching drawn over each legend entry's swatch, by its words (``none``: none)."""
    entries: dict[str, str] = {}
    swatches: list[str] = []
    for element in list(part(chart, "legend_1"))[1:]:
        path, text = element.find(f"{SVG}path"), element.find(f"{SVG}text")
        if text is not None and swatches:
            entries[text.text or ""] = swatches[-1]
            swatches = []
        elif path is not None and _named(element, "patch"):
            swatches.append(_fill(path))
    return entries


def keys(chart: ET.Element) -> list[tuple[float, float, str]]:
    """The words written in the plot (a point's key, a bar's figure): place and text."""
    return [
        (float(text.get("x") or 0), float(text.get("y") or 0), text.text or "")
        for group in part(chart, "axes_1")
        if _named(group, "text")
        for text in group.findall(f"{SVG}text")
    ]


def _stroke(element: ET.Element) -> tuple[str, bool]:
    style = element.get("style") or ""
    colour = re.search(r"stroke: (#[0-9a-f]+)", style)
    return (colour.group(1) if colour else "", "dasharray" in style)


def points_of_line(chart: ET.Element, name: str) -> list[tuple[float, float, str]]:
    """The markers of the line the legend calls ``name``: found by its stroke and dashes."""
    entries = list(part(chart, "legend_1"))
    said = next(i for i, e in enumerate(entries) if e.findtext(f"{SVG}text") == name)
    swatch = entries[said - 1].find(f"{SVG}path")
    assert swatch is not None
    for line in (e for e in part(chart, "axes_1") if _named(e, "line2d")):
        path = line.find(f"{SVG}path")
        if path is not None and _stroke(path) == _stroke(swatch):
            return [(float(m.get("x") or 0), float(m.get("y") or 0), _fill(m))
                    for m in line.iter(f"{SVG}use")]  # fmt: skip
    raise AssertionError(f"no line drawn as the legend's {name!r}")


def anchor(chart: ET.Element, words: str) -> str:
    """Where the text ``words`` in the plot is anchored: ``start``, ``middle`` or ``end``."""
    for text in part(chart, "axes_1").iter(f"{SVG}text"):
        if text.text == words:
            found = re.search(r"text-anchor: (\w+)", text.get("style") or "")
            return found.group(1) if found else "start"
    raise AssertionError(f"no text {words!r} in the plot")
