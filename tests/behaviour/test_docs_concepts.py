"""docs/concepts.md's *Items and keys*, *The lifecycle*, *Governance metadata*,
*Retrying safely* and *Errors and exit codes*, checked through the command line.

Written from the docs alone: each test quotes the claim it checks. The two clocks
are in test_docs_concepts_clocks.py, governance, tolerances and corrections in
test_docs_concepts_governance.py.
"""

from __future__ import annotations

import json

import pytest

from tests.behaviour.concepts_ledger import (
    appraise,
    approve,
    day,
    governance,
    ok,
    propose,
    refused,
    said,
    shown,
)
from tests.behaviour.test_docs_concepts_clocks import proposed  # noqa: F401 - a fixture
from tests.conftest import Cli


@pytest.fixture
def gov(run: Cli) -> Cli:
    """A ledger with the tour's people and boards."""
    governance(run)
    return run


# -- Items and keys ---------------------------------------------------------------


def test_a_key_is_case_insensitive_and_never_reused(run: Cli) -> None:
    """ "key ... case-insensitive" and "A key, once used, is never reused"."""
    propose(run, "PRJ-042")
    assert shown(run, "prj-042")["key"] == "PRJ-042"
    assert said(run, "PRJ-042", "reject", 2).exit_code == 0
    again = (
        "item",
        "propose",
        "prj-042",
        "--kind",
        "service",
        "--title",
        "Other",
        "--category",
        "C",
    )
    message = refused(run, 1, *again, "--owner", "O", "--sponsor", "S", "-m", "New one")
    assert "PRJ-042" in message
    assert "never reused" in message


@pytest.mark.parametrize("key", ["prj 42!", "P" * 65, "PRJ/1"])
def test_a_key_of_another_form_is_usage(run: Cli, key: str) -> None:
    """ "letters, digits, -, _, ., at most 64": anything else is exit 2, reading or recording."""
    refused(run, 2, "item", "propose", key, "--kind", "project", "--title", "T", "-m", "Why")
    propose(run, "PRJ-1")
    refused(run, 2, "item", "show", key)


def test_a_key_of_64_characters_with_every_allowed_sign(run: Cli) -> None:
    """The longest key, of letters, digits, ``-``, ``_`` and ``.``, is taken."""
    key = ("A1-_." * 13)[:64]
    propose(run, key)
    assert shown(run, key.lower())["key"] == key


def test_a_board_and_an_item_may_share_a_key(gov: Cli) -> None:
    """ "Each kind has its own namespace, so a board and an item may share a key"."""
    propose(gov, "IC")
    assert shown(gov, "IC")["title"] == "Item IC"
    board = json.loads(ok(gov, "board", "show", "IC", "--json").output)
    assert "Investment Committee" in json.dumps(board)


# -- The lifecycle ------------------------------------------------------------------


def view_and_stage(run: Cli, key: str) -> tuple[str, str]:
    item = shown(run, key)
    return item["view"], item["stage"]


def test_the_pictures_branches_stand_under_the_stages_they_leave() -> None:
    """Each '+' of the lifecycle's picture is under the '|' of the stage it leaves: the last
    '+' of the line to 'cancelled' stood one column left of in delivery's '|'."""
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "concepts.md").read_text(encoding="utf-8")
    picture = text.split("## The lifecycle", 1)[1].split("```\n", 2)[1].splitlines()
    _, bars, *branches = picture
    under = {i for i, c in enumerate(bars) if c == "|"}

    assert len(under) == 4
    assert len(branches) == 2
    for line in branches:
        assert {i for i, c in enumerate(line) if c == "+"} == under, line


def test_the_main_line_and_its_views(gov: Cli) -> None:
    """proposed -> appraised -> approved -> in delivery -> live -> retired, in their views."""
    propose(gov, "PRJ-1")
    assert view_and_stage(gov, "PRJ-1") == ("pipeline", "proposed")
    appraise(gov, "PRJ-1")
    assert view_and_stage(gov, "PRJ-1") == ("pipeline", "appraised")
    assert approve(gov, "PRJ-1").exit_code == 0
    assert view_and_stage(gov, "PRJ-1") == ("pipeline", "approved")
    assert said(gov, "PRJ-1", "start-delivery", 4).exit_code == 0
    assert view_and_stage(gov, "PRJ-1") == ("pipeline", "in delivery")
    assert said(gov, "PRJ-1", "go-live", 5).exit_code == 0
    assert view_and_stage(gov, "PRJ-1") == ("catalogue", "live")
    assert said(gov, "PRJ-1", "retire", 6).exit_code == 0
    assert view_and_stage(gov, "PRJ-1") == ("retired", "retired")
    listed = json.loads(ok(gov, "portfolio", "--stage", "retired", "--json").output)
    assert [item["key"] for item in listed] == ["PRJ-1"]


