"""A CSV row split by an unquoted comma is refused for that alone, not for the cells it moved.

The US IT Dashboard's 'Part of IT Portfolio' holds '03 - IT Investments for
Infrastructure, IT Security, and IT Management': unquoted, it is three cells, and
every cell after it moves two columns on. The row was refused for the cell beyond
the header, and also for what the moved cells were read as (''IT Security' is not an
amount ... [spellings.authorised_budget] "IT Security" = "withheld"'): advice to
spell a piece of the category as a budget.
"""

from __future__ import annotations

from pathlib import Path

from tests.behaviour.test_returns_refusals import refused
from tests.conftest import Cli

MAPPING = """
units = "millions"
currency = "USD"
[columns]
key = "UII"
title = "Investment Title"
category = "Part of IT Portfolio"
authorised_budget = "Spending ($M)"
rag = "CIO Evaluation"
[spellings.rag]
"5" = "green"
[defaults]
kind = "project"
stage = "in delivery"
"""


def test_a_split_row_is_refused_only_as_split(run: Cli) -> None:
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    path = Path("itdash.csv").resolve()
    path.write_text(
        "UII,Investment Title,Part of IT Portfolio,Spending ($M),CIO Evaluation,Updated\n"
        "005-000001234,FPAC,01 - Mission Delivery,48.112,5,08/15/2025\n"
        "026-000001101,AITS,03 - Infrastructure, IT Security, and IT Management,502.18,5,"
        "04/01/2025\n",
        encoding="utf-8",
    )

    message = " ".join(
        refused(run, path, "--mapping", "m.toml", "--dry-run", as_at="2025-09-30").split()
    )

    assert "row 3: cell G3 ('5') is beyond the header's last column" in message
    assert "IT Security" not in message
    assert "is not a rating" not in message
    assert "Refused: 1 problem;" in message
