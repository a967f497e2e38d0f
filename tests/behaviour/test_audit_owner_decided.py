"""``audit authority`` flags an item's owner deciding its approval, funding or tolerances.

A board secretary found the owner (senior responsible owner) of an item approving
and funding it under his own delegation, recorded valid with nothing said.
Segregation of duties refuses the proposer and the sponsor, not the owner (refusing
the owner now would refuse decisions existing ledgers hold, as late decisions are
checked again), so it is a finding beside the verdict, as ``tolerance beyond limit``
is: the delegate, a member who voted for it, or the actor, who owned the item just
before the decision, matched by key, name or post. Present without a vote, or
voting against, is not flagged; nor is an owner amended away before the decision.
"""

from __future__ import annotations

from typing import Any

from tests.behaviour.test_board_pack_audit_findings import pack
from tests.behaviour.test_governance import approve, audit, day, delegate, gov, propose
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

DELEGATE = ["--delegation", "DEL-001", "--actor", "mlee"]


def meeting(votes: str, actor: str = "hcarter") -> list[str]:
    return ["--board", "IC", "--present", "hcarter,mlee,cdubois", "--actor", actor,
            "--vote", votes]  # fmt: skip


def fund(run: Cli, budget: str, *authority: str, on: int = 3) -> None:
    result = run("item", "fund", "PRJ-042", "--budget", budget, *authority, "-m", "Rebaselined",
                 "--effective-date", day(on), role="Chair")  # fmt: skip
    assert result.exit_code == 0, result.output


def amend_owner(run: Cli, owner: str, on: int) -> None:
    result = run("item", "amend", "PRJ-042", "--owner", owner, "-m", "New SRO",
                 "--effective-date", day(on), actor="Sam Patel", role="PMO")  # fmt: skip
    assert result.exit_code == 0, result.output


def findings(run: Cli, event: str) -> list[list[dict[str, Any]]]:
    return [c["findings"] for c in audit(run, "PRJ-042") if c["event"] == event]


def kinds(run: Cli) -> list[tuple[str, list[str]]]:
    """Each governed decision on PRJ-042 with the kinds of finding beside it."""
    governed = ("approved", "funding changed", "tolerance set")
    return [
        (c["event"], [f["kind"] for f in c["findings"]])
        for c in audit(run, "PRJ-042")
        if c["event"] in governed
    ]


def test_a_delegate_who_owns_the_item_is_flagged_for_its_approval_and_funding(gov: Cli) -> None:
    delegate(gov)
    propose(gov, owner="Marcus Lee")  # mlee by his name
    assert approve(gov, "GBP 500,000", *DELEGATE).exit_code == 0
    fund(gov, "GBP 600,000", *DELEGATE)

    rows = [c for c in audit(gov, "PRJ-042") if c["event"] in ("approved", "funding changed")]

    assert [row["verdict"] for row in rows] == ["valid", "valid"]  # the verdict is kept
    assert rows[0]["findings"] == [
        {
            "kind": "owner decided",
            "reason": (
                f"Marcus Lee (mlee) decided it under delegation DEL-001, and owned PRJ-042 when "
                f"it was decided, on {day(1)} (its senior responsible owner then: 'Marcus "
                "Lee'): segregation of duties refuses an item's proposer and sponsor, not its "
                "owner, but an owner who decides their own item's approval, funding or "
                "tolerances is not independent of it; check the decision was meant, or have "
                "someone who does not own PRJ-042 decide it: a board's meeting without their "
                "vote, or another delegate"
            ),
        }
    ]
    assert [f["kind"] for f in rows[1]["findings"]] == ["owner decided"]
    shown = gov("audit", "authority", "PRJ-042")
    assert shown.exit_code == 0, shown.output  # a finding does not fail it
    said = " ".join(shown.output.split())
    assert "0 invalid, 2 flagged" in said
    assert "flagged (owner decided): Marcus Lee (mlee) decided it under delegation" in said


def test_a_member_who_owns_it_is_flagged_voting_for_not_present_without_a_vote(
    gov: Cli,
) -> None:
    """Owned by the post mlee holds: without his vote, nothing; against, nothing; for, flagged."""
    propose(gov, owner="Chief Information Officer")
    assert approve(gov, "GBP 500,000", *meeting("hcarter=for,cdubois=for")).exit_code == 0
    fund(gov, "GBP 550,000", *meeting("hcarter=for,cdubois=for,mlee=against"), on=2)
    fund(gov, "GBP 600,000", *meeting("hcarter=for,cdubois=for,mlee=for"), on=3)

    assert kinds(gov) == [
        ("approved", []),
        ("funding changed", []),
        ("funding changed", ["owner decided"]),
    ]
    ((flagged,),) = findings(gov, "funding changed")[1:]
    assert flagged["reason"].startswith(
        "Marcus Lee (mlee) voted for it, and owned PRJ-042 when it was decided, on "
        f"{day(3)} (its senior responsible owner then: 'Chief Information Officer')"
    )


