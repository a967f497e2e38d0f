"""A board's limit stays within its parent's on every day from a change on, not only its own.

IC (GBP 50m) is in the ``gov`` fixture; Yorkshire Board (YB) is constituted under
it on day 20 with GBP 40m. A change of either board's limits (set back-dated,
a board constituted, a founding limit corrected, a raise annulled; on the
command line or in an import) that would leave YB above IC on any day from
the change on, given all that is recorded of both, is refused: the message
names both boards, both limits, the first day and the fix, and nothing is
written. Days on which nothing changes are not judged again.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from portfolio_ledger.application import commands as c
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.domain.boards import Board
from portfolio_ledger.domain.keys import board_id
from tests.behaviour.test_governance import day, gov, refused
from tests.behaviour.test_governance_record_keeping import PUT_RIGHT, _position, _trail_position
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

RULE = "a board may not authorise more than the board above it, on any day"
AUTHORITY = ["--authority", "Articles of association"]


def _yb(run: Cli, limit: str = "GBP 40,000,000", on: int = 20, key: str = "YB") -> Any:
    return run(
        "board", "create", key, "--name", "Yorkshire Board", "--terms", "Regional items",
        "--limit", limit, "--escalates-to", "IC", "--quorum", "1", *AUTHORITY,
        "-m", "Constituted", "--effective-date", day(on), role="Secretary",
    )  # fmt: skip


def _set(run: Cli, key: str, limit: str, on: int) -> Any:
    return run(
        "board", "set-limit", key, "--limit", limit, *AUTHORITY, "-m", "Limit changed",
        "--effective-date", day(on), role="Secretary",
    )  # fmt: skip


def _ok(result: Any) -> None:
    assert result.exit_code == 0, result.output


def test_a_parents_limit_set_back_dated_before_a_board_under_it_existed_is_refused(
    gov: Cli,
) -> None:
    _ok(_yb(gov))
    before = gov.events()
    refused(
        gov, _set(gov, "IC", "GBP 30,000,000", 10), before,
        f"Investment Committee (IC) would have GBP 30,000,000 as its limit on {day(20)}",
        f"below the limit of Yorkshire Board (YB), which escalates to it (GBP 40,000,000 on "
        f"{day(20)})", RULE, "Lower YB's limit first ('portfolio-ledger board set-limit YB', "
        f"effective {day(20)}), or give IC a limit of at least GBP 40,000,000",
    )  # fmt: skip
    _ok(_set(gov, "YB", "GBP 25,000,000", 20))  # YB lowered first: then IC may be
    _ok(_set(gov, "IC", "GBP 30,000,000", 10))


def test_a_parents_lowering_is_refused_where_the_board_under_it_is_raised_later(
    gov: Cli,
) -> None:
    _ok(_yb(gov, "GBP 10,000,000"))
    _ok(_set(gov, "YB", "GBP 45,000,000", 40))  # recorded before: later in effect
    before = gov.events()
    result = _set(gov, "IC", "GBP 20,000,000", 30)  # fine on day 30; not from day 40
    refused(gov, result, before, f"GBP 20,000,000 as its limit on {day(40)}",
            f"(GBP 45,000,000 on {day(40)})", RULE)  # fmt: skip


def test_correcting_a_parents_founding_limit_below_a_board_under_it_is_refused(gov: Cli) -> None:
    _ok(_yb(gov))
    founding = _trail_position(gov, "IC", "board constituted")
    before = gov.events()
    result = gov("decision", "correct", str(founding), "--set", "limit=GBP 30,000,000", *PUT_RIGHT)
    refused(
        gov, result, before, f"corrected so, position {founding} (board constituted) on IC",
        f"GBP 30,000,000 as its limit on {day(20)}", "Yorkshire Board (YB)", RULE,
    )  # fmt: skip


def test_a_board_under_raised_back_dated_is_refused_where_its_parent_is_lower_later(
    gov: Cli,
) -> None:
    _ok(_yb(gov))
    _ok(_set(gov, "IC", "GBP 42,000,000", 30))
    before = gov.events()
    refused(
        gov, _set(gov, "YB", "GBP 48,000,000", 25), before,
        f"Yorkshire Board (YB) would have GBP 48,000,000 as its limit on {day(30)}, above the "
        f"limit of Investment Committee (IC), which it escalates to (GBP 42,000,000 on {day(30)})",
        RULE, "Give YB a limit of at most GBP 42,000,000",
    )  # fmt: skip
    _ok(_set(gov, "YB", "GBP 42,000,000", 25))


def test_a_board_under_is_not_constituted_or_corrected_above_its_parents_later_limit(
    gov: Cli,
) -> None:
    _ok(_yb(gov))
    _ok(_set(gov, "IC", "GBP 42,000,000", 30))
    before = gov.events()
    refused(gov, _yb(gov, "GBP 45,000,000", 25, key="ZB"), before,
            f"GBP 45,000,000 as its limit on {day(30)}", "(GBP 42,000,000 on", RULE)  # fmt: skip
    founding = _trail_position(gov, "YB", "board constituted")
    result = gov("decision", "correct", str(founding), "--set", "limit=GBP 45,000,000", *PUT_RIGHT)
    refused(gov, result, before, f"corrected so, position {founding}", f"on {day(30)}", RULE)
    earlier = gov("decision", "correct", str(founding), "--set", f"effective_date={day(5)}",
                  "--set", "limit=GBP 45,000,000", *PUT_RIGHT)  # fmt: skip
    refused(gov, earlier, before, f"on {day(30)}", RULE)


def test_annulling_a_parents_raise_that_a_board_under_it_rests_on_is_refused(gov: Cli) -> None:
    _ok(_set(gov, "IC", "GBP 20,000,000", 5))
    raised = _position(
        gov, "board", "set-limit", "IC", "--limit", "GBP 60,000,000", *AUTHORITY, "-m", "Up",
        "--effective-date", day(15),
    )  # fmt: skip
    _ok(_yb(gov))
    before = gov.events()
    result = gov("decision", "annul", str(raised), *PUT_RIGHT)
    refused(
        gov, result, before, f"with position {raised} (authority limit set) on IC annulled",
        f"GBP 20,000,000 as its limit on {day(20)}", "Yorkshire Board (YB)", RULE,
    )  # fmt: skip


def test_a_change_that_breaks_the_rule_only_for_a_while_says_from_when_it_may_be_dated(
    gov: Cli,
) -> None:
    _ok(_yb(gov))
    _ok(_set(gov, "YB", "GBP 10,000,000", 40))
    before = gov.events()
    refused(gov, _set(gov, "IC", "GBP 30,000,000", 10), before, f"on {day(20)}",
            f"or, if the change took effect later, date it {day(40)} or later")  # fmt: skip
    _ok(_set(gov, "IC", "GBP 30,000,000", 40))


def test_an_import_is_held_to_the_rule_on_every_day(gov: Cli, tmp_path: Path) -> None:
    said = {"actor": "Board Secretary", "role": "Secretary", "rationale": "Minuted",
            "authority": "Articles of association"}  # fmt: skip
    made = {
        "command": "board create", "key": "YB", "name": "Yorkshire Board",
        "terms_of_reference": "Regional items", "limit": "GBP 40,000,000",
        "escalates_to": "IC", "quorum": 1, "effective_date": day(20), **said,
    }  # fmt: skip
    other = {**made, "key": "ZB", "name": "Zetland Board", "limit": "GBP 35,000,000"}
    raised = {"command": "board set-limit", "key": "ZB", "limit": "GBP 38,000,000",
              "effective_date": day(25), **said}  # fmt: skip
    lowered = {"command": "board set-limit", "key": "IC", "limit": "GBP 30,000,000",
               "effective_date": day(10), **said}  # fmt: skip
    later = {**lowered, "limit": "GBP 42,000,000", "effective_date": day(30)}
    back_dated = {**raised, "key": "YB", "limit": "GBP 45,000,000", "effective_date": day(22)}
    file = tmp_path / "boards.jsonl"
    body = (made, other, raised, lowered, later, back_dated)
    file.write_text("".join(json.dumps(line) + "\n" for line in body), encoding="utf-8")
    before = gov.events()
    result = gov("import", str(file))
    refused(gov, result, before, "line 4", f"GBP 30,000,000 as its limit on {day(20)}", RULE,
            "line 6", f"GBP 45,000,000 as its limit on {day(30)}")  # fmt: skip
    assert "line 5" not in result.output, result.output


def test_days_already_recorded_against_the_rule_are_not_judged_again(gov: Cli) -> None:
    _ok(_yb(gov))
    _record_without_the_rule(gov.url, "IC", "GBP 30,000,000", date.fromisoformat(day(30)))
    _ok(_set(gov, "IC", "GBP 45,000,000", 10))  # days 10-29: within; from 30: as before
    before = gov.events()
    refused(gov, _set(gov, "IC", "GBP 35,000,000", 30), before, f"on {day(30)}", RULE)


def _record_without_the_rule(url: str, key: str, limit: str, on: date) -> None:
    """A limit set as a ledger made before the rule recorded it: checked by nothing here."""
    ledger, _ = open_ledger(url)
    try:
        command = c.SetBoardLimit.model_validate(
            {"key": key, "limit": limit, "actor": "Board Secretary", "role": "Secretary",
             "rationale": "Before the rule", "authority": "Articles", "effective_date": on}
        )  # fmt: skip
        board: Board = ledger.repository.get(board_id(key))
        board.set_limit(limit=command.limit_money(), decision=command.decision())
        ledger.save(board)
    finally:
        ledger.close()
