"""A decision dated back, refused by the stage the item was in then, says the day and now.

After the README's tour (PRJ-042 proposed on 2026-11-02, approved and paused
today), a status report dated yesterday was refused *it is proposed*, of an
item ``item show`` gives as paused: true of the day it would take effect, said
as if of now (here: retired yesterday, proposed then, deferred today). The
refusal says that day, and the stage the item is in now. A decision the stage
refuses on both days says *it is* as ever.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from portfolio_ledger.domain.clock import utc_today
from tests.conftest import Cli

IC = ("--authority", "Investment Committee")


def test_a_refusal_of_a_decision_dated_back_says_its_day_and_the_stage_now(
    run: Cli, tmp_path: Path
) -> None:
    for argv in (
        ("item", "propose", "PRJ-042", "--kind", "project", "--title", "Payroll", "--owner",
         "Dana Okafor", "--sponsor", "CFO", "--category", "Corporate", "-m", "Need",
         "--effective-date", (utc_today() - timedelta(days=7)).isoformat()),
        ("item", "defer", "PRJ-042", *IC, "-m", "Not this year"),
    ):  # fmt: skip
        assert run(*argv).exit_code == 0
    yesterday = (utc_today() - timedelta(days=1)).isoformat()
    before = run.events()

    refused = run("item", "retire", "PRJ-042", *IC, "-m", "Done", "--effective-date", yesterday)
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, refused.output
    assert (
        f"cannot retire PRJ-042: on {yesterday}, the day it would take effect, it was proposed "
        "(it is deferred now); only live items can be retired." in said
    ), said

    line = {"command": "item retire", "key": "PRJ-042", "authority": "IC", "rationale": "Done",
            "effective_date": yesterday}  # fmt: skip
    (tmp_path / "lines.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    imported = run("import", str(tmp_path / "lines.jsonl"))
    assert imported.exit_code == 1, imported.output
    assert f"on {yesterday}, the day it would take effect, it was proposed" in imported.output
    assert run.events() == before


def test_a_refusal_dated_in_order_or_in_the_same_stage_says_it_is(run: Cli) -> None:
    week_ago = (utc_today() - timedelta(days=7)).isoformat()
    assert run("item", "propose", "PRJ-042", "--kind", "project", "--title", "Payroll",
               "--owner", "O", "--sponsor", "S", "--category", "C", "-m", "Need",
               "--effective-date", week_ago).exit_code == 0  # fmt: skip
    yesterday = (utc_today() - timedelta(days=1)).isoformat()
    for day in ((), ("--effective-date", yesterday)):  # now; a day back, proposed then too
        refused = run("item", "retire", "PRJ-042", *IC, "-m", "Done", *day)
        assert refused.exit_code == 1, refused.output
        assert "cannot retire PRJ-042: it is proposed; only live items" in refused.output
    assert run.events() == 1


def test_a_meetings_decision_dated_back_says_its_day_and_the_stage_now(run: Cli) -> None:
    week_ago = (utc_today() - timedelta(days=7)).isoformat()
    since = ("--effective-date", week_ago)
    meeting = ("--board", "IC", "--present", "hcarter,mlee", "--vote", "hcarter=for,mlee=for",
               "--actor", "hcarter")  # fmt: skip
    for argv in (
        ("person", "add", "hcarter", "--name", "Helen Carter", "-m", "Set up", *since),
        ("person", "add", "mlee", "--name", "Marcus Lee", "-m", "Set up", *since),
        ("board", "create", "IC", "--name", "Investment Committee", "--terms", "Capital",
         "--unlimited", "--quorum", "2", "--authority", "Board", "-m", "Set up", *since),
        ("board", "appoint", "IC", "hcarter", "--authority", "Board", "-m", "Set up", *since),
        ("board", "appoint", "IC", "mlee", "--authority", "Board", "-m", "Set up", *since),
        ("item", "propose", "PRJ-042", "--kind", "project", "--title", "Payroll", "--owner",
         "O", "--sponsor", "S", "--category", "C", "-m", "Need", *since),
        ("item", "appraise", "PRJ-042", "--estimated-cost", "1m", "--expected-benefits", "2m",
         "--risk-rating", "low", "--alignment-score", "70", "-m", "Case", *since),
        ("item", "approve", "PRJ-042", "--budget", "1m", *meeting, "-m", "Go"),
    ):  # fmt: skip
        result = run(*argv)
        assert result.exit_code == 0, (argv, result.output)
    yesterday = (utc_today() - timedelta(days=1)).isoformat()
    before = run.events()

    refused = run("item", "fund", "PRJ-042", "--budget", "2m", *meeting, "-m", "More",
                  "--effective-date", yesterday)  # fmt: skip
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, refused.output
    assert (
        f"cannot change the funding of PRJ-042: on {yesterday}, the day it would take effect, "
        "it was appraised (it is approved now);" in said
    ), said
    assert run.events() == before
