"""Every grouping by view, stage or RAG in one order: the lifecycle's, red to green, none last.

``portfolio --by stage`` and ``--by rag`` ordered their groups alphabetically
(``appraised, cancelled, deferred, ...``; ``not reported, amber, red, ...``)
where ``economics`` ordered them by the lifecycle and red to green; and
``economics`` put the view ``retired`` after ``closed`` (one table of ranks for
views and stages: the stage's rank won). Now both sort by ``group_order``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from portfolio_ledger.domain.clock import utc_today
from tests.behaviour.test_none_named_once import headings
from tests.conftest import Cli

STAGES = [
    "proposed", "appraised", "deferred", "approved", "in delivery", "paused", "live",
    "retired", "rejected", "cancelled", "left",
]  # fmt: skip
RAGS = ["red", "amber", "green", "withheld", "not assessed", "not reported"]
VIEWS = ["pipeline", "catalogue", "retired", "closed", "left"]


def in_order(found: list[str], order: list[str]) -> bool:
    """Whether the distinct values ``found`` come in ``order`` (each a value of it)."""
    seen = list(dict.fromkeys(found))
    return seen == [value for value in order if value in seen]


def groups(run: Cli, by: str) -> list[str]:
    """The groups of ``portfolio --by`` on screen: ``stage live: 13 items`` as ``live``."""
    said = [line.split(":")[0] for line in headings(run("portfolio", "--by", by).output)]
    return [heading.removeprefix(f"{by} ") for heading in said]


@pytest.mark.parametrize(("by", "order"), [("stage", STAGES), ("rag", RAGS), ("view", VIEWS)])
def test_portfolio_groups_in_the_order_economics_shows(
    shared_demo: Cli, by: str, order: list[str]
) -> None:
    totals = json.loads(shared_demo("economics", "--by", by, "--json").output)["totals"]
    economics = [row["value"] or "not reported" for row in totals]

    assert groups(shared_demo, by) == economics
    assert in_order(economics, order), economics
    assert len(economics) > 3


@pytest.mark.parametrize("by", ["stage", "rag"])
def test_every_format_holds_the_groups_in_that_order(
    shared_demo: Cli, tmp_path: Path, by: str
) -> None:
    order = STAGES if by == "stage" else RAGS
    items = json.loads(shared_demo("portfolio", "--by", by, "--json").output)
    text = shared_demo("portfolio", "--by", by, "--format", "csv").output
    rows = list(csv.DictReader(text.splitlines()))
    out = tmp_path / "grouped.xlsx"
    assert shared_demo("portfolio", "--by", by, "--out", str(out)).exit_code == 0
    sheet = load_workbook(out).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    column = header.index("Stage" if by == "stage" else "RAG")

    values = [item[by] or "not reported" for item in items]
    assert in_order(values, order), values
    assert [row["Key"] for row in rows] == [item["key"] for item in items]
    cells = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert [cell or "not reported" for cell in cells] == values


def test_the_board_pack_counts_views_and_stages_in_that_order(shared_demo: Cli) -> None:
    made = shared_demo("report", "board-pack", "--as-at", utc_today().isoformat(), "--json")
    assert made.exit_code == 0, made.output
    summary = json.loads(made.stdout)["summary"]

    views = [row["label"] for row in summary["by_view"]]
    stages = [row["label"] for row in summary["by_stage"]]
    assert views == VIEWS  # the demo has items in every view
    assert in_order(stages, STAGES), stages
    assert [row["label"] for row in summary["rag"]] == RAGS
