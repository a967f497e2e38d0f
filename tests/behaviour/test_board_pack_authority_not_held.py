"""A board pack flags a decision whose authority did not hold, as ``audit authority`` judges it.

A meeting of 1 June counted a member whose stand-down from 31 May was
minuted only afterwards. ``audit authority`` then says the approval's
authority did not hold (*so says governance recorded after the decision*),
but the pack listed it beside the others with nothing to tell it apart: a
board reading its pack took it for a decision properly made. The pack is
the record as known now, so it says so, with the command that says why.
"""

from __future__ import annotations

import json
from typing import Any

from tests.behaviour.test_governance import IC_MEETING, approve, day, gov, propose
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name


def pack(run: Cli) -> dict[str, Any]:
    result = run("report", "board-pack", "--as-at", day(5), "--since", day(-1), "--json")
    assert result.exit_code == 0, result.output
    content: dict[str, Any] = json.loads(result.stdout)
    return content


def test_an_approval_whose_meeting_counted_a_member_stood_down_before_it_is_flagged(
    gov: Cli,
) -> None:
    propose(gov, "PRJ-042")
    propose(gov, "PRJ-043")
    assert approve(gov, "GBP 1,200,000", *IC_MEETING, key="PRJ-042", on=1).exit_code == 0
    result = gov("board", "stand-down", "IC", "cdubois", "--authority", "Executive Board",
                 "-m", "Term ended", "--effective-date", day(0))  # fmt: skip
    assert result.exit_code == 0, result.output
    still = ["--board", "IC", "--present", "hcarter,mlee", "--vote", "hcarter=for,mlee=for",
             "--actor", "hcarter"]  # fmt: skip
    assert approve(gov, "GBP 900,000", *still, key="PRJ-043", on=2).exit_code == 0
    audited = json.loads(gov("audit", "authority", "PRJ-042", "--json").stdout)
    assert [c["verdict"] for c in audited if c["event"] == "approved"] == ["invalid"]

    flags = {d["subject"]: d["flag"] for d in pack(gov)["decisions"] if d["event"] == "approved"}

    assert flags == {
        "PRJ-042": "authority did not hold (audit authority PRJ-042)",
        "PRJ-043": None,
    }
