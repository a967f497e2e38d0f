"""No one puts right their own registration: who a person is decides what is kept from them.

Segregation of duties compares a person's key, name and posts with an item's
sponsor. Marcus Lee, Chief Information Officer, sponsors by his post an item
sponsored by "Chief Information Officer": he corrected his own registration
to drop the post ('decision correct 2 --set roles=Director --actor mlee', exit
0), then voted for the item at IC's meeting, recorded, and the audit said
valid. Now a correction of a registration that changes more than its words,
recorded by the person it registers (their key, name or a post they hold,
before or after), is refused, exit 1, nothing written; anyone else records it.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.behaviour.test_governance import gov, propose, refused
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

MLEE = 2  # mlee's registration, after hcarter's
RULE = (
    "(segregation of duties: who a person is, their name and the posts they hold, decides "
    "what they may not decide); someone else records it (--actor). Nothing was written."
)


def correct(run: Cli, change: str, actor: str) -> Any:
    return run("decision", "correct", str(MLEE), "--set", change, "--authority", "HR records",
               "-m", "Registered wrongly", actor=actor)  # fmt: skip


@pytest.mark.parametrize(
    ("change", "actor"),
    [
        ("roles=Director", "mlee"),
        ("roles=Director", "Chief Information Officer"),
        ("roles=Director", "director"),  # the post it would give him
        ("name=Mark Leigh", "Marcus Lee"),
    ],
)
def test_a_person_does_not_correct_their_own_registration(
    gov: Cli, change: str, actor: str
) -> None:
    propose(gov, sponsor="Chief Information Officer")
    before = gov.events()

    result = correct(gov, change, actor)

    refused(gov, result, before, f"Marcus Lee (mlee) may not correct position {MLEE} "
            f"(person registered) on themselves {RULE}")  # fmt: skip


def test_someone_else_corrects_it_and_its_words_are_theirs(gov: Cli) -> None:
    words = correct(gov, "rationale=Registered for IC", "mlee")
    post = correct(gov, "roles=Director", "Sam Patel")

    assert words.exit_code == 0, words.output
    assert post.exit_code == 0, post.output
