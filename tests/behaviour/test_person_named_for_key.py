"""A person's name given where their key goes is refused, naming the key to give.

``authority list`` shows a delegate as *Marcus Lee (mlee)*; ``authority list --to
"Marcus Lee"`` (and ``authority delegate --to``, ``board appoint IC "Marcus Lee"``)
was told only that *'Marcus Lee' is not a valid person key*, with the rule for
keys. Where the ledger holds the person the text names, the refusal gives the key
(bad usage, exit 2, nothing written); any other text is told the rule, as before.
"""

from __future__ import annotations

from tests.behaviour.test_governance import day, gov
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

GIVE = "is not a person key; it names mlee: give mlee"


def _refused(run: Cli, *args: str) -> str:
    before = run.events()
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert run.events() == before
    return " ".join(result.output.split())


def test_a_name_for_a_key_is_told_the_key(gov: Cli) -> None:
    for name in ("Marcus Lee", "marcus  LEE", "Marcus Lee (mlee)"):
        said = _refused(gov, "authority", "list", "--to", name)
        assert f"'{' '.join(name.split())}' {GIVE}" in said
    said = _refused(
        gov, "authority", "delegate", "DEL-009", "--board", "IC", "--to", "Marcus Lee",
        "--limit", "GBP 1,000", "--present", "hcarter,cdubois", "--actor", "hcarter",
        "-m", "Delegated", "--effective-date", day(2),
    )  # fmt: skip
    assert f"'Marcus Lee' {GIVE}" in said
    said = _refused(gov, "board", "appoint", "IC", "Marcus Lee", "--authority", "EB",
                    "--actor", "hcarter", "-m", "Appointed")  # fmt: skip
    assert f"Invalid value for 'PERSON': 'Marcus Lee' {GIVE}" in said


def test_a_text_naming_nobody_is_told_the_rule(gov: Cli) -> None:
    said = _refused(gov, "authority", "list", "--to", "Nobody Here")
    assert "'Nobody Here' is not a valid person key: use 1 to 64 letters" in said
    assert "it names" not in said


def test_a_key_is_read_as_a_key(gov: Cli) -> None:
    result = gov("authority", "list", "--to", "MLEE", "--json")
    assert result.exit_code == 0, result.output


def test_a_name_written_as_a_key_names_its_person_where_no_one_has_that_key(gov: Cli) -> None:
    # A one-word name ('Okafor') is a valid key too: it was told 'no person okafor in this
    # ledger; register them with person add', a second registration of someone registered.
    added = gov("person", "add", "dokafor", "--name", "Okafor", "-m", "Registered")
    assert added.exit_code == 0, added.output
    said = _refused(gov, "authority", "list", "--to", "okafor")
    assert "'okafor' is not a person key; it names dokafor: give dokafor" in said
    said = _refused(gov, "board", "appoint", "IC", "Okafor", "--authority", "EB",
                    "--actor", "hcarter", "-m", "Appointed")  # fmt: skip
    assert "'Okafor' is not a person key; it names dokafor: give dokafor" in said
    # A key held is its person's, whoever else a name names.
    assert gov("person", "add", "okafor", "--name", "Ola Okafor", "-m", "Reg").exit_code == 0
    assert gov("authority", "list", "--to", "okafor").exit_code == 0
