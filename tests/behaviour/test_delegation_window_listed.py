"""``authority list`` writes a delegation's window as it is: with no end, ``from DAY``.

An open-ended window was written ``2026-07-01 to -``, as if its end were missing from
the record rather than none; one with an end, ``FROM to UNTIL``, as before.
"""

from __future__ import annotations

import json

from tests.behaviour.test_governance import day, delegate, gov
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name


def _valid_column(run: Cli) -> list[str]:
    listed = run("authority", "list")
    assert listed.exit_code == 0, listed.output
    return [line for line in listed.output.splitlines() if line.startswith("DEL-")]


def test_a_window_with_no_end_is_written_from_its_first_day(gov: Cli) -> None:
    delegate(gov)
    (line,) = _valid_column(gov)
    (listed,) = json.loads(gov("authority", "list", "--json").output)
    assert listed["valid_to"] is None
    assert f"  from {listed['valid_from']}  " in line
    assert " to -" not in line


def test_a_window_with_an_end_is_written_from_to(gov: Cli) -> None:
    delegate(gov, "--until", day(30))
    (line,) = _valid_column(gov)
    assert f" to {day(30)}" in line
