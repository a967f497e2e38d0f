"""A mapped column missing where the header has it under another year's number says so.

The IT Dashboard heads its spending 'Total IT Spending FY2025 ($M)'; last year's mapping
reads 'Total IT Spending FY2024 ($M)'. The refusal listed every header and left the
reader to spot that the year was the difference.
"""

from __future__ import annotations

from tests.behaviour.it_dashboard import mapped
from tests.behaviour.test_returns_refusals import refused, write
from tests.conftest import Cli


def test_a_column_of_another_year_is_named(run: Cli) -> None:
    mapped(authorised_budget="Total IT Spending FY2024 ($M)")
    path = write("fy2025.csv", "UII,Investment Title,Total IT Spending FY2025 ($M)",
                 "005-000001234,FPAC,51.004")  # fmt: skip

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2025-09-30").split())

    assert (
        "'Total IT Spending FY2025 ($M)' is named as 'Total IT Spending FY2024 ($M)' is but for "
        "its numbers (a year, as a register heads a column by the year it reports): if it is "
        "the column to read, name it 'Total IT Spending FY2025 ($M)' in the mapping"
    ) in message