def test_deferred_comes_back_by_appraisal_or_straight_to_approval(gov: Cli) -> None:
    """ "A deferred item comes back through a new appraisal or straight to approval if it
    already has a business case"; deferred is in the pipeline."""
    propose(gov, "PRJ-1")
    appraise(gov, "PRJ-1")
    assert said(gov, "PRJ-1", "defer", 3).exit_code == 0
    assert view_and_stage(gov, "PRJ-1") == ("pipeline", "deferred")
    assert approve(gov, "PRJ-1", on=4).exit_code == 0
    propose(gov, "PRJ-2")
    assert said(gov, "PRJ-2", "defer", 3).exit_code == 0
    message = refused(gov, 1, "item", "approve", "PRJ-2", "--budget", "1", "--board", "IC",
                      "--present", "hcarter,mlee", "--vote", "hcarter=for,mlee=for",
                      "--actor", "hcarter", "-m", "No case")  # fmt: skip
    assert "PRJ-2" in message
    assert "deferred" in message
    appraise(gov, "PRJ-2", on=4)
    assert view_and_stage(gov, "PRJ-2") == ("pipeline", "appraised")


def test_paused_resumes_to_the_stage_it_left(gov: Cli) -> None:
    """ "paused resumes"; paused is in the pipeline."""
    propose(gov, "PRJ-1")
    appraise(gov, "PRJ-1")
    assert approve(gov, "PRJ-1").exit_code == 0
    assert said(gov, "PRJ-1", "start-delivery", 4).exit_code == 0
    assert said(gov, "PRJ-1", "pause", 5).exit_code == 0
    assert view_and_stage(gov, "PRJ-1") == ("pipeline", "paused")
    assert said(gov, "PRJ-1", "resume", 6).exit_code == 0
    assert view_and_stage(gov, "PRJ-1") == ("pipeline", "in delivery")


def test_an_item_onboarded_paused_resumes_to_in_delivery(run: Cli) -> None:
    """ "one onboarded paused, whose baseline says no stage before, resumes to in delivery":
    the page said only that a paused item resumes to the stage it was paused from."""
    ok(run, "item", "onboard", "PRJ-1", "--title", "Under way", "--category", "Infra",
       "--stage", "paused", "--authority", "PMO baseline", "-m", "Baseline",
       "--effective-date", day(1))  # fmt: skip
    assert said(run, "PRJ-1", "resume", 2).exit_code == 0
    assert view_and_stage(run, "PRJ-1") == ("pipeline", "in delivery")


def test_stopped_before_live_is_cancelled_after_approval_rejected_before(gov: Cli) -> None:
    """ "items stopped before going live are cancelled (after approval) or rejected (before)";
    both are in the closed view, and a live item is neither."""
    for key in ("PRJ-1", "PRJ-2", "PRJ-3"):
        propose(gov, key)
        appraise(gov, key)
    assert approve(gov, "PRJ-1").exit_code == 0
    message = refused(gov, 1, "item", "reject", "PRJ-1", "--authority", "IC", "-m", "Stop")
    assert "PRJ-1" in message
    assert "approved" in message
    assert said(gov, "PRJ-1", "cancel", 4).exit_code == 0
    assert view_and_stage(gov, "PRJ-1") == ("closed", "cancelled")
    refused(gov, 1, "item", "cancel", "PRJ-2", "--authority", "IC", "-m", "Stop")
    assert said(gov, "PRJ-2", "reject", 4).exit_code == 0
    assert view_and_stage(gov, "PRJ-2") == ("closed", "rejected")
    assert approve(gov, "PRJ-3").exit_code == 0
    assert said(gov, "PRJ-3", "go-live", 4).exit_code == 0
    refused(gov, 1, "item", "cancel", "PRJ-3", "--authority", "IC", "-m", "Stop")
    refused(gov, 1, "item", "reject", "PRJ-3", "--authority", "IC", "-m", "Stop")


