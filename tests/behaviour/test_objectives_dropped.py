"""An item's objectives amended to none: ``item amend KEY --no-objectives``, or ``[]`` imported.

``item amend`` gives all of an item's objectives with one ``--objective`` each;
given none, it left them as they were, so an item that stopped serving its last
objective could not be recorded so from the command line (an import line's
``"objectives": []`` could). ``--no-objectives`` drops them all, refused beside
``--objective``; the item is then in economics' *no objective* row, and the
trail, history, show and diff say so alike.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Cli

DAY, DROPPED_ON = "2026-01-05", "2026-02-01"
BEFORE, AFTER = "2026-01-20", "2026-03-01"


def onboarded(run: Cli, *objectives: str) -> None:
    """D-1 onboarded on DAY serving ``objectives``, with a budget (position 1)."""
    given = [arg for name in objectives for arg in ("--objective", name)]
    result = run("item", "onboard", "D-1", "--title", "Item D-1", "--category", "Digital",
                 "--budget", "100", *given, "--authority", "PMO", "-m", "baseline",
                 "--effective-date", DAY)  # fmt: skip
    assert result.exit_code == 0, result.output


def as_json(run: Cli, *args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_no_objectives_drops_every_one_and_each_view_says_so(run: Cli) -> None:
    onboarded(run, "Net zero", "Digital")

    result = run("item", "amend", "D-1", "--no-objectives", "-m", "dropped by the board",
                 "--effective-date", DROPPED_ON)  # fmt: skip

    assert result.exit_code == 0, result.output
    said = "objectives Net zero, Digital -> no objectives"
    assert said in result.output
    assert as_json(run, "item", "show", "D-1")["objectives"] == []
    assert [row["summary"] for row in as_json(run, "item", "history", "D-1")][-1] == said
    assert [row["summary"] for row in as_json(run, "audit", "trail", "--item", "D-1")][-1] == said
    diff = as_json(run, "portfolio", "diff", "--effective", BEFORE, AFTER)
    assert [(c["change"], c["before"], c["after"]) for c in diff] == [
        ("objectives", "Net zero, Digital", None)
    ]
    for moment, rows in {
        (): {None: 1},
        ("--effective-on", BEFORE): {"Net zero": 1, "Digital": 1},
        ("--effective-on", AFTER): {None: 1},
    }.items():
        totals = as_json(run, "economics", "--by", "objective", *moment)["totals"]
        assert {row["value"]: row["items"] for row in totals} == rows, moment


def test_no_objectives_beside_an_objective_is_refused_and_writes_nothing(run: Cli) -> None:
    onboarded(run, "Net zero")
    events = run.events()

    result = run("item", "amend", "D-1", "--no-objectives", "--objective", "Digital",
                 "-m", "which?")  # fmt: skip

    assert result.exit_code == 2, result.output
    assert "--objective NAME (each of them), or --no-objectives for none, not both" in (
        result.output
    )
    assert "Traceback" not in result.output
    assert run.events() == events
    assert as_json(run, "item", "show", "D-1")["objectives"] == ["Net zero"]


def test_no_objectives_on_an_item_serving_none_changes_nothing(run: Cli) -> None:
    onboarded(run)
    events = run.events()

    result = run("item", "amend", "D-1", "--no-objectives", "-m", "none")

    assert result.exit_code == 1, result.output
    assert "the objectives of D-1 are already as given; nothing to change" in result.output
    assert run.events() == events


def test_an_import_line_with_no_objectives_records_what_the_option_does(
    run: Cli, tmp_path: Path
) -> None:
    onboarded(run, "Net zero")
    lines: list[dict[str, Any]] = [
        {"command": "item amend", "key": "D-1", "title": "Renamed", "objectives": None},
        {"command": "item amend", "key": "D-1", "objectives": []},
    ]
    path = tmp_path / "amend.jsonl"
    path.write_text(
        "".join(json.dumps(line | {"rationale": "from the register"}) + "\n" for line in lines)
    )

    result = run("import", str(path))

    assert result.exit_code == 0, result.output
    summaries = [row["summary"] for row in as_json(run, "audit", "trail", "--item", "D-1")]
    # null leaves the objectives as they are; [] drops them, as --no-objectives does.
    assert summaries[1:] == ["title Item D-1 -> Renamed", "objectives Net zero -> no objectives"]
    assert as_json(run, "item", "show", "D-1")["objectives"] == []


def test_an_onboarding_s_objectives_are_corrected_to_none_with_an_empty_value(run: Cli) -> None:
    onboarded(run, "Net zero")

    result = run("decision", "correct", "1", "--set", "objectives=", "--authority", "PMO",
                 "-m", "the baseline named none")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "objectives Net zero -> no objectives" in result.output
    assert as_json(run, "item", "show", "D-1")["objectives"] == []
    totals = as_json(run, "economics", "--by", "objective")["totals"]
    assert {row["value"]: row["items"] for row in totals} == {None: 1}
