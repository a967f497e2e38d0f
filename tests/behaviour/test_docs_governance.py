"""docs/governance.md's commands run as written, in order, on a new ledger.

People, boards and delegations, then the item whose tolerances the doc sets:
its ``item set-tolerance`` example named an item the doc never made, at a
meeting (today) whose member had stood down with effect from 31 October, so
it was refused however it was run.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from portfolio_ledger.domain.clock import utc_today
from tests.conftest import Cli
from tests.time_zones import time_zone

__all__ = ["time_zone"]  # the fixture, used by name

DOC = Path(__file__).resolve().parents[2] / "docs" / "governance.md"


def commands(kind: str = "sh") -> list[list[str]]:
    """Every command of the doc's ``kind`` blocks (``text``: shown in its prose), as argv."""
    text = DOC.read_text(encoding="utf-8")
    lines = "\n".join(re.findall(rf"```{kind}\n(.*?)```", text, re.DOTALL)).replace("\\\n", " ")
    return [shlex.split(line)[1:] for line in lines.splitlines() if line.strip()]


def test_the_governance_examples_run_in_order_on_a_new_ledger(run: Cli) -> None:
    argvs = commands()
    effective = re.findall(r"--effective-(?:date|on) (\S+)", " ".join(map(shlex.join, argvs)))
    if max(map(date.fromisoformat, effective)) > utc_today():
        pytest.skip("the doc's effective dates are after today")
    assert len(argvs) >= 15
    assert argvs[-1][:2] == ["item", "set-tolerance"]

    for argv in argvs:
        result = run(*argv)
        assert result.exit_code == 0, (argv, result.output)


def test_the_pause_shown_in_the_prose_runs_after_the_examples(run: Cli) -> None:
    """The pause under *Other authorisations* is of PRJ-042, which the page approves later,
    under *Tolerances*: it runs after them. Shown with no effective date, it was of today,
    when cdubois, present at it, had stood down (with effect from 31 October, as the page
    records); and with no --role, it recorded the chair as the environment's portfolio
    manager, which the page says a board's decision does not."""
    (pause,) = commands("text")
    assert pause[:2] == ["item", "pause"]
    assert "--role" in pause

    for argv in [*commands(), pause]:
        result = run(*argv, actor="Sam Patel", role="Portfolio Manager")
        assert result.exit_code == 0, (argv, result.output)


def test_a_person_key_is_what_the_page_says_it_is(run: Cli) -> None:
    """1 to 64 plain ASCII letters, digits, '-', '_' or '.', beginning with a letter or
    digit, kept in lower case: the page said only 'letters, digits, -, _, .'."""
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    assert "1 to 64 plain ASCII letters, digits, `-`, `_` or `.`, beginning with" in text

    made = run("person", "add", "JSmith", "--name", "Jo Smith", "-m", "Registered")
    assert made.exit_code == 0, made.output
    assert "(jsmith) registered" in made.output
    for key in (".jsmith", "j" * 65, "jsmíth"):
        refused = run("person", "add", key, "--name", f"Someone {len(key)}", "-m", "No")
        assert refused.exit_code == 2, (key, refused.output)
        assert "is not a valid person key" in refused.output
    assert run("person", "add", "j" * 64, "--name", "Long Key", "-m", "Yes").exit_code == 0


def test_a_decision_left_undated_takes_effect_today_in_utc_wherever_the_machine_is(
    run: Cli, time_zone: Callable[[str], None]
) -> None:
    """The page said 'today' without saying whose: the ledger's calendar is UTC's.

    The zone is set with ``time.tzset`` (the ``time_zone`` fixture): given as
    ``env={"TZ": zone}`` alone it changed no clock the command reads, and the test
    passed with ``date.today()`` in ``utc_today``'s place.
    """
    for argv in commands()[:2]:  # two people, as the page registers them
        assert run(*argv).exit_code == 0
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):  # UTC+14, UTC-11
        time_zone(zone)
        key = f"B{zone[-4:].upper()}"
        made = run("board", "create", key, "--name", zone, "--terms", "T", "--unlimited",
                   "--quorum", "1", "--authority", "Articles", "-m", "Made")  # fmt: skip
        assert made.exit_code == 0, made.output
        shown = run("board", "show", key, "--json")
        assert f'"constituted_on": "{utc_today().isoformat()}"' in shown.output
    said = " ".join(DOC.read_text(encoding="utf-8").split())
    assert "today in UTC, the ledger's calendar" in said


def test_a_tolerance_is_bounded_as_the_page_says(run: Cli) -> None:
    """A percentage from 0% to 100%; an amount of any size, not held to the setter's limit."""
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    assert "A percentage is from 0% to 100%, to at most 2 decimal places" in text
    assert "may set a cost tolerance of GBP 100,000,000" in text
    argvs = commands()
    for argv in argvs[:-1]:  # the page's governance and PRJ-042, approved for GBP 1,200,000
        assert run(*argv).exit_code == 0, argv
    meeting = argvs[-1][argvs[-1].index("--board") :]

    for cost, code in (("101%", 2), ("7.555%", 2), ("100%", 0), ("GBP 100,000,000", 0)):
        result = run("item", "set-tolerance", "PRJ-042", "--cost", cost, *meeting)
        assert result.exit_code == code, (cost, result.output)
    shown = run("item", "history", "PRJ-042")
    assert "tolerances set: cost GBP 100,000,000 over budget" in shown.output


def test_who_decided_is_what_the_decision_says_as_the_page_says(run: Cli) -> None:
    """The page named what the ledger checks of a decision's people, and not that the actor
    is taken as given: whoever runs the command may record a chair's decision in her name,
    and the trail shows it as hers. A compliance reader must know it is a claim."""
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    assert "is recorded as given, not checked against who runs the command" in text
    argvs = commands()
    for argv in argvs[:-1]:
        assert run(*argv).exit_code == 0, argv
    told = argvs[-1]  # the chair's, --actor hcarter, run by whoever runs this test
    told[told.index("-m") + 1] = "Set by whoever ran this"

    made = run(*told, actor="Eve Intruder", env={"USER": "eve"})

    assert made.exit_code == 0, made.output
    trail = run("audit", "trail", "--actor", "Helen Carter", "--format", "csv")
    assert "Set by whoever ran this" in trail.output
