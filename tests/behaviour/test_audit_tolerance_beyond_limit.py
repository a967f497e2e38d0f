"""``audit authority`` flags a cost tolerance that reaches past the limit of whoever set it.

A cost tolerance sets no amount of its own, so the ledger holds it to no limit
(docs/governance.md, *Tolerances*): a delegate who may authorise GBP 1,000,000
could set a tolerance of GBP 5,000,000 over a budget of GBP 900,000, and a
forecast of GBP 5,900,000 would then raise no exception to anyone. Before, the
audit called such a decision valid and said nothing more. Now it is a finding
beside its verdict (the verdict and the exit status as they were), and the
board pack flags it where it lists the decision; a tolerance whose ceiling is
within the limit, or set by a board with no limit, is not flagged.
"""

from __future__ import annotations

from typing import Any

from tests.behaviour.test_board_pack_audit_findings import pack
from tests.behaviour.test_governance import approve, audit, day, delegate, gov, propose
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

DELEGATE = ["--delegation", "DEL-001", "--actor", "mlee"]
MEETING = ["--board", "IC", "--present", "hcarter,mlee,cdubois", "--actor", "hcarter",
           "--vote", "hcarter=for,mlee=for,cdubois=for"]  # fmt: skip
EXB = ["--board", "EXB", "--present", "hcarter,pking", "--actor", "hcarter",
       "--vote", "hcarter=for,pking=for"]  # fmt: skip


def set_tolerance(run: Cli, cost: str, *authority: str, on: int = 2) -> None:
    result = run("item", "set-tolerance", "PRJ-042", "--cost", cost, *authority,
                 "-m", "Stage tolerances", "--effective-date", day(on), role="Chair")  # fmt: skip
    assert result.exit_code == 0, result.output


def tolerance_row(run: Cli) -> dict[str, Any]:
    (row,) = [c for c in audit(run, "PRJ-042") if c["event"] == "tolerance set"]
    return row


def test_a_delegate_s_tolerance_past_its_limit_is_flagged(gov: Cli) -> None:
    delegate(gov)
    propose(gov)
    assert approve(gov, "GBP 900,000", *DELEGATE).exit_code == 0
    set_tolerance(gov, "GBP 5,000,000", *DELEGATE)

    row = tolerance_row(gov)

    assert row["verdict"] == "valid"  # the verdict's meaning is kept
    assert row["findings"] == [
        {
            "kind": "tolerance beyond limit",
            "reason": (
                "its cost tolerance (GBP 5,000,000 over budget) lets the forecast cost of "
                "PRJ-042 reach GBP 5,900,000 (its budget then, GBP 900,000, and the tolerance) "
                "before an exception is raised, beyond the limit that applied (GBP 1,000,000): "
                "a forecast past that limit would reach no authority able to approve it; "
                "check the tolerance was meant, or have an authority whose limit covers "
                "GBP 5,900,000 set it"
            ),
        }
    ]
    shown = gov("audit", "authority", "PRJ-042")
    assert shown.exit_code == 0, shown.output  # a finding does not fail it
    said = " ".join(shown.output.split())
    assert "0 invalid, 1 flagged" in said
    assert "flagged (tolerance beyond limit): its cost tolerance (GBP 5,000,000" in said


def test_a_percentage_past_a_board_s_limit_is_flagged_by_its_budget_then(gov: Cli) -> None:
    propose(gov)
    assert approve(gov, "GBP 48,000,000", *MEETING).exit_code == 0
    set_tolerance(gov, "10%", *MEETING)

    (finding,) = tolerance_row(gov)["findings"]

    assert finding["reason"].startswith(
        "its cost tolerance (10% over budget) lets the forecast cost of PRJ-042 reach "
        "GBP 52,800,000 (its budget then, GBP 48,000,000, and the tolerance) before an "
        "exception is raised, beyond the limit that applied (GBP 50,000,000)"
    )


def test_a_tolerance_within_the_limit_or_set_with_no_limit_is_not_flagged(gov: Cli) -> None:
    propose(gov)
    assert approve(gov, "GBP 45,000,000", *MEETING).exit_code == 0
    set_tolerance(gov, "GBP 5,000,000", *MEETING)  # GBP 50,000,000: at the limit, within it
    assert tolerance_row(gov)["findings"] == []

    set_tolerance(gov, "50%", *EXB, on=3)  # the Executive Board has no limit

    rows = [c for c in audit(gov, "PRJ-042") if c["event"] == "tolerance set"]
    assert [row["findings"] for row in rows] == [[], []]


def test_the_board_pack_flags_it_where_it_lists_the_tolerance(gov: Cli) -> None:
    delegate(gov)
    propose(gov)
    assert approve(gov, "GBP 900,000", *DELEGATE).exit_code == 0
    set_tolerance(gov, "GBP 5,000,000", *DELEGATE)
    (found,) = tolerance_row(gov)["findings"]

    content = pack(gov, "--json")

    (listed,) = [d for d in content["decisions"] if d["event"] == "tolerance set"]
    assert listed["findings"] == [found]
    assert listed["flag"].endswith(
        f"flagged (tolerance beyond limit): {found['reason']} (audit authority PRJ-042)"
    )


