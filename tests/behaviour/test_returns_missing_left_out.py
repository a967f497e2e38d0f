"""An item missing from the return whose row the filter left out is said to be there.

A PPM tool's quarterly export keeps every project, a closed one with its state,
``Closed Complete``, which the mapping's ``[where] State`` leaves out. Its item was
listed as *Missing from the return* and, with ``--missing leave``, left, *no longer
reported*, though the return has its row and says it closed: the office, told the item
was missing, had no cue to record how it ended (``item leave --reason completed``,
``item cancel``), nor to see a state typed otherwise than the filter's value.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_returns_refusals import returns_import, write
from tests.conftest import Cli

MAPPING = """[columns]
key = "Number"
title = "Short description"
whole_life_cost = "Cost"
[where]
State = ["Work in Progress"]
[defaults]
kind = "project"
stage = "in delivery"
category = "Corporate"
"""


def _quarters(run: Cli) -> Path:
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    first = write(
        "q1.csv",
        "Number,Short description,State,Cost",
        "PRJ1,Alpha,Work in Progress,100",
        "PRJ2,Beta,Work in Progress,200",
        "PRJ3,Gamma,Work in Progress,300",
    )
    result = returns_import(run, first, "--mapping", "m.toml", "--authority", "PMO",
                            as_at="2026-03-31")  # fmt: skip
    assert result.exit_code == 0, result.output
    return write(  # PRJ2 closed, its row kept; PRJ3 gone from the export
        "q2.csv",
        "Number,Short description,State,Cost",
        "PRJ1,Alpha,Work in Progress,100",
        "prj2,Beta,Closed Complete,200",
    )


def test_a_missing_item_whose_row_the_filter_left_out_is_named_with_its_row(run: Cli) -> None:
    second = _quarters(run)

    result = returns_import(run, second, "--mapping", "m.toml", "--authority", "PMO",
                            "--missing", "leave", "--dry-run", as_at="2026-06-30")  # fmt: skip

    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Missing from the return: 2, left the portfolio (no longer reported)" in said
    assert "PRJ2 Beta - row 3, left out by the filter: State 'Closed Complete'" in said
    assert "PRJ3 Gamma - -" in said
    assert (
        "1 of them has a row in the return that the filter left out: if it closed, record "
        "how before importing the return with --missing leave ('item leave KEY --reason "
        "completed --effective-date 2026-06-30', or 'item cancel KEY --effective-date "
        "2026-06-30'); if its cell is typed otherwise than the filter's value, correct it in "
        "the return, or add the value to the filter"
    ) in said


def test_the_left_out_row_of_a_missing_item_is_data_in_json(run: Cli) -> None:
    second = _quarters(run)

    result = returns_import(run, second, "--mapping", "m.toml", "--authority", "PMO",
                            "--dry-run", "--json", as_at="2026-06-30")  # fmt: skip

    assert result.exit_code == 0, result.output
    missing = {m["key"]: m for m in json.loads(result.output)["missing"]}
    assert missing["PRJ2"]["left_out_row"] == 3
    assert missing["PRJ2"]["left_out_holding"] == [{"column": "State", "value": "Closed Complete"}]
    assert missing["PRJ3"]["left_out_row"] is None
    assert missing["PRJ3"]["left_out_holding"] == []


def test_an_item_recorded_as_completed_first_is_not_missing(run: Cli) -> None:
    second = _quarters(run)
    left = run("item", "leave", "PRJ2", "--reason", "completed", "--authority", "PMO",
               "-m", "Closed Complete", "--effective-date", "2026-06-30")  # fmt: skip
    assert left.exit_code == 0, left.output

    result = returns_import(run, second, "--mapping", "m.toml", "--authority", "PMO",
                            "--missing", "leave", as_at="2026-06-30")  # fmt: skip

    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Missing from the return: 1, left the portfolio (no longer reported)" in said
    assert "has a row in the return that the filter left out" not in said
    left_items = json.loads(run("portfolio", "--stage", "left", "--json").output)
    assert {(i["key"], i["left_reason"]) for i in left_items} == {
        ("PRJ2", "completed"),
        ("PRJ3", "no longer reported"),
    }


def test_a_row_an_earlier_import_of_the_same_file_read_is_not_named(run: Cli) -> None:
    """A file of two periods (the GMPP's report years): last period's rows say nothing new."""
    Path("p.toml").write_text(MAPPING.replace("State", "Period"), encoding="utf-8")
    both = write(
        "periods.csv",
        "Number,Short description,Period,Cost",
        "PRJ1,Alpha,Work in Progress,100",
        "PRJ2,Beta,Work in Progress,200",
        "PRJ1,Alpha,Next,100",
    )
    first = returns_import(run, both, "--mapping", "p.toml", "--authority", "PMO",
                           as_at="2026-03-31")  # fmt: skip
    assert first.exit_code == 0, first.output

    result = returns_import(run, both, "--mapping", "p.toml", "--authority", "PMO",
                            "--where", "Period=Next", "--dry-run", "--json",
                            as_at="2026-06-30")  # fmt: skip

    assert result.exit_code == 0, result.output
    missing = json.loads(result.output)["missing"]
    assert [(m["key"], m["left_out_row"]) for m in missing] == [("PRJ2", None)]


def test_once_its_leaving_is_recorded_it_is_told_how_to_put_that_right(run: Cli) -> None:
    """Imported with --missing leave (not a dry run), the item has left, no longer reported:
    'record how before importing the return with --missing leave ('item leave KEY ...')'
    came too late, and 'item leave PRJ2' is then refused (it has left)."""
    second = _quarters(run)

    result = returns_import(run, second, "--mapping", "m.toml", "--authority", "PMO",
                            "--missing", "leave", as_at="2026-06-30")  # fmt: skip

    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "record how before importing" not in said
    assert (
        "1 of them has a row in the return that the filter left out, and was recorded as "
        "leaving, no longer reported: if it closed, correct the reason ('decision correct "
        "POSITION --set reason=completed', POSITION its leaving's in 'item history KEY'), or "
        "annul its leaving ('decision annul POSITION') and record how it ended ('item cancel "
        "KEY --effective-date 2026-06-30'); if its cell is typed otherwise than the filter's "
        "value, annul its leaving, then correct the cell in the return, or add the value to "
        "the filter"
    ) in said


def test_a_row_with_no_id_is_named_for_the_item_of_its_name(run: Cli) -> None:
    """A return with no id column is matched by name (returns.md); the closed project's row
    was there, left out by the filter, and the item was listed as missing, '-' for its row."""
    Path("n.toml").write_text(MAPPING.replace('key = "Number"\n', ""), encoding="utf-8")
    first = write("n1.csv", "Short description,State,Cost",
                  "Alpha,Work in Progress,100", "Beta,Work in Progress,200")  # fmt: skip
    result = returns_import(run, first, "--mapping", "n.toml", "--authority", "PMO",
                            as_at="2026-03-31")  # fmt: skip
    assert result.exit_code == 0, result.output
    second = write("n2.csv", "Short description,State,Cost",
                   "Alpha,Work in Progress,100", "Beta,Closed Complete,200")  # fmt: skip

    result = returns_import(run, second, "--mapping", "n.toml", "--authority", "PMO",
                            "--dry-run", "--json", as_at="2026-06-30")  # fmt: skip

    assert result.exit_code == 0, result.output
    missing = json.loads(result.output)["missing"]
    assert [(m["key"], m["left_out_row"]) for m in missing] == [("BETA", 3)]
