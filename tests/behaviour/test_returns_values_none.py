"""A return giving a value the item had none of says so as the ledger does: ``no owner -> Ann Lee``.

Before, reconciling said ``owner none -> Ann Lee`` (an owner called "none"), and
its ``--json`` gave ``"before": "none"``. Now ``--json`` gives ``null`` for no
value, and each change its sentence, ``said``, in the words ``item history`` uses.
"""

from __future__ import annotations

from portfolio_ledger.application.returns import Change
from tests.behaviour.test_returns import HEADER, imported, returns_import, write
from tests.conftest import Cli

FIRST = [
    HEADER,
    "PRJ-1,Payroll,project,,Corporate,,CFO,in delivery,1200000,1300000,amber",
]
LATER = [
    HEADER,
    "PRJ-1,Payroll,project,DFE,Corporate,Ann Lee,CFO,in delivery,1200000,1300000,amber",
]


def test_a_value_given_where_the_item_had_none_is_said_as_none_in_words_and_null_in_json(
    run: Cli,
) -> None:
    imported(run, write("q1.csv", *FIRST), "2025-03-31")
    later = write("q2.csv", *LATER)

    dry = returns_import(run, later, "2025-06-30", "--dry-run")
    found = imported(run, later, "2025-06-30")

    assert dry.exit_code == 0, dry.output
    said = " ".join(dry.output.split())
    assert "no organisation -> DFE" in said
    assert "no owner -> Ann Lee" in said
    assert "none" not in said
    (row,) = found["changed"]
    assert row["changes"] == [
        {"field": "organisation", "before": None, "after": "DFE",
         "said": "no organisation -> DFE"},
        {"field": "owner", "before": None, "after": "Ann Lee", "said": "no owner -> Ann Lee"},
    ]  # fmt: skip


def test_a_change_to_no_value_and_from_none_read_as_a_summary_reads() -> None:
    assert str(Change("owner", "Ann Lee", None)) == "owner Ann Lee -> no owner"
    assert str(Change("forecast_date", None, "2026-09-30")) == "no forecast date -> 2026-09-30"
    assert str(Change("forecast_cost", "GBP 90", "GBP 95")) == "forecast GBP 90 -> GBP 95"
