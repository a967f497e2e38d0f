"""A mapping's words in any case, a rating spelt with spaces around its slash, and 'mil'.

Before: ``units = "Millions"`` refused the mapping for its case alone (``--units Millions``
was read), and so did ``dates = "dd/mm/yyyy"``, ``months = "Last"``, ``separator = "Tab"``
and ``[blank] rag = "Not assessed"``; a register's ``Amber / Red`` needed a spelling of
its own beside ``Amber/Red``; and ``$1.2mil`` was refused as "not an amount", without a
word on its unit, which is a million in American usage and a thousand in Spanish.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli

MAPPING = """units = " Millions"
currency = "USD"
dates = "dd/mm/yyyy"
months = "Last"
years = "FIRST"
separator = "Tab"
[columns]
key = "Ref"
title = "Project"
whole_life_cost = "Cost"
forecast_date = "End"
rag = "RAG"
[blank]
rag = "Not Assessed"
whole_life_cost = "Not known"
[defaults]
kind = "project"
stage = "in delivery"
category = "Digital"
organisation = "HO"
[spellings.rag]
"Amber/Red" = "red"
"Green - Amber" = "amber"
"""


def imported(run: Cli, *rows: str, mapping: str = MAPPING) -> tuple[int, str]:
    Path("m.toml").write_text(mapping, encoding="utf-8")
    path = write("r.tsv", "Ref\tProject\tCost\tEnd\tRAG", *rows)
    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at", "2026-03-31",
                 "--authority", "PMO")  # fmt: skip
    return result.exit_code, result.output


def test_a_mappings_words_are_read_in_any_case(run: Cli) -> None:
    code, output = imported(
        run,
        "P-1\tAlpha\t1.5\t30/06/2027\tAmber / Red",
        "P-2\tBeta\t\tJun 2027\tgreen-amber",
        "P-3\tGamma\t2\t2028\t",
    )

    assert code == 0, output
    items = {row["key"]: row for row in json.loads(run("portfolio", "--json").output)}
    assert (items["P-1"]["whole_life_cost"], items["P-1"]["currency"]) == ("1500000.00", "USD")
    assert items["P-2"]["whole_life_cost_status"] == "not known"
    assert [items[key]["rag"] for key in ("P-1", "P-2", "P-3")] == ["red", "amber", "not assessed"]
    ends = [items[key]["forecast_date"] for key in ("P-1", "P-2", "P-3")]
    assert ends == ["2027-06-30", "2027-06-30", "2028-01-01"]


def test_two_spellings_read_as_one_cell_for_two_values_refuse_the_mapping(run: Cli) -> None:
    mapping = MAPPING + '"amber / red" = "amber"\n'

    code, output = imported(run, "P-1\tAlpha\t1.5\t30/06/2027\tAmber/Red", mapping=mapping)

    assert code != 0
    assert '"Amber/Red" = "red" and "amber / red" = "amber": a cell is read as both' in output
    assert run.events() == 0


def test_two_spellings_read_as_one_cell_for_one_value_are_one(run: Cli) -> None:
    code, output = imported(
        run, "P-1\tAlpha\t1.5\t30/06/2027\tAMBER/RED", mapping=MAPPING + '"Amber / Red" = "red"\n'
    )

    assert code == 0, output
    assert json.loads(run("portfolio", "--json").output)[0]["rag"] == "red"


def test_an_amount_in_mil_is_refused_naming_its_unit(run: Cli) -> None:
    code, output = imported(run, "P-1\tAlpha\t$1.2mil\t30/06/2027\tGreen",
                            "P-2\tBeta\t3.4 Mil.\t30/06/2027\tGreen")  # fmt: skip

    assert code != 0
    assert "'$1.2mil' writes its unit as 'mil', which may be a million" in output
    assert "'3.4 Mil.' writes its unit as 'Mil.', which may be a million" in output
    assert "or a thousand (Spanish and Portuguese 1,2 mil)" in output
    assert "write millions as m (1.2m) or thousands as k" in output
    assert run.events() == 0
