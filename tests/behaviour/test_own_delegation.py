"""No one decides on their own delegation: its delegate is present without a vote, or absent.

A board member voted on (or, as a person, recorded) the resolution delegating
authority to themselves, raising their own limit or revoking it. Now the
delegate is recused as a sponsor is on their own item: refused with a
``SegregationOfDuties`` message naming the person, the delegation, the rule and
the fix, exit 1, nothing written; on the command line, on import lines, and
through ``decision correct`` / ``decision annul``. Records made before stay as
they are: the audit does not judge them again.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.domain import interests, resolutions
from tests.behaviour.test_governance import approve, audit, day, delegate, gov, propose, refused
from tests.builders import GOVERNANCE_DAY
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

RULE = "segregation of duties: no one decides on their own delegation"


def grant(run: Cli, *meeting: str, actor: str = "hcarter") -> Any:
    """IC's resolution delegating DEL-001 to mlee, at a meeting given by ``meeting``."""
    return run(
        *("authority", "delegate", "DEL-001", "--board", "IC", "--to", "mlee"),
        *("--limit", "GBP 1,000,000", *meeting, "--actor", actor, "-m", "CIO approves"),
        *("--effective-date", GOVERNANCE_DAY.isoformat()),
        role="Chair",
    )


def revocation(run: Cli, *meeting: str, actor: str = "hcarter") -> Any:
    return run(
        *("authority", "revoke", "DEL-001", *meeting, "--actor", actor, "-m", "Post vacant"),
        *("--effective-date", day(5)),
        role="Chair",
    )


@pytest.mark.parametrize("vote", ["for", "against", "abstain"])
def test_the_delegate_may_not_vote_on_their_own_delegation(gov: Cli, vote: str) -> None:
    before = gov.events()

    result = grant(gov, "--present", "hcarter,mlee,cdubois", "--vote", f"hcarter=for,mlee={vote}")

    refused(
        gov,
        result,
        before,
        "Marcus Lee (mlee) is the delegate of delegation DEL-001 and so may not vote on it as "
        f"a member of Investment Committee (IC) ({RULE}); record them present without a vote: "
        "they do not count towards the quorum.",
    )


def test_the_delegate_may_not_record_their_own_delegation(gov: Cli) -> None:
    before = gov.events()

    result = grant(gov, "--present", "hcarter,mlee,cdubois", "--vote", "hcarter=for,cdubois=for",
                   actor="mlee")  # fmt: skip

    refused(
        gov,
        result,
        before,
        f"Marcus Lee (mlee) is the delegate of delegation DEL-001 and so may not record its "
        f"grant ({RULE}); another member of Investment Committee (IC) must record the decision.",
    )


def test_the_delegate_present_without_a_vote_does_not_count_towards_the_quorum(gov: Cli) -> None:
    before = gov.events()

    result = grant(gov, "--present", "hcarter,mlee", "--vote", "hcarter=for")

    refused(
        gov,
        result,
        before,
        "Investment Committee (IC) needs 2 members present to decide",
        "1 counted: hcarter (mlee conflicted, not counted)",
    )


def test_a_quorum_without_the_delegate_grants_it_and_records_them_present(gov: Cli) -> None:
    delegate(gov)

    [row] = audit(gov, "DEL-001")

    assert row["verdict"] == "valid", row
    assert row["mandate"]["present"] == ["hcarter", "mlee", "cdubois"]
    assert row["mandate"]["votes"] == {"hcarter": "for", "cdubois": "for"}


def test_the_delegate_may_neither_vote_on_nor_record_its_revocation(gov: Cli) -> None:
    delegate(gov)
    before = gov.events()

    voted = revocation(gov, "--present", "hcarter,cdubois,mlee", "--vote",
                       "hcarter=for,cdubois=for,mlee=against")  # fmt: skip
    recorded = revocation(gov, "--present", "hcarter,cdubois,mlee", "--vote",
                          "hcarter=for,cdubois=for", actor="mlee")  # fmt: skip

    refused(gov, voted, before, "Marcus Lee (mlee) is the delegate of delegation DEL-001",
            "may not vote on it", RULE)  # fmt: skip
    refused(gov, recorded, before, "may not record its revocation", RULE,
            "another member of Investment Committee (IC) must record the decision")  # fmt: skip


