"""GMPP returns imported twice, changed, and out of order: the ledger says what it did.

A subset of the real file (a few projects of both years, one of each year
only) keeps it fast; the full file's figures are checked in
``test_returns_gmpp.py``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.behaviour.test_returns_gmpp import AS_AT, ROWS, as_json, gmpp_import, wlc
from tests.conftest import Cli

BOTH = ["CO_0438_2425-Q3", "CO_0027_2021-Q4", "CO_0176_2223-Q3"]
FIRST_ONLY = "CO_0133_2223-Q1"  # in 2024-25, not in 2025-26
SECOND_ONLY = "DBT_0295_2526-Q2"  # joins in 2025-26


def subset(path: Path, change: dict[str, str] | None = None) -> Path:
    """The rows of a few projects, both years, as the published file holds them."""
    keep = {*BOTH, FIRST_ONLY, SECOND_ONLY}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(ROWS[0]))
        writer.writeheader()
        for row in ROWS:
            if row["gmpp_id"] in keep:
                second = row["report_year"] == "2025-26"
                edited = change if second and change and row["gmpp_id"] == BOTH[2] else {}
                writer.writerow(row | edited)
    return path


def test_an_earlier_return_after_a_later_one_is_refused_saying_how_to_bring_it_in(
    run: Cli, tmp_path: Path
) -> None:
    data = subset(tmp_path / "gmpp.csv")
    later = gmpp_import(run, "2025-26", file=data)
    assert later.exit_code == 0, later.output
    events = run.events()

    earlier = gmpp_import(run, "2024-25", file=data)

    assert earlier.exit_code == 1
    for key in BOTH:
        assert (
            f"{key} joined the ledger with effect from 2025-09-30, after this return's date "
            "(2024-09-30), so the ledger cannot say what it was then" in earlier.output
        )
    assert "import them all in date order into a new ledger (--db NEW.db)" in earlier.output
    assert "nothing from the return was written" in earlier.output
    assert run.events() == events
    # The advice works: in a new ledger, in date order, both are recorded.
    fresh = Cli(f"sqlite:///{tmp_path / 'new.db'}")
    for name in AS_AT:
        done = gmpp_import(fresh, name, "--missing", "leave", file=data)
        assert done.exit_code == 0, done.output
    items = {i["key"]: i for i in as_json(fresh, "portfolio", "--effective-on", AS_AT["2025-26"])}
    assert items[FIRST_ONLY]["stage"] == "left"
    assert {k for k, i in items.items() if i["stage"] == "in delivery"} == {*BOTH, SECOND_ONLY}


def test_a_return_again_and_with_one_row_changed_records_only_that_row(
    run: Cli, tmp_path: Path
) -> None:
    data = subset(tmp_path / "gmpp.csv")
    changed = subset(tmp_path / "gmpp-resent.csv", {"whole_life_cost_gbp_m": "25.00",
                                                     "delivery_confidence": "RED"})  # fmt: skip
    for name in AS_AT:
        assert gmpp_import(run, name, "--missing", "leave", file=data).exit_code == 0
    events = run.events()

    again = gmpp_import(run, "2025-26", "--missing", "leave", file=data)
    resent = gmpp_import(run, "2025-26", "--missing", "leave", "--json", file=changed)

    assert "Already imported" in again.output
    assert resent.exit_code == 0, resent.output
    found = json.loads(resent.stdout)
    assert [row["key"] for row in found["changed"]] == [BOTH[2]]
    assert (found["new"], found["missing"], found["recorded"]) == ([], [], 1)
    assert run.events() == events + 1
    item = as_json(run, "item", "show", BOTH[2])
    assert (item["rag"], item["whole_life_cost"]["amount"]) == ("red", "25000000.00")
    others = {i["key"]: i for i in as_json(run, "portfolio", "--stage", "pipeline")}
    second = {r["gmpp_id"]: r for r in ROWS if r["report_year"] == "2025-26"}
    for key in (BOTH[0], BOTH[1], SECOND_ONLY):
        cost = wlc(second[key])
        shown = others[key]["whole_life_cost"] or others[key]["whole_life_cost_status"]
        assert shown == (cost if cost == "withheld" else f"{cost:.2f}")


def test_a_dry_run_of_a_return_imported_already_says_what_the_import_would(
    run: Cli, tmp_path: Path
) -> None:
    """Not '5 unchanged': the import itself would write nothing, saying where it was recorded."""
    data = subset(tmp_path / "gmpp.csv")
    first = gmpp_import(run, "2024-25", file=data)
    assert first.exit_code == 0, first.output
    events = run.events()

    dry = gmpp_import(run, "2024-25", "--dry-run", file=data)
    dry_json = gmpp_import(run, "2024-25", "--dry-run", "--json", file=data)
    again = gmpp_import(run, "2024-25", file=data)

    assert dry.exit_code == 0, dry.output
    said = " ".join(dry.output.split())
    assert f"ending at ledger position {events}; importing it again would write " in said
    assert "unchanged" not in said
    assert json.loads(dry_json.stdout)["already_recorded_at"] == events
    assert "Already imported" in again.output
    assert f"ending at ledger position {events}; nothing new was written" in again.output
    assert run.events() == events
