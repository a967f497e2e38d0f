"""A correction, annulment or late decision leaves every decision saying what it did.

On SQLite and PostgreSQL. A resumption's record names the stage the item
went back to (``resumed (in delivery)``); a decision put right before it that
left the item paused from another stage would have the item go back where its
record says it did not, and every view read from the record (the audit trail,
an export folded by docs/verification.md) disagree with `portfolio`. And a
corrected value is read as the decision's own command reads it: an
organisation from the ledger's list, an item merged into one in the
portfolio on the merger's day. A decision is put right on or after the day
it takes effect, and so is not moved past a correction of it; the refusal of
a making decision moved past another says how far it may move.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.domain import decided
from tests.behaviour.test_governance import day, gov, governance_ledger, propose
from tests.behaviour.test_record_keeping import PUT_RIGHT, approve, as_json
from tests.conftest import Cli
from tests.ledger_copies import copy_of

__all__ = ["gov"]  # the fixture, used by name

IC = ["--authority", "IC"]


def record(run: Cli, *args: str) -> int:
    """Record a decision; its ledger position."""
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return int(json.loads(result.output)["position"])


def paused_and_resumed_ledger(url: str) -> int:
    """:func:`paused_and_resumed`'s ledger, on ``gov``'s; the start of delivery's position."""
    governance_ledger(url)
    gov = Cli(url)
    propose(gov, "PRJ-042")
    approve(gov, "PRJ-042", "1000000", day(5))
    started = record(
        gov, "item", "start-delivery", "PRJ-042", *IC, "-m", "Mobilised", "--effective-date", day(8)
    )
    for command, on in (("pause", 20), ("resume", 30)):
        record(gov, "item", command, "PRJ-042", *IC, "-m", command, "--effective-date", day(on))
    return started


@pytest.fixture
def paused_and_resumed(run: Cli, request: pytest.FixtureRequest) -> tuple[Cli, int]:
    """PRJ-042 approved (day 5), in delivery (day 8), paused (day 20), resumed (day 30).

    On the ``gov`` ledger; built once per module and kind, copied (tests/ledger_copies.py).
    """
    started: int = copy_of(paused_and_resumed_ledger, run.url, request)
    return run, started


def summaries(run: Cli) -> list[Any]:
    return [row["summary"] for row in as_json(run, "audit", "trail", "--item", "PRJ-042")]


def test_annulling_the_start_of_delivery_under_a_resumption_to_delivery_is_refused(
    paused_and_resumed: tuple[Cli, int],
) -> None:
    # Before: recorded, and the item stood approved while its record said
    # "resumed (in delivery)": the trail and an export's fold said in delivery.
    run, started = paused_and_resumed
    events = run.events()

    refused = run("decision", "annul", str(started), *PUT_RIGHT, "-m", "Never mobilised")

    assert refused.exit_code == 1, refused.output
    assert "later decisions depend on it: 'resumed'" in refused.output
    assert "Annul those first" in refused.output
    assert run.events() == events
    assert as_json(run, "item", "show", "PRJ-042")["stage"] == "in delivery"
    assert "resumed (in delivery)" in summaries(run)


def test_delivery_minuted_late_before_a_pause_from_approval_is_refused_naming_the_resumption(
    gov: Cli,
) -> None:
    # Paused while approved and resumed to approved; a start of delivery typed in
    # late, before the pause, would have it resume into delivery instead.
    propose(gov, "PRJ-042")
    approve(gov, "PRJ-042", "1000000", day(5))
    for command, on in (("pause", 20), ("resume", 30)):
        record(gov, "item", command, "PRJ-042", *IC, "-m", command, "--effective-date", day(on))
    events = gov.events()

    refused = gov(
        "item", "start-delivery", "PRJ-042", *IC, "-m", "Minutes typed in late",
        "--effective-date", day(10),
    )  # fmt: skip

    assert refused.exit_code == 1, refused.output
    assert "would make a later decision invalid: 'resumed'" in refused.output
    assert "cannot resume PRJ-042 to approved: it was paused from in delivery" in refused.output
    assert gov.events() == events
    assert as_json(gov, "item", "show", "PRJ-042")["stage"] == "approved"
    assert "resumed (approved)" in summaries(gov)


def merged_ledger(url: str) -> dict[str, int]:
    """:func:`merged`'s ledger, on ``gov``'s; the positions of the proposals and the merger."""
    governance_ledger(url)
    gov = Cli(url)
    for key, name in (("DFE", "Department for Education"), ("HMT", "HM Treasury")):
        record(
            gov,
            "organisation",
            "add",
            key,
            "--name",
            name,
            "-m",
            "On the list",
            "--effective-date",
            day(-10),
        )
    positions = {}
    for key, on in (("A", 0), ("B", -5), ("C", 40)):
        positions[key] = record(
            gov, "item", "propose", key, "--kind", "project", "--title", f"Item {key}",
            "--owner", "Dana Okafor", "--sponsor", "CFO", "--category", "Corporate systems",
            "--organisation", "DFE", "-m", "Proposed", "--effective-date", day(on),
        )  # fmt: skip
    positions["left"] = record(
        gov, "item", "leave", "B", "--reason", "merged", "--merged-into", "A", *IC,
        "-m", "Merged", "--effective-date", day(20),
    )  # fmt: skip
    return positions


