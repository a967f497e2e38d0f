"""The portfolio's lists name each item's owner (its senior responsible owner).

DOMAIN.md asks for the pipeline, catalogue and retired lists "with stage,
owner, priority, budget, RAG": the owner was in ``--json`` only, so a
portfolio office reading the pipeline on screen, or in the CSV or workbook it
sends round, could not see who answers for each item.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from tests.conftest import Cli


def _propose(run: Cli) -> None:
    proposed = run(
        "item", "propose", "PRJ-1", "--kind", "project", "--title", "Payroll replacement",
        "--owner", "Dana Okafor", "--sponsor", "Chief Finance Officer",
        "--category", "Corporate systems", "-m", "Payroll contract ends",
    )  # fmt: skip
    assert proposed.exit_code == 0, proposed.output


def test_the_pipeline_on_screen_names_the_owner(run: Cli) -> None:
    _propose(run)

    listed = run("portfolio", "--stage", "pipeline")

    assert listed.exit_code == 0, listed.output
    _, header, _, row = listed.output.splitlines()[:4]
    assert "Owner" in header.split()
    assert "Dana Okafor" in row
    assert header.index("Owner") == row.index("Dana Okafor")


def test_the_csv_and_the_workbook_name_the_owner(run: Cli, tmp_path: Path) -> None:
    _propose(run)
    workbook = tmp_path / "pipeline.xlsx"

    as_csv = run("portfolio", "--format", "csv")
    as_xlsx = run("items", "list", "--out", str(workbook))

    assert as_csv.exit_code == 0, as_csv.output
    assert [row["Owner"] for row in csv.DictReader(io.StringIO(as_csv.output))] == ["Dana Okafor"]
    assert as_xlsx.exit_code == 0, as_xlsx.output
    header, row = load_workbook(workbook)["Portfolio"].iter_rows(values_only=True)
    assert row[header.index("Owner")] == "Dana Okafor"