@pytest.mark.parametrize("actor", ["mlee", "Marcus Lee", "chief information officer"])
def test_the_delegate_may_not_raise_their_own_limit_by_a_correction(gov: Cli, actor: str) -> None:
    delegate(gov)
    position = gov.events()
    before = gov.events()

    raised = gov(
        "decision", "correct", str(position), "--set", "limit=GBP 2,000,000",
        "--authority", "Investment Committee", "-m", "Minuted wrongly", actor=actor,
    )  # fmt: skip

    refused(
        gov,
        raised,
        before,
        f"Marcus Lee (mlee) is the delegate of delegation DEL-001 and so may not correct "
        f"position {position} (authority delegated) on it ({RULE}); someone else records it "
        "(--actor), on the authority of board IC, which delegated it. Nothing was written.",
    )


def test_someone_else_corrects_it_and_the_delegate_may_correct_its_words(gov: Cli) -> None:
    delegate(gov)
    position = str(gov.events())

    raised = gov("decision", "correct", position, "--set", "limit=GBP 2,000,000",
                 "--authority", "Investment Committee", "-m", "Minuted wrongly",
                 actor="hcarter")  # fmt: skip
    worded = gov("decision", "correct", position, "--set", "rationale=CIO approves small items",
                 "--authority", "Investment Committee", "-m", "Typo", actor="mlee")  # fmt: skip

    assert raised.exit_code == 0, raised.output
    assert worded.exit_code == 0, worded.output


def test_the_delegate_may_not_annul_the_revocation_of_their_own_delegation(gov: Cli) -> None:
    delegate(gov)
    assert revocation(gov, "--present", "hcarter,cdubois", "--vote", "hcarter=for,cdubois=for"
                      ).exit_code == 0  # fmt: skip
    position = gov.events()
    before = gov.events()

    undone = gov("decision", "annul", str(position), "--authority", "Investment Committee",
                 "-m", "Not decided", actor="Marcus Lee")  # fmt: skip

    refused(gov, undone, before, f"may not annul position {position} (delegation revoked)", RULE)


def write(path: Path, lines: list[dict[str, Any]]) -> str:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return str(path)


def said(**fields: Any) -> dict[str, Any]:
    return {"role": "Chair", "rationale": "Imported.", "effective_date": day(1), **fields}


def test_an_import_line_of_the_delegate_voting_on_it_is_refused(gov: Cli, tmp_path: Path) -> None:
    before = gov.events()
    line = {
        "command": "authority delegate", "key": "DEL-001", "board": "IC", "to": "mlee",
        "limit": "GBP 1,000,000", "present": ["hcarter", "mlee", "cdubois"],
        "votes": {"hcarter": "for", "mlee": "for"}, **said(actor="hcarter"),
    }  # fmt: skip

    result = gov("import", write(tmp_path / "d.jsonl", [line]))

    refused(gov, result, before, "Marcus Lee (mlee) is the delegate of delegation DEL-001", RULE)


def test_an_import_line_of_the_delegate_correcting_it_is_refused(gov: Cli, tmp_path: Path) -> None:
    delegate(gov)
    position, before = gov.events(), gov.events()
    line = {
        "command": "decision correct", "position": position,
        "changes": {"valid_to": day(400)}, "authority": "IC", **said(actor="mlee"),
    }  # fmt: skip

    result = gov("import", write(tmp_path / "c.jsonl", [line]))

    refused(gov, result, before, f"may not correct position {position}", RULE)


