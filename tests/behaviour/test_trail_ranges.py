"""An audit trail's range given backwards is refused; a bad bound names its option.

``audit trail --from`` after ``--to`` was answered with an empty trail, exit
0 (an empty trail means "no record": README.md), and ``audit export`` wrote
an empty export and its manifest. They are refused, exit 2, as ``portfolio
diff`` refuses FROM after TO, on either clock, and nothing is written. A bound
that is not a moment was refused as *Invalid value: ...*, naming no option.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.behaviour.test_two_clocks_refusals import propose
from tests.conftest import Cli


@pytest.mark.parametrize(
    ("clock", "start", "end"),
    [
        ([], "2026-06-30", "2026-01-01"),
        ([], "2026-01-01T10:00:01Z", "2026-01-01T10:00:00.5Z"),
        ([], "2026-01-01T11:00+01:00", "2026-01-01T09:59:59Z"),
        (["--clock", "effective"], "2024-03-01", "2024-02-29"),
    ],
)
def test_a_trail_from_a_later_moment_to_an_earlier_one_is_refused(
    run: Cli, clock: list[str], start: str, end: str
) -> None:
    propose(run)

    result = run("audit", "trail", *clock, "--from", start, "--to", end)

    assert result.exit_code == 2, result.output
    assert f"'{start}' is later than --to '{end}'" in result.output
    assert f"Swap them: '--from {end} --to {start}'" in result.output
    assert "Traceback" not in result.output


def test_the_same_moment_at_both_ends_is_a_range(run: Cli) -> None:
    propose(run)

    for start, end in (
        ("2026-01-01T10:00:00Z", "2026-01-01T10:00:00Z"),
        ("2026-01-01T10:00:00.5Z", "2026-01-01T10:00:00Z"),  # to the end of that second
        ("2024-02-29", "2024-02-29"),
    ):
        result = run("audit", "trail", "--from", start, "--to", end)
        assert result.exit_code == 0, result.output


def test_an_export_of_a_backwards_range_is_refused_and_writes_nothing(
    run: Cli, tmp_path: Path
) -> None:
    propose(run)
    out = tmp_path / "trail.csv"

    result = run(
        "audit",
        "export",
        "--from",
        "2026-06-30",
        "--to",
        "2026-01-01",
        "--format",
        "csv",
        "--out",
        str(out),
    )

    assert result.exit_code == 2, result.output
    assert "'2026-06-30' is later than --to '2026-01-01'" in result.output
    assert list(tmp_path.glob("trail.csv*")) == []


@pytest.mark.parametrize(
    ("option", "clock"),
    [("--from", []), ("--to", []), ("--from", ["--clock", "effective"])],
)
def test_a_bad_bound_names_its_option(run: Cli, option: str, clock: list[str]) -> None:
    result = run("audit", "trail", *clock, option, "soon")

    assert result.exit_code == 2, result.output
    assert f"Invalid value for '{option}': 'soon' is not a" in result.output
