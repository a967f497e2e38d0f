"""A day the calendar does not have is refused, exit 2, saying which part is wrong.

Recording said so already (*that month has no such day*); the read options
(``--as-of``, ``--effective-on``, ``portfolio diff``, ``audit trail``, the
board pack's ``--as-at``) said only *is not a date; write YYYY-MM-DD* of
``2025-02-29``, which is written so.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import Cli


def propose(run: Cli) -> None:
    result = run(
        "item", "propose", "PRJ-1", "--kind", "project", "--title", "T", "--owner", "O",
        "--sponsor", "S", "--category", "C", "-m", "why", "--effective-date", "2024-02-29",
    )  # fmt: skip
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "args",
    [
        ["portfolio", "--effective-on", "2025-02-29"],
        ["portfolio", "--as-of", "2025-02-29"],
        ["portfolio", "--as-of", "2025-02-29T10:00Z"],
        ["economics", "--as-of", "20250229"],
        ["item", "show", "PRJ-1", "--effective-on", "2025-02-29"],
        ["portfolio", "diff", "--effective", "2025-02-29", "2025-03-01"],
        ["portfolio", "diff", "2025-02-29", "2025-03-01"],
        ["audit", "trail", "--from", "2025-02-29"],
        ["audit", "trail", "--clock", "effective", "--to", "2025-02-29"],
        ["report", "board-pack", "--as-at", "2025-02-29", "--json"],
    ],
)
def test_a_day_the_calendar_does_not_have_is_named(run: Cli, args: list[str]) -> None:
    result = run(*args)

    assert result.exit_code == 2, result.output
    assert "2025-02 has no day 29" in result.output
    assert "Traceback" not in result.output


def test_a_month_the_calendar_does_not_have_is_named(run: Cli) -> None:
    for args in (
        ["portfolio", "--effective-on", "2026-13-01"],
        ["audit", "trail", "--to", "2026-13-01"],
    ):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert "there is no month 13" in result.output


def test_29_february_of_a_leap_year_is_a_day(run: Cli) -> None:
    propose(run)

    for args in (
        ["portfolio", "--effective-on", "2024-02-29", "--json"],
        ["audit", "trail", "--clock", "effective", "--from", "2024-02-29", "--json"],
    ):
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert "PRJ-1" in result.output


def test_a_pack_on_the_recorded_clock_after_today_is_refused(run: Cli) -> None:
    """As ``--as-of`` after now is: what the ledger will have recorded by then is not known."""
    propose(run)
    today = datetime.now(UTC).date()
    tomorrow = (today + timedelta(days=1)).isoformat()

    refused = run("report", "board-pack", "--as-at", tomorrow, "--clock", "recorded", "--json")
    effective = run("report", "board-pack", "--as-at", tomorrow, "--json")
    taken = run(
        "report", "board-pack", "--as-at", today.isoformat(), "--clock", "recorded", "--json"
    )

    assert refused.exit_code == 2, refused.output
    assert f"Invalid value for '--as-at': '{tomorrow}' is in the future" in refused.output
    assert "--clock effective" in refused.output
    assert (effective.exit_code, taken.exit_code) == (0, 0), effective.output + taken.output
