"""An auditor in New York, Kolkata or on the Chatham Islands asks of moments: all in UTC.

docs/concepts.md (*Two clocks*) says a time given with no offset is UTC, as the ledger
shows times, and a day on the recorded clock is a UTC day, whatever the machine's time
zone (``TZ``) or a PostgreSQL session's (``PGTZ``). The commands did so, but their
``--help``, where an auditor looks first, did not say it: ``--as-of TIME`` and
``audit trail``'s and ``audit export``'s ``--from``/``--to TIME`` named no zone, so a
New York auditor could take ``--to 2026-12-07T18:00`` as 18:00 in New York. Each now
says a time is UTC unless written with an offset.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.conftest import Cli
from tests.time_zones import time_zone

__all__ = ["time_zone"]  # the fixture, used by name

ZONES = ("America/New_York", "Asia/Kolkata", "Pacific/Chatham")
"""UTC-5 (DST: -4), UTC+5:30, UTC+13:45 (DST; +12:45): past local midnight before UTC is."""

TIME_OPTIONS = (
    (("portfolio",), "--as-of"),
    (("economics",), "--as-of"),
    (("item", "show"), "--as-of"),
    (("portfolio", "open"), "--as-of"),
    (("portfolio", "ranking"), "--as-of"),
    (("audit", "trail"), "--from"),
    (("audit", "trail"), "--to"),
    (("audit", "export"), "--from"),
    (("audit", "export"), "--to"),
)


def option_help(run: Cli, command: tuple[str, ...], option: str) -> str:
    """The words ``--help`` gives ``option`` of ``command``, joined on one line."""
    result = run(*command, "--help")
    assert result.exit_code == 0, result.output
    words = " ".join(result.output.split())
    start = words.index(f"{option} TIME")
    following = words.find(" --", start + len(option))
    return words[start : following if following > 0 else None]


@pytest.mark.sqlite_only("reads --help: no ledger is opened")
@pytest.mark.parametrize(("command", "option"), TIME_OPTIONS)
def test_help_says_a_time_without_an_offset_is_utc(
    run: Cli, time_zone: Callable[[str], None], command: tuple[str, ...], option: str
) -> None:
    time_zone("America/New_York")

    said = option_help(run, command, option)

    assert "UTC unless" in said, said
    assert "offset" in said, said


@pytest.mark.sqlite_only("reads --help: no ledger is opened")
def test_portfolio_diff_help_says_its_times_are_utc(run: Cli) -> None:
    result = run("portfolio", "diff", "--help")

    words = " ".join(result.output.split())
    assert "UTC unless written with an offset" in words, words


def test_a_time_without_an_offset_is_utc_in_every_zone(
    run: Cli, time_zone: Callable[[str], None]
) -> None:
    """The same instant, without an offset, with Z and with the zone's offset: one answer."""
    proposed = run(
        "item", "propose", "PRJ-001", "--kind", "project", "--title", "T", "--owner", "O",
        "--sponsor", "S", "--category", "C", "-m", "why",
    )  # fmt: skip
    assert proposed.exit_code == 0, proposed.output
    shown = run("audit", "trail", "--json")
    recorded = json.loads(shown.stdout)[0]["recorded_at"]  # 2026-12-07T17:25:59.699204Z
    bare = recorded.removesuffix("Z")
    for zone in ZONES:
        time_zone(zone)
        for given in (bare, recorded, bare.replace("T", " ")):
            trail = run("audit", "trail", "--from", given, "--to", given, "--json")
            assert trail.exit_code == 0, (zone, given, trail.output)
            assert [row["recorded_at"] for row in json.loads(trail.stdout)] == [recorded]
            keys = run("portfolio", "--as-of", given, "--json")
            assert keys.exit_code == 0, (zone, given, keys.output)
            assert [item["key"] for item in json.loads(keys.stdout)] == ["PRJ-001"]
        day = recorded[:10]
        assert run("item", "show", "PRJ-001", "--as-of", day).exit_code == 0, zone
