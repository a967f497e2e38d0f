"""``audit authority`` flags what segregation of duties cannot refuse as it happens.

Each step is allowed, and an amendment's actor is free text, so refusing them
at the time is easily dodged: a sponsor steps aside for one meeting (the
sponsor amended away, the board decides with them voting, the sponsor amended
back), or a delegate amends an item into their own delegation's categories
and then decides it under the delegation. Before, the ledger recorded both
and ``audit authority`` called the decisions valid without a word. Now each is
a finding of its own kind beside the verdict, which stays what it was.
"""

from __future__ import annotations

from typing import Any

from tests.behaviour.test_governance import approve, audit, day, delegate, gov, propose
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

MEETING = ["--board", "IC", "--present", "hcarter,mlee,cdubois", "--actor", "cdubois"]
ALL_FOR = ["--vote", "hcarter=for,mlee=for,cdubois=for"]


def amend(run: Cli, what: str, value: str, *, actor: str, on: int) -> None:
    result = run("item", "amend", "PRJ-042", f"--{what}", value, "-m", "Amended",
                 "--effective-date", day(on), actor=actor)  # fmt: skip
    assert result.exit_code == 0, result.output


def checked(run: Cli, event: str) -> dict[str, Any]:
    (row,) = [c for c in audit(run, "PRJ-042") if c["event"] == event]
    return row


def position(run: Cli, summary: str) -> int:
    (row,) = [c for c in audit(run, "PRJ-042") if c["summary"] == summary]
    found: int = row["position"]
    return found


def test_a_sponsor_who_stepped_aside_for_one_meeting_is_flagged(gov: Cli) -> None:
    propose(gov, sponsor="Claire Dubois")
    amend(gov, "sponsor", "Dana Okafor", actor="Claire Dubois", on=1)
    assert approve(gov, "GBP 1,200,000", *MEETING, *ALL_FOR, on=2).exit_code == 0
    amend(gov, "sponsor", "Claire Dubois", actor="Claire Dubois", on=3)

    approval = checked(gov, "approved")

    assert approval["verdict"] == "valid"  # the verdict's meaning is kept
    assert approval["findings"] == [
        {
            "kind": "sponsor at another time",
            "reason": (
                f"Claire Dubois (cdubois) recorded it and voted for it, and was the sponsor of "
                f"PRJ-042 from {day(0)} to {day(1)} and from {day(3)} on (not when it was decided, "
                f"on {day(2)}): a sponsor who steps aside for a decision decides their own "
                "item (segregation of duties); check why the sponsor of PRJ-042 changed "
                "('portfolio-ledger audit trail --item PRJ-042')"
            ),
        }
    ]
    shown = gov("audit", "authority", "PRJ-042")
    assert shown.exit_code == 0, shown.output  # a finding does not fail it
    said = " ".join(shown.output.split())
    assert "on PRJ-042: 0 invalid, 1 flagged" in said
    assert "flagged (sponsor at another time): Claire Dubois (cdubois) recorded it" in said


def test_a_member_named_sponsor_after_the_meeting_they_sat_in_is_flagged(gov: Cli) -> None:
    propose(gov)
    assert approve(gov, "GBP 1,200,000", *MEETING[:-2], "--actor", "hcarter",
                   "--vote", "hcarter=for,mlee=for", on=2).exit_code == 0  # fmt: skip
    amend(gov, "sponsor", "Finance Business Partner", actor="Sam Patel", on=5)

    (finding,) = checked(gov, "approved")["findings"]

    assert finding["reason"].startswith(
        "Claire Dubois (cdubois) was present without a vote (counted towards the quorum), and "
        f"was the sponsor of PRJ-042 from {day(5)} on (not when it was decided, on {day(2)})"
    )


def test_a_sponsor_who_never_voted_is_not_flagged(gov: Cli) -> None:
    propose(gov, sponsor="Claire Dubois")
    amend(gov, "sponsor", "Dana Okafor", actor="Sam Patel", on=5)
    assert approve(gov, "GBP 1,200,000", *MEETING[:-2], "--actor", "hcarter",
                   "--vote", "hcarter=for,mlee=for", on=2).exit_code == 0  # fmt: skip

    assert [c["findings"] for c in audit(gov, "PRJ-042")] == [[]] * 4
    shown = gov("audit", "authority", "PRJ-042")
    assert "on PRJ-042: 0 invalid" in shown.output
    assert "flagged" not in shown.output


