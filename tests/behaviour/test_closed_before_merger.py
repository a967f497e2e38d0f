"""An item another was merged into is not closed on or before the day of the merger.

``item leave --merged-into`` refuses a merger into an item rejected, cancelled,
retired or gone by the merger's day (``test_merged_into_moved.py``). Recorded the
other way round, the merger first and then the item merged into closed (or its
closing corrected) to a day on or before it, both stood: an item merged into one
already gone. Refused now, exit 1, nothing written, naming the merger, its day
and the fix, by a decision, a correction, or an import's lines.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.application import mergers
from tests.conftest import Cli

MERGED = {"command": "item leave", "key": "PRJ-1", "reason": "merged", "merged_into": "PRJ-2"}
MERGED |= {"authority": "IC minute 4", "rationale": "Merged", "effective_date": "2026-03-01"}
REJECTED = {"command": "item reject", "key": "PRJ-2", "authority": "IC minute 5"}
REJECTED |= {"rationale": "No case", "effective_date": "2026-02-01"}
SAID = (
    "PRJ-1 was merged into PRJ-2 with effect from 2026-03-01, and PRJ-2 would be rejected by "
    "then; an item is merged only into one in the pipeline or the catalogue, which carries the "
    "work on, so close PRJ-2 after 2026-03-01"
)
FIX = "or correct PRJ-1's merger first"


def _proposed(run: Cli, *keys: str) -> None:
    for key in keys:
        proposed = run("item", "propose", key, "--kind", "project", "--title", key, "--owner",
                       "Dana", "--sponsor", "CFO", "--category", "C", "-m", "Needed",
                       "--effective-date", "2026-01-05")  # fmt: skip
        assert proposed.exit_code == 0, proposed.output


def _merged(run: Cli, key: str = "PRJ-1", into: str = "PRJ-2") -> int:
    merged = run("item", "leave", key, "--reason", "merged", "--merged-into", into,
                 "--authority", "IC minute 4", "-m", "Merged", "--effective-date", "2026-03-01",
                 "--json")  # fmt: skip
    assert merged.exit_code == 0, merged.output
    position: int = json.loads(merged.output)["position"]
    return position


def _said(output: str) -> str:
    return " ".join(output.split())


def _imported(run: Cli, tmp_path: Path, *lines: dict[str, Any]) -> Any:
    file = tmp_path / "lines.jsonl"
    file.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return run("import", str(file))


def test_an_item_is_not_closed_on_or_before_the_day_another_was_merged_into_it(
    run: Cli,
) -> None:
    _proposed(run, "PRJ-1", "PRJ-2", "PRJ-3")
    _merged(run)
    before = run.events()

    rejected = run("item", "reject", "PRJ-2", "--authority", "IC minute 5", "-m", "No case",
                   "--effective-date", "2026-02-01")  # fmt: skip
    on_the_day = run("item", "reject", "PRJ-2", "--authority", "IC minute 5", "-m", "No case",
                     "--effective-date", "2026-03-01")  # fmt: skip
    left = run("item", "leave", "PRJ-2", "--reason", "merged", "--merged-into", "PRJ-3",
               "--authority", "IC minute 5", "-m", "Merged on", "--effective-date",
               "2026-02-15")  # fmt: skip

    assert rejected.exit_code == 1, rejected.output
    said = _said(rejected.output)
    assert f"PRJ-2 cannot be rejected with effect from 2026-02-01: {SAID}" in said
    assert FIX in said
    assert on_the_day.exit_code == 1, on_the_day.output
    assert f"PRJ-2 cannot be rejected with effect from 2026-03-01: {SAID}" in _said(
        on_the_day.output
    )
    assert left.exit_code == 1, left.output
    assert (
        "PRJ-2 cannot leave the portfolio with effect from 2026-02-15: PRJ-1 was merged into "
        "PRJ-2 with effect from 2026-03-01, and PRJ-2 would have left the portfolio (merged "
        "into PRJ-3) by then"
    ) in _said(left.output)
    assert run.events() == before
    later = run("item", "reject", "PRJ-2", "--authority", "IC minute 5", "-m", "No case",
                "--effective-date", "2026-03-02")  # fmt: skip
    assert later.exit_code == 0, later.output


def test_a_closing_corrected_to_a_day_before_a_merger_into_it_is_refused(
    run: Cli, tmp_path: Path
) -> None:
    _proposed(run, "PRJ-1", "PRJ-2")
    _merged(run)
    rejected = run("item", "reject", "PRJ-2", "--authority", "IC minute 5", "-m", "No case",
                   "--effective-date", "2026-03-05", "--json")  # fmt: skip
    assert rejected.exit_code == 0, rejected.output
    position = json.loads(rejected.output)["position"]
    before = run.events()

    earlier = run("decision", "correct", str(position), "--set", "effective_date=2026-02-01",
                  "--authority", "PMO procedure", "-m", "Typed late")  # fmt: skip
    line = {"command": "decision correct", "position": position, "authority": "PMO procedure"}
    line |= {"rationale": "Typed late", "changes": {"effective_date": "2026-03-01"}}
    imported = _imported(run, tmp_path, line)

    assert earlier.exit_code == 1, earlier.output
    said = _said(earlier.output)
    assert f"corrected so, position {position} (rejected) on PRJ-2 would be refused: {SAID}" in (
        said
    )
    assert "(--set effective_date=DAY)" in said
    assert imported.exit_code == 1, imported.output
    assert "PRJ-2 would be rejected by then" in _said(imported.output)
    assert run.events() == before
    later = run("decision", "correct", str(position), "--set", "effective_date=2026-03-02",
                "--authority", "PMO procedure", "-m", "Typed late")  # fmt: skip
    assert later.exit_code == 0, later.output


def test_an_import_closing_an_item_merged_into_on_or_after_then_is_refused(
    run: Cli, tmp_path: Path
) -> None:
    """The merger stored before the import, or a line of it, before or after the closing."""
    _proposed(run, "PRJ-1", "PRJ-2", "PRJ-3", "PRJ-4")
    stored = _merged(run, "PRJ-4", into="PRJ-3")
    before = run.events()

    closing_stored = _imported(run, tmp_path, REJECTED | {"key": "PRJ-3"})
    merger_first = _imported(run, tmp_path, MERGED, REJECTED)
    correction_first = _imported(
        run, tmp_path,
        {"command": "decision correct", "position": stored, "authority": "PMO procedure",
         "rationale": "Merged into the other", "changes": {"merged_into": "PRJ-2"}},
        REJECTED,
    )  # fmt: skip
    closing_first = _imported(run, tmp_path, REJECTED, MERGED)

    assert closing_stored.exit_code == 1, closing_stored.output
    assert "PRJ-3 cannot be rejected with effect from 2026-02-01: PRJ-4 was merged into PRJ-3" in (
        _said(closing_stored.output)
    )
    assert merger_first.exit_code == 1, merger_first.output
    assert f"line 2: PRJ-2 cannot be rejected with effect from 2026-02-01: {SAID}" in _said(
        merger_first.output
    )
    assert correction_first.exit_code == 1, correction_first.output
    assert "line 2: PRJ-2 cannot be rejected with effect from 2026-02-01: PRJ-4 was merged" in (
        _said(correction_first.output)
    )
    assert closing_first.exit_code == 1, closing_first.output
    assert ("line 2: PRJ-1 cannot be merged into PRJ-2: PRJ-2 was rejected by 2026-03-01") in _said(
        closing_first.output
    )
    assert run.events() == before


def test_a_refused_lines_merger_is_not_held_against_the_lines_after_it(
    run: Cli, tmp_path: Path
) -> None:
    """An import reports every refused line; one refused for a merger it was not to make is not.

    Line 1's merger of PRJ-1 into PRJ-2 is refused (PRJ-3 was merged into PRJ-1 after
    it): PRJ-2 may then be rejected before that day, so line 2 is not refused for it.
    """
    _proposed(run, "PRJ-1", "PRJ-2", "PRJ-3")
    _merged(run, "PRJ-3", into="PRJ-1")  # with effect from 2026-03-01
    too_soon = MERGED | {"effective_date": "2026-02-01"}
    before = run.events()

    imported = _imported(run, tmp_path, too_soon, REJECTED | {"effective_date": "2026-01-20"})

    assert imported.exit_code == 1, imported.output
    said = _said(imported.output)
    assert "1 of 2 lines cannot be recorded" in said
    assert "line 1: PRJ-1 cannot leave the portfolio with effect from 2026-02-01" in said
    assert "PRJ-2 cannot be rejected" not in said
    assert run.events() == before


def test_a_closing_recorded_so_before_the_rule_may_still_be_corrected(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ledger recorded before the rule may hold an item closed before a merger into it.

    That is no reason to refuse a correction of its day that leaves it so (as a later
    decision failing a rule already is no reason to refuse one: events.md).
    """
    _proposed(run, "PRJ-1", "PRJ-2")
    _merged(run)
    with monkeypatch.context() as before_the_rule:
        before_the_rule.setattr(mergers, "check_open_for_mergers", lambda *_: None)
        rejected = run("item", "reject", "PRJ-2", "--authority", "IC minute 5", "-m",
                       "No case", "--effective-date", "2026-02-01", "--json")  # fmt: skip
    assert rejected.exit_code == 0, rejected.output
    position = str(json.loads(rejected.output)["position"])

    moved = run("decision", "correct", position, "--set", "effective_date=2026-02-10",
                "--authority", "PMO procedure", "-m", "Minuted on the tenth")  # fmt: skip

    assert moved.exit_code == 0, moved.output


def test_an_item_named_as_merged_into_itself_is_told_to_name_the_item_carrying_the_work_on(
    run: Cli, tmp_path: Path
) -> None:
    # It was told "PRJ-1 cannot be merged into itself", the rule without the fix.
    _proposed(run, "PRJ-1")
    before = run.events()

    typed = run("item", "leave", "PRJ-1", "--reason", "merged", "--merged-into", "prj-1",
                "--authority", "IC minute 4", "-m", "Merged")  # fmt: skip
    imported = _imported(run, tmp_path, MERGED | {"merged_into": "PRJ-1"})

    rule = "PRJ-1 cannot be merged into itself: an item is merged into another, which carries "
    assert typed.exit_code == 1, typed.output
    assert rule + "the work on; name that item with --merged-into" in _said(typed.output)
    assert imported.exit_code == 1, imported.output
    assert rule + 'the work on; name that item with "merged_into"' in _said(imported.output)
    assert run.events() == before
