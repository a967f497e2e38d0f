"""The rows a filter leaves out are said by what their filter's cells hold.

``[where] Status = ["Active"]`` left out a row whose status was typed ``Actve`` as it left
out a closed one, and the dry run said only ``2 of 5 rows``: a new project so typed was not
onboarded, with nothing to show why.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_returns_refusals import returns_import, write
from tests.conftest import Cli

MAPPING = """[columns]
key = "Ref"
title = "Name"
whole_life_cost = "WLC"
[where]
Status = ["Active"]
[defaults]
kind = "project"
stage = "in delivery"
category = "Corporate"
"""


def _register() -> Path:
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    return write(
        "register.csv",
        "Ref,Name,Status,WLC",
        "P-1,Alpha,Active,100",
        "P-2,Beta,Actve,200",
        "P-3,Gamma,Closed,300",
        "P-4,Delta,,50",
        "P-5,Epsilon,active ,10",
    )


def test_the_values_the_filter_left_out_are_said_with_their_rows(run: Cli) -> None:
    path = _register()

    result = returns_import(run, path, "--mapping", "m.toml", "--authority", "PMO",
                            "--dry-run", as_at="2026-09-30")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "2 of 5 rows" in result.output
    assert (
        "Left out by the filter: 3 rows, holding Status 'Actve' (1), Status 'Closed' (1), "
        "Status empty (1); a row typed otherwise than the filter's value is left out too"
    ) in " ".join(result.output.split())


def test_the_values_left_out_are_data_in_json(run: Cli) -> None:
    path = _register()

    result = returns_import(run, path, "--mapping", "m.toml", "--authority", "PMO",
                            "--dry-run", "--json", as_at="2026-09-30")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["left_out"] == [
        {"column": "Status", "value": "Actve", "rows": 1},
        {"column": "Status", "value": "Closed", "rows": 1},
        {"column": "Status", "value": "", "rows": 1},
    ]


def test_a_row_two_filters_leave_out_is_counted_once(run: Cli) -> None:
    """P-3 is both closed and of another team: '3 rows' were said left out of five, two kept."""
    path = _register()
    filters = ("--where", "Status=Active", "--where", "Status=active", "--where", "Name=Alpha",
               "--where", "Name=Epsilon", "--where", "Name=Gamma")  # fmt: skip

    result = returns_import(run, path, "--mapping", "m.toml", "--authority", "PMO",
                            "--dry-run", *filters, as_at="2026-09-30")  # fmt: skip

    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "2 of 5 rows" in said
    assert "Left out by the filter: 3 rows, holding " in said  # P-2, P-3, P-4: not 5
    assert "Status 'Closed' (1)" in said
    assert "Name 'Beta' (1)" in said