@pytest.fixture
def merged(run: Cli, request: pytest.FixtureRequest) -> tuple[Cli, dict[str, int]]:
    """Organisations DFE, HMT; A (day 0), B (day -5), C (day 40) of DFE; B merged in A (day 20).

    On the ``gov`` ledger; built once per module and kind, copied (tests/ledger_copies.py).
    """
    positions: dict[str, int] = copy_of(merged_ledger, run.url, request)
    return run, dict(positions)


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        (["merged_into=ZZZ"], "no item ZZZ in this ledger"),
        (["merged_into=C"], "C was not in the portfolio yet"),
        (["effective_date=" + day(-2)], "A was not in the portfolio yet"),
    ],
)
def test_a_merger_corrected_into_an_item_it_could_not_join_is_refused(
    merged: tuple[Cli, dict[str, int]], changes: list[str], said: str
) -> None:
    # Before: recorded, naming an item the ledger never held, or one proposed
    # after the merger, which 'item leave' refuses.
    run, positions = merged
    events = run.events()
    sets = [arg for change in changes for arg in ("--set", change)]

    refused = run("decision", "correct", str(positions["left"]), *sets, *PUT_RIGHT, "-m", "Fix")

    assert refused.exit_code == 1, refused.output
    assert f"corrected so, position {positions['left']} (left the portfolio) on B" in refused.output
    assert said in refused.output
    assert "Nothing was written" in refused.output
    assert run.events() == events
    assert as_json(run, "item", "show", "B")["merged_into"] == "A"


def test_a_merger_corrected_into_an_item_then_in_the_portfolio_is_recorded(
    merged: tuple[Cli, dict[str, int]],
) -> None:
    run, positions = merged
    record(
        run, "item", "propose", "D", "--kind", "project", "--title", "Item D", "--owner", "O",
        "--sponsor", "S", "--category", "Corporate systems", "-m", "P", "--effective-date", day(10),
    )  # fmt: skip

    done = run(
        "decision", "correct", str(positions["left"]), "--set", "merged_into=d",
        *PUT_RIGHT, "-m", "Merged into D, not A",
    )  # fmt: skip

    assert done.exit_code == 0, done.output
    assert as_json(run, "item", "show", "B")["merged_into"] == "D"


@pytest.mark.parametrize("made", ["A", "transfer"])
def test_an_organisation_corrected_to_one_not_on_the_list_is_refused(
    merged: tuple[Cli, dict[str, int]], made: str
) -> None:
    # Before: recorded, and `portfolio --by organisation` and `economics` listed
    # an organisation the ledger's list does not hold.
    run, positions = merged
    if made == "transfer":
        positions[made] = record(
            run, "item", "transfer", "A", "--to", "HMT", "-m", "Moved", "--effective-date", day(30)
        )
    events = run.events()

    refused = run(
        "decision", "correct", str(positions[made]), "--set", "organisation=Home Office",
        *PUT_RIGHT, "-m", "Fix",
    )  # fmt: skip

    assert refused.exit_code == 1, refused.output
    assert "'Home Office' is not an organisation on this ledger's list" in refused.output
    assert "organisation add KEY --name NAME" in refused.output
    assert run.events() == events


def test_an_organisation_corrected_by_its_name_is_kept_as_its_key(
    merged: tuple[Cli, dict[str, int]],
) -> None:
    # Before: kept as typed, 'hm treasury', a group of its own beside HMT.
    run, positions = merged
    record(run, "item", "transfer", "C", "--to", "HMT", "-m", "Moved", "--effective-date", day(45))

    done = run(
        "decision", "correct", str(positions["A"]), "--set", "organisation=hm treasury",
        *PUT_RIGHT, "-m", "A was the Treasury's",
    )  # fmt: skip

    assert done.exit_code == 0, done.output
    assert "organisation DFE -> HMT" in done.output
    groups = as_json(run, "economics", "--by", "organisation")
    names = {row["value"] for row in groups["totals"] if row["dimension"] == "organisation"}
    assert names == {"DFE", "HMT"}  # B, which left, is DFE's still
    assert as_json(run, "item", "show", "A")["organisation"] == "HMT"


