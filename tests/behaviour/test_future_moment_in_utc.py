"""A moment after now, given in another time zone, is refused saying it in UTC beside now.

Before, `--as-of 2026-12-07T10:00:00-05:00` asked at 14:19 UTC on 2026-12-07 was refused
as in the future with only *today is 2026-12-07 in UTC; a date of today means the end of
today*: its day is today, so the refusal named no reason. It now says the moment in UTC
(15:00:00Z) and now, to the second. A day after today is said as before.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from tests.conftest import Cli


def test_a_future_time_in_another_zone_is_said_in_utc_beside_now(run: Cli) -> None:
    new_york = timezone(timedelta(hours=-5))
    later = (datetime.now(UTC) + timedelta(hours=2)).replace(microsecond=0)
    given = later.astimezone(new_york).isoformat()

    result = run("portfolio", "--as-of", given)

    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert "is in the future: the ledger cannot say what it will have recorded" in said
    assert f"(it is {later:%Y-%m-%dT%H:%M:%SZ} in UTC, and now is " in said
    assert "Traceback" not in result.output


def test_a_future_day_is_said_as_before(run: Cli) -> None:
    tomorrow = datetime.now(UTC).date() + timedelta(days=2)

    result = run("portfolio", "--as-of", tomorrow.isoformat())

    assert result.exit_code == 2, result.output
    assert "in UTC; a date of today means the end of today" in " ".join(result.output.split())
