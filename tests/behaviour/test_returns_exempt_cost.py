"""A GMPP cost published as 'Exempt' is not published: the refusal offers to spell it withheld.

The GMPP's annual reports write `Exempt` where a department has exempted a
figure from publication. The shipped gmpp mapping reads an empty cell so
(withheld), not the word; a return writing it is refused, and the refusal
says how to spell it. It used to offer `"Exempt" = "not known"` alone, and
an office that followed it had every board pack say "whole-life N not
known" of costs GMPP knows and withholds. It now offers both, each with
what it means, and followed as `withheld` the totals count the cost as
withheld, never as zero.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from tests.conftest import Cli

HEADER = (
    "gmpp_id,project_name,department,category,report_year,whole_life_cost_gbp_m,"
    "cost_variance_pct,delivery_confidence"
)
ROWS = [
    "CO_0438_2425-Q3,Manchester Digital Campus,CO,Government Transformation,2024-25,1443.7,,AMBER",
    "MOD_0080_1213-Q1,DREADNOUGHT,MOD,Military Capability,2024-25,Exempt,,Exempt",
]
OPTIONS = ["--as-at", "2024-09-30", "--authority", "GMPP annual report"]


def write(name: str, text: str) -> Path:
    path = Path(name).resolve()
    path.write_text(text, encoding="utf-8")
    return path


def test_an_exempt_cost_is_refused_offering_withheld_for_a_figure_not_published(run: Cli) -> None:
    path = write("gmpp.csv", "\n".join([HEADER, *ROWS]) + "\n")

    result = run("returns", "import", str(path), "--mapping", "gmpp", *OPTIONS)

    assert result.exit_code == 2, result.output
    assert run.events() == 0
    assert (
        "row 3, column whole_life_cost_gbp_m: cell F3: 'Exempt' is not an amount; "
        "write a number (e.g. 1443.7, in GBP millions), 'withheld' or 'not known', "
        "or leave it empty (withheld), or say what 'Exempt' means in the mapping: "
        '[spellings.whole_life_cost] "Exempt" = "withheld" (a figure not published) '
        'or "not known" (none yet)'
    ) in " ".join(result.output.split())


def test_spelt_withheld_as_offered_an_exempt_cost_is_counted_withheld_not_zero(run: Cli) -> None:
    shipped = Path("src/portfolio_ledger/returns/mappings/gmpp.toml")
    mapping = (Path(__file__).parents[2] / shipped).read_text(encoding="utf-8")
    spelt = (
        '\n[spellings.whole_life_cost]\n"Exempt" = "withheld"\n'
        '[spellings.rag]\n"Exempt" = "withheld"\n'
    )
    toml = write("gmpp-exempt.toml", mapping + spelt)
    path = write("gmpp.csv", "\n".join([HEADER, *ROWS]) + "\n")

    result = run("returns", "import", str(path), "--mapping", str(toml), *OPTIONS)

    assert result.exit_code == 0, result.output
    shown = json.loads(run("item", "show", "MOD_0080_1213-Q1", "--json").output)
    assert (shown["whole_life_cost"], shown["rag"]) == ("withheld", "withheld")
    totals = json.loads(run("economics", "--by", "view", "--json").output)["totals"]
    assert len(totals) == 1
    assert Decimal(totals[0]["whole_life_cost"]) == Decimal(1443700000)
    assert (totals[0]["whole_life_cost_known"], totals[0]["whole_life_cost_withheld"]) == (1, 1)
    assert totals[0]["whole_life_cost_not_known"] == 0