def test_the_making_decision_moved_after_another_says_how_far_it_may_move(gov: Cli) -> None:
    # Before: the refusal told the user to correct the very decision being
    # corrected, in an import's words ("its line, if this import makes it").
    propose(gov, "PRJ-042")  # proposed and appraised on day 0
    proposal = as_json(gov, "item", "history", "PRJ-042")[0]["position"]
    events = gov.events()

    refused = gov(
        "decision", "correct", str(proposal), "--set", f"effective_date={day(3)}",
        *PUT_RIGHT, "-m", "Proposed on the 3rd",
    )  # fmt: skip

    assert refused.exit_code == 1, refused.output
    assert "would make another decision invalid: 'appraised' (version 2" in refused.output
    assert "would take effect before PRJ-042 existed" in refused.output
    assert f"Correct 'proposed' to {day(0)} or earlier" in refused.output
    assert "import" not in refused.output
    assert gov.events() == events


def test_a_decision_is_not_put_right_with_effect_before_it_took_effect(gov: Cli) -> None:
    # Before: recorded, and a board pack of the earlier period listed 'corrects #N' (or
    # 'annuls #N') of a decision its board had not yet taken.
    propose(gov, "PRJ-042")
    approval = approve(gov, "PRJ-042", "1000000", day(5))
    events = gov.events()

    early = [
        gov("decision", "correct", str(approval), "--set", "authorised_budget=900000",
            *PUT_RIGHT, "-m", "Typo", "--effective-date", day(3)),
        gov("decision", "annul", str(approval), *PUT_RIGHT, "-m", "Never taken",
            "--effective-date", day(3)),
        gov("decision", "correct", str(approval), "--set", f"effective_date={day(8)}",
            *PUT_RIGHT, "-m", "Met on the 8th", "--effective-date", day(6)),
    ]  # fmt: skip

    for refused, took_effect in zip(early, (day(5), day(5), day(8)), strict=True):
        assert refused.exit_code == 1, refused.output
        assert f"before position {approval} (approved) on PRJ-042 takes effect" in refused.output
        assert f"give --effective-date {took_effect} or later" in refused.output
    assert gov.events() == events
    on_the_day = gov(
        "decision", "correct", str(approval), "--set", f"effective_date={day(8)}",
        *PUT_RIGHT, "-m", "Met on the 8th", "--effective-date", day(8),
    )  # fmt: skip
    assert on_the_day.exit_code == 0, on_the_day.output
    earlier = gov(
        "decision", "correct", str(approval), "--set", f"effective_date={day(4)}",
        *PUT_RIGHT, "-m", "Met on the 4th after all", "--effective-date", day(6),
    )  # fmt: skip
    assert earlier.exit_code == 0, earlier.output  # judged by the day it moves it to


def test_an_import_line_put_right_too_early_is_told_its_field(gov: Cli, tmp_path: Path) -> None:
    # Before: the line was told to 'give --effective-date ...', an option of the command
    # line, where a line gives "effective_date".
    propose(gov, "PRJ-042")
    approval = approve(gov, "PRJ-042", "1000000", day(5))
    events = gov.events()
    line = {
        "command": "decision annul",
        "position": approval,
        "authority": "PMO record-keeping procedure",
        "actor": "Sam Patel",
        "role": "Portfolio Manager",
        "rationale": "Never taken",
        "effective_date": day(3),
    }
    path = tmp_path / "annul.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")

    result = gov("import", str(path))

    assert result.exit_code == 1, result.output
    assert f"line 1: this annulment would take effect on {day(3)}" in result.output
    assert f'give "effective_date" {day(5)} or later' in result.output
    assert "--effective-date" not in result.output
    assert gov.events() == events


def test_a_merger_corrected_to_another_reason_is_told_the_field_a_correction_sets(
    merged: tuple[Cli, dict[str, int]],
) -> None:
    """Before, the refusal named ``item leave``'s ``--merged-into KEY``, which a correction
    does not take (r1's report)."""
    run, positions = merged
    events = run.events()

    refused = run(
        "decision", "correct", str(positions["left"]), "--set", "reason=completed",
        *PUT_RIGHT, "-m", "Completed, not merged",
    )  # fmt: skip

    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, said
    assert "names the item it was merged into (--set merged_into=KEY)" in said
    assert "--merged-into" not in said
    assert run.events() == events


def correct(run: Cli, position: int, change: str, on: str, *args: str) -> Any:
    """``decision correct POSITION --set CHANGE``, decided on day ``on``."""
    return run(
        "decision", "correct", str(position), "--set", change, *PUT_RIGHT,
        "-m", "Put right", "--effective-date", on, *args,
    )  # fmt: skip


