"""A board pack flags an open item that depends on one paused, deferred, closed or out: R8.

Dependencies were shown on their item alone (``item show``): a board reading
its pack was not told that an item it funds waits on one it has rejected or
paused. Now each such dependency is an exception, with a recommendation for
the owner of the item that depends, whether or not the item depended on is
among the items the pack covers, as the items stood at the pack's date.
"""

from __future__ import annotations

import json
from typing import Any

from tests.behaviour.test_portfolio_open import ok, propose
from tests.conftest import Cli

RULE = "R8 dependency-at-risk"
DETAIL = "depends on PRJ-B (Data platform), which is rejected (owner Dana)"
ADVICE = (
    f"PRJ-A: {DETAIL}; recommend the owner, Dana, assess the impact and bring the board a "
    "new plan, or remove the dependency."
)


def depends(run: Cli, key: str, on: str, what: str) -> None:
    ok(run, "item", "declare-dependency", key, "--on", on, "--what", what, "-m", "Plan",
       "--effective-date", "2026-03-02")  # fmt: skip


def with_dependencies(run: Cli) -> None:
    """PRJ-A (CORP) depends on PRJ-B (DFE, rejected 2026-04-01) and PRJ-C (open);
    PRJ-D, itself rejected, on PRJ-B too."""
    for key, organisation in (("PRJ-A", "CORP"), ("PRJ-B", "DFE"), ("PRJ-C", "CORP")):
        propose(run, key, organisation)
    propose(run, "PRJ-D", "CORP")
    depends(run, "PRJ-A", "PRJ-B", "Data platform")
    depends(run, "PRJ-A", "PRJ-C", "Network")
    depends(run, "PRJ-D", "PRJ-B", "Data platform")
    for key in ("PRJ-B", "PRJ-D"):
        ok(run, "item", "reject", key, "--authority", "IC", "-m", "No case",
           "--effective-date", "2026-04-01")  # fmt: skip


def found(run: Cli, *args: str, as_at: str = "2026-06-30") -> list[tuple[str, str]]:
    result = run("report", "board-pack", "--as-at", as_at, "--since", "2026-03-01", "--json",
                 *args)  # fmt: skip
    assert result.exit_code == 0, result.output
    content: dict[str, Any] = json.loads(result.stdout)
    assert any(rule.startswith(f"{RULE}: ") for rule in content["rules"])
    advice = {r["key"]: r["text"] for r in content["recommendations"] if r["rule"] == RULE}
    exceptions = [(e["key"], e["detail"]) for e in content["exceptions"] if e["rule"] == RULE]
    assert set(advice) == {key for key, _ in exceptions}
    if advice:
        assert advice["PRJ-A"] == ADVICE
    return exceptions


def test_an_open_item_depending_on_a_rejected_one_is_an_exception(run: Cli) -> None:
    with_dependencies(run)

    assert found(run) == [("PRJ-A", DETAIL)]  # not PRJ-C (open), not PRJ-D (itself closed)


def test_the_item_depended_on_counts_though_the_pack_covers_other_items(run: Cli) -> None:
    with_dependencies(run)

    assert found(run, "--organisation", "CORP") == [("PRJ-A", DETAIL)]  # PRJ-B is DFE's


def test_none_before_the_rejection_nor_once_the_dependency_is_removed(run: Cli) -> None:
    with_dependencies(run)

    assert found(run, as_at="2026-03-15") == []
    ok(run, "item", "remove-dependency", "PRJ-A", "--on", "PRJ-B", "-m", "Re-planned",
       "--effective-date", "2026-05-01")  # fmt: skip
    assert found(run) == []
