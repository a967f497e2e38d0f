"""Late decisions, corrections and annulments, as a user meets them, on SQLite and PostgreSQL.

Each scenario checks what the portfolio says on both clocks afterwards, what
the history and the trail show, and, for every refusal, the message, the
exit code and that nothing was written.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.behaviour.test_governance import (
    IC_MEETING,
    audit,
    day,
    gov,
    governance_ledger,
    propose,
)
from tests.conftest import Cli
from tests.ledger_copies import copy_of

__all__ = ["gov"]  # the fixture, used by name

PUT_RIGHT = ["--authority", "PMO record-keeping procedure"]


def as_json(run: Cli, *args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def approve(run: Cli, key: str, budget: str, effective: str) -> int:
    result = run(
        "item", "approve", key, "--budget", budget, *IC_MEETING,
        "-m", "Approved", "--effective-date", effective, "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return int(json.loads(result.output)["position"])


def budget(run: Cli, key: str, *moment: str) -> Decimal:
    """The authorised budget shown now, or at a moment."""
    value = as_json(run, "item", "show", key, *moment)["authorised_budget"]
    return Decimal(value["amount"] if isinstance(value, dict) else value)


def approved_ledger(url: str) -> int:
    """The ``gov`` ledger with PRJ-042 approved (see :func:`approved`); its position."""
    governance_ledger(url)
    run = Cli(url)
    propose(run, "PRJ-042")
    return approve(run, "PRJ-042", "12000000", day(5))


@pytest.fixture
def approved(run: Cli, request: pytest.FixtureRequest) -> tuple[Cli, int]:
    """PRJ-042 proposed and appraised (DAY0), approved at GBP 12,000,000 (DAY0 + 5).

    On the ``gov`` ledger; built once per module and kind, copied (tests/ledger_copies.py).
    """
    position: int = copy_of(approved_ledger, run.url, request)
    return run, position


def test_a_correction_changes_the_figure_on_both_clocks_and_keeps_the_original(
    approved: tuple[Cli, int],
) -> None:
    run, position = approved
    before = datetime.now(UTC).isoformat()

    corrected = run(
        "decision", "correct", str(position), "--set", "authorised_budget=1200000",
        *PUT_RIGHT, "-m", "Minutes say GBP 1.2m; GBP 12m was a typing error",
    )  # fmt: skip

    assert corrected.exit_code == 0, corrected.output
    assert f"corrects position {position}" in corrected.output
    assert budget(run, "PRJ-042") == Decimal(1_200_000)
    assert budget(run, "PRJ-042", "--effective-on", day(5)) == Decimal(1_200_000)
    # What the ledger said before the correction was recorded is still there to see.
    assert budget(run, "PRJ-042", "--as-of", before) == Decimal(12_000_000)
    history = as_json(run, "item", "history", "PRJ-042")
    original = next(e for e in history if e["position"] == position)
    correction = history[-1]
    assert original["summary"].startswith("approved with budget GBP 12,000,000")
    assert original["corrected_by"] == [correction["position"]]
    assert correction["corrects"] == position
    trail = as_json(run, "audit", "trail", "--item", "PRJ-042")
    assert trail[-1]["corrects"] == position
    assert trail[-1]["subject_kind"] == "item"
    assert "authorised budget GBP 12,000,000 -> GBP 1,200,000" in trail[-1]["summary"]
    assert run("audit", "verify").exit_code == 0


def test_a_correction_beyond_the_authority_that_approved_is_refused(
    approved: tuple[Cli, int],
) -> None:
    run, position = approved
    events = run.events()

    refused = run(
        "decision", "correct", str(position), "--set", "authorised_budget=60000000",
        *PUT_RIGHT, "-m", "Wrong",
    )  # fmt: skip

    assert refused.exit_code == 1
    assert "limit" in refused.output
    assert run.events() == events


def test_a_correction_of_a_field_the_decision_lacks_names_the_fields_it_has(
    approved: tuple[Cli, int],
) -> None:
    run, position = approved
    events = run.events()

    refused = run(
        "decision", "correct", str(position), "--set", "actor=Someone Else",
        *PUT_RIGHT, "-m", "Wrong person",
    )  # fmt: skip
    unknown = run(
        "decision", "correct", "99999", "--set", "rationale=x", *PUT_RIGHT, "-m", "Why",
    )  # fmt: skip
    no_authority = run(
        "decision", "correct", str(position), "--set", "rationale=Better", "-m", "Why",
    )  # fmt: skip

    assert refused.exit_code == 1
    assert "may change" in refused.output
    assert "authorised_budget" in refused.output
    assert "annulling the decision and recording it again" in refused.output
    assert unknown.exit_code == 1
    assert "no decision at position 99,999" in unknown.output
    assert no_authority.exit_code == 2
    assert "--authority" in no_authority.output
    assert run.events() == events


def test_an_annulment_is_refused_while_later_decisions_depend_on_it(
    approved: tuple[Cli, int],
) -> None:
    run, position = approved
    started = run(
        "item", "start-delivery", "PRJ-042", "--authority", "Delivery Board",
        "-m", "Mobilised", "--effective-date", day(8),
    )  # fmt: skip
    assert started.exit_code == 0, started.output
    events = run.events()

    refused = run("decision", "annul", str(position), *PUT_RIGHT, "-m", "Never approved")

    assert refused.exit_code == 1
    assert "later decisions depend on it" in refused.output
    assert "'delivery started'" in refused.output
    assert run.events() == events
    # Annulled latest first, both go; the item is as it was before approval.
    start_position = as_json(run, "item", "history", "PRJ-042")[-1]["position"]
    for target in (start_position, position):
        done = run("decision", "annul", str(target), *PUT_RIGHT, "-m", "Recorded in error")
        assert done.exit_code == 0, done.output
    assert as_json(run, "item", "show", "PRJ-042")["stage"] == "appraised"
    again = run("decision", "annul", str(position), *PUT_RIGHT, "-m", "Twice")
    assert again.exit_code == 1
    assert "annulled already" in again.output


def test_an_annulled_decision_corrected_or_annulled_again_is_told_what_to_do(
    approved: tuple[Cli, int],
) -> None:
    # It named the rule alone ("neither corrected nor annulled again"), not the way forward.
    run, position = approved
    annulled = run("decision", "annul", str(position), *PUT_RIGHT, "-m", "Recorded in error")
    assert annulled.exit_code == 0, annulled.output
    annulment = as_json(run, "item", "history", "PRJ-042")[-1]["version"]
    events = run.events()

    corrected = run("decision", "correct", str(position), "--set", "authorised_budget=1200000",
                    *PUT_RIGHT, "-m", "Minutes say 1.2m")  # fmt: skip
    again = run("decision", "annul", str(position), *PUT_RIGHT, "-m", "Twice")

    for refused in (corrected, again):
        assert refused.exit_code == 1, refused.output
        assert (
            f"position {position} (approved) on PRJ-042 was annulled already (by version "
            f"{annulment} of PRJ-042); an annulled decision is neither corrected nor annulled "
            "again: it counts for nothing. To record what was meant, record the decision again, "
            "as a new one"
        ) in " ".join(refused.output.split())
    assert run.events() == events


def test_the_decision_that_made_an_item_is_never_annulled(approved: tuple[Cli, int]) -> None:
    run, _ = approved
    first = as_json(run, "item", "history", "PRJ-042")[0]["position"]
    events = run.events()

    refused = run("decision", "annul", str(first), *PUT_RIGHT, "-m", "Wrong item")

    assert refused.exit_code == 1
    assert "cannot be annulled" in refused.output
    assert "left the portfolio" in refused.output
    assert run.events() == events


def test_a_late_decision_takes_effect_where_it_belongs(approved: tuple[Cli, int]) -> None:
    run, _ = approved
    for effective, rank in ((day(20), "3"), (day(10), "7")):  # the second is minuted late
        done = run(
            "item", "reprioritise", "PRJ-042", "--rank", rank, "--authority", "PDG",
            "-m", "Review", "--effective-date", effective,
        )  # fmt: skip
        assert done.exit_code == 0, done.output

    assert as_json(run, "item", "show", "PRJ-042")["rank"] == 3
    assert as_json(run, "item", "show", "PRJ-042", "--effective-on", day(15))["rank"] == 7
    assert as_json(run, "item", "show", "PRJ-042", "--effective-on", day(25))["rank"] == 3


def test_a_late_decision_that_would_break_a_later_one_is_refused_naming_it(
    approved: tuple[Cli, int],
) -> None:
    run, _ = approved
    started = run(
        "item", "start-delivery", "PRJ-042", "--authority", "Delivery Board",
        "-m", "Mobilised", "--effective-date", day(10),
    )  # fmt: skip
    assert started.exit_code == 0, started.output
    events = run.events()

    # Cancelled on day 7, minuted late: then delivery could not have started on day 10.
    refused = run(
        "item", "cancel", "PRJ-042", "--authority", "IC", "-m", "Stopped",
        "--effective-date", day(7),
    )  # fmt: skip
    before_it_existed = run(
        "item", "reprioritise", "PRJ-042", "--rank", "2", "--authority", "PDG", "-m", "Early",
        "--effective-date", day(-40),
    )  # fmt: skip

    assert refused.exit_code == 1
    assert "would make a later decision invalid" in refused.output
    assert "'delivery started'" in refused.output
    assert before_it_existed.exit_code == 1
    assert "PRJ-042 did not exist on" in before_it_existed.output
    assert run.events() == events


def test_a_correction_of_a_date_moves_the_decision_in_effective_order(
    approved: tuple[Cli, int],
) -> None:
    run, position = approved

    moved = run(
        "decision", "correct", str(position), "--set", f"effective_date={day(3)}",
        *PUT_RIGHT, "-m", "The meeting was on the 3rd",
    )  # fmt: skip

    assert moved.exit_code == 0, moved.output
    assert as_json(run, "item", "show", "PRJ-042", "--effective-on", day(3))["stage"] == "approved"
    assert as_json(run, "item", "show", "PRJ-042", "--effective-on", day(2))["stage"] == "appraised"


def test_a_decision_moved_later_past_one_that_needed_it_is_refused(
    approved: tuple[Cli, int],
) -> None:
    # Found by the property test: moving a decision later left the decisions
    # between its old and new dates unchecked, and the item's state on those
    # days was folded without it.
    run, approval = approved
    started = run(
        "item", "start-delivery", "PRJ-042", "--authority", "Delivery Board",
        "-m", "Mobilised", "--effective-date", day(10),
    )  # fmt: skip
    assert started.exit_code == 0, started.output
    proposal = as_json(run, "item", "history", "PRJ-042")[0]["position"]
    events = run.events()

    approval_later = run(
        "decision", "correct", str(approval), "--set", f"effective_date={day(12)}",
        *PUT_RIGHT, "-m", "Minuted on the 12th",
    )  # fmt: skip
    proposal_later = run(
        "decision", "correct", str(proposal), "--set", f"effective_date={day(6)}",
        *PUT_RIGHT, "-m", "Proposed on the 6th",
    )  # fmt: skip

    assert approval_later.exit_code == 1, approval_later.output
    assert "would make another decision invalid: 'delivery started'" in approval_later.output
    assert proposal_later.exit_code == 1, proposal_later.output
    assert "would make another decision invalid" in proposal_later.output
    assert "before PRJ-042 existed" in proposal_later.output
    assert run.events() == events
    assert as_json(run, "item", "show", "PRJ-042", "--effective-on", day(10))["stage"] == (
        "in delivery"
    )


def test_audit_authority_judges_a_decision_as_corrected(approved: tuple[Cli, int]) -> None:
    run, position = approved
    run(
        "decision", "correct", str(position), "--set", "authorised_budget=1200000",
        *PUT_RIGHT, "-m", "Typing error",
    )  # fmt: skip

    checks = audit(run, "PRJ-042")

    approval = next(c for c in checks if c["position"] == position)
    assert approval["verdict"] == "valid"
    assert "1,200,000" in approval["summary"]
    assert checks[-1]["event"] == "corrected"
    assert checks[-1]["verdict"] == "not required"


def test_an_import_records_late_decisions_and_corrections_as_single_commands_do(
    approved: tuple[Cli, int], tmp_path: Path
) -> None:
    run, position = approved
    lines = [
        {"command": "item reprioritise", "key": "PRJ-042", "rank": 3, "authority": "PDG",
         "rationale": "Review", "effective_date": day(20)},
        {"command": "item reprioritise", "key": "PRJ-042", "rank": 7, "authority": "PDG",
         "rationale": "Minuted late", "effective_date": day(10)},
        {"command": "decision correct", "position": position,
         "changes": {"authorised_budget": "1200000"}, "authority": "PMO procedure",
         "rationale": "Typing error"},
        {"command": "item reprioritise", "key": "PRJ-042", "rank": 2, "authority": "PDG",
         "rationale": "Later still", "effective_date": day(30)},
    ]  # fmt: skip
    file = tmp_path / "decisions.jsonl"
    file.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")

    imported = run("import", str(file))

    assert imported.exit_code == 0, imported.output
    assert budget(run, "PRJ-042") == Decimal(1_200_000)
    assert as_json(run, "item", "show", "PRJ-042", "--effective-on", day(15))["rank"] == 7
    assert as_json(run, "item", "show", "PRJ-042")["rank"] == 2
    assert as_json(run, "item", "history", "PRJ-042")[-2]["corrects"] == position
    assert run("audit", "verify").exit_code == 0


def test_a_correction_or_annulment_sent_again_shows_the_first_result(
    approved: tuple[Cli, int],
) -> None:
    """A retry names the subject the first reply named (PRJ-042), not 'PORTFOLIO'."""
    run, position = approved
    sends = [
        ("decision", "correct", str(position), "--set", "rationale=Strong case", *PUT_RIGHT,
         "-m", "Minutes say so", "--request-id", "fix-1", "--json"),
        ("decision", "annul", str(position), *PUT_RIGHT,
         "-m", "Recorded in error", "--request-id", "annul-1", "--json"),
    ]  # fmt: skip
    for args in sends:
        first = run(*args)
        events = run.events()
        again = run(*args)
        shown = run(*args[:-1])

        assert first.exit_code == again.exit_code == shown.exit_code == 0, again.output
        before, after = json.loads(first.output), json.loads(again.output)
        assert after["repeated"] is True
        assert {k: v for k, v in after.items() if k not in {"repeated", "warnings"}} == {
            k: v for k, v in before.items() if k not in {"repeated", "warnings"}
        }
        assert "Already recorded (request " in shown.output
        assert f"): PRJ-042: {before['summary']}" in shown.output
        assert f"of PRJ-042, ledger position {before['position']}," in shown.output
        assert run.events() == events


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        ("effective_date=31/03/2026", "effective_date '31/03/2026' is not valid"),
        ("effective_date=2999-01-01", "effective_date 2999-01-01 is in the future"),
        ("authorised_budget=-5", "authorised_budget '-5' is not valid"),
        ("authorised_budget=lots", "authorised_budget 'lots' is not valid"),
    ],
)
def test_a_malformed_or_future_corrected_value_is_bad_usage(
    approved: tuple[Cli, int], setting: str, said: str
) -> None:
    """As a malformed date, a future effective date or bad money is on any decision: exit 2."""
    run, position = approved
    events = run.events()

    refused = run("decision", "correct", str(position), "--set", setting, *PUT_RIGHT, "-m", "Fix")

    assert refused.exit_code == 2, refused.output
    assert said in refused.output
    assert run.events() == events


def test_a_field_the_making_decision_cannot_correct_is_not_sent_to_an_annulment(
    approved: tuple[Cli, int],
) -> None:
    """The proposal is never annulled, so its refusal must not say 'annul and record again'."""
    run, _ = approved
    first = as_json(run, "item", "history", "PRJ-042")[0]["position"]
    events = run.events()

    refused = run(
        "decision", "correct", str(first), "--set", "kind=programme", *PUT_RIGHT, "-m", "x"
    )

    assert refused.exit_code == 1
    assert "; not kind." in refused.output
    assert "annulling the decision" not in refused.output
    assert "never annulled" in refused.output
    assert "under a new key" in refused.output
    assert run.events() == events


def test_a_field_of_its_own_a_correction_cannot_change_is_named_not_said_as_who_decided(
    approved: tuple[Cli, int],
) -> None:
    # Refusing 'previous_rank' (or a tabled pack's 'as_at') it said "Who decided, in what
    # role and under what authority are put right by annulling", naming none of those.
    run, _ = approved
    ranked = run("item", "reprioritise", "PRJ-042", "--rank", "3", "--authority", "PDG", "-m", "r")
    assert ranked.exit_code == 0, ranked.output
    position = as_json(run, "item", "history", "PRJ-042")[-1]["position"]
    events = run.events()

    refused = run(
        "decision", "correct", str(position), "--set", "previous_rank=2", *PUT_RIGHT, "-m", "x"
    )
    said = " ".join(refused.output.split())

    assert refused.exit_code == 1
    assert "; not previous_rank. What it says of previous_rank is put right by annulling" in said
    assert "Who decided, in what role" not in said
    assert run.events() == events


def test_a_field_the_decision_does_not_have_is_not_sent_to_an_annulment(
    approved: tuple[Cli, int],
) -> None:
    # A misspelt field ('budgt') or one the approval never says ('title') was told "What
    # it says of budgt is put right by annulling the decision": an annulment for a typo.
    run, position = approved
    events = run.events()

    refused = run(
        "decision", "correct", str(position), "--set", "budgt=2", "--set", "title=T",
        *PUT_RIGHT, "-m", "x",
    )  # fmt: skip
    said = " ".join(refused.output.split())

    assert refused.exit_code == 2  # a --set naming no field of the decision: bad usage
    assert "; not budgt, title. 'approved' says nothing of budgt, title: check the field's" in said
    assert "annul" not in said
    assert run.events() == events


def test_a_correction_or_annulment_is_never_itself_put_right_and_the_refusal_says_why(
    approved: tuple[Cli, int],
) -> None:
    """Named by the position the user gave, with what it put right and how to fix that."""
    run, position = approved
    fixed = run(
        "decision", "correct", str(position), "--set", "rationale=Strong case", *PUT_RIGHT,
        "-m", "Minutes", "--json",
    )  # fmt: skip
    correction = json.loads(fixed.output)["position"]
    events = run.events()

    again = run(
        "decision", "correct", str(correction), "--set", "rationale=y", *PUT_RIGHT, "-m", "x"
    )
    annul = run("decision", "annul", str(correction), *PUT_RIGHT, "-m", "x")

    for refused in (again, annul):
        assert refused.exit_code == 1
        assert f"position {correction} on PRJ-042 is not a decision of its own" in refused.output
        assert f"a correction of position {position} (approved)" in refused.output
        assert "correct it again" in refused.output
    assert run.events() == events


def test_a_board_limit_corrected_below_a_budget_it_approved_is_recorded_and_audited(
    approved: tuple[Cli, int],
) -> None:
    """As events.md says: decisions on other subjects are not checked again, but audited."""
    run, _ = approved
    trail = as_json(run, "audit", "trail")
    made = next(r["position"] for r in trail if r["subject"] == "IC" and r["version"] == 1)

    lowered = run(
        "decision", "correct", str(made), "--set", "limit=GBP 1,000,000", *PUT_RIGHT, "-m", "x"
    )

    assert lowered.exit_code == 0, lowered.output
    checks = audit(run, "PRJ-042")
    approval = next(r for r in checks if r["event"] == "approved")
    assert approval["verdict"] == "invalid"
    assert "so says governance recorded after the decision" in approval["reason"]


def test_a_correction_or_annulment_does_not_take_effect_before_its_subject_existed(
    approved: tuple[Cli, int],
) -> None:
    """'No decision takes effect before the one that made its subject': these are decisions too."""
    run, position = approved
    events = run.events()
    before = (date.fromisoformat(day(0)) - timedelta(days=1)).isoformat()

    corrected = run(
        "decision", "correct", str(position), "--set", "rationale=Strong case", *PUT_RIGHT,
        "-m", "x", "--effective-date", before,
    )  # fmt: skip
    annulled = run(
        "decision", "annul", str(position), *PUT_RIGHT, "-m", "x", "--effective-date", before
    )

    for refused in (corrected, annulled):
        assert refused.exit_code == 1, refused.output
        assert f"would take effect on {before}, before PRJ-042 existed" in refused.output
        assert f"give --effective-date {day(0)} or later" in refused.output
    assert run.events() == events