def test_the_actor_who_owns_it_is_flagged_for_setting_its_tolerances(gov: Cli) -> None:
    propose(gov, owner="hcarter")  # by her key
    assert approve(gov, "GBP 500,000", *meeting("mlee=for,cdubois=for", "cdubois")).exit_code == 0
    result = gov("item", "set-tolerance", "PRJ-042", "--cost", "10%",
                 *meeting("hcarter=for,mlee=for,cdubois=for"), "-m", "Stage tolerances",
                 "--effective-date", day(2), role="Chair")  # fmt: skip
    assert result.exit_code == 0, result.output

    assert kinds(gov) == [("approved", []), ("tolerance set", ["owner decided"])]
    ((flagged,),) = findings(gov, "tolerance set")
    assert flagged["reason"].startswith(
        "Helen Carter (hcarter) recorded it and voted for it, and owned PRJ-042"
    )


def test_the_owner_as_the_item_stood_just_before_the_decision_is_the_one_flagged(
    gov: Cli,
) -> None:
    """mlee owned it, was amended away before the approval (not flagged), then amended
    back before the funding change (flagged)."""
    delegate(gov)
    propose(gov, owner="Marcus Lee")
    amend_owner(gov, "Dana Okafor", on=0)
    assert approve(gov, "GBP 500,000", *DELEGATE).exit_code == 0
    amend_owner(gov, "marcus  lee", on=2)
    fund(gov, "GBP 600,000", *DELEGATE)

    assert kinds(gov) == [("approved", []), ("funding changed", ["owner decided"])]
    ((flagged,),) = findings(gov, "funding changed")
    assert "(its senior responsible owner then: 'marcus  lee')" in flagged["reason"]


def test_the_board_pack_flags_it_where_it_lists_the_approval(gov: Cli) -> None:
    """Items never amended nor corrected: the pack audits an approval for its owner too,
    the owner matched by key or post; one approved without the owner's vote is not flagged."""
    delegate(gov)
    propose(gov, owner="mlee")
    assert approve(gov, "GBP 500,000", *DELEGATE).exit_code == 0
    propose(gov, "PRJ-043", owner="Chief Information Officer")
    voted = meeting("hcarter=for,cdubois=for,mlee=for")
    assert approve(gov, "GBP 500,000", *voted, key="PRJ-043").exit_code == 0
    propose(gov, "PRJ-044", owner="Marcus Lee")
    silent = meeting("hcarter=for,cdubois=for")
    assert approve(gov, "GBP 500,000", *silent, key="PRJ-044").exit_code == 0
    ((found,),) = findings(gov, "approved")

    content = pack(gov, "--json")

    listed = {d["subject"]: d for d in content["decisions"] if d["event"] == "approved"}
    assert listed["PRJ-042"]["findings"] == [found]
    assert listed["PRJ-042"]["flag"].endswith(
        f"flagged (owner decided): {found['reason']} (audit authority PRJ-042)"
    )
    assert [f["kind"] for f in listed["PRJ-043"]["findings"]] == ["owner decided"]
    assert listed["PRJ-043"]["flag"].endswith("(audit authority PRJ-043)")
    assert listed["PRJ-044"]["findings"] == []
    assert listed["PRJ-044"]["flag"] is None


def test_the_owner_is_read_as_corrected(gov: Cli) -> None:
    """The proposal named Dana Okafor; corrected (after the approval) to Marcus Lee, who
    approved it under his delegation: as corrected, he owned it when he decided it."""
    delegate(gov)
    propose(gov)
    assert approve(gov, "GBP 500,000", *DELEGATE).exit_code == 0
    assert findings(gov, "approved") == [[]]
    (proposal,) = [c for c in audit(gov, "PRJ-042") if c["event"] == "proposed"]
    corrected = gov("decision", "correct", str(proposal["position"]), "--set",
                    "owner=Marcus Lee", "--authority", "PMO", "-m", "Owner mistyped",
                    actor="Sam Patel")  # fmt: skip
    assert corrected.exit_code == 0, corrected.output

    ((flagged,),) = findings(gov, "approved")
    assert flagged["kind"] == "owner decided"
    assert "(its senior responsible owner then: 'Marcus Lee')" in flagged["reason"]
