"""A member listed twice at a meeting, and a delegation's window ending before it starts.

Both are mistakes in the command line, told before anything is read, as bad usage
(exit 2): as a person given two votes is, and a period backwards in 'audit trail
--from/--to' and 'report board-pack --since/--as-at'. The refusal names the member
or the days, the rule and the fix, on every command taking --present or a delegation's
--from/--until, on SQLite and PostgreSQL, and nothing is written. Before, a member
listed twice was refused without naming --present (and named once however often
given), and a window backwards was a refusal of the ledger (exit 1), unlike every
other period given backwards.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.behaviour.test_governance import approve, day, delegate, gov, propose
from tests.builders import GOVERNANCE_DAY
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

MADE = GOVERNANCE_DAY + timedelta(days=5)
MINUTED = ["--actor", "hcarter", "-m", "Minuted", "--effective-date", MADE.isoformat()]


def misused(run: Cli, result: Result, before: int, *words: str) -> str:
    """Exit 2, each of ``words`` in the message, no traceback, nothing written."""
    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    for word in words:
        assert word in said, said
    assert "Traceback" not in said
    assert run.events() == before
    return said


def _delegate(run: Cli, *options: str, present: str = "hcarter,cdubois") -> Result:
    return run(
        *("authority", "delegate", "DEL-002", "--board", "IC", "--to", "mlee"),
        *("--limit", "GBP 100,000", "--present", present, "--vote", "hcarter=for,cdubois=for"),
        *MINUTED,
        *options,
        role="Chair",
    )


def _revoke(run: Cli, present: str) -> Result:
    return run(
        *("authority", "revoke", "DEL-001", "--present", present),
        *("--vote", "hcarter=for,cdubois=for", *MINUTED),
        role="Chair",
    )


def _approve(run: Cli, present: str) -> Result:
    result: Result = approve(
        run, "500000", "--board", "IC", "--present", present,
        "--vote", "hcarter=for,cdubois=for", "--actor", "hcarter",
    )  # fmt: skip
    return result


def _nothing(_: Cli) -> None:
    """A delegation's grant needs nothing before it but the board."""


def _grant(run: Cli, present: str) -> Result:
    return _delegate(run, present=present)


ATTENDED: dict[str, tuple[Callable[[Cli], None], Callable[[Cli, str], Result]]] = {
    # each command taking --present: what it needs recorded first, and the command
    "authority delegate": (_nothing, _grant),
    "authority revoke": (delegate, _revoke),
    "item approve": (propose, _approve),
}


@pytest.mark.parametrize("command", ATTENDED)
def test_a_member_listed_present_twice_is_bad_usage_naming_them(gov: Cli, command: str) -> None:
    first, then = ATTENDED[command]
    first(gov)
    before = gov.events()

    result = then(gov, "hcarter,cdubois,HCarter")

    misused(
        gov,
        result,
        before,
        "--present: hcarter is listed as present twice (as 'hcarter', 'HCarter': a person's key "
        "ignores case)",
        "list each member present once with --present",
    )
    assert then(gov, "hcarter,cdubois").exit_code == 0  # listed once each, it is recorded


def test_every_member_listed_twice_is_named_in_one_refusal(gov: Cli) -> None:
    before = gov.events()

    result = _delegate(gov, "--present", "cdubois,hcarter,hcarter")  # --present is repeatable

    said = "--present: hcarter is listed as present 3 times and cdubois twice"
    misused(gov, result, before, said)


def test_a_member_spelt_two_ways_three_times_is_named_with_each_spelling_once(gov: Cli) -> None:
    before = gov.events()

    result = _delegate(gov, present="cdubois,hcarter,HCARTER,hcarter")

    said = "hcarter is listed as present 3 times (as 'hcarter', 'HCARTER': a person's key"
    misused(gov, result, before, said)


