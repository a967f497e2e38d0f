"""Economics: a figure no item has on record is none, in every form, not a zero.

The table showed ``-`` and the CSV an empty cell where no item's authorised
budget (or whole-life cost, or forecast) was known, while ``--json`` said
``"0.00"``: a reader of the JSON took it for a budget of nothing on record.
"""

from __future__ import annotations

import csv
import io
import json

from tests.behaviour.test_economics_one_spelling import imported
from tests.conftest import Cli


def test_a_figure_none_on_record_is_null_in_json_empty_in_csv_and_a_dash_on_screen(
    run: Cli,
) -> None:
    imported(run, "P-1,Alpha,Digital,HO,0", "P-2,Beta,Estates,HO,250")

    as_json = run("economics", "--by", "category", "--json")
    as_csv = run("economics", "--by", "category", "--format", "csv")
    table = run("economics", "--by", "category")

    assert (as_json.exit_code, as_csv.exit_code, table.exit_code) == (0, 0, 0)
    rows = {r["value"]: r for r in json.loads(as_json.output)["totals"]}
    lines = {r["Value"]: r for r in csv.DictReader(io.StringIO(as_csv.output))}
    for name in ("Digital", "Estates"):
        assert rows[name]["authorised_budget_known"] == 0
        assert rows[name]["authorised_budget"] is None
        assert rows[name]["forecast_cost"] is None
        assert lines[name]["Authorised budget"] == ""
    # A known zero is a zero: on record, in every form.
    assert (rows["Digital"]["whole_life_cost"], rows["Estates"]["whole_life_cost"]) == (
        "0.00",
        "250.00",
    )
    assert lines["Digital"]["Whole-life cost"] == "0.00"
    [digital] = [line.split() for line in table.output.splitlines() if line.startswith("Digital")]
    assert digital[1:6] == ["1", "GBP", "0", "-", "-"]  # items, whole-life, budget, forecast
    # What open items commit adds known budgets only: none here, so nothing.
    assert json.loads(as_json.output)["committed"] == {"GBP": "0.00"}
