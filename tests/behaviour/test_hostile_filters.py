"""Filters given more than any item holds: a value of 100,000 characters, or 10,000 values.

'No items match: no item has organisation xxx...' echoed a 100,000-character value whole,
and every one of 10,000 values given, burying the values items do have: the value is said
by its start and its length, and the first 20 values with how many more. A value of
characters that show nothing (U+200B) is blank, as an empty one is. `portfolio open`,
`items list` and `portfolio` alike, and any value said back (an `--actor`, a choice); SQLite
and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli

COMMANDS = [["portfolio", "open"], ["items", "list"], ["portfolio"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_filter_value_longer_than_any_is_said_by_its_start_and_length(
    shared_demo: Cli, command: list[str]
) -> None:
    result = shared_demo(*command, "--organisation", "x" * 100_000)

    said = " ".join(result.output.split())
    assert result.exit_code == 0, said[:500]
    assert f"no item has organisation {'x' * 60}... (100,000 characters); organisations" in said
    assert "organisations in the ledger: CITZ, CORP, DDAT, OPS" in said
    assert len(said) < 1_000, said[:500]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_ten_thousand_values_no_item_has_are_said_as_twenty_and_how_many_more(
    shared_demo: Cli, command: list[str]
) -> None:
    given = ",".join(f"c{number}" for number in range(10_000))

    result = shared_demo(*command, "--category", given)

    said = " ".join(result.output.split())
    assert result.exit_code == 0, said[:500]
    assert "no item has category c0, c1, c2, c3," in said
    assert "c18, c19 and 9,980 more; categories in the ledger: " in said
    assert "c20," not in said
    assert len(said) < 1_000, said[:500]


@pytest.mark.parametrize("command", [*COMMANDS, ["audit", "trail"]], ids=" ".join)
@pytest.mark.parametrize("given", ["\u200b", "\u2060,\ufeff", " \u3164 "], ids=repr)
def test_a_filter_of_characters_that_show_nothing_is_refused_as_blank(
    shared_demo: Cli, command: list[str], given: str
) -> None:
    """'No items match: no item has organisation ' named a value nobody could see."""
    result = shared_demo(*command, "--organisation", given)

    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    assert f"Invalid value for '--organisation': {given!r} is blank: give what to select" in said


def test_the_longest_value_said_whole_is_the_longest_name_an_item_holds() -> None:
    from portfolio_ledger.cli.options import LONGEST
    from portfolio_ledger.domain.decision import MAX_NAME

    assert LONGEST == MAX_NAME


LONG = "x" * 100_000
GIVEN_LONG = [
    (["audit", "trail", "--actor", LONG], 1, "no decision was recorded by "),
    (["audit", "export", "--actor", LONG], 1, "no decision was recorded by "),
    (["audit", "trail", "--type", LONG], 2, "no kind of decision is called "),
    (["audit", "trail", "--clock", LONG], 2, "Invalid value for '--clock': "),
    (["economics", "--by", LONG], 2, "Invalid value for '--by': "),
    (["portfolio", "--stage", LONG], 2, "Invalid value for '--stage': "),
    (["decision", "correct", "5", "-m", "Why", "--set", LONG], 2, "Invalid value for --set: "),
]


@pytest.mark.parametrize(("argv", "code", "words"), GIVEN_LONG, ids=lambda v: str(v)[:30])
def test_a_value_longer_than_any_name_is_said_by_its_start_and_length(
    shared_demo: Cli, argv: list[str], code: int, words: str, tmp_path: Path
) -> None:
    """'no decision was recorded by 'xxx...'', 'no kind of decision is called', a choice's and
    a --set's refusal echoed a 100,000-character value whole, as the item filters no longer
    do, burying what follows (the actors the trail has, the choices)."""
    out = ["--out", str(tmp_path / "trail.csv")] if argv[1] == "export" else []

    result = shared_demo(*argv, *out)

    said = " ".join(result.output.split())
    assert result.exit_code == code, said[:500]
    assert f"{words}{'x' * 60}... (100,000 characters)" in said
    assert len(said) < 1_500, said[:500]
    assert list(tmp_path.iterdir()) == []