def test_a_delegation_the_delegate_voted_on_before_this_rule_stands(
    gov: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_interest(_self: Any) -> Any:
        return lambda _person, _names: None

    with monkeypatch.context() as before_the_rule:
        before_the_rule.setattr(interests.OwnDelegation, "conflicts", no_interest)
        made = grant(gov, "--present", "hcarter,mlee,cdubois", "--vote",
                     "hcarter=for,mlee=for,cdubois=for")  # fmt: skip
    assert made.exit_code == 0, made.output
    propose(gov)

    used = approve(gov, "GBP 500,000", "--delegation", "DEL-001", "--actor", "mlee")

    assert used.exit_code == 0, used.output
    assert [row["verdict"] for row in audit(gov, "DEL-001")] == ["valid"]
    assert [row["verdict"] for row in audit(gov, "PRJ-042")][-1] == "valid"


def test_a_correction_moving_the_grant_recuses_the_delegate_from_the_quorum_on_its_new_day(
    gov: Cli,
) -> None:
    """Moved to a day when IC's quorum was 3, the meeting that granted it had only two
    members who could count (mlee, its delegate, present without a vote, is recused):
    checked again on that day as it was when recorded, the correction is refused.
    Before, the check again counted the delegate, and the moved grant stood."""
    delegate(gov)
    position = gov.events()
    raised = gov("board", "set-quorum", "IC", "3", "--authority", "Executive Board",
                 "-m", "Terms revised", "--effective-date", day(-20))  # fmt: skip
    assert raised.exit_code == 0, raised.output
    before = gov.events()

    moved = gov(
        "decision", "correct", str(position), "--set", f"effective_date={day(-10)}",
        "--set", f"valid_from={day(-10)}", "--authority", "Investment Committee",
        "-m", "Minuted on the wrong day",
    )  # fmt: skip

    refused(
        gov,
        moved,
        before,
        "Investment Committee (IC) needs 3 members present to decide",
        "2 counted: hcarter, cdubois (mlee conflicted, not counted)",
    )


def test_a_correction_moving_the_revocation_recuses_the_delegate_from_the_quorum_too(
    gov: Cli,
) -> None:
    delegate(gov)
    revoked = revocation(gov, "--present", "hcarter,cdubois,mlee", "--vote",
                         "hcarter=for,cdubois=for")  # fmt: skip
    assert revoked.exit_code == 0, revoked.output
    position = gov.events()
    raised = gov("board", "set-quorum", "IC", "3", "--authority", "Executive Board",
                 "-m", "Terms revised", "--effective-date", day(10))  # fmt: skip
    assert raised.exit_code == 0, raised.output
    before = gov.events()

    def moved_to(offset: int) -> Any:
        return gov("decision", "correct", str(position), "--set",
                   f"effective_date={day(offset)}", "--authority", "Investment Committee",
                   "-m", "Minuted on the wrong day", actor="cdubois")  # fmt: skip

    refused(gov, moved_to(12), before, "needs 3 members present to decide",
            "2 counted: hcarter, cdubois (mlee conflicted, not counted)")  # fmt: skip
    kept = moved_to(8)  # a day its quorum was 2: the two others suffice
    assert kept.exit_code == 0, kept.output


def test_a_grant_whose_quorum_counted_only_its_delegate_is_invalid_by_later_governance(
    gov: Cli,
) -> None:
    """IC's quorum raised to 3 from before the grant, recorded after it: the grant's
    meeting had three present, but mlee, its delegate, does not count. The audit of
    the delegation, and a decision resting on it, judge the grant alike: not valid.
    Before, both counted the delegate (while a correction moving the grant did not)."""
    delegate(gov)
    raised = gov("board", "set-quorum", "IC", "3", "--authority", "Executive Board",
                 "-m", "Terms revised", "--effective-date", GOVERNANCE_DAY.isoformat())  # fmt: skip
    assert raised.exit_code == 0, raised.output
    propose(gov)
    before = gov.events()

    [grant_audit] = audit(gov, "DEL-001")
    used = approve(gov, "GBP 500,000", "--delegation", "DEL-001", "--actor", "mlee")

    assert grant_audit["verdict"] == "invalid", grant_audit
    assert "2 counted: hcarter, cdubois (mlee conflicted, not counted)" in grant_audit["reason"]
    assert "so says governance recorded after the decision" in grant_audit["reason"]
    refused(gov, used, before, "the grant of delegation DEL-001 by IC",
            "is not a valid resolution of IC", "needs 3 members present to decide",
            "mlee conflicted, not counted")  # fmt: skip


def test_a_grant_recorded_before_the_rule_counts_its_delegate_present_as_it_did_then(
    gov: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scenario above, the grant recorded before the ledger recused a delegate
    (``RECUSED_FROM`` moved past it): then a delegate present without a vote counted
    towards the quorum, so the grant stands, and so does a decision resting on it."""
    delegate(gov)
    monkeypatch.setattr(resolutions, "RECUSED_FROM", datetime.now(UTC) + timedelta(days=1))
    raised = gov("board", "set-quorum", "IC", "3", "--authority", "Executive Board",
                 "-m", "Terms revised", "--effective-date", GOVERNANCE_DAY.isoformat())  # fmt: skip
    assert raised.exit_code == 0, raised.output
    propose(gov)

    [grant_audit] = audit(gov, "DEL-001")
    used = approve(gov, "GBP 500,000", "--delegation", "DEL-001", "--actor", "mlee")

    assert grant_audit["verdict"] == "valid", grant_audit
    assert used.exit_code == 0, used.output
