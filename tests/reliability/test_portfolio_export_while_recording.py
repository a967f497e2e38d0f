"""``portfolio export`` while another process records: each row of one record.

With a mapping that writes an item's description (kept with the item, not in
the portfolio's rows), the export read the rows, then each item as it stood,
each a read of its own. A title changed and then the description, both between
the reads, wrote a row with the old title beside the new description: an
item that never was. The interleaving is forced: another ledger records the
moment the rows have been read.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from portfolio_ledger.application import commands as c
from portfolio_ledger.projections.read_side import ReadSide
from tests.builders import decision, propose
from tests.conftest import Cli
from tests.reliability.conftest import record_elsewhere, recorded_on_first_call

MAPPING = """
source = "Office return"

[columns]
key = "Ref"
title = "Project"
description = "Summary"
"""


@pytest.mark.parametrize("caught_up", [True, False], ids=["caught up", "left behind"])
def test_a_title_and_then_a_description_changed_meanwhile_are_written_together_or_not_at_all(
    run: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caught_up: bool
) -> None:
    mapping = tmp_path / "office.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    record_elsewhere(run.url, propose(title="Payroll", description="Replace payroll"))
    meanwhile = [
        decision(c.AmendItem, title="Payroll and pensions", authority=None),
        decision(c.AmendItem, description="Replace payroll and pensions", authority=None),
    ]
    asked = recorded_on_first_call(
        monkeypatch,
        ReadSide,
        "portfolio",
        lambda: record_elsewhere(run.url, *meanwhile, caught_up=caught_up),
        after=True,
    )
    out = tmp_path / "return.csv"

    written = run("portfolio", "export", "--out", str(out), "--mapping", str(mapping))

    assert written.exit_code == 0, written.output
    assert asked
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [(row["Project"], row["Summary"]) for row in rows] in (
        [("Payroll", "Replace payroll")],
        [("Payroll and pensions", "Replace payroll and pensions")],
    )
