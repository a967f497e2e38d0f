"""A key that is both an item's and a delegation's: ``audit authority`` judges both, saying whose.

Items and delegations keep keys of their own (docs/concepts.md, "Items and
keys"), so ``authority delegate PRJ-1`` is recorded beside the item PRJ-1.
``audit authority PRJ-1`` read the item alone: the delegation's grant could
never be audited, and a board pack judging the grant found no verdict for it.
Now each is judged, in a table of its own titled whose; ``--json`` says
whose in each row's ``subject_kind``.
"""

from __future__ import annotations

import json

from tests.conftest import Cli

MEETING = (
    "--present",
    "hcarter,cdubois",
    "--vote",
    "hcarter=for,cdubois=for",
    "--actor",
    "hcarter",
)


def _governed(run: Cli) -> None:
    for person in ("hcarter", "cdubois", "mlee"):
        said = run("person", "add", person, "--name", person.title(), "-m", "Registered")
        assert said.exit_code == 0, said.output
    steps = [
        ("board", "create", "IC", "--name", "Investment Committee", "--terms", "Capital",
         "--unlimited", "--quorum", "2", "--authority", "Articles", "-m", "Constituted"),
        *[("board", "appoint", "IC", p, "--authority", "Articles", "-m", "Member")
          for p in ("hcarter", "cdubois", "mlee")],
        ("item", "propose", "PRJ-1", "--kind", "project", "--title", "Payroll", "--owner", "Dana",
         "--sponsor", "CFO", "--category", "Corporate", "-m", "Contract ends"),
        ("authority", "delegate", "PRJ-1", "--board", "IC", "--to", "mlee", "--limit", "GBP 1,000",
         *MEETING, "-m", "Small spends"),
    ]  # fmt: skip
    for step in steps:
        said = run(*step)
        assert said.exit_code == 0, said.output


def test_both_are_audited_each_under_its_own_title(run: Cli) -> None:
    _governed(run)

    result = run("audit", "authority", "prj-1")

    assert result.exit_code == 0, result.output
    assert "Authority of 1 decision on item PRJ-1: 0 invalid" in result.output
    assert "Authority of 1 decision on delegation PRJ-1: 0 invalid" in result.output
    assert result.output.index("on item PRJ-1") < result.output.index("on delegation PRJ-1")


def test_the_json_says_whose_each_decision_is(run: Cli) -> None:
    _governed(run)

    rows = json.loads(run("audit", "authority", "PRJ-1", "--json").stdout)

    assert [(r["subject_kind"], r["event"]) for r in rows] == [
        ("item", "proposed"),
        ("delegation", "authority delegated"),
    ]


def test_a_key_of_one_subject_reads_as_before(run: Cli) -> None:
    _governed(run)
    assert run("item", "propose", "PRJ-2", "--kind", "project", "--title", "T", "--owner", "O",
               "--sponsor", "S", "--category", "C", "-m", "Why").exit_code == 0  # fmt: skip

    result = run("audit", "authority", "PRJ-2")

    assert "Authority of 1 decision on PRJ-2: 0 invalid" in result.output
    assert (
        json.loads(run("audit", "authority", "PRJ-2", "--json").stdout)[0]["subject_kind"] == "item"
    )