@pytest.mark.parametrize("first", ["authorised_budget=900000", f"effective_date={day(7)}"])
def test_a_decision_is_not_moved_past_a_correction_of_it(gov: Cli, first: str) -> None:
    # Before: recorded, leaving the correction of day 7 putting right a decision its
    # board took on day 9 (the rule above, broken from the decision's side).
    propose(gov, "PRJ-042")
    approval = approve(gov, "PRJ-042", "1000000", day(5))
    earlier = int(json.loads(correct(gov, approval, first, day(7), "--json").output)["position"])
    events = gov.events()

    refused = correct(gov, approval, f"effective_date={day(9)}", day(9))

    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, said
    assert (
        f"would move position {approval} (approved) on PRJ-042 to take effect on {day(9)}, "
        f"after its correction at position {earlier} takes effect ({day(7)})"
    ) in said
    assert "not moved past a correction of it" in said
    assert f"(--set effective_date={day(7)}: the day it moves to" in said
    assert f"annul it ('decision annul {approval}')" in said
    assert gov.events() == events
    to = day(7) if first.startswith("authorised") else day(6)  # on or before its day: taken
    done = correct(gov, approval, f"effective_date={to}", day(9))
    assert done.exit_code == 0, done.output


def test_a_decision_moved_later_with_no_correction_of_it_before_its_new_day_is_taken(
    gov: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    propose(gov, "PRJ-042")
    approval = approve(gov, "PRJ-042", "1000000", day(5))
    with monkeypatch.context() as earlier:  # dated before it, as a ledger before ab36d52 holds
        earlier.setattr(decided, "check_after_target", lambda *_: None)
        assert correct(gov, approval, "authorised_budget=900000", day(3)).exit_code == 0
    assert correct(gov, approval, "authorised_budget=800000", day(12)).exit_code == 0

    done = correct(gov, approval, f"effective_date={day(10)}", day(10))

    assert done.exit_code == 0, done.output  # the day-12 one is after; the day-3 one was before
    assert f"effective date {day(5)} -> {day(10)}" in done.output


def test_an_import_line_moving_a_decision_past_its_correction_is_told_its_fields(
    gov: Cli, tmp_path: Path
) -> None:
    """The correction of day 7 is an earlier line of the same import (not yet on the ledger)."""
    propose(gov, "PRJ-042")
    approval = approve(gov, "PRJ-042", "1000000", day(5))
    events = gov.events()
    lines = [
        {"command": "decision correct", "position": approval, "changes": changes,
         "authority": "PMO record-keeping procedure", "actor": "Sam Patel",
         "role": "Portfolio Manager", "rationale": "Put right", "effective_date": on}
        for changes, on in (({"authorised_budget": "900000"}, day(7)),
                            ({"effective_date": day(9)}, day(9)))
    ]  # fmt: skip
    path = tmp_path / "move.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")

    result = gov("import", str(path))

    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    assert f"line 2: this correction would move position {approval} (approved)" in said
    assert "its correction recorded as version 4 of PRJ-042 (its line, if this import" in said
    assert f'("changes": {{"effective_date": "{day(7)}"}}: the day it moves to' in said
    assert 'not this correction\'s own "effective_date")' in said
    assert "--set" not in said
    assert "--effective-date" not in said
    assert "line 1" not in said  # the budget's correction, on its own, is taken
    assert gov.events() == events


def test_the_making_decision_moved_past_a_correction_of_it_is_not_sent_to_annul_it(
    gov: Cli,
) -> None:
    propose(gov, "PRJ-042")  # proposed and appraised on day 0
    proposal = as_json(gov, "item", "history", "PRJ-042")[0]["position"]
    assert correct(gov, proposal, "title=Payroll (phase 1)", day(1)).exit_code == 0
    events = gov.events()

    refused = correct(gov, proposal, f"effective_date={day(2)}", day(2))

    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, said
    assert f"Correct its effective_date to {day(1)} or earlier" in said
    assert "the decision that made PRJ-042 is never annulled either" in said
    assert "decision annul" not in said
    assert gov.events() == events


def test_a_decision_is_not_annulled_before_a_correction_of_it_takes_effect(gov: Cli) -> None:
    # Before: recorded, the effective clock showing a correction (day 9) of a decision
    # annulled on day 7 (the rule above, from the annulment's side).
    propose(gov, "PRJ-042")
    approval = approve(gov, "PRJ-042", "1000000", day(5))
    assert correct(gov, approval, "authorised_budget=900000", day(9)).exit_code == 0
    events = gov.events()

    def annul(on: str) -> Any:
        return gov("decision", "annul", str(approval), *PUT_RIGHT, "-m", "Never taken",
                   "--effective-date", on)  # fmt: skip

    refused = annul(day(7))

    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, said
    assert (
        f"this annulment would take effect on {day(7)}, before a correction of position "
        f"{approval} (approved) on PRJ-042 takes effect ({day(9)})"
    ) in said
    assert f"give --effective-date {day(9)} or later" in said
    assert gov.events() == events
    assert annul(day(9)).exit_code == 0  # on the day of its correction: taken
