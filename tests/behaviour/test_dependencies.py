"""Dependencies between items: declared (on another item, and on what of it), then removed.

DOMAIN.md's control vocabulary has "dependency declared / removed": a board
weighing a pause or a cancellation needs to see which items depend on it, and
the ledger had no way to record one.
"""

from __future__ import annotations

import json

from tests.conftest import Cli


def _two_items(run: Cli) -> None:
    for key in ("PRJ-1", "PGM-2"):
        proposed = run("item", "propose", key, "--kind", "project", "--title", key, "--owner",
                       "Dana", "--sponsor", "CFO", "--category", "C", "-m", "Needed",
                       "--effective-date", "2026-03-01")  # fmt: skip
        assert proposed.exit_code == 0, proposed.output


def test_a_dependency_is_declared_shown_and_removed(run: Cli) -> None:
    _two_items(run)

    declared = run("item", "declare-dependency", "PRJ-1", "--on", "pgm-2", "--what",
                   "Landing zone ready", "-m", "Runs on the platform",
                   "--effective-date", "2026-03-02")  # fmt: skip

    assert declared.exit_code == 0, declared.output
    assert "depends on PGM-2: Landing zone ready" in declared.output
    assert "Depends on          PGM-2 (Landing zone ready)" in run("item", "show", "PRJ-1").output
    removed = run("item", "remove-dependency", "PRJ-1", "--on", "PGM-2", "-m", "Delivered",
                  "--effective-date", "2026-04-01")  # fmt: skip
    assert removed.exit_code == 0, removed.output
    assert json.loads(run("item", "show", "PRJ-1", "--json").output)["dependencies"] == {}
    then = run("item", "show", "PRJ-1", "--effective-on", "2026-03-15", "--json")
    assert json.loads(then.output)["dependencies"] == {"PGM-2": "Landing zone ready"}


def test_a_dependency_names_another_item_in_the_ledger_once(run: Cli) -> None:
    _two_items(run)
    first = run("item", "declare-dependency", "PRJ-1", "--on", "PGM-2", "--what", "Platform",
                "-m", "x")  # fmt: skip
    assert first.exit_code == 0, first.output
    before = run.events()

    again = run("item", "declare-dependency", "PRJ-1", "--on", "PGM-2", "--what", "More", "-m", "x")
    itself = run("item", "declare-dependency", "PRJ-1", "--on", "PRJ-1", "--what", "x", "-m", "x")
    unknown = run("item", "declare-dependency", "PRJ-1", "--on", "PRJ-9", "--what", "x", "-m", "x")
    undeclared = run("item", "remove-dependency", "PGM-2", "--on", "PRJ-1", "-m", "x")

    assert again.exit_code == 1, again.output
    assert "PRJ-1 depends on PGM-2 already (declared: Platform)" in again.output
    assert itself.exit_code == 1, itself.output
    assert (
        "PRJ-1 cannot depend on itself; name another item in the ledger with --on" in itself.output
    )
    assert unknown.exit_code == 1, unknown.output
    assert "no item PRJ-9 in this ledger" in unknown.output
    assert undeclared.exit_code == 1, undeclared.output
    assert "PGM-2 does not depend on PRJ-1" in undeclared.output
    # and what to do: it named the rule alone
    assert (
        "(its dependencies then: none); name an item it depends on then with --on, or a day it "
        "depended on PRJ-1 with --effective-date ('portfolio-ledger item history PGM-2' shows "
        "when)"
    ) in " ".join(undeclared.output.split())
    assert run.events() == before


def test_a_dependency_takes_effect_only_once_the_other_item_is_in_the_ledger(run: Cli) -> None:
    _two_items(run)
    later = run("item", "propose", "PRJ-3", "--kind", "project", "--title", "Later", "--owner",
                "Dana", "--sponsor", "CFO", "--category", "C", "-m", "Needed",
                "--effective-date", "2026-05-01")  # fmt: skip
    assert later.exit_code == 0, later.output
    before = run.events()

    early = run("item", "declare-dependency", "PRJ-1", "--on", "PRJ-3", "--what", "Platform",
                "-m", "Runs on it", "--effective-date", "2026-04-01")  # fmt: skip

    assert early.exit_code == 1, early.output
    assert (
        "PRJ-1 cannot depend on PRJ-3 with effect from 2026-04-01: PRJ-3 was not in the ledger yet"
    ) in early.output
    assert run.events() == before


def test_a_correction_moves_no_dependency_before_the_other_item_joined(run: Cli) -> None:
    _two_items(run)
    later = run("item", "propose", "PRJ-3", "--kind", "project", "--title", "Later", "--owner",
                "Dana", "--sponsor", "CFO", "--category", "C", "-m", "Needed",
                "--effective-date", "2026-05-01")  # fmt: skip
    declared = run("item", "declare-dependency", "PRJ-1", "--on", "PRJ-3", "--what", "Platform",
                   "-m", "Runs on it", "--effective-date", "2026-05-02", "--json")  # fmt: skip
    assert later.exit_code == declared.exit_code == 0, later.output + declared.output
    position = json.loads(declared.output)["position"]
    before = run.events()

    early = run("decision", "correct", str(position), "--set", "effective_date=2026-04-01",
                "--authority", "PMO procedure", "-m", "Typed the wrong day")  # fmt: skip

    assert early.exit_code == 1, early.output
    assert (
        "PRJ-1 cannot depend on PRJ-3 with effect from 2026-04-01: PRJ-3 was not in the ledger "
        "yet; give the day the dependency took effect (--set effective_date=DAY)"
    ) in early.output
    assert run.events() == before
    still = run("item", "show", "PRJ-1", "--effective-on", "2026-04-15", "--json")
    assert json.loads(still.output)["dependencies"] == {}
    later_day = run("decision", "correct", str(position), "--set", "effective_date=2026-05-01",
                    "--authority", "PMO procedure", "-m", "The day it was agreed")  # fmt: skip
    assert later_day.exit_code == 0, later_day.output


def test_an_item_depended_on_is_not_moved_to_join_after_the_dependency(run: Cli) -> None:
    _two_items(run)
    proposed = run("item", "propose", "PRJ-3", "--kind", "project", "--title", "Later",
                   "--owner", "Dana", "--sponsor", "CFO", "--category", "C", "-m", "Needed",
                   "--effective-date", "2026-03-01", "--json")  # fmt: skip
    declared = run("item", "declare-dependency", "PRJ-1", "--on", "PRJ-3", "--what", "Platform",
                   "-m", "Runs on it", "--effective-date", "2026-03-10")  # fmt: skip
    assert proposed.exit_code == declared.exit_code == 0, proposed.output + declared.output
    position = json.loads(proposed.output)["position"]
    before = run.events()

    later = run("decision", "correct", str(position), "--set", "effective_date=2026-04-01",
                "--authority", "PMO procedure", "-m", "Proposed later than typed")  # fmt: skip

    assert later.exit_code == 1, later.output
    assert (
        "item PRJ-3 would take effect from 2026-04-01, after 'dependency declared' on PRJ-1 "
        "(depends on PRJ-3: Platform, effective 2026-03-10) named it: an item is named only"
    ) in " ".join(later.output.split())
    assert run.events() == before
    earlier = run("decision", "correct", str(position), "--set", "effective_date=2026-03-10",
                  "--authority", "PMO procedure", "-m", "Proposed on the day")  # fmt: skip
    assert earlier.exit_code == 0, earlier.output
