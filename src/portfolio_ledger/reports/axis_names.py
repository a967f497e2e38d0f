"""Names as a chart's axis shows them: cut to ``LABEL`` characters, two cut alike told apart.

A cut falls between the characters a reader sees (``application/graphemes.py``).
"""

from __future__ import annotations

from portfolio_ledger.application.graphemes import end_of, start_of

LABEL = 30
"""The most characters an axis label shows; a longer name is cut, whole in the alt text."""


def label(name: str) -> str:
    """A name short enough to show beside an axis: past LABEL characters, cut with an ellipsis.

    A longer one (a category may be 200 characters, one word) would squeeze the
    plot to nothing and run off the figure's edge, cut where no one can read it.
    """
    return name if len(name) <= LABEL else start_of(name, LABEL - 1).rstrip() + "\u2026"


def labels(names: list[str]) -> list[str]:
    """Each name as ``label`` cuts it, but names cut alike keep their ends as well.

    Cut at 30, 'Department for Environment, Food and Rural Affairs' and '... Arm's
    Length Bodies' were one label on two bars: the chart no longer said which was which.
    """
    cut = [label(name) for name in names]
    half = LABEL // 2
    return [
        shown
        if cut.count(shown) == 1
        else f"{start_of(name, half - 1).rstrip()}\u2026{end_of(name, half)}"
        for name, shown in zip(names, cut, strict=True)
    ]
