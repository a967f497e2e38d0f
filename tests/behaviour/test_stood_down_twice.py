"""A member stood down again is told when they stood down, and the day to look at.

A secretary who records a stand-down already minuted (cdubois, stood down from
31 October, recorded again from 5 November) was told *cdubois is not a member
of IC on 2026-11-05; see its members with 'portfolio-ledger board show IC'*:
not that she had stood down, nor when, and ``board show`` without
``--effective-on`` shows today's members. It now says both (exit 1, nothing
written), on SQLite and PostgreSQL; one never a member is told the day to look
at alone, and one appointed again after standing down stands down again.
"""

from __future__ import annotations

from typing import Any

from tests.behaviour.test_governance import day, gov, refused
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

AUTHORITY = ["--authority", "Executive Board", "-m", "Term ended"]


def _stand_down(run: Cli, person: str, on: int) -> Any:
    return run("board", "stand-down", "IC", person, *AUTHORITY, "--effective-date", day(on))


def test_a_member_stood_down_again_is_told_from_when(gov: Cli) -> None:
    assert _stand_down(gov, "cdubois", 10).exit_code == 0
    before = gov.events()
    refused(
        gov, _stand_down(gov, "cdubois", 15), before,
        f"cdubois is not a member of IC on {day(15)} (they stood down with effect from "
        f"{day(10)}: a member stands down once); see its members then with "
        f"'portfolio-ledger board show IC --effective-on {day(15)}'",
    )  # fmt: skip


def test_one_never_a_member_is_told_the_day_to_look_at(gov: Cli) -> None:
    before = gov.events()
    result = _stand_down(gov, "pking", 15)
    refused(gov, result, before, f"pking is not a member of IC on {day(15)}; see its members "
            f"then with 'portfolio-ledger board show IC --effective-on {day(15)}'")  # fmt: skip
    assert "stood down with effect" not in result.output


def test_one_appointed_again_stands_down_again(gov: Cli) -> None:
    assert _stand_down(gov, "cdubois", 10).exit_code == 0
    again = gov("board", "appoint", "IC", "cdubois", "--authority", "Executive Board",
                "-m", "Back", "--effective-date", day(12))  # fmt: skip
    assert again.exit_code == 0, again.output
    assert _stand_down(gov, "cdubois", 15).exit_code == 0
