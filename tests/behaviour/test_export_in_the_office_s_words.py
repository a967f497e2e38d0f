"""``portfolio export`` writes a rating, kind, stage or figure's status in the mapping's words.

An office whose register rates G, A and R, and writes a stage as ``Build``, reads it
with spellings (``"G" = "green"``). Its pre-filled return came out in the ledger's
words (``green``, ``in delivery``): read back the same, but not the office's register.
Now each value the mapping spells one way is written so. A value spelt several ways
(``Amber/Red`` and ``Amber/Green`` both ``amber``) is written as the ledger holds it,
as is a text field (a category's old name spelt as its new is for reading old files).
"""

from __future__ import annotations

import csv
from pathlib import Path

from tests.conftest import Cli

MAPPING = """
[columns]
key = "Ref"
title = "Name"
category = "Area"
stage = "Phase"
rag = "DCA"
whole_life_cost = "Cost"

[defaults]
kind = "project"

[spellings.rag]
"G" = "green"
"Amber/Red" = "amber"
"Amber/Green" = "amber"
"R" = "red"

[spellings.stage]
"Build" = "in delivery"

[spellings.whole_life_cost]
"n/k" = "not known"

[spellings.category]
"ICT" = "Information and Communications Technology (ICT)"
"""
RETURN = [
    ["Ref", "Name", "Area", "Phase", "DCA", "Cost"],
    ["P-1", "Alpha", "Information and Communications Technology (ICT)", "Build", "G", "12"],
    ["P-2", "Beta", "ICT", "Build", "Amber/Red", "n/k"],
    ["P-3", "Gamma", "Digital", "in delivery", "R", "3.5"],
]


def _returned(run: Cli, path: Path) -> str:
    result = run("returns", "import", str(path), "--mapping", "office.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def test_the_export_writes_each_value_the_mapping_spells_one_way_in_its_spelling(
    run: Cli,
) -> None:
    Path("office.toml").write_text(MAPPING, encoding="utf-8")
    with Path("return.csv").open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(RETURN)
    _returned(run, Path("return.csv").resolve())
    out = Path("back.csv").resolve()

    exported = run("portfolio", "export", "--out", str(out), "--mapping", "office.toml")

    assert exported.exit_code == 0, exported.output
    with out.open(encoding="utf-8-sig", newline="") as file:
        rows = {row["Ref"]: row for row in csv.DictReader(file)}
    assert [rows[k]["DCA"] for k in ("P-1", "P-2", "P-3")] == ["G", "amber", "R"]
    assert {row["Phase"] for row in rows.values()} == {"Build"}
    assert rows["P-2"]["Cost"] == "n/k"
    assert rows["P-1"]["Cost"] == "12"
    ict = "Information and Communications Technology (ICT)"
    assert rows["P-1"]["Area"] == rows["P-2"]["Area"] == ict  # as held, not the old name
    events = run.events()
    assert "3 unchanged" in _returned(run, out)
    assert run.events() == events


def test_a_rating_spelt_only_as_a_finer_scales_rating_is_written_in_the_ledgers_word(
    run: Cli,
) -> None:
    # A council's mapping spells the five-point DCA onto three ratings ("Amber/Red" = "red",
    # "Green/Amber" = "amber") and reads Red, Amber and Green as themselves. Its pre-filled
    # return wrote every red item 'Amber/Red' and every amber one 'Green/Amber': a scheme
    # its manager reported Red came back to them as Amber/Red.
    mapping = MAPPING.replace(
        '"G" = "green"\n"Amber/Red" = "amber"\n"Amber/Green" = "amber"\n"R" = "red"\n',
        '"Amber/Red" = "red"\n"Green/Amber" = "amber"\n"G" = "green"\n',
    )
    assert "Green/Amber" in mapping
    Path("office.toml").write_text(mapping, encoding="utf-8")
    with Path("return.csv").open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([RETURN[0], ["P-1", "Alpha", "Digital", "Build", "Red", "1"],
                                    ["P-2", "Beta", "Digital", "Build", "Amber", "2"],
                                    ["P-3", "Gamma", "Digital", "Build", "G", "3"]])  # fmt: skip
    _returned(run, Path("return.csv").resolve())
    out = Path("back.csv").resolve()

    exported = run("portfolio", "export", "--out", str(out), "--mapping", "office.toml")

    assert exported.exit_code == 0, exported.output
    with out.open(encoding="utf-8-sig", newline="") as file:
        rows = {row["Ref"]: row for row in csv.DictReader(file)}
    assert [rows[k]["DCA"] for k in ("P-1", "P-2", "P-3")] == ["red", "amber", "G"]
    events = run.events()
    assert "3 unchanged" in _returned(run, out)
    assert run.events() == events