def test_only_live_items_are_retired_and_the_refusal_names_item_stage_rule(gov: Cli) -> None:
    """ "only live items are retired ... Each refusal names the item, its stage and the rule"."""
    propose(gov, "PRJ-042")
    appraise(gov, "PRJ-042")
    assert approve(gov, "PRJ-042").exit_code == 0
    message = refused(gov, 1, "item", "retire", "PRJ-042", "--authority", "IC", "-m", "Done")
    assert "PRJ-042" in message
    assert "approved" in message
    assert "only live" in message


@pytest.mark.parametrize("kind", ["programme", "project", "service"])
def test_any_kind_of_item_can_go_live(gov: Cli, kind: str) -> None:
    """ "Any kind of item can go live": each kind enters the catalogue."""
    propose(gov, "ITM-1", 1, "--kind", kind)
    appraise(gov, "ITM-1")
    assert approve(gov, "ITM-1").exit_code == 0
    assert said(gov, "ITM-1", "go-live", 4).exit_code == 0
    item = shown(gov, "ITM-1")
    assert (item["kind"], item["view"]) == (kind, "catalogue")


def test_an_item_that_left_is_in_the_left_view(run: Cli) -> None:
    """ "left | left (an item that left the portfolio with a reason: item leave)"."""
    propose(run, "PRJ-1")
    assert said(run, "PRJ-1", "leave", 2, "--reason", "descoped").exit_code == 0
    item = shown(run, "PRJ-1")
    assert (item["view"], item["stage"], item["left_reason"]) == ("left", "left", "descoped")
    listed = json.loads(ok(run, "portfolio", "--stage", "left", "--json").output)
    assert [entry["key"] for entry in listed] == ["PRJ-1"]


def test_the_other_ways_in_and_out_of_the_lifecycle(gov: Cli) -> None:
    """The transitions docs/events.md allows that the lifecycle's picture drew: a proposal
    rejected or deferred before appraisal, a deferred item rejected, a paused item
    cancelled, an approved item going live without a delivery stage."""
    for key in ("PRJ-1", "PRJ-2", "PRJ-3", "PRJ-4"):
        propose(gov, key)
    assert said(gov, "PRJ-1", "reject", 2).exit_code == 0
    assert said(gov, "PRJ-2", "defer", 2).exit_code == 0
    assert said(gov, "PRJ-2", "reject", 3).exit_code == 0
    assert [shown(gov, key)["stage"] for key in ("PRJ-1", "PRJ-2")] == ["rejected"] * 2
    for key in ("PRJ-3", "PRJ-4"):
        appraise(gov, key)
        assert approve(gov, key).exit_code == 0
    assert said(gov, "PRJ-3", "pause", 4).exit_code == 0
    assert said(gov, "PRJ-3", "cancel", 5).exit_code == 0
    assert said(gov, "PRJ-4", "go-live", 4).exit_code == 0
    assert view_and_stage(gov, "PRJ-3") == ("closed", "cancelled")
    assert view_and_stage(gov, "PRJ-4") == ("catalogue", "live")


# -- Governance metadata ----------------------------------------------------------------

REPRIORITISE = ("item", "reprioritise", "PRJ-1", "--rank", "2", "--authority", "IC")


@pytest.mark.parametrize("rationale", ["", "   ", "-", ".", "\u200b", "\u2800 "])
def test_a_rationale_that_says_nothing_is_refused(
    proposed: Cli,  # noqa: F811 - the fixture
    rationale: str,
) -> None:
    """ "the rationale (required, never blank, and saying something ...) ... is refused, exit 2"."""
    message = refused(proposed, 2, *REPRIORITISE, "-m", rationale)
    if rationale.strip() and rationale not in "-.":
        assert f"U+{ord(rationale[0]):04X}" in message


def test_a_rationale_is_required(proposed: Cli) -> None:  # noqa: F811 - the fixture
    refused(proposed, 2, *REPRIORITISE)


def test_an_authorisation_names_its_authority_a_proposal_need_not(
    proposed: Cli,  # noqa: F811 - the fixture
) -> None:
    """ "authorisations ... also record the authority they were made under. Proposals ... may
    name one": ``--authority`` left out of one is exit 2."""
    message = refused(proposed, 2, "item", "reject", "PRJ-1", "-m", "No")
    assert "authority" in message
    history = json.loads(ok(proposed, "audit", "trail", "--item", "PRJ-1", "--json").output)
    assert history[0]["authority"] is None
    assert history[0]["rationale"] == "Contract ends"
    assert (history[0]["actor"], history[0]["role"]) == ("Sam Patel", "PMO")