def test_a_delegate_who_amended_the_item_into_their_delegation_is_flagged(gov: Cli) -> None:
    delegate(gov, "--category", "Infrastructure")
    propose(gov)
    amend(gov, "category", "Infrastructure", actor="Marcus Lee", on=1)
    assert approve(gov, "GBP 500,000", "--delegation", "DEL-001", "--actor", "mlee",
                   on=2).exit_code == 0  # fmt: skip
    at = position(gov, "category Corporate systems -> Infrastructure")

    approval = checked(gov, "approved")

    assert approval["verdict"] == "valid"
    assert approval["findings"] == [
        {
            "kind": "category amended into delegation",
            "reason": (
                "PRJ-042 came within delegation DEL-001 (Infrastructure) by the amendment at "
                f"position {at:,} (category Corporate systems -> Infrastructure, effective "
                f"{day(1)}), recorded by the delegate, Marcus Lee (mlee), as 'Marcus Lee' and "
                "effective 1 day before this decision (within 30): only IC widens what it "
                "delegated; check the category was amended on its merits, not to bring PRJ-042 "
                "under DEL-001"
            ),
        }
    ]
    said = " ".join(gov("audit", "authority", "PRJ-042").output.split())
    assert "flagged (category amended into delegation): PRJ-042 came within" in said


def test_each_way_of_bringing_an_item_in_is_said_alone(gov: Cli) -> None:
    """By the delegate's post long before; by someone else within 30 days."""
    delegate(gov, "--category", "Infrastructure", "--category", "Networks")
    propose(gov)
    amend(gov, "category", "Infrastructure", actor="Chief Information Officer", on=1)
    assert approve(gov, "GBP 500,000", "--delegation", "DEL-001", "--actor", "mlee",
                   on=100).exit_code == 0  # fmt: skip
    amend(gov, "category", "Corporate systems", actor="Sam Patel", on=110)
    amend(gov, "category", "Networks", actor="Sam Patel", on=120)
    result = gov("item", "fund", "PRJ-042", "--budget", "GBP 600,000", "--delegation",
                 "DEL-001", "--actor", "mlee", "-m", "More", "--effective-date", day(150),
                 role="CIO")  # fmt: skip
    assert result.exit_code == 0, result.output

    (by_post,) = checked(gov, "approved")["findings"]
    (lately,) = checked(gov, "funding changed")["findings"]

    assert (
        "recorded by the delegate, Marcus Lee (mlee), as 'Chief Information Officer': "
        in by_post["reason"]
    )
    assert "before this decision" not in by_post["reason"]
    assert (
        f"(category Corporate systems -> Networks, effective {day(120)}), effective 30 days "
        "before this decision (within 30): only IC widens" in lately["reason"]
    )
    assert "recorded by the delegate" not in lately["reason"]


def test_a_category_amended_a_year_before_by_someone_else_is_not_flagged(gov: Cli) -> None:
    delegate(gov, "--category", "Infrastructure")
    for args in (
        ["propose", "PRJ-042", "--kind", "project", "--title", "Payroll", "--owner", "Dana",
         "--sponsor", "Director of Digital", "--category", "Corporate systems"],
        ["appraise", "PRJ-042", "--estimated-cost", "1000000", "--expected-benefits",
         "2000000", "--risk-rating", "low", "--alignment-score", "60"],
    ):  # fmt: skip
        result = gov("item", *args, "-m", "Begun", "--effective-date", day(-400))
        assert result.exit_code == 0, result.output
    amend(gov, "category", "Infrastructure", actor="Sam Patel", on=-380)
    assert approve(gov, "GBP 500,000", "--delegation", "DEL-001", "--actor", "mlee",
                   on=1).exit_code == 0  # fmt: skip

    approval = checked(gov, "approved")

    assert (approval["verdict"], approval["findings"]) == ("valid", [])


def test_an_amendment_of_the_decision_s_own_day_is_said_so(gov: Cli) -> None:
    delegate(gov, "--category", "Infrastructure")
    propose(gov)
    amend(gov, "category", "Infrastructure", actor="Sam Patel", on=2)
    assert approve(gov, "GBP 500,000", "--delegation", "DEL-001", "--actor", "mlee",
                   on=2).exit_code == 0  # fmt: skip

    (finding,) = checked(gov, "approved")["findings"]

    assert (
        f"effective {day(2)}), effective the same day as this decision (within 30): "
        in (finding["reason"])
    )


