"""``audit authority`` flags a member who answered to the sponsor until their registration changed.

Segregation of duties compares people with an item's sponsor by their key, name and
the posts their registration says they hold. A person may not put their own
registration right (docs/governance.md, *No one puts right their own registration*),
but anyone else may: Sam Patel corrects the CIO's registration to hold "Head of IT",
and the CIO then votes for the item the "Chief Information Officer" sponsors. As
corrected, he never held the post, so the approval is valid, as it should stay (the
correction may be right); but the record did say he held it, as it says of a
sponsor corrected away, which is flagged (*sponsor at another time*). Before, this
was valid without a word; now it is flagged alike, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json

from tests.behaviour.test_audit_stood_aside import checked
from tests.behaviour.test_governance import approve, gov, propose
from tests.behaviour.test_governance_record_keeping import PUT_RIGHT
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

MEETING = ["--board", "IC", "--present", "hcarter,mlee,cdubois", "--actor", "hcarter"]
ALL_FOR = ["--vote", "hcarter=for,mlee=for,cdubois=for"]


def _registration(run: Cli, key: str) -> int:
    rows = json.loads(run("audit", "trail", "--json").stdout)
    return int(next(r["position"] for r in rows if r["subject"] == key and r["corrects"] is None))


def _correct(run: Cli, key: str, change: str) -> None:
    position = _registration(run, key)
    result = run("decision", "correct", str(position), "--set", change, *PUT_RIGHT)
    assert result.exit_code == 0, result.output


def test_a_member_whose_post_was_corrected_away_before_voting_is_flagged(gov: Cli) -> None:
    propose(gov, sponsor="Chief Information Officer")
    _correct(gov, "mlee", "roles=Head of IT")
    assert approve(gov, "GBP 1,200,000", *MEETING, *ALL_FOR, on=2).exit_code == 0

    approval = checked(gov, "approved")

    assert approval["verdict"] == "valid"  # as corrected, he never held the post
    (finding,) = approval["findings"]
    assert finding["kind"] == "sponsor at another time"
    position = _registration(gov, "mlee")
    assert finding["reason"].startswith(
        "Marcus Lee (mlee) voted for it, and was registered as 'Chief Information Officer', "
        "the sponsor of PRJ-042, until the correction of their registration (corrects "
        f"position {position} (person registered): roles Chief Information Officer -> Head "
        "of IT; recorded "
    )
    assert "(not when it was decided, on " in finding["reason"]
    shown = gov("audit", "authority", "PRJ-042")
    assert shown.exit_code == 0, shown.output  # a finding does not fail it
    assert "0 invalid, 1 flagged" in " ".join(shown.output.split())


def test_a_member_whose_name_was_corrected_away_is_flagged_and_others_are_not(
    gov: Cli,
) -> None:
    propose(gov, sponsor="Marcus Lee")
    _correct(gov, "mlee", "name=Marcus J. Lee")
    _correct(gov, "cdubois", "roles=Head of Finance")  # not the sponsor, before or after
    assert approve(gov, "GBP 1,200,000", *MEETING, *ALL_FOR, on=2).exit_code == 0

    (finding,) = checked(gov, "approved")["findings"]

    assert finding["reason"].startswith(
        "Marcus J. Lee (mlee) voted for it, and was registered as 'Marcus Lee', the sponsor "
        "of PRJ-042, until the correction of their registration (corrects position "
    )
