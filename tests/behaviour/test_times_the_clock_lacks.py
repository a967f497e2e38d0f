"""A time of day the ledger's clock lacks (24:00, a leap second) is refused saying which and why.

``--as-of 2026-12-06T24:00`` was refused as any unreadable text is ("is not a
time; write <forms>"), though ISO 8601 writes a day's end so; a digest line
whose recorded time was 24:00 or second 60 printed Python's strptime text and
ended its message "was it edited?." Each now names the value, the rule and the fix.
"""

from __future__ import annotations

import pytest

from tests.conftest import Cli

PROPOSE = (
    "item", "propose", "PRJ-1", "--kind", "project", "--title", "Payroll", "--owner", "Dana",
    "--sponsor", "CFO", "--category", "Corporate", "-m", "Contract ends",
)  # fmt: skip


def _said(output: str) -> str:
    return " ".join(output.split())


@pytest.mark.parametrize(
    ("clock", "rule"),
    [
        ("24:00:00", "24:00 is not a time the ledger reads (a day runs from 00:00 to 23:59:59)"),
        ("04:18:60", "second 60 (a leap second) is not a time the ledger reads"),
    ],
)
def test_a_digest_with_a_time_the_clock_lacks_names_it_the_rule_and_the_fix(
    run: Cli, clock: str, rule: str
) -> None:
    assert run(*PROPOSE).exit_code == 0
    digest = run("audit", "digest").stdout.strip()
    recorded = digest.split("recorded=", 1)[1].split(" ", 1)[0]
    edited = digest.replace(recorded, f"{recorded[:10]}T{clock}Z")

    result = run("audit", "verify", "--digest", edited)

    assert result.exit_code == 2, result.output
    said = _said(result.output)
    assert f"recorded '{recorded[:10]}T{clock}Z' is not a real UTC time: {rule}" in said
    assert "copy it again, whole, from where it was kept" in said
    assert "does not match format" not in said
    assert "must be in" not in said
    assert "?." not in said


@pytest.mark.parametrize(
    ("asked", "offset"),
    [
        ("2026-12-06T24:00", ""),
        ("2026-12-06T24:00:00Z", "Z"),
        ("2026-12-06 24:00+01:00", "+01:00"),
        ("20261206T2400", ""),
    ],
)
@pytest.mark.parametrize("command", [("portfolio",), ("audit", "trail")])
def test_24_00_is_refused_saying_to_write_the_next_day_s_00_00(
    run: Cli, asked: str, offset: str, command: tuple[str, ...]
) -> None:
    assert run(*PROPOSE).exit_code == 0

    result = run(*command, "--as-of" if command == ("portfolio",) else "--to", asked)

    assert result.exit_code == 2, result.output
    assert (
        f"'{asked}' is not a time: 24:00 is not a time the ledger reads (a day runs from 00:00 "
        f"to 23:59:59); write the next day's 00:00 (2026-12-07T00:00{offset}), or 23:59:59 for "
        f"the end of the day (2026-12-06T23:59:59{offset})"
    ) in _said(result.output)


@pytest.mark.parametrize(
    ("asked", "rule"),
    [
        ("2026-12-05T23:59:60Z", "second 60 (a leap second) is not a time the ledger reads"),
        ("2026-12-05T25:00", "there is no hour 25 (a day's hours run from 00 to 23)"),
        ("2026-12-05T10:60", "there is no minute 60 (an hour's minutes run from 00 to 59)"),
    ],
)
def test_a_time_of_day_the_clock_lacks_names_the_part(run: Cli, asked: str, rule: str) -> None:
    result = run("portfolio", "--as-of", asked)

    assert result.exit_code == 2, result.output
    assert f"'{asked}' is not a time: {rule}" in _said(result.output)