def test_a_sponsor_named_after_the_meeting_on_its_day_is_not_said_not_to_be_on_it(
    gov: Cli,
) -> None:
    """Named sponsor later the same day (in effective order, after the meeting), cdubois
    was the sponsor on the decision's day; the finding said she was the sponsor 'from D on
    (not on D, the decision's day)'. The rules judge the sponsor when it was decided."""
    propose(gov)
    assert approve(gov, "GBP 1,200,000", *MEETING, *ALL_FOR, on=2).exit_code == 0
    amend(gov, "sponsor", "Claire Dubois", actor="Sam Patel", on=2)

    (finding,) = checked(gov, "approved")["findings"]

    assert finding["reason"].startswith(
        "Claire Dubois (cdubois) recorded it and voted for it, and was the sponsor of PRJ-042 "
        f"from {day(2)} on (not when it was decided, on {day(2)}): a sponsor who steps aside"
    )


def test_a_sponsor_corrected_away_for_a_meeting_is_flagged(gov: Cli) -> None:
    """The sponsor the proposal named, corrected away before the meeting (as corrected, it
    was never them), then voting: the audit read the item as corrected and said nothing,
    though stepping aside by an amendment is flagged. Correcting it back is refused; the
    record of what it said before stays, and the audit reads it."""
    propose(gov, sponsor="Claire Dubois")
    (proposal,) = [c for c in audit(gov, "PRJ-042") if c["event"] == "proposed"]
    corrected = gov("decision", "correct", str(proposal["position"]), "--set",
                    "sponsor=Dana Okafor", "--authority", "PMO", "-m", "Sponsor mistyped",
                    actor="Claire Dubois")  # fmt: skip
    assert corrected.exit_code == 0, corrected.output
    assert approve(gov, "GBP 1,200,000", *MEETING, *ALL_FOR, on=2).exit_code == 0
    at = position(gov, f"corrects position {proposal['position']:,} (proposed): sponsor Claire "
                       "Dubois -> Dana Okafor")  # fmt: skip

    approval = checked(gov, "approved")

    assert approval["verdict"] == "valid"
    assert approval["findings"] == [
        {
            "kind": "sponsor at another time",
            "reason": (
                "Claire Dubois (cdubois) recorded it and voted for it, and was recorded as the "
                f"sponsor of PRJ-042 until the correction at position {at:,} (corrects position "
                f"{proposal['position']:,} (proposed): sponsor Claire Dubois -> Dana Okafor; "
                f"recorded {corrected_on(gov, at)}) set that aside (not when it was decided, "
                f"on {day(2)}): a sponsor who steps aside for a decision decides their own item "
                "(segregation of duties); check why the sponsor of PRJ-042 changed "
                "('portfolio-ledger audit trail --item PRJ-042')"
            ),
        }
    ]


def test_a_sponsor_whose_amendment_was_annulled_for_a_meeting_is_flagged(gov: Cli) -> None:
    propose(gov)
    amend(gov, "sponsor", "Finance Business Partner", actor="Sam Patel", on=1)
    named = position(gov, "sponsor Director of Digital -> Finance Business Partner")
    annulled = gov("decision", "annul", str(named), "--authority", "PMO", "-m", "Not so")
    assert annulled.exit_code == 0, annulled.output
    assert approve(gov, "GBP 1,200,000", *MEETING, *ALL_FOR, on=2).exit_code == 0

    (finding,) = checked(gov, "approved")["findings"]

    assert finding["reason"].startswith(
        "Claire Dubois (cdubois) recorded it and voted for it, and was recorded as the sponsor "
        f"of PRJ-042 until the annulment at position {named + 1:,} (annuls position {named:,} "
        "(details amended): sponsor Director of Digital -> Finance Business Partner; recorded "
    )
    assert f"set that aside (not when it was decided, on {day(2)})" in finding["reason"]


def corrected_on(run: Cli, at: int) -> str:
    (row,) = [c for c in audit(run, "PRJ-042") if c["position"] == at]
    recorded: str = row["recorded_at"][:10]
    return recorded


