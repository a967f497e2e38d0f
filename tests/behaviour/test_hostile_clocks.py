"""Times and days given as a careless or hostile user gives them, on both databases.

What the two clocks take is in docs/concepts.md (*Two clocks*, *Both clocks, in
SQL*). Here: an instant finer than the microsecond the ledger records to, the same
instant written in several offsets between two decisions recorded in one second, a
value thousands of characters long, a time where a day is asked, a year after 9999,
``person list`` asked of a moment, and a PostgreSQL time setting from the client's
environment (``PGTZ``) that names nothing.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import Cli

PROPOSE = ("--kind", "project", "--title", "T", "--owner", "O", "--sponsor", "S")


def propose(run: Cli, key: str, *extra: str) -> None:
    result = run("item", "propose", key, *PROPOSE, "--category", "C", "-m", "why", *extra)
    assert result.exit_code == 0, result.output


# -- what a refusal quotes ------------------------------------------------------------------------

LONG = "2026-12-01" * 1000


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["portfolio", "--as-of", LONG], "--as-of"),
        (["economics", "--effective-on", LONG], "--effective-on"),
        (["audit", "trail", "--from", LONG], "--from"),
        (["audit", "trail", "--clock", "effective", "--to", LONG], "--to"),
        (["report", "board-pack", "--as-at", LONG, "--json"], "--as-at"),
        (["item", "show", "PRJ-1", "--as-of", "2025-02-29T" + LONG], "--as-of"),
        (["portfolio", "diff", LONG, "2026-01-01"], "FROM"),
    ],
)
def test_a_moment_thousands_of_characters_long_is_quoted_cut(
    run: Cli, args: list[str], option: str
) -> None:
    """Echoed whole (10,000 characters) it buried the refusal, as a recorded date's never was."""
    propose(run, "PRJ-1")

    result = run(*args)

    assert result.exit_code == 2, result.output
    assert f"Invalid value for {option}" in result.output.replace("'", "")
    assert re.search(r"'(2025-02-29T)?2026-12-01[0-9-]*\.\.\. ", result.output)  # its start
    assert len(result.output) < 1_000
    assert run.events() == 1


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["portfolio", "--effective-on", "2026-12-06T23:00-05:00"],
            "give the day alone, 2026-12-06",
        ),
        (
            ["audit", "trail", "--clock", "effective", "--from", "2026-12-01 10:00"],
            "alone, 2026-12-01",
        ),
        (["report", "board-pack", "--as-at", "2026-12-01T00:00Z", "--json"], "alone, 2026-12-01"),
        (["portfolio", "--effective-on", "10000-01-01"], "the calendar ends with year 9999"),
        (["portfolio", "--as-of", "10000-01-01T00:00Z"], "the calendar ends with year 9999"),
    ],
)
def test_a_time_where_a_day_is_asked_or_a_year_past_9999_says_why(
    run: Cli, args: list[str], said: str
) -> None:
    """As recording says of ``--effective-date 2026-12-06T10:00Z``; before: only *not a date*."""
    propose(run, "PRJ-1")

    result = run(*args)

    assert result.exit_code == 2, result.output
    assert said in " ".join(result.output.split())
    assert "Traceback" not in result.output
