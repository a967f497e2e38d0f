"""A row with no id names its item in any spacing: a run of spaces, a cell's line break.

``Beta  Roads`` (typed with two spaces) or ``Beta`` and ``Roads`` on two lines of one cell
(Alt+Enter) is the item ``Beta Roads``: compared as details are, it is no rename. Matched by
name, it was refused: ``the key made from its name, BETA-ROADS, is that of another item
('Beta Roads')``, naming its own item as another.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli

MAPPING = """
[columns]
key = "Ref"
title = "Project"
organisation = "Dept"
whole_life_cost = "WLC"
[defaults]
kind = "project"
stage = "in delivery"
category = "Digital"
"""


def returns_import(run: Cli, path: Path, as_at: str) -> str:
    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at", as_at,
                 "--authority", "PMO", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("Beta Roads", "Beta  Roads"),
        ("Beta Roads", '"Beta\nRoads"'),
        ('"Beta\r\nRoads"', "Beta Roads"),
        ("Beta  Roads", "Beta Roads"),
    ],
    ids=["two-spaces", "line-break", "held-with-a-line-break", "held-with-two-spaces"],
)
def test_a_row_with_no_id_matches_its_item_in_any_spacing(run: Cli, first: str, then: str) -> None:
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    returns_import(run, write("q2.csv", "Ref,Project,Dept,WLC", f",{first},HO,100"), "2026-06-30")
    assert run.events() == 1

    output = returns_import(
        run, write("q3.csv", "Ref,Project,Dept,WLC", f",{then},HO,120"), "2026-09-30"
    )

    reconciled = json.loads(output)
    assert reconciled["new"] == []
    assert reconciled["missing"] == []
    [changed] = reconciled["changed"]
    assert changed["key"] == "BETA-ROADS"
    assert [change["field"] for change in changed["changes"]] == ["whole_life_cost"]
    shown = json.loads(run("item", "show", "BETA-ROADS", "--json").output)
    assert shown["whole_life_cost"]["amount"] == "120.00"


def test_a_name_differing_only_in_case_says_it_may_be_the_item_and_how_to_match_it(
    run: Cli,
) -> None:
    # A council's next quarter capitalised a word ('Expansion'): the row was refused as
    # 'the key made from its name ... is that of another item ('... expansion'); give the
    # row an id', naming its own item as another, and no way to match it.
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    returns_import(run, write("q2.csv", "Ref,Project,Dept,WLC",
                              ",Riverside school expansion,HO,100"), "2026-06-30")  # fmt: skip
    events = run.events()

    result = run("returns", "import", str(write("q3.csv", "Ref,Project,Dept,WLC",
                 ",Riverside School Expansion,HO,120")), "--mapping", "m.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    assert (
        "row 2: no id; its name 'Riverside School Expansion' makes the key "
        "RIVERSIDE-SCHOOL-EXPANSION, as the name of the item RIVERSIDE-SCHOOL-EXPANSION, "
        "'Riverside school expansion', does: the two differ only in case, accents or "
        "punctuation"
    ) in said, said
    assert "write its name as the ledger has it, 'Riverside school expansion'" in said
    assert "'item amend RIVERSIDE-SCHOOL-EXPANSION --title ... --effective-date DAY'" in said
    assert run.events() == events
    amended = run("item", "amend", "RIVERSIDE-SCHOOL-EXPANSION", "--title",
                  "Riverside School Expansion", "--effective-date", "2026-09-30",
                  "--authority", "PMO", "-m", "Renamed in the Q3 return")  # fmt: skip
    assert amended.exit_code == 0, amended.output
    again = run("returns", "import", str(Path("q3.csv").resolve()), "--mapping", "m.toml",
                "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip
    assert again.exit_code == 0, again.output
    assert "0 new" in again.output
