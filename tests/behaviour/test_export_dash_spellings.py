"""An export in the office's words reads back where a word begins as a formula would: ``-``.

A corporate PMO's register writes ``-`` for a budget not yet known (``[spellings.
authorised_budget] "-" = "not known"``). ``portfolio export`` writes the item's budget in
that word, protected from spreadsheets as ``'-``; read back, the ``'`` was taken off a
name's text but not off a figure's, so the pre-filled return was refused: ``"'-" is not an
amount``. So was a rating spelt ``-`` and a date spelt ``-``.
"""

from __future__ import annotations

import pytest

from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli

MAPPING = """units = "thousands"
[columns]
key = "Project ID"
title = "Project Name"
authorised_budget = "Budget"
rag = "RAG"
forecast_date = "Go-live"
[spellings.authorised_budget]
"-" = "not known"
[spellings.rag]
"-" = "not assessed"
[spellings.forecast_date]
"-" = ""
[defaults]
kind = "project"
stage = "in delivery"
category = "Corporate change"
"""


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_figure_and_a_rating_spelt_as_a_dash_read_back_as_no_change(
    run: Cli, suffix: str
) -> None:
    mapping = write("corp.toml", MAPPING)
    register = write(
        "register.csv",
        "Project ID,Project Name,Budget,RAG,Go-live",
        "CP-001,Finance ERP upgrade,1250,green,2026-12-31",
        "CP-004,CRM consolidation,-,-,-",
    )
    options = ("--mapping", str(mapping), "--as-at", "2026-09-30", "--authority", "PMO")
    assert run("returns", "import", str(register), *options).exit_code == 0
    exported = run("portfolio", "export", "--out", f"out.{suffix}", "--mapping", str(mapping),
                   "--effective-on", "2026-09-30")  # fmt: skip
    assert exported.exit_code == 0, exported.output

    again = run("returns", "import", f"out.{suffix}", *options, "--dry-run")

    assert again.exit_code == 0, again.output
    assert "0 new, 0 changed, 2 unchanged" in again.output
