"""A decision committed between a read's catch-up and its snapshot: the read waits for it.

A read that takes one snapshot of the read models and the events (``one_read``, as the
board pack is read) catches the read models up first, then takes the snapshot. Another
process that commits a decision just between the two, not yet caught up, leaves the
snapshot's events one ahead of its read models: the pack's digest named the decision
and its figures left it out. The interleaving is forced: the decision is recorded, its
read models left behind, just as the snapshot is about to be taken. The snapshot is
taken again after catching up, so the pack holds it everywhere.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.projections import runner
from portfolio_ledger.storage.snapshot import hold_snapshot
from tests.behaviour.test_tamper import record_items
from tests.builders import approved_item, propose
from tests.conftest import Cli
from tests.reliability.conftest import record_elsewhere


def test_a_decision_committed_just_before_the_snapshot_is_in_the_whole_pack(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_items(run.url, approved_item)  # PRJ-001, with the governance to approve it
    recorded = list[bool]()

    def recorded_just_before(*args: Any, **kwargs: Any) -> None:
        if not recorded:
            recorded.append(True)
            record_elsewhere(run.url, propose("PRJ-002"), caught_up=False)
        hold_snapshot(*args, **kwargs)

    monkeypatch.setattr(runner, "hold_snapshot", recorded_just_before)

    result = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--json")

    assert result.exit_code == 0, result.output
    assert recorded
    pack = json.loads(result.output)
    assert f" position={run.events()} " in pack["digest"]  # the digest names PRJ-002's record
    assert pack["summary"]["items"] == 2  # and the figures count it
    assert sum(row["items"] for row in pack["summary"]["by_view"]) == 2
