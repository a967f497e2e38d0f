"""``portfolio open`` now reads the ``item show`` records the read models keep, not a replay.

Each item that may hold something open was replayed through the whole
ledger (its domain, its events decoded): on a 10,000-item ledger with 522
open escalations, 0.65 s of CPU and 108 MB. Now, for the portfolio as it
stands, the records ``item show`` prints are read instead (0.31-0.35 s, 77
MB); a moment in the past is still replayed. Both give the same rows.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from portfolio_ledger.projections.read_side import ReadSide
from tests.behaviour.test_portfolio_open import portfolio_with_open_records
from tests.conftest import Cli


def listed(run: Cli, *args: str) -> list[dict[str, Any]]:
    result = run("portfolio", "open", "--json", *args)
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_now_no_item_is_replayed_and_the_rows_are_the_replays(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    portfolio_with_open_records(run)
    real = ReadSide.controls

    def no_replay(*_: Any) -> None:
        raise AssertionError("an item was replayed for the portfolio as it stands")

    for _ in range(2):  # again if midnight (UTC) passed between the two, which age by the day
        monkeypatch.setattr(ReadSide, "controls", real)
        day = datetime.now(UTC).date()
        replayed = listed(run, "--as-of", datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
        monkeypatch.setattr(ReadSide, "controls", no_replay)
        now, late = listed(run), listed(run, "--type", "action", "--overdue")
        if datetime.now(UTC).date() == day:
            break

    assert len(replayed) == 4
    assert now == replayed
    assert late == [row for row in replayed if row["overdue"]]
