"""An item's objectives in words, each told apart: one objective ``A, B`` is not two.

The objectives are written as ``Net zero, Digital``; a name holding a comma, or
beginning with a double quote, in double quotes with each double quote in it
doubled (``domain.change_words.names_in_words``), wherever a list of them is
words: ``item show``, ``portfolio diff``.
"""

from __future__ import annotations

import json

from tests.conftest import Cli

DAY, AMENDED_ON = "2026-01-05", "2026-02-01"
BEFORE, AFTER = "2026-01-20", "2026-03-01"


def recorded(run: Cli, first: tuple[str, ...], then: tuple[str, ...] | None = None) -> None:
    """T-1 onboarded serving ``first`` on DAY; its objectives amended to ``then``, if given."""
    steps = [
        ("item", "onboard", "T-1", "--title", "Item T-1", "--category", "Digital",
         *[arg for name in first for arg in ("--objective", name)],
         "--authority", "PMO", "-m", "baseline", "--effective-date", DAY),
    ]  # fmt: skip
    if then is not None:
        steps.append(
            ("item", "amend", "T-1", *[arg for name in then for arg in ("--objective", name)],
             "-m", "realigned", "--effective-date", AMENDED_ON)
        )  # fmt: skip
    for args in steps:
        result = run(*args)
        assert result.exit_code == 0, result.output


def test_item_show_tells_one_objective_holding_a_comma_from_two(run: Cli) -> None:
    recorded(run, ("Cheaper, faster services", "Net zero"))

    result = run("item", "show", "T-1")

    assert result.exit_code == 0, result.output
    # Before: 'Cheaper, faster services, Net zero', three objectives as it reads.
    assert 'Objectives          "Cheaper, faster services", Net zero\n' in result.output


def test_diff_tells_names_beginning_with_a_quote_from_one_holding_a_comma(run: Cli) -> None:
    recorded(run, ('"A', 'B"'), ("A, B",))

    result = run("portfolio", "diff", "--effective", BEFORE, AFTER, "--json")

    assert result.exit_code == 0, result.output
    # Before: '"A, B"' to '"A, B"', a change that read as none.
    assert [(c["change"], c["before"], c["after"]) for c in json.loads(result.output)] == [
        ("objectives", '"""A", B"', '"A, B"')
    ]
