"""A member listed twice at a meeting is bad usage, named with --present.

A mistake in the command line, told before anything is read, as bad usage (exit 2),
as a person given two votes is. The refusal names each member, the rule and the fix,
on every command taking --present, on SQLite and PostgreSQL, and nothing is written.
Before, it was refused without naming --present, and named one member however many
were listed twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from click.testing import Result

from tests.behaviour.test_governance import approve, delegate, gov, propose
from tests.builders import GOVERNANCE_DAY
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

MADE = GOVERNANCE_DAY + timedelta(days=5)
MINUTED = ["--actor", "hcarter", "-m", "Minuted", "--effective-date", MADE.isoformat()]


def _usage(run: Cli, result: Result, before: int, *words: str) -> str:
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

    _usage(
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

    _usage(gov, result, before, "--present: hcarter is listed as present 3 times and cdubois twice")
