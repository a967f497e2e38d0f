"""A view asked of a moment with a fraction of a second says that moment, not the second."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest

from portfolio_ledger.domain.clock import utc_text
from tests.conftest import Cli


def half_a_second_after(run: Cli) -> str:
    """A moment at half past a second, after the ledger's first item was recorded, and passed."""
    trail = json.loads(run("audit", "trail", "--json").output)
    recorded = datetime.fromisoformat(trail[0]["recorded_at"])
    moment = recorded.replace(microsecond=500_000)
    if moment <= recorded:
        moment += timedelta(seconds=1)
    while datetime.now(UTC) <= moment:
        time.sleep(0.05)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.5Z"


@pytest.fixture
def one_item(run: Cli) -> Cli:
    result = run(
        "item", "propose", "PRJ-1", "--kind", "project", "--title", "Payroll",
        "--owner", "Dana", "--sponsor", "CFO", "--category", "Corporate", "-m", "Needed",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return run


@pytest.mark.parametrize(
    "command",
    [
        ("portfolio",),
        ("portfolio", "ranking"),
        ("economics",),
        ("item", "show", "PRJ-1"),
    ],
    ids=" ".join,
)
def test_a_title_says_the_moment_as_asked_to_its_fraction_of_a_second(
    one_item: Cli, command: tuple[str, ...]
) -> None:
    # '--as-of ...T12:00:00.5Z' was shown as '...T12:00:00Z': a different moment (the
    # end of that second, which --as-of ...T12:00:00Z means) from the one asked.
    moment = half_a_second_after(one_item)

    result = one_item(*command, "--as-of", moment)

    assert result.exit_code == 0, result.output
    assert f"as recorded by {moment}" in result.output


def test_a_moment_before_the_first_record_is_said_as_asked(one_item: Cli) -> None:
    result = one_item("portfolio", "--as-of", "2020-01-01T12:00:00.25Z")

    assert "No item had been recorded by 2020-01-01T12:00:00.25Z" in result.output


def test_a_day_or_a_second_is_said_to_the_second_as_before(one_item: Cli) -> None:
    day = one_item("portfolio", "--as-of", "2026-06-30")
    second = one_item("portfolio", "--as-of", "2026-06-30T12:00:00Z")

    assert "by 2026-06-30T23:59:59Z" in day.output
    assert "by 2026-06-30T12:00:00Z" in second.output


@pytest.mark.parametrize(
    ("moment", "said"),
    [
        (datetime(2026, 6, 30, 12, 0, 0, 500_000, tzinfo=UTC), "2026-06-30T12:00:00.5Z"),
        (datetime(2026, 6, 30, 12, 0, 0, 120_000, tzinfo=UTC), "2026-06-30T12:00:00.12Z"),
        (datetime(2026, 6, 30, 12, 0, 0, 1, tzinfo=UTC), "2026-06-30T12:00:00.000001Z"),
        (datetime(2026, 6, 30, 12, 0, 0, 999_999, tzinfo=UTC), "2026-06-30T12:00:00Z"),
        # the start of a second is an instant: '12:00:00Z' would name the second's end
        (datetime(2026, 6, 30, 12, 0, 0, tzinfo=UTC), "2026-06-30T12:00:00.0Z"),
    ],
)
def test_a_moment_asked_is_said_with_its_fraction_and_the_end_of_a_second_without(
    moment: datetime, said: str
) -> None:
    assert utc_text(moment, asked=True) == said
    assert utc_text(moment) == said[:19] + "Z"  # a recorded time: to the second


def test_an_instant_at_the_start_of_a_second_is_said_as_that_instant(one_item: Cli) -> None:
    # '--as-of ...T12:00:00.000000Z' (a time as --json writes it) was titled
    # '...T12:00:00Z', which --as-of reads as the end of that second: another moment.
    result = one_item("portfolio", "--as-of", "2020-01-01T12:00:00.000000Z")

    assert result.exit_code == 0, result.output
    assert "No item had been recorded by 2020-01-01T12:00:00.0Z " in result.output


@pytest.mark.parametrize(
    "moment", ["2020-01-01T12:00:00.Z", "2020-01-01T12:00,Z", "2020-01-01T12:00:00."]
)
@pytest.mark.parametrize(
    "command",
    [
        ("portfolio", "--as-of"),
        ("economics", "--as-of"),
        ("item", "show", "PRJ-1", "--as-of"),
        ("portfolio", "ranking", "--as-of"),
        ("portfolio", "diff", "2020-01-01"),
        ("audit", "trail", "--from"),
    ],
    ids=" ".join,
)
def test_a_decimal_sign_with_no_digits_is_refused_on_every_command(
    one_item: Cli, command: tuple[str, ...], moment: str
) -> None:
    # '12:00:00.Z' was read as the instant 12:00:00.000000 and titled '12:00:00Z' (the end
    # of that second): 'Nothing had been recorded by ...' the second a decision was in.
    result = one_item(*command, moment)

    assert result.exit_code == 2, result.output
    assert "has a decimal sign with no digits after it" in result.output


@pytest.mark.parametrize(
    ("given", "said"),
    [
        # ' 2020-06-30' (a space pasted) was titled 'Between  2020-06-30', and '20200630'
        # as typed: each is now said as read, as --effective-on and --as-of say theirs.
        ((" 2020-06-30", "20201201", "--effective"), "Between 2020-06-30 and 2020-12-01 "),
        ((" 2020-06-30", "2100-W01-1", "--effective"), "Between 2020-06-30 and 2100-01-04 "),
        (
            ("20200630 ", "2020-07-01T12:00:00.5Z"),
            "Between 2020-06-30T23:59:59Z and 2020-07-01T12:00:00.5Z ",
        ),
        (
            ("2020-06-30 10:00 +01:00", "2020-W27-3"),
            "Between 2020-06-30T09:00:59Z and 2020-07-01T23:59:59Z ",
        ),
    ],
    ids=["effective", "effective joined", "recorded", "recorded offset"],
)
def test_a_diff_says_from_and_to_as_it_read_them(
    one_item: Cli, given: tuple[str, ...], said: str
) -> None:
    result = one_item("portfolio", "diff", *given)

    assert result.exit_code == 0, result.output
    assert result.output.startswith(said), result.output
