"""An item's description goes out in ``portfolio export`` as it came in (a mapping reading it)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.behaviour.test_returns import imported, write
from tests.conftest import Cli

MAPPING = """
source = "Office return"

[columns]
key = "Ref"
title = "Project"
organisation = "Directorate"
category = "Area"
description = "Summary"
stage = "Stage"
"""


def test_an_exported_return_holds_each_description_and_reads_back_as_nothing_new(
    run: Cli,
) -> None:
    mapping = write("office.toml", MAPPING)
    sent = write(
        "q3.csv",
        "Ref,Project,Directorate,Area,Summary,Stage",
        "HO-001,Border systems,HO-DIG,Digital,Replace the border systems,in delivery",
        "HO-002,Estates,HO-EST,Estates,,in delivery",
    )
    imported(run, sent, "2026-09-30", "--mapping", str(mapping))
    shown = json.loads(run("item", "show", "HO-001", "--json").stdout)
    assert shown["description"] == "Replace the border systems"

    for moment in ((), ("--effective-on", "2026-09-30")):
        out = Path(f"back{len(moment)}.csv").resolve()
        written = run("portfolio", "export", "--out", str(out), "--mapping", str(mapping), *moment)
        assert written.exit_code == 0, written.output
        rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
        assert {row["Ref"]: row["Summary"] for row in rows} == {
            "HO-001": "Replace the border systems",
            "HO-002": "",
        }
        again = imported(run, out, "2026-09-30", "--mapping", str(mapping))
        assert again["changed"] == []
        assert again["new"] == []


def test_item_show_prints_the_description_its_json_holds(run: Cli) -> None:
    proposed = run(
        "item", "propose", "PRJ-042", "--kind", "project", "--title", "Payroll replacement",
        "--owner", "Dana Okafor", "--sponsor", "CFO", "--category", "Corporate systems",
        "--description", "Replace the payroll system and its interfaces", "-m", "Contract ends",
    )  # fmt: skip
    assert proposed.exit_code == 0, proposed.output

    shown = run("item", "show", "PRJ-042")

    assert shown.exit_code == 0, shown.output
    lines = [line.split(None, 1) for line in shown.output.splitlines() if line.strip()]
    assert ["Description", "Replace the payroll system and its interfaces"] in lines
