"""Rows Excel's Data > Subtotal writes ('Department of Agriculture Total') are refused as totals.

Grouped by agency, each group ends with a row of its label and its sums, its id and name
empty, and the sheet with 'Grand Total': each was refused as 'cell C4 is empty; every
row names its item', saying nothing of the total it is, or that it is to be deleted.
"""

from __future__ import annotations

from tests.behaviour.it_dashboard import mapped
from tests.behaviour.test_returns_refusals import refused, write
from tests.conftest import Cli


def test_subtotal_and_grand_total_rows_are_refused_as_totals(run: Cli) -> None:
    mapped(organisation="Agency Name", authorised_budget="Spending ($M)")
    path = write(
        "itdash.csv",
        "Agency Name,UII,Investment Title,Spending ($M)",
        "Department of Agriculture,005-000001234,FPAC,51.004",
        "Department of Agriculture Total,,,51.004",
        "Grand Total,,,51.004",
    )

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2025-09-30").split())

    assert (
        "row 3: it looks like a total, not an item ('Department of Agriculture Total', in the "
        "column 'Agency Name', with no id or name; as Excel's Data > Subtotal writes a row under "
        "each group): delete the row from the return"
    ) in message
    assert "row 4: it looks like a total, not an item ('Grand Total'" in message
    assert "every row names its item" not in message
