"""``audit authority`` finds a delegation widened by someone not on its board.

The ledger refuses such a correction now (tests/behaviour/test_delegation_widened.py);
one recorded before it did (the clerk raising DEL-001's limit, or annulling its
revocation) stood in the audit as *not required*, as any correction's row does. Its
row is now *invalid*, saying how the grant was widened and that its actor was no
member of the board that granted it, and the audit exits 1. Widened by a member, or
narrowed by anyone, it stays *not required*. The earlier records are made here as an
earlier version made them: with the refusal switched off for the one command.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from portfolio_ledger.domain import widening
from tests.behaviour.test_delegation_widened import correct, revoke
from tests.behaviour.test_governance import delegate, gov
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

WIDENED = (
    "it widened the authority Investment Committee (IC) delegated ({how}), and widening a "
    "delegation is its board's to decide, as granting it is; 'Sam Patel' was no member of "
    "IC on"
)


def as_before_the_rule(monkeypatch: pytest.MonkeyPatch, run: Any) -> Any:
    """Whatever ``run`` records, recorded as before the ledger refused a widening."""
    with monkeypatch.context() as patched:
        patched.setattr(widening, "not_the_boards", lambda *_: None)
        return run()


def put_right_row(gov: Cli, position: int) -> tuple[int, dict[str, Any]]:
    audit = gov("audit", "authority", "DEL-001", "--json")
    rows = json.loads(audit.stdout)
    rows = rows["checks"] if isinstance(rows, dict) else rows
    return audit.exit_code, next(r for r in rows if r["position"] == position)


def test_a_limit_raised_by_the_clerk_is_invalid_in_the_audit(
    gov: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    delegate(gov)
    grant = gov.events()
    done = as_before_the_rule(monkeypatch, lambda: correct(gov, grant, "limit=GBP 2,000,000"))
    assert done.exit_code == 0, done.output

    code, row = put_right_row(gov, gov.events())

    assert code == 1
    assert row["verdict"] == "invalid"
    assert WIDENED.format(how="limit GBP 1,000,000 -> GBP 2,000,000") in row["reason"]
    assert "(members then, the delegate aside: cdubois, hcarter)" in row["reason"]
    shown = gov("audit", "authority", "DEL-001")
    assert "invalid" in shown.stdout
    assert "widening a delegation is its board's to decide" in " ".join(shown.stdout.split())


def test_a_revocation_annulled_by_the_clerk_is_invalid_in_the_audit(
    gov: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    delegate(gov)
    revoked = revoke(gov)
    done = as_before_the_rule(monkeypatch, lambda: gov(
        "decision", "annul", str(revoked), "--authority", "PMO record-keeping procedure",
        "-m", "Minuted wrongly", actor="Sam Patel",
    ))  # fmt: skip
    assert done.exit_code == 0, done.output

    code, row = put_right_row(gov, gov.events())

    assert code == 1
    assert row["verdict"] == "invalid"
    said = "it widened the authority Investment Committee (IC) delegated (revoked from"
    assert said in row["reason"]


@pytest.mark.parametrize(
    ("change", "actor"),
    [("limit=GBP 2,000,000", "hcarter"), ("limit=GBP 500,000", "Sam Patel")],
    ids=["widened by a member", "narrowed by the clerk"],
)
def test_a_grant_put_right_as_the_rule_allows_is_not_required(
    gov: Cli, change: str, actor: str
) -> None:
    delegate(gov)
    grant = gov.events()
    assert correct(gov, grant, change, actor=actor).exit_code == 0

    code, row = put_right_row(gov, gov.events())

    assert code == 0
    assert row["verdict"] == "not required"
    assert "widen" not in row["reason"]


def test_a_widening_dated_back_by_a_member_since_stood_down_is_flagged(gov: Cli) -> None:
    """cdubois, stood down from IC, raised DEL-001's limit today, dated to a day she sat on
    IC: recorded (a member on the day it takes effect may), and the audit said nothing.
    Now it is flagged; the row stays *not required*, and the audit exits 0."""
    from datetime import UTC, datetime, timedelta

    delegate(gov)
    grant = gov.events()
    today = datetime.now(UTC).date()
    gone = (today - timedelta(days=5)).isoformat()
    left = gov("board", "stand-down", "IC", "cdubois", "--authority", "Executive Board",
               "-m", "Term ended", "--effective-date", gone)  # fmt: skip
    assert left.exit_code == 0, left.output
    sat = (today - timedelta(days=6)).isoformat()
    done = gov("decision", "correct", str(grant), "--set", "limit=GBP 2,000,000",
               "--authority", "IC minutes", "-m", "Minuted wrongly", "--effective-date", sat,
               actor="cdubois")  # fmt: skip
    assert done.exit_code == 0, done.output

    code, row = put_right_row(gov, gov.events())

    assert code == 0
    assert row["verdict"] == "not required"
    assert row["findings"] == [
        {
            "kind": "widening dated back",
            "reason": (
                "'cdubois' widened the authority IC delegated (limit GBP 1,000,000 -> GBP "
                f"2,000,000), dated {sat}, when a member of IC, but recorded it on "
                f"{today.isoformat()}, when no member of it: a widening dated back by one who "
                "had left the board; check it was decided when its date says, or IC delegates "
                "the wider authority at a meeting ('portfolio-ledger authority delegate')"
            ),
        }
    ]
    shown = " ".join(gov("audit", "authority", "DEL-001").stdout.split())
    assert "0 invalid, 1 flagged" in shown


def test_a_widening_by_a_member_still_on_the_board_is_not_flagged(gov: Cli) -> None:
    delegate(gov)
    done = correct(gov, gov.events(), "limit=GBP 2,000,000", actor="cdubois")
    assert done.exit_code == 0, done.output

    code, row = put_right_row(gov, gov.events())

    assert (code, row["verdict"], row["findings"]) == (0, "not required", [])


def test_a_widening_whose_actor_is_stood_down_later_says_so_said_governance_since(
    gov: Cli,
) -> None:
    """cdubois, on IC, raised DEL-001's limit today (recorded: a member may); then her
    stand-down was minuted, effective yesterday. As now recorded she was no member on
    the correction's day, so the audit finds it invalid, and says, as for any decision
    valid when recorded, that governance recorded after it says so, and from when
    (tests/behaviour/test_governance_oracle.py found the reason silent on it)."""
    from datetime import UTC, datetime, timedelta

    delegate(gov)
    done = correct(gov, gov.events(), "limit=GBP 2,000,000", actor="cdubois")
    assert done.exit_code == 0, done.output
    widened = gov.events()
    gone = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    left = gov("board", "stand-down", "IC", "cdubois", "--authority", "Executive Board",
               "-m", "Term ended", "--effective-date", gone)  # fmt: skip
    assert left.exit_code == 0, left.output
    trail = json.loads(gov("audit", "trail", "--json").stdout)
    recorded = next(r["recorded_at"] for r in trail if r["position"] == gov.events())
    stood_down_at = f"{recorded[:19]}Z"  # to the second, as the audit says it

    code, row = put_right_row(gov, widened)

    assert (code, row["verdict"]) == (1, "invalid")
    assert (
        WIDENED.replace("'Sam Patel'", "'cdubois'").format(
            how="limit GBP 1,000,000 -> GBP 2,000,000"
        )
        in row["reason"]
    )
    assert row["reason"].endswith(
        f"(so says governance recorded after the decision (from {stood_down_at}); as recorded "
        "when it was made, it was valid)"
    )
