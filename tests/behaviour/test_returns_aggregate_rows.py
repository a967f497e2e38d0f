"""A row under the items adding them up in English ('Sum') or working out another figure
('Average', 'Count: 2') is refused as a total, not onboarded.

With a category for every item in the mapping's [defaults], a workbook's 'Sum' row (as
LibreOffice labels one, and an office types beside an AutoSum) joined the portfolio as the
item SUM with the sum of every cost, doubling every figure the ledger adds up; 'Average'
and 'Count: 2' joined likewise, where the German 'Summe' was refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.behaviour.returns_mappings import IN_MILLIONS
from tests.behaviour.test_returns_refusals import refused, returns_import, write
from tests.conftest import Cli

OPTIONS = ("--mapping", "m.toml", "--authority", "PMO")


@pytest.mark.parametrize("label", ["Sum", "SUM (£m)", "Sum of WLC", "Average", "Count: 2", "Mean"])
def test_an_aggregate_row_is_refused_as_a_total(run: Cli, label: str) -> None:
    Path("m.toml").write_text(IN_MILLIONS, encoding="utf-8")
    path = write("q3.csv", "Ref,Project,WLC (£m)", "P-1,Roads,1000.5", "P-2,Rail,234",
                 f",{label},1234.5")  # fmt: skip

    message = " ".join(refused(run, path, *OPTIONS).split())

    assert f"row 4: it looks like a total, not an item ({label!r})" in message


def test_a_name_that_only_begins_so_is_an_item(run: Cli) -> None:
    Path("m.toml").write_text(IN_MILLIONS, encoding="utf-8")
    path = write("q3.csv", "Ref,Project,WLC (£m)", ",Summit Programme,10", ",Average Speed,2")

    result = returns_import(run, path, *OPTIONS)

    assert result.exit_code == 0, result.output
    assert "SUMMIT-PROGRAMME" in run("portfolio").output
