"""An item another was merged into is not moved to join after the merger.

``item leave --merged-into`` refuses a merger into an item not yet in the
ledger; correcting the day the item merged into was proposed (or onboarded)
to after the merger left a merger into an item that did not exist yet, as
h4 found. Refused now, exit 1, nothing written, as a dependency on it is
(``test_dependencies.py``) and a person's registration moved after a board
appointed them.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli


def _proposed(run: Cli, key: str) -> int:
    proposed = run("item", "propose", key, "--kind", "project", "--title", key, "--owner",
                   "Dana", "--sponsor", "CFO", "--category", "C", "-m", "Needed",
                   "--effective-date", "2026-03-01", "--json")  # fmt: skip
    assert proposed.exit_code == 0, proposed.output
    position: int = json.loads(proposed.output)["position"]
    return position


def test_an_item_merged_into_is_not_moved_to_join_after_the_merger(run: Cli) -> None:
    _proposed(run, "PRJ-1")
    position = _proposed(run, "PRJ-3")
    merged = run("item", "leave", "PRJ-1", "--reason", "merged", "--merged-into", "PRJ-3",
                 "--authority", "IC minute 4", "-m", "Merged",
                 "--effective-date", "2026-03-10")  # fmt: skip
    assert merged.exit_code == 0, merged.output
    before = run.events()

    later = run("decision", "correct", str(position), "--set", "effective_date=2026-04-01",
                "--authority", "PMO procedure", "-m", "Proposed later than typed")  # fmt: skip

    assert later.exit_code == 1, later.output
    assert (
        "item PRJ-3 would take effect from 2026-04-01, after 'left the portfolio' on PRJ-1 "
        "(left the portfolio (proposed): merged into another item PRJ-3, effective 2026-03-10)"
    ) in " ".join(later.output.split())
    assert run.events() == before
    earlier = run("decision", "correct", str(position), "--set", "effective_date=2026-03-10",
                  "--authority", "PMO procedure", "-m", "Proposed on the day")  # fmt: skip
    assert earlier.exit_code == 0, earlier.output


def test_an_item_is_not_merged_into_one_rejected_or_retired_by_then(run: Cli) -> None:
    _proposed(run, "PRJ-1")
    _proposed(run, "PRJ-2")
    rejected = run("item", "reject", "PRJ-2", "--authority", "IC minute 2", "-m", "No case",
                   "--effective-date", "2026-03-05")  # fmt: skip
    assert rejected.exit_code == 0, rejected.output
    before = run.events()

    merged = run("item", "leave", "PRJ-1", "--reason", "merged", "--merged-into", "PRJ-2",
                 "--authority", "IC minute 4", "-m", "Merged",
                 "--effective-date", "2026-03-10")  # fmt: skip

    assert merged.exit_code == 1, merged.output
    assert (
        "PRJ-1 cannot be merged into PRJ-2: PRJ-2 was rejected by 2026-03-10; an item is merged "
        "only into one in the pipeline or the catalogue, which carries the work on"
    ) in " ".join(merged.output.split())
    assert run.events() == before
    earlier = run("item", "leave", "PRJ-1", "--reason", "merged", "--merged-into", "PRJ-2",
                  "--authority", "IC minute 4", "-m", "Merged before PRJ-2 was rejected",
                  "--effective-date", "2026-03-04")  # fmt: skip
    assert earlier.exit_code == 0, earlier.output


def test_a_merger_corrected_or_imported_into_one_rejected_by_then_is_refused_as_made(
    run: Cli, tmp_path: Path
) -> None:
    """``decision correct`` and ``import`` hold a merger to the rule ``item leave`` does."""
    _proposed(run, "PRJ-1")
    _proposed(run, "PRJ-2")
    merged = run("item", "leave", "PRJ-1", "--reason", "merged", "--merged-into", "PRJ-2",
                 "--authority", "IC minute 4", "-m", "Merged", "--effective-date", "2026-03-04",
                 "--json")  # fmt: skip
    assert merged.exit_code == 0, merged.output
    rejected = run("item", "reject", "PRJ-2", "--authority", "IC minute 5", "-m", "No case",
                   "--effective-date", "2026-03-06")  # fmt: skip
    assert rejected.exit_code == 0, rejected.output
    before = run.events()

    position = str(json.loads(merged.output)["position"])
    later = run("decision", "correct", position, "--set", "effective_date=2026-03-08",
                "--authority", "PMO procedure", "-m", "Typed early")  # fmt: skip
    lines = tmp_path / "merger.jsonl"
    line = {"command": "item leave", "key": "PRJ-3", "reason": "merged", "merged_into": "PRJ-2"}
    line |= {"authority": "IC minute 6", "rationale": "Merged", "effective_date": "2026-03-10"}
    _proposed(run, "PRJ-3")
    lines.write_text(json.dumps(line) + "\n", encoding="utf-8")
    imported = run("import", str(lines))

    assert later.exit_code == 1, later.output
    assert (
        "corrected so, position 3 (left the portfolio) on PRJ-1 would itself be refused: PRJ-1 "
        "cannot be merged into PRJ-2: PRJ-2 was rejected by 2026-03-08"
    ) in " ".join(later.output.split())
    assert imported.exit_code == 1, imported.output
    assert (
        "line 1: PRJ-3 cannot be merged into PRJ-2: PRJ-2 was rejected by 2026-03-10"
    ) in " ".join(imported.output.split())
    assert run.events() == before + 1  # PRJ-3's proposal alone
