"""Every listing's filter reads its value without the spaces around it.

``audit trail --type "approved "`` was refused (no kind of decision is called
'approved ') while ``--actor "Ben Osei "``, ``--kind "project "`` and the rest
were read as their value: a value pasted with a space, or quoted in a script
with one, was taken or refused by which option it was given to. So was a
listing's grouping: ``--by "kind "`` was refused.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli

FILTERS = [
    ("audit", "trail", "--type", "approved"),
    ("audit", "trail", "--type", "ItemApproved"),
    ("audit", "trail", "--actor", "Ben Osei"),
    ("audit", "trail", "--item", "PRJ-001"),
    ("audit", "trail", "--organisation", "DDAT"),
    ("audit", "trail", "--category", "Corporate systems"),
    ("portfolio", "--kind", "project"),
    ("portfolio", "--stage", "in-delivery"),
    ("portfolio", "--rag", "red"),
    ("items", "list", "--organisation", "DDAT"),
    ("economics", "--category", "Corporate systems"),
    ("authority", "list", "--board", "IC"),
    ("authority", "list", "--to", "mlee"),
    ("portfolio", "--by", "kind"),
    ("economics", "--by", "organisation"),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    run = Cli(f"sqlite:///{tmp_path_factory.mktemp('ledger') / 'ledger.db'}")
    made = run("demo")
    assert made.exit_code == 0, made.output
    return run


@pytest.mark.parametrize("given", FILTERS, ids=[" ".join(f) for f in FILTERS])
def test_a_filter_given_with_spaces_around_it_selects_as_without(
    demo: Cli, given: tuple[str, ...]
) -> None:
    *command, option, value = given
    plain = demo(*command, option, value, "--json")
    assert plain.exit_code == 0, plain.output
    assert json.loads(plain.output), "the value selects something"

    for spaced in (f"{value} ", f" {value}", f"  {value}\t"):
        said = demo(*command, option, spaced, "--json")
        assert said.exit_code == 0, said.output
        assert json.loads(said.output) == json.loads(plain.output)
