"""A correction, annulment or late decision leaves every decision saying what it did.

On SQLite and PostgreSQL. A resumption's record names the stage the item
went back to (``resumed (in delivery)``); a decision put right before it that
left the item paused from another stage would have the item go back where its
record says it did not, and every view read from the record (the audit trail,
an export folded by docs/verification.md) disagree with `portfolio`.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.behaviour.test_governance import day, gov, propose
from tests.behaviour.test_record_keeping import PUT_RIGHT, approve, as_json
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

IC = ["--authority", "IC"]


def record(run: Cli, *args: str) -> int:
    """Record a decision; its ledger position."""
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return int(json.loads(result.output)["position"])


@pytest.fixture
def paused_and_resumed(gov: Cli) -> tuple[Cli, int]:
    """PRJ-042 approved (day 5), in delivery (day 8), paused (day 20), resumed (day 30)."""
    propose(gov, "PRJ-042")
    approve(gov, "PRJ-042", "1000000", day(5))
    started = record(
        gov, "item", "start-delivery", "PRJ-042", *IC, "-m", "Mobilised", "--effective-date", day(8)
    )
    for command, on in (("pause", 20), ("resume", 30)):
        record(gov, "item", command, "PRJ-042", *IC, "-m", command, "--effective-date", day(on))
    return gov, started


def summaries(run: Cli) -> list[Any]:
    return [row["summary"] for row in as_json(run, "audit", "trail", "--item", "PRJ-042")]


def test_annulling_the_start_of_delivery_under_a_resumption_to_delivery_is_refused(
    paused_and_resumed: tuple[Cli, int],
) -> None:
    # Before: recorded, and the item stood approved while its record said
    # "resumed (in delivery)": the trail and an export's fold said in delivery.
    run, started = paused_and_resumed
    events = run.events()

    refused = run("decision", "annul", str(started), *PUT_RIGHT, "-m", "Never mobilised")

    assert refused.exit_code == 1, refused.output
    assert "later decisions depend on it: 'resumed'" in refused.output
    assert "Annul those first" in refused.output
    assert run.events() == events
    assert as_json(run, "item", "show", "PRJ-042")["stage"] == "in delivery"
    assert "resumed (in delivery)" in summaries(run)


def test_delivery_minuted_late_before_a_pause_from_approval_is_refused_naming_the_resumption(
    gov: Cli,
) -> None:
    # Paused while approved and resumed to approved; a start of delivery typed in
    # late, before the pause, would have it resume into delivery instead.
    propose(gov, "PRJ-042")
    approve(gov, "PRJ-042", "1000000", day(5))
    for command, on in (("pause", 20), ("resume", 30)):
        record(gov, "item", command, "PRJ-042", *IC, "-m", command, "--effective-date", day(on))
    events = gov.events()

    refused = gov(
        "item", "start-delivery", "PRJ-042", *IC, "-m", "Minutes typed in late",
        "--effective-date", day(10),
    )  # fmt: skip

    assert refused.exit_code == 1, refused.output
    assert "would make a later decision invalid: 'resumed'" in refused.output
    assert "cannot resume PRJ-042 to approved: it was paused from in delivery" in refused.output
    assert gov.events() == events
    assert as_json(gov, "item", "show", "PRJ-042")["stage"] == "approved"
    assert "resumed (approved)" in summaries(gov)