def test_a_delegate_s_tolerance_is_held_to_its_board_s_lower_limit(gov: Cli) -> None:
    """The limit that applied to a delegate is its board's where that is lower, as for an
    approval: IC's limit lowered to GBP 500,000 bounds DEL-001's GBP 1,000,000. The tolerance
    was held to the delegation's own limit, and a ceiling of GBP 700,000 went unflagged."""
    delegate(gov)
    lowered = gov("board", "set-limit", "IC", "--limit", "GBP 500,000", "--authority",
                  "Executive Board", "-m", "Lowered", "--effective-date", day(0))  # fmt: skip
    assert lowered.exit_code == 0, lowered.output
    propose(gov)
    assert approve(gov, "GBP 400,000", *DELEGATE).exit_code == 0
    set_tolerance(gov, "GBP 300,000", *DELEGATE)

    row = tolerance_row(gov)

    assert row["limit"] == {"amount": "500000.00", "currency": "GBP"}
    ((_, said),) = (f.values() for f in row["findings"])
    assert "reach GBP 700,000 (its budget then, GBP 400,000, and the tolerance)" in said
    assert "beyond the limit that applied (GBP 500,000)" in said


def test_a_tolerance_of_nothing_over_a_budget_past_a_lowered_limit_is_not_flagged(
    gov: Cli,
) -> None:
    """IC approved GBP 48,000,000 within its GBP 50,000,000; its limit was then lowered to
    GBP 40,000,000. A 0% tolerance set by IC after lets no forecast past the budget go
    unexceptioned: it reaches no further than the approval did. 1% does, and is flagged."""
    propose(gov)
    assert approve(gov, "GBP 48,000,000", *MEETING).exit_code == 0
    lowered = gov("board", "set-limit", "IC", "--limit", "GBP 40,000,000", "--authority",
                  "Executive Board", "-m", "Lowered", "--effective-date", day(2))  # fmt: skip
    assert lowered.exit_code == 0, lowered.output
    set_tolerance(gov, "0%", *MEETING, on=3)
    assert tolerance_row(gov)["findings"] == []

    set_tolerance(gov, "1%", *MEETING, on=4)

    rows = [c for c in audit(gov, "PRJ-042") if c["event"] == "tolerance set"]
    assert [len(row["findings"]) for row in rows] == [0, 1]
    assert "reach GBP 48,480,000" in rows[1]["findings"][0]["reason"]


def test_a_limit_in_another_currency_is_said_to_be_so_not_passed(gov: Cli) -> None:
    """USD 110 is not 'beyond' GBP 50,000,000: the limit is in another currency, which
    the ledger does not convert, as an approval under it is refused for."""
    onboarded = gov("item", "onboard", "PRJ-042", "--title", "Payroll", "--category",
                    "Corporate systems", "--currency", "USD", "--budget", "USD 100",
                    "--authority", "Portfolio office baseline", "-m", "Onboarded",
                    "--effective-date", day(0))  # fmt: skip
    assert onboarded.exit_code == 0, onboarded.output
    set_tolerance(gov, "10%", *MEETING)

    (finding,) = tolerance_row(gov)["findings"]

    assert finding["kind"] == "tolerance beyond limit"
    assert finding["reason"] == (
        "its cost tolerance (10% over budget) lets the forecast cost of PRJ-042 reach "
        "USD 110 (its budget then, USD 100, and the tolerance) before an exception is raised, "
        "and the limit that applied (GBP 50,000,000) is in GBP, which the ledger does not "
        "convert: a forecast in USD would reach no authority able to approve it; check the "
        "tolerance was meant, or have an authority whose limit covers USD 110 set it"
    )


def test_the_audit_does_not_call_a_tolerance_past_the_limit_within_it(gov: Cli) -> None:
    """The table said 'within the limit of GBP 1,000,000; flagged (tolerance beyond limit):
    ... beyond the limit that applied (GBP 1,000,000)'."""
    delegate(gov)
    propose(gov)
    assert approve(gov, "GBP 900,000", *DELEGATE).exit_code == 0
    set_tolerance(gov, "GBP 100,000", *DELEGATE)  # GBP 1,000,000: within
    set_tolerance(gov, "GBP 100,000.01", *DELEGATE, on=3)

    shown = gov("audit", "authority", "PRJ-042")

    assert shown.exit_code == 0, shown.output
    lines = [" ".join(line.split()) for line in shown.output.splitlines()]
    within, beyond = [line for line in lines if "tolerances set" in line]
    assert within.endswith("valid within the limit of GBP 1,000,000")
    assert "within the limit" not in beyond
    assert "valid flagged (tolerance beyond limit): its cost tolerance (GBP 100,000.01" in beyond
