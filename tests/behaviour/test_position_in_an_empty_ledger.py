"""A position named on a ledger that holds no decision yet, on SQLite and PostgreSQL.

A new user who runs ``decision correct 1`` (or ``annul``, or ``audit prove 1``)
before anything is recorded, or with ``--db`` naming another ledger, was told
*its positions run from 1 to 0* (or that it holds 0 events and that ``audit
trail`` lists their positions): a range that is none, and a listing that is
empty. The refusal says the ledger holds none yet and what to check.
"""

from __future__ import annotations

from tests.conftest import Cli

PUT_RIGHT = ("--authority", "PMO record-keeping procedure", "-m", "Put right")


def test_putting_right_a_position_of_an_empty_ledger_says_it_holds_none(run: Cli) -> None:
    assert run("init").exit_code == 0
    for command in (
        ("decision", "correct", "1", "--set", "rationale=Better", *PUT_RIGHT),
        ("decision", "annul", "3", *PUT_RIGHT),
    ):
        refused = run(*command)
        assert refused.exit_code == 1, refused.output
        said = " ".join(refused.output.split())
        assert f"no decision at position {command[2]}: it holds none yet" in said, said
        assert "names the ledger the decision was recorded in" in said, said
        assert "from 1 to 0" not in said, said
        assert "Traceback" not in refused.output
    assert run.events() == 0


def test_proving_a_position_of_an_empty_ledger_says_it_holds_none(run: Cli) -> None:
    assert run("init").exit_code == 0
    refused = run("audit", "prove", "1")
    assert refused.exit_code == 1, refused.output
    said = " ".join(refused.output.split())
    assert "no event at position 1: it holds none yet" in said, said
    assert "lists their positions" not in said, said
    assert run.events() == 0


def test_a_position_beyond_a_ledger_that_holds_some_still_names_its_range(run: Cli) -> None:
    assert run("person", "add", "hcarter", "--name", "Helen Carter", "-m", "Set up").exit_code == 0
    refused = run("decision", "correct", "7", "--set", "rationale=Better", *PUT_RIGHT)
    assert refused.exit_code == 1, refused.output
    assert "its positions run from 1 to 1" in " ".join(refused.output.split())
    proof = run("audit", "prove", "7")
    assert proof.exit_code == 1, proof.output
    assert "it holds 1 event;" in " ".join(proof.output.split())
    assert run.events() == 1
