"""A return's row filter keeps a row whose cell differs from the value asked only in case.

``[where] "Phase" = ["In delivery"]`` left out the rows a register wrote ``in delivery``
or ``IN DELIVERY `` (the same phase, as a stage cell reads it in any case), with only a
count of rows read to say so; imported with ``--missing leave``, each of their items
was recorded as having left the portfolio, though the return listed it. A filter
matches as every other filter does (``domain/caseless.py``): in any case, with
typography plain.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli

MAPPING = '[columns]\nkey = "Ref"\ntitle = "Project"\ncategory = "Area"\n'
ROWS = ("Ref,Project,Area,Phase", "P-1,Alpha,Digital,In delivery", "P-2,Beta,Digital,in delivery ",
        "P-3,Gamma,Digital,IN DELIVERY", "P-4,Delta,Digital,Closed")  # fmt: skip


@pytest.mark.parametrize("given", ["mapping", "option"])
def test_rows_whose_filter_cell_differs_only_in_case_are_read_and_none_leaves(
    run: Cli, given: str
) -> None:
    where = '\n[where]\n"Phase" = ["In delivery"]\n' if given == "mapping" else ""
    Path("m.toml").write_text(MAPPING + where, encoding="utf-8")
    option = ("--where", "Phase=in Delivery") if given == "option" else ()
    for as_at in ("2025-06-30", "2025-09-30"):
        path = write("r.csv", *ROWS)
        result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at", as_at,
                     "--authority", "PMO", "--missing", "leave", *option)  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "3 of 4 rows" in result.output

    keys = [row["key"] for row in json.loads(run("portfolio", "--json").output)]
    assert keys == ["P-1", "P-2", "P-3"]
    assert run.events() == 3
