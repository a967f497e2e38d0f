"""`portfolio diff` lists a forecast date that moved and a new owner or sponsor.

A quarterly return records a forecast completion that slips and a new
senior responsible owner (a status report; an amendment); the board pack's
"what changed since" is `portfolio diff`. Before, neither was listed: a
completion slipping a year reached no one. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import json

from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli

HEADER = "key,title,organisation,category,owner,sponsor,stage,forecast_date,rag"


def imported(run: Cli, name: str, row: str, as_at: str) -> None:
    result = run("returns", "import", str(write(name, HEADER, row)), "--mapping",
                 str(write("office.toml", MAPPING)), "--as-at", as_at,
                 "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output


MAPPING = """source = "Office return"
[columns]
key = "key"
title = "title"
organisation = "organisation"
category = "category"
owner = "owner"
sponsor = "sponsor"
stage = "stage"
forecast_date = "forecast_date"
rag = "rag"
[defaults]
kind = "project"
"""


def test_a_slipped_forecast_date_and_a_new_owner_and_sponsor_are_changes(run: Cli) -> None:
    imported(run, "q1.csv", "P-1,Payroll,HR,Corporate,Ann,CFO,in delivery,2027-03-31,amber",
             "2026-03-31")  # fmt: skip
    imported(run, "q2.csv", "P-1,Payroll,HR,Corporate,Bea,COO,in delivery,2028-03-31,amber",
             "2026-06-30")  # fmt: skip

    result = run("portfolio", "diff", "--effective", "2026-03-31", "2026-06-30", "--json")

    assert result.exit_code == 0, result.output
    changes = {(c["change"], c["before"], c["after"]) for c in json.loads(result.output)}
    assert changes == {
        ("owner", "Ann", "Bea"),
        ("sponsor", "CFO", "COO"),
        ("forecast_date", "2027-03-31", "2028-03-31"),
    }
    pack = run("report", "board-pack", "--as-at", "2026-06-30", "--since", "2026-03-31",
               "--json")  # fmt: skip
    assert json.loads(pack.output)["summary"]["changed"] == 1
    shown = run("portfolio", "diff", "--effective", "2026-03-31", "2026-06-30")
    assert "forecast date  2027-03-31" in shown.output
