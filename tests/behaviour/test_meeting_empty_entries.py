"""A board's meeting given with an empty entry: ``--present hcarter,,cdubois``, a comma at
an end, ``--present ""`` or ``--vote ""`` is bad usage naming the option, the empty place and
the fix, not a meeting with a member (or every vote) silently left out; an import line's
empty or malformed person key in "present" or "votes" is named as the line wrote it
(``votes[""]``); nothing is written; SQLite and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.behaviour.test_governance import day, gov, propose
from tests.behaviour.test_hostile_mandates import pause_line
from tests.behaviour.test_meeting_and_window_usage import misused
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

VOTES = "hcarter=for,cdubois=for"
FIX_PRESENT = "list each member present by person key, comma-separated"
FIX_VOTE = "give each vote as KEY=for|against|abstain"


@pytest.mark.parametrize(
    ("present", "votes", "said"),
    [
        ("hcarter,,cdubois", VOTES, ["--present", "entry 2 of 3 in 'hcarter,,cdubois' is empty"]),
        ("hcarter,cdubois,", VOTES, ["--present", "entry 3 of 3 in 'hcarter,cdubois,' is empty"]),
        ("hcarter, ,cdubois", VOTES, ["--present", "entry 2 of 3", "is empty"]),
        ("", VOTES, ["--present", "given empty, it names no member", FIX_PRESENT]),
        ("hcarter,cdubois", "hcarter=for,,cdubois=for", ["--vote", "entry 2 of 3", FIX_VOTE]),
        ("hcarter,cdubois", "", ["--vote", "given empty, it gives no vote", FIX_VOTE]),
        ("hcarter,cdubois", "=for", ["--vote", "'=for': write each vote as KEY=for"]),
        ("hcarter,cdubois", "hcarter=", ["--vote", "'hcarter=': write each vote as KEY=for"]),
    ],
    ids=[
        *("between", "at-end", "blank", "present-empty"),
        *("vote-between", "vote-empty", "no-key", "no-vote"),
    ],
)
def test_an_empty_or_half_entry_in_a_meeting_is_bad_usage(
    gov: Cli, present: str, votes: str, said: list[str]
) -> None:
    propose(gov)
    before = gov.events()

    result = gov("item", "reject", "PRJ-042", "--board", "IC", "--present", present,
                 "--vote", votes, "-m", "No case", "--effective-date", day(1),
                 "--actor", "hcarter", role="Chair")  # fmt: skip

    misused(gov, result, before, *said)


@pytest.mark.parametrize(
    ("meeting", "said"),
    [
        ({"present": ["hcarter", "", "cdubois"], "votes": {"hcarter": "for"}}, "present.1: ''"),
        (
            {"present": ["hcarter", "cdubois"], "votes": {"hcarter": "for", "": "for"}},
            "votes[\"\"]: ''",
        ),
        (
            {"present": ["hcarter", "cdubois"], "votes": {"hcarter": "for", "Bad Key": "for"}},
            "votes[\"Bad Key\"]: 'Bad Key'",
        ),
    ],
    ids=["present", "votes-empty-key", "votes-bad-key"],
)
def test_an_import_line_s_empty_or_bad_person_key_is_named_as_the_line_wrote_it(
    gov: Cli, tmp_path: Path, meeting: dict[str, object], said: str
) -> None:
    propose(gov)
    path = pause_line(tmp_path, meeting)
    before = gov.events()

    words = misused(gov, gov("import", str(path)), before, "line 1:", said)

    assert "is not a valid person key" in words
    assert ".[key]" not in words
