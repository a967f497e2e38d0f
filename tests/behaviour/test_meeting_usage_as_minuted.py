"""Minutes typed as a secretary types them: a member twice, a window or deferral backwards.

docs/governance.md: on every command taking ``--present`` (``item fund`` and ``item
set-tolerance`` too) and in an import's ``present``, a member listed twice, in any
spelling, spacing or repetition of the option, is bad usage naming ``--present`` (the
field, in an import); a delegation's ``--until`` before its ``--from``, and ``item
defer --until`` a day not after the deferral's own (today, by default), are bad usage
naming the day to give. Exit 2, nothing written, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.behaviour.test_governance import approve, day, gov, propose
from tests.behaviour.test_meeting_and_window_usage import misused
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

MEETING = ["--board", "IC", "--vote", "hcarter=for,cdubois=for", "--actor", "hcarter"]


def _approved(run: Cli) -> None:
    propose(run)
    result = approve(run, "500000", "--board", "IC", "--present", "hcarter,cdubois",
                     "--vote", "hcarter=for,cdubois=for", "--actor", "hcarter")  # fmt: skip
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "command",
    [
        ["item", "fund", "PRJ-042", "--budget", "GBP 600,000"],
        ["item", "set-tolerance", "PRJ-042", "--cost", "5%"],
    ],
    ids=["fund", "set-tolerance"],
)
def test_a_member_typed_twice_with_spaces_and_capitals_is_named(
    gov: Cli, command: list[str]
) -> None:
    _approved(gov)
    before = gov.events()

    result = gov(*command, *MEETING, "--present", "hcarter, cdubois ", "--present", " HCarter",
                 "-m", "Minuted", "--effective-date", day(2), role="Chair")  # fmt: skip

    misused(gov, result, before, "--present: hcarter is listed as present twice (as 'hcarter', "
            "'HCarter': a person's key ignores case)", "list each member present once with "
            "--present")  # fmt: skip
    again = gov(*command, *MEETING, "--present", "hcarter, cdubois ", "-m", "Minuted",
                "--effective-date", day(2), role="Chair")  # fmt: skip
    assert again.exit_code == 0, again.output


def test_an_import_s_lines_are_each_refused_naming_their_field(gov: Cli, tmp_path: Path) -> None:
    propose(gov)
    minuted = {"actor": "hcarter", "role": "Chair", "rationale": "Minuted"}
    lines = [
        {"command": "item approve", "key": "PRJ-042", "budget": "GBP 500,000", "board": "IC",
         "present": ["hcarter", "cdubois", "CDUBOIS"], "votes": {"hcarter": "for"},
         "effective_date": day(1), **minuted},
        {"command": "authority delegate", "key": "DEL-002", "board": "IC", "to": "mlee",
         "limit": "GBP 100,000", "present": ["hcarter", "cdubois"],
         "votes": {"hcarter": "for", "cdubois": "for"}, "effective_date": day(1),
         "valid_from": day(5), "valid_to": day(4), **minuted},
        {"command": "item defer", "key": "PRJ-042", "until": day(1), "authority": "IC",
         "effective_date": day(1), **minuted},
    ]  # fmt: skip
    path = tmp_path / "minutes.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    before = gov.events()

    result = gov("import", str(path))

    misused(
        gov, result, before,
        "line 1: present: cdubois is listed as present twice (as 'cdubois', 'CDUBOIS'",
        f"line 2: valid_to: delegation DEL-002 would end ({day(4)}) before it starts ({day(5)})",
        f"give it an end on or after {day(5)}",
        f"line 3: until: deferral of PRJ-042 must be until a date after its effective date "
        f"{day(1)}, not {day(1)}",
    )  # fmt: skip


def test_a_deferral_until_today_with_no_effective_date_is_bad_usage(gov: Cli) -> None:
    propose(gov)
    today = datetime.now(UTC).date()
    before = gov.events()

    result = gov("item", "defer", "PRJ-042", "--until", today.isoformat(),
                 "--authority", "Investment Committee", "-m", "Await the review")  # fmt: skip

    said = f"--until: deferral of PRJ-042 must be until a date after its effective date {today}"
    misused(gov, result, before, f"{said}, not {today}", f"give a day after {today}, or none")
    tomorrow = (today + timedelta(days=1)).isoformat()
    later = gov("item", "defer", "PRJ-042", "--until", tomorrow,
                "--authority", "Investment Committee", "-m", "Await the review")  # fmt: skip
    assert later.exit_code == 0, later.output


def test_a_window_starting_too_early_and_ending_earlier_is_said_at_once(gov: Cli) -> None:
    # Before, only --from was said; put right, the command was refused again for --until.
    before = gov.events()

    result = gov(
        "authority", "delegate", "DEL-002", "--board", "IC", "--to", "mlee",
        "--limit", "GBP 100,000", "--present", "hcarter,cdubois", *MEETING[2:],
        "-m", "Minuted", "--effective-date", day(10), "--from", day(5), "--until", day(3),
        role="Chair",
    )  # fmt: skip

    misused(
        gov, result, before, "2 invalid values",
        f"--from: delegation DEL-002 cannot be valid from {day(5)}, before it was made "
        f"({day(10)}); give it a start on or after {day(10)}",
        f"--until: delegation DEL-002 would end ({day(3)}) before it starts ({day(10)}, its "
        f"effective date)", f"give it an end on or after {day(10)}",
    )  # fmt: skip
