"""A board's limit is --limit or --unlimited: the refusal says which mistake was made."""

from __future__ import annotations

from tests.conftest import Cli

CREATE = ("board", "create", "X1", "--name", "X", "--terms", "t", "--quorum", "1",
          "--authority", "Articles", "-m", "Constituted")  # fmt: skip


def test_both_a_limit_and_unlimited_are_refused_as_both(run: Cli) -> None:
    both = run(*CREATE, "--limit", "5", "--unlimited")

    assert both.exit_code == 2
    assert "not both" in both.output
    assert run.events() == 0


def test_neither_is_refused_saying_what_unlimited_means(run: Cli) -> None:
    neither = run(*CREATE)

    assert neither.exit_code == 2
    assert "--unlimited for a board with no limit" in neither.output
    assert "not both" not in neither.output