@pytest.mark.parametrize(
    ("window", "said"),
    [
        pytest.param(
            ["--from", (MADE + timedelta(days=9)).isoformat(), "--until", MADE.isoformat()],
            f"--until: delegation DEL-002 would end ({MADE}) before it starts "
            f"({MADE + timedelta(days=9)}): its window runs forward from its start to its end, "
            f"both inclusive; give it an end on or after {MADE + timedelta(days=9)}",
            id="until-before-from",
        ),
        pytest.param(
            ["--until", (MADE - timedelta(days=1)).isoformat()],
            f"--until: delegation DEL-002 would end ({MADE - timedelta(days=1)}) before it "
            f"starts ({MADE}, its effective date): its window runs forward from its start to its "
            f"end, both inclusive; give it an end on or after {MADE}",
            id="until-before-effective-date",
        ),
        pytest.param(
            ["--from", (MADE - timedelta(days=1)).isoformat(), "--until", MADE.isoformat()],
            f"--from: delegation DEL-002 cannot be valid from {MADE - timedelta(days=1)}, before "
            f"it was made ({MADE}); give it a start on or after {MADE}",
            id="from-before-effective-date",
        ),
    ],
)
def test_a_delegation_window_backwards_is_bad_usage_naming_the_days_and_the_fix(
    gov: Cli, window: list[str], said: str
) -> None:
    before = gov.events()

    misused(gov, _delegate(gov, *window), before, said)


def test_a_window_of_one_day_is_a_window(gov: Cli) -> None:
    result = _delegate(gov, "--from", MADE.isoformat(), "--until", MADE.isoformat())

    assert result.exit_code == 0, result.output


def test_an_import_line_with_a_window_backwards_is_refused_naming_its_field(
    gov: Cli, tmp_path: Path
) -> None:
    line: dict[str, Any] = {
        "command": "authority delegate", "key": "DEL-002", "board": "IC", "to": "mlee",
        "limit": "GBP 100,000", "present": ["hcarter", "cdubois"],
        "votes": {"hcarter": "for", "cdubois": "for"}, "actor": "hcarter", "role": "Chair",
        "rationale": "Minuted", "effective_date": MADE.isoformat(),
        "valid_to": (MADE - timedelta(days=1)).isoformat(),
    }  # fmt: skip
    path = tmp_path / "lines.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    before = gov.events()

    result = gov("import", str(path))

    misused(gov, result, before, "line 1: valid_to: delegation DEL-002 would end")


def test_a_correction_ending_a_delegation_before_it_starts_is_still_refused(gov: Cli) -> None:
    # Not a command-line mistake: the ledger refuses the decision as corrected (exit 1).
    delegate(gov)
    trail = json.loads(gov("audit", "trail", "--item", "DEL-001", "--json").output)
    [position] = [row["position"] for row in trail if row["event"] == "authority delegated"]
    before = gov.events()

    result = gov(
        "decision", "correct", str(position),
        "--set", f"valid_to={GOVERNANCE_DAY - timedelta(days=1)}",
        "--authority", "PMO record-keeping procedure", "-m", "Put right",
    )  # fmt: skip

    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert f"give it an end on or after {GOVERNANCE_DAY} (--until; in a correction, valid_to)" in (
        said
    )
    assert gov.events() == before


@pytest.mark.parametrize("until", [day(1), day(-30)])
def test_a_deferral_until_a_day_not_after_its_own_is_bad_usage(gov: Cli, until: str) -> None:
    # 'item defer --until' pairs with the deferral's effective date: it was the ledger's
    # refusal (exit 1), and said no day to give.
    propose(gov)
    before = gov.events()

    result = gov(
        "item", "defer", "PRJ-042", "--until", until, "--authority", "Investment Committee",
        "-m", "Await the spending review", "--effective-date", day(1),
    )  # fmt: skip

    misused(
        gov,
        result,
        before,
        f"--until: deferral of PRJ-042 must be until a date after its effective date {day(1)}, "
        f"not {until}: a decision is put off to a later day; give a day after {day(1)}, or none",
    )
    later = gov(
        "item", "defer", "PRJ-042", "--until", day(2), "--authority", "Investment Committee",
        "-m", "Await the spending review", "--effective-date", day(1),
    )  # fmt: skip
    assert later.exit_code == 0, later.output