def test_a_category_corrected_into_a_delegation_by_its_delegate_is_flagged(gov: Cli) -> None:
    """The proposal's category corrected into DEL-001's by its delegate, who then decides
    under it: as corrected, the item was Infrastructure from its start, so no amendment
    brought it in, and the audit said nothing."""
    delegate(gov, "--category", "Infrastructure")
    propose(gov)
    (proposal,) = [c for c in audit(gov, "PRJ-042") if c["event"] == "proposed"]
    corrected = gov("decision", "correct", str(proposal["position"]), "--set",
                    "category=Infrastructure", "--authority", "PMO", "-m", "Miscategorised",
                    actor="Marcus Lee")  # fmt: skip
    assert corrected.exit_code == 0, corrected.output
    assert approve(gov, "GBP 500,000", "--delegation", "DEL-001", "--actor", "mlee",
                   on=2).exit_code == 0  # fmt: skip
    at = position(gov, f"corrects position {proposal['position']:,} (proposed): category "
                       "Corporate systems -> Infrastructure")  # fmt: skip

    approval = checked(gov, "approved")

    assert approval["verdict"] == "valid"
    assert approval["findings"] == [
        {
            "kind": "category amended into delegation",
            "reason": (
                "PRJ-042 came within delegation DEL-001 (Infrastructure) by the correction at "
                f"position {at:,} (corrects position {proposal['position']:,} (proposed): "
                "category Corporate systems -> Infrastructure; recorded "
                f"{corrected_on(gov, at)}), recorded by the delegate, Marcus Lee (mlee), as "
                "'Marcus Lee' and the same day as this decision was (within 30): as corrected, "
                "it was within them from its start; only IC widens what it delegated; check the "
                "category was corrected on its merits, not to bring PRJ-042 under DEL-001"
            ),
        }
    ]


def test_a_category_corrected_into_a_delegation_by_another_is_flagged_too(gov: Cli) -> None:
    delegate(gov, "--category", "Infrastructure")
    propose(gov, category="Infrastructure ")
    (proposal,) = [c for c in audit(gov, "PRJ-042") if c["event"] == "proposed"]
    for category in ("Networks", "Infrastructure"):  # out, then in again: the last is named
        corrected = gov("decision", "correct", str(proposal["position"]), "--set",
                        f"category={category}", "--authority", "PMO",
                        "-m", "Recategorised")  # fmt: skip
        assert corrected.exit_code == 0, corrected.output
    assert approve(gov, "GBP 500,000", "--delegation", "DEL-001", "--actor", "mlee",
                   on=2).exit_code == 0  # fmt: skip

    (finding,) = checked(gov, "approved")["findings"]

    assert "category Networks -> Infrastructure; recorded " in finding["reason"]
    assert (
        "), recorded the same day as this decision was (within 30): as corrected, it was within "
        "them" in finding["reason"]
    )
    assert "recorded by the delegate" not in finding["reason"]


def test_a_correction_an_amendment_undid_does_not_bring_the_item_in(gov: Cli) -> None:
    """The proposal's category corrected into DEL-001's (a typo put right), then amended out,
    then, a year before the decision and by someone else, back in: the amendment brought
    the item in, and is not suspect. The audit flagged the correction, saying that as
    corrected the item was within DEL-001's categories from its start, when for ten days
    it was not."""
    delegate(gov, "--category", "Infrastructure")
    for args in (
        ["propose", "PRJ-042", "--kind", "project", "--title", "Payroll", "--owner", "Dana",
         "--sponsor", "Director of Digital", "--category", "Infrastucture"],
        ["appraise", "PRJ-042", "--estimated-cost", "1000000", "--expected-benefits",
         "2000000", "--risk-rating", "low", "--alignment-score", "60"],
    ):  # fmt: skip
        result = gov("item", *args, "-m", "Begun", "--effective-date", day(-400))
        assert result.exit_code == 0, result.output
    proposal = checked(gov, "proposed")["position"]
    corrected = gov("decision", "correct", str(proposal), "--set", "category=Infrastructure",
                    "--authority", "PMO", "-m", "Typo", actor="Marcus Lee")  # fmt: skip
    assert corrected.exit_code == 0, corrected.output
    amend(gov, "category", "Corporate systems", actor="Sam Patel", on=-390)
    amend(gov, "category", "Infrastructure", actor="Sam Patel", on=-380)
    assert approve(gov, "GBP 500,000", "--delegation", "DEL-001", "--actor", "mlee",
                   on=1).exit_code == 0  # fmt: skip

    approval = checked(gov, "approved")

    assert (approval["verdict"], approval["findings"]) == ("valid", [])
