"""Dependencies given hostile shapes: on an item that has left, and an item depending on many.

A dependency newly declared on an item that had left the portfolio (merged into another,
completed) was recorded, and found only when the next board pack flagged it (R8): it is
refused, exit 1, naming the item it was merged into to depend on instead, on the command
line and in an import; one that took effect before the item left is still recorded, and is
not corrected to a day after it left ('decision correct' refuses it as declaring it then
would be). A removal refused on an item depending on hundreds named every one of them: it
names ten, and how many more. Nothing is written by a refusal; SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Cli

SAID = {"actor": "Sam Patel", "role": "PMO", "rationale": "Planned"}


def _imported(run: Cli, tmp_path: Path, lines: list[dict[str, Any]]) -> Any:
    path = tmp_path / "lines.jsonl"
    path.write_text("".join(json.dumps({**SAID, **line}) + "\n" for line in lines), "utf-8")
    return run("import", str(path))


def _proposed(key: str) -> dict[str, Any]:
    return {"command": "item propose", "key": key, "kind": "project", "title": f"Item {key}",
            "owner": "Dana", "sponsor": "CFO", "category": "Data",
            "effective_date": "2026-03-02"}  # fmt: skip


def _left(run: Cli, tmp_path: Path) -> None:
    """PRJ-A and PRJ-B; PRJ-OLD merged into PRJ-B, PRJ-DONE completed, both on 2026-04-01."""
    lines = [_proposed(key) for key in ("PRJ-A", "PRJ-B", "PRJ-OLD", "PRJ-DONE")]
    lines += [
        {"command": "leave", "key": "PRJ-OLD", "reason": "merged", "merged_into": "PRJ-B",
         "authority": "IC", "effective_date": "2026-04-01"},
        {"command": "leave", "key": "PRJ-DONE", "reason": "completed", "authority": "IC",
         "effective_date": "2026-04-01"},
    ]  # fmt: skip
    result = _imported(run, tmp_path, lines)
    assert result.exit_code == 0, result.output


def test_a_dependency_on_an_item_merged_away_is_refused_naming_what_it_became(
    run: Cli, tmp_path: Path
) -> None:
    _left(run, tmp_path)
    before = run.events()

    merged = run("item", "declare-dependency", "PRJ-A", "--on", "prj-old", "--what", "Feeds",
                 "-m", "Planned", "--effective-date", "2026-05-01")  # fmt: skip
    completed = run("item", "declare-dependency", "PRJ-A", "--on", "PRJ-DONE", "--what",
                    "Feeds", "-m", "Planned", "--effective-date", "2026-05-01")  # fmt: skip

    said = " ".join(merged.output.split())
    assert merged.exit_code == 1, said
    assert (
        "PRJ-A cannot depend on PRJ-OLD with effect from 2026-05-01: PRJ-OLD left the "
        "portfolio on 2026-04-01 (merged into PRJ-B); to depend on what it became, name PRJ-B "
        "with --on, or, if the dependency took effect before PRJ-OLD left, give that day with "
        "--effective-date"
    ) in said
    assert completed.exit_code == 1, completed.output
    assert "PRJ-DONE left the portfolio on 2026-04-01 (completed)" in completed.output
    assert "Traceback" not in said + completed.output
    assert run.events() == before


def test_a_dependency_declared_before_the_item_left_is_recorded(run: Cli, tmp_path: Path) -> None:
    _left(run, tmp_path)

    result = run("item", "declare-dependency", "PRJ-A", "--on", "PRJ-OLD", "--what", "Feeds",
                 "-m", "Minuted late", "--effective-date", "2026-03-15")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "depends on PRJ-OLD: Feeds" in result.output


def test_an_import_line_depending_on_an_item_merged_away_is_refused_naming_its_fields(
    run: Cli, tmp_path: Path
) -> None:
    _left(run, tmp_path)
    before = run.events()

    result = _imported(run, tmp_path, [
        {"command": "declare-dependency", "key": "PRJ-A", "on": "PRJ-OLD", "what": "Feeds",
         "effective_date": "2026-05-01"},
    ])  # fmt: skip

    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    assert "line 1: PRJ-A cannot depend on PRJ-OLD with effect from 2026-05-01" in said
    assert 'name PRJ-B with "on"' in said
    assert 'give that day with "effective_date"' in said
    assert run.events() == before


def test_a_removal_refused_names_ten_of_hundreds_of_dependencies_and_how_many_more(
    run: Cli, tmp_path: Path
) -> None:
    keys = [f"DEP-{number:03d}" for number in range(300)]
    lines = [_proposed(key) for key in ["HUB", "PRJ-X", *keys]]
    lines += [{"command": "declare-dependency", "key": "HUB", "on": key, "what": "Part",
               "effective_date": "2026-03-03"} for key in keys]  # fmt: skip
    assert _imported(run, tmp_path, lines).exit_code == 0
    before = run.events()

    result = run("item", "remove-dependency", "HUB", "--on", "PRJ-X", "-m", "Re-planned",
                 "--effective-date", "2026-03-04")  # fmt: skip

    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    assert (
        "HUB does not depend on PRJ-X on 2026-03-04 (its dependencies then: DEP-000, DEP-001, "
        "DEP-002, DEP-003, DEP-004, DEP-005, DEP-006, DEP-007, DEP-008, DEP-009 and 290 more; "
        "see them all with 'portfolio-ledger item show HUB --effective-on 2026-03-04')"
    ) in said
    assert "DEP-010" not in said
    assert run.events() == before


def test_a_dependency_corrected_to_take_effect_after_the_item_left_is_refused(
    run: Cli, tmp_path: Path
) -> None:
    """``decision correct`` moving a declaration's day holds it to the rule it was declared under.

    Declared on PRJ-OLD before it was merged away, then corrected to a day after: the ledger
    held a dependency on an item gone by its effective date, which declaring it then refuses.
    """
    _left(run, tmp_path)
    declared = run("item", "declare-dependency", "PRJ-A", "--on", "PRJ-OLD", "--what", "Feeds",
                   "-m", "Minuted late", "--effective-date", "2026-03-15", "--json")  # fmt: skip
    assert declared.exit_code == 0, declared.output
    position = str(json.loads(declared.output)["position"])
    before = run.events()

    later = run("decision", "correct", position, "--set", "effective_date=2026-05-01",
                "--authority", "PMO procedure", "-m", "Typed early")  # fmt: skip
    on_the_day = run("decision", "correct", position, "--set", "effective_date=2026-04-01",
                     "--authority", "PMO procedure", "-m", "Typed early")  # fmt: skip

    said = " ".join(later.output.split())
    assert later.exit_code == 1, said
    assert (
        f"corrected so, position {position} (dependency declared) on PRJ-A would itself be "
        "refused: PRJ-A cannot depend on PRJ-OLD with effect from 2026-05-01: PRJ-OLD left the "
        "portfolio on 2026-04-01 (merged into PRJ-B)"
    ) in said
    assert "give that day with --set effective_date=DAY" in said
    assert on_the_day.exit_code == 1, on_the_day.output
    assert "Traceback" not in said + on_the_day.output
    assert run.events() == before
    earlier = run("decision", "correct", position, "--set", "effective_date=2026-03-31",
                  "--authority", "PMO procedure", "-m", "Minuted the day before")  # fmt: skip
    assert earlier.exit_code == 0, earlier.output