def test_a_proposal_may_name_an_authority_a_gate_review_or_onboarding_must(run: Cli) -> None:
    """ "Proposals, appraisals, status reports and escalations may name one"; a stage-gate
    review and an onboarding are authorisations, which must."""
    propose(run, "PRJ-1", 1, "--authority", "Strategy board")
    trail = json.loads(ok(run, "audit", "trail", "--item", "PRJ-1", "--json").output)
    assert trail[0]["authority"] == "Strategy board"
    gate = ("item", "review-gate", "PRJ-1", "--gate", "G1", "--outcome", "go", "-m", "Go")
    assert "authority" in refused(run, 2, *gate)
    onboard = ("item", "onboard", "PRJ-2", "--kind", "service", "--title", "T", "--stage",
               "live", "--category", "C", "-m", "From the register")  # fmt: skip
    assert "authority" in refused(run, 2, *onboard)


# -- Retrying safely --------------------------------------------------------------------


def test_a_request_sent_again_is_recorded_once(run: Cli) -> None:
    """ "sent again, nothing new is written and the first result is shown ... even if the
    decision would now be refused (rejecting an item already rejected)"."""
    propose(run, "PRJ-1")
    reject = ("item", "reject", "PRJ-1", "--authority", "IC", "-m", "No", "--request-id", "T-1")
    first = ok(run, *reject)
    before = run.events()
    again = ok(run, *reject)
    assert "Already recorded (request T-1)" in again.output
    assert run.events() == before
    assert first.output.strip().splitlines()[-1] in again.output


def test_a_request_id_reused_for_another_decision_is_refused(run: Cli) -> None:
    propose(run, "PRJ-1")
    ok(run, *REPRIORITISE, "-m", "Up", "--request-id", "T-1")
    refused(run, 1, "item", "reprioritise", "PRJ-1", "--rank", "5", "--authority", "IC",
            "-m", "Up", "--request-id", "T-1")  # fmt: skip
    refused(run, 2, *REPRIORITISE, "-m", "Up", "--request-id", "réf-1")


def test_a_meetings_members_and_votes_may_come_in_any_order_on_a_retry(gov: Cli) -> None:
    propose(gov, "PRJ-1")
    appraise(gov, "PRJ-1")
    how = ("item", "approve", "PRJ-1", "--budget", "1", "--actor", "hcarter", "--board", "IC",
           "-m", "Case", "--request-id", "IC-7")  # fmt: skip
    ok(gov, *how, "--present", "hcarter,mlee", "--vote", "hcarter=for,mlee=for")
    before = gov.events()
    again = ok(gov, *how, "--present", "mlee,hcarter", "--vote", "mlee=for,hcarter=for")
    assert "Already recorded" in again.output
    assert gov.events() == before


# -- Errors and exit codes --------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "args"),
    [
        (1, ("item", "show", "PRJ-9")),
        (1, ("item", "reprioritise", "PRJ-9", "--rank", "1", "--authority", "IC", "-m", "Up")),
        (2, ("portfolio", "--stage", "nosuch")),
        (2, ("audit", "prove", "0")),
        (2, ("decision", "correct", "0", "--set", "rank=1", "--authority", "A", "-m", "Fix")),
        (2, ("item", "reprioritise", "PRJ-1", "--rank", "0", "--authority", "IC", "-m", "Up")),
        (
            2,
            (
                "item",
                "appraise",
                "PRJ-1",
                "--estimated-cost",
                "-5",
                "--expected-benefits",
                "1",
                "--risk-rating",
                "low",
                "--alignment-score",
                "5",
                "-m",
                "Case",
            ),
        ),
        (2, ("item", "propose", "PRJ-2", "--kind", "widget", "--title", "T", "-m", "Why")),
    ],
)
def test_typed_wrong_is_2_refused_by_the_record_is_1(
    run: Cli, status: int, args: tuple[str, ...]
) -> None:
    """ "2 is for what is wrong in what was typed ... 1 is for what the ledger's record
    refuses (a key nothing was recorded under ...)"; nothing is written either way."""
    propose(run, "PRJ-1")
    message = refused(run, status, *args)
    assert message.strip()
