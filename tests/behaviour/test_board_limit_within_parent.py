"""A board may not authorise more than the board it escalates to.

Constituting a board, setting its limit, correcting either, and the same
through an import, are refused when they give a board a limit above its
parent's as that stands on the effective date (no limit being above any
limit), on SQLite and PostgreSQL; a refusal names both boards, both limits,
the rule and the fix, and writes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.behaviour.test_governance import day, gov, refused
from tests.behaviour.test_governance_record_keeping import PUT_RIGHT, _position
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

RULE = "a board may not authorise more than the board above it"


def _create(run: Cli, limit: str | None, *more: str, key: str = "YB") -> Any:
    limit_options = ["--limit", limit] if limit is not None else ["--unlimited"]
    return run(
        "board", "create", key, "--name", "Yorkshire Board", "--terms", "Regional items",
        *limit_options, "--escalates-to", "IC", "--quorum", "1",
        "--authority", "Articles of association", "-m", "Constituted",
        "--effective-date", day(2), *more, role="Secretary",
    )  # fmt: skip


def test_a_board_is_not_constituted_with_a_limit_above_its_parents(gov: Cli) -> None:
    before = gov.events()
    result = _create(gov, "GBP 60,000,000")
    refused(
        gov, result, before, "Yorkshire Board (YB) would have GBP 60,000,000",
        "Investment Committee (IC), which it escalates to (GBP 50,000,000", RULE,
        "Give YB a limit of at most GBP 50,000,000",
        "'portfolio-ledger board set-limit IC'",
    )  # fmt: skip
    assert _create(gov, "GBP 50,000,000").exit_code == 0  # up to the parent's: allowed


def test_a_board_with_no_limit_is_not_constituted_under_one_with_a_limit(gov: Cli) -> None:
    before = gov.events()
    refused(gov, _create(gov, None), before, "would have no limit as its limit", RULE)


def test_a_boards_limit_is_not_set_above_its_parents_on_the_day(gov: Cli) -> None:
    assert _create(gov, "GBP 5,000,000").exit_code == 0
    before = gov.events()
    set_limit = ["board", "set-limit", "YB", "--authority", "Articles of association", "-m", "Up"]
    on = ["--effective-date", day(3)]
    result = gov(*set_limit, "--limit", "GBP 70,000,000", *on, role="Secretary")
    refused(gov, result, before, "GBP 70,000,000", "Investment Committee (IC)", RULE)
    result = gov(*set_limit, "--unlimited", *on, role="Secretary")
    refused(gov, result, before, "would have no limit", RULE)
    ok = gov(*set_limit, "--limit", "GBP 40,000,000", *on, role="Secretary")
    assert ok.exit_code == 0, ok.output


def test_a_correction_does_not_put_a_boards_limit_above_its_parents(gov: Cli) -> None:
    made = _position(gov, *_create_args())
    raised = _position(
        gov, "board", "set-limit", "YB", "--limit", "GBP 20,000,000", "--authority", "Articles",
        "-m", "Up", "--effective-date", day(3),
    )  # fmt: skip
    before = gov.events()
    for position in (made, raised):
        result = gov("decision", "correct", str(position), "--set", "limit=GBP 90,000,000",
                     *PUT_RIGHT)  # fmt: skip
        refused(gov, result, before, "GBP 90,000,000", "Investment Committee (IC)", RULE)
    fixed = gov("decision", "correct", str(raised), "--set", "limit=GBP 30,000,000", *PUT_RIGHT)
    assert fixed.exit_code == 0, fixed.output


def _create_args() -> list[str]:
    return [
        "board", "create", "YB", "--name", "Yorkshire Board", "--terms", "Regional items",
        "--limit", "GBP 10,000,000", "--escalates-to", "IC", "--quorum", "1",
        "--authority", "Articles of association", "-m", "Constituted",
        "--effective-date", day(2),
    ]  # fmt: skip


def test_an_import_does_not_constitute_a_board_above_its_parent(gov: Cli, tmp_path: Path) -> None:
    line = {
        "command": "board create", "key": "YB", "name": "Yorkshire Board",
        "terms_of_reference": "Regional items", "limit": "GBP 60,000,000",
        "escalates_to": "IC", "quorum": 1, "authority": "Articles of association",
        "actor": "Board Secretary", "role": "Secretary", "rationale": "Constituted",
        "effective_date": day(2),
    }  # fmt: skip
    file = tmp_path / "boards.jsonl"
    file.write_text(json.dumps(line) + "\n", encoding="utf-8")
    before = gov.events()
    refused(gov, gov("import", str(file)), before, "Investment Committee (IC)", RULE)


def test_a_parents_limit_is_not_set_or_corrected_below_a_board_under_it(gov: Cli) -> None:
    assert _create(gov, "GBP 10,000,000").exit_code == 0
    before = gov.events()
    lower = ["board", "set-limit", "IC", "--limit", "GBP 5,000,000", "--authority", "EXB"]
    result = gov(*lower, "-m", "Down", "--effective-date", day(3), role="Secretary")
    refused(
        gov, result, before, "Investment Committee (IC) would have GBP 5,000,000",
        "below the limit of Yorkshire Board (YB), which escalates to it (GBP 10,000,000", RULE,
        "Lower YB's limit first",
    )  # fmt: skip
    raised = _position(
        gov, "board", "set-limit", "IC", "--limit", "GBP 20,000,000", "--authority", "EXB",
        "-m", "Up", "--effective-date", day(3),
    )  # fmt: skip
    before = gov.events()
    result = gov("decision", "correct", str(raised), "--set", "limit=GBP 1,000", *PUT_RIGHT)
    refused(gov, result, before, "below the limit of Yorkshire Board (YB)", RULE)


def test_a_limit_in_another_currency_than_its_parents_is_refused_as_not_converted(
    gov: Cli,
) -> None:
    """USD 100 is not 'above' GBP 50m, and no raise of IC's GBP limit would let it in."""
    before = gov.events()
    refused(
        gov, _create(gov, "USD 100"), before,
        f"Yorkshire Board (YB) would have USD 100 as its limit on {day(2)}, in another "
        "currency than the limit of Investment Committee (IC), which it escalates to "
        f"(GBP 50,000,000 on {day(2)}): the ledger does not convert currencies, so no amount "
        "in USD is within a limit in GBP", RULE,
        "Give YB a limit in GBP of at most GBP 50,000,000",
    )  # fmt: skip
    assert "above the limit" not in _create(gov, "USD 100").output
    assert "raise IC's limit" not in _create(gov, "USD 100").output
    assert _create(gov, "GBP 10,000,000").exit_code == 0
    set_ic = ["board", "set-limit", "IC", "--authority", "EXB", "-m", "In euros"]
    result = gov(*set_ic, "--limit", "EUR 90,000,000", "--effective-date", day(3))
    refused(
        gov, result, before + 1,
        f"Investment Committee (IC) would have EUR 90,000,000 as its limit on {day(3)}, in "
        "another currency than the limit of Yorkshire Board (YB), which escalates to it "
        f"(GBP 10,000,000 on {day(3)}): the ledger does not convert currencies, so no amount "
        "in GBP is within a limit in EUR", RULE,
        "Give IC a limit in GBP of at least GBP 10,000,000",
    )  # fmt: skip
    assert "below the limit" not in result.output
