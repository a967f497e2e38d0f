"""docs/governance.md's commands run as written, in the page's order, on a new ledger."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tests.conftest import Cli

DOC = Path(__file__).parents[1] / "docs" / "governance.md"


def blocks(kind: str) -> list[list[list[str]]]:
    """Each ``kind`` block's commands, as argv, in the page's order."""
    text = DOC.read_text(encoding="utf-8")
    found = re.findall(rf"```{kind}\n(.*?)```", text, re.DOTALL)
    return [
        [shlex.split(line)[1:] for line in block.replace("\\\n", " ").splitlines() if line.strip()]
        for block in found
    ]


def test_the_page_s_commands_run_in_order_on_a_new_ledger(run: Cli) -> None:
    """The pause shown under *Other authorisations* is of PRJ-042, which the page proposes
    and approves later, under *Tolerances*: it runs after them. Shown with no effective date,
    it was of today, when cdubois, present at it, had stood down (with effect from 31
    October, as the page records); and with no --role, it recorded the chair as the
    environment's portfolio manager, which the page says a board's decision does not."""
    commands = [argv for block in blocks("sh") for argv in block]
    (pause,) = [argv for block in blocks("text") for argv in block]
    assert pause[:2] == ["item", "pause"]

    for argv in [*commands, pause]:
        result = run(*argv, actor="Sam Patel", role="Portfolio Manager")
        assert result.exit_code == 0, (argv, result.output)
    assert "--role" in pause


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
    run: Cli,
) -> None:
    """The page said 'today' without saying whose: the ledger's calendar is UTC's."""
    from datetime import UTC, datetime

    for argv in blocks("sh")[0][:2]:  # two people, as the page registers them
        assert run(*argv).exit_code == 0
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):  # UTC+14, UTC-11
        key = f"B{zone[-4:].upper()}"
        made = run("board", "create", key, "--name", zone, "--terms", "T", "--unlimited",
                   "--quorum", "1", "--authority", "Articles", "-m", "Made",
                   env={"TZ": zone})  # fmt: skip
        assert made.exit_code == 0, made.output
        shown = run("board", "show", key, "--json", env={"TZ": zone})
        assert f'"constituted_on": "{datetime.now(UTC).date().isoformat()}"' in shown.output
    assert "today in UTC, the ledger's calendar" in " ".join(DOC.read_text().split())
