"""A board's meeting given hostile keys: a person key of 100,000 characters in --present,
--vote or an import's "present" and "votes", is refused naming its start and its length,
not echoed whole (the rule after it buried), and nothing is written; SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_governance import day, gov, propose
from tests.behaviour.test_meeting_and_window_usage import misused
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

LONG = "a" * 100_000
RULE = "is not a valid person key: use 1 to 64 letters"
SAID = f"{repr(LONG)[:77]}... (100,000 characters)"


def pause_line(folder: Path, meeting: dict[str, object]) -> Path:
    """A file of one import line pausing PRJ-042 by IC's meeting, ``meeting`` its attendance."""
    line = {"command": "item pause", "key": "PRJ-042", "board": "IC", **meeting,
            "actor": "hcarter", "role": "Chair", "rationale": "Minuted",
            "effective_date": day(1)}  # fmt: skip
    path = folder / "minutes.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "meeting",
    [
        ["--present", f"hcarter,cdubois,{LONG}", "--vote", "hcarter=for,cdubois=for"],
        ["--present", "hcarter,cdubois", "--vote", f"hcarter=for,{LONG}=for"],
    ],
    ids=["present", "vote"],
)
def test_a_person_key_of_100000_characters_is_named_by_its_start_and_length(
    gov: Cli, meeting: list[str]
) -> None:
    propose(gov)
    before = gov.events()

    result = gov("item", "reject", "PRJ-042", "--board", "IC", *meeting, "-m", "No case",
                 "--effective-date", day(1), "--actor", "hcarter", role="Chair")  # fmt: skip

    said = misused(gov, result, before, SAID, RULE)
    assert len(said) < 1_000, said[:300]


@pytest.mark.parametrize(
    "meeting",
    [
        {"present": ["hcarter", "cdubois", LONG], "votes": {"hcarter": "for"}},
        {"present": ["hcarter", "cdubois"], "votes": {"hcarter": "for", LONG: "for"}},
    ],
    ids=["present", "votes"],
)
def test_an_import_line_s_person_key_of_100000_characters_is_named_by_its_start_and_length(
    gov: Cli, tmp_path: Path, meeting: dict[str, object]
) -> None:
    propose(gov)
    path = pause_line(tmp_path, meeting)
    before = gov.events()

    said = misused(gov, gov("import", str(path)), before, "line 1:", SAID, RULE)

    assert len(said) < 1_000, said[:300]
